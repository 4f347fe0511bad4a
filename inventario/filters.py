"""Búsqueda y filtros de la lista de equipos (compartidos por la página y, más adelante, la API)."""
import ipaddress

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from comun.filtros import FilterSetPorPeticion
from comun.models import Dependencia, Empleado
from comun.normalizacion import clave_nombre, normalizar_mac

from .choices import Condicion, Estado
from .models import Equipo, InterfazRed, TipoEquipo

ORDENES = {
    "inventario": ("numero_inventario",),
    "tipo": ("tipo__nombre", "numero_inventario"),
    "dependencia": ("dependencia__nombre", "numero_inventario"),
    "resguardante": ("resguardante__apellidos", "resguardante__nombre", "numero_inventario"),
    "adquisicion": ("fecha_adquisicion", "numero_inventario"),
    "estado": ("estado", "numero_inventario"),
    "condicion": ("condicion", "numero_inventario"),
    "hostname": ("hostname", "numero_inventario"),
}

EDADES = [
    ("0-3", "Menos de 3 años"),
    ("3-5", "De 3 a 5 años"),
    ("5+", "Más de 5 años"),
    ("sin", "Sin fecha de adquisición"),
]


def _hace_anios(anios, hoy):
    try:
        return hoy.replace(year=hoy.year - anios)
    except ValueError:  # 29 de febrero
        return hoy.replace(year=hoy.year - anios, day=28)


def buscar(queryset, texto):
    """Una caja para todo: número de inventario, serie, hostname, IP, resguardante, modelo o MAC."""
    texto = (texto or "").strip()
    if not texto:
        return queryset
    mac = normalizar_mac(texto)
    if mac:
        return queryset.filter(pk__in=InterfazRed.objects.filter(mac=mac).values("equipo_id"))
    try:
        ip = ipaddress.ip_address(texto)
    except ValueError:
        ip = None
    if ip:
        return queryset.filter(pk__in=InterfazRed.objects.filter(ip=str(ip)).values("equipo_id"))
    for termino in texto.split()[:6]:
        clave = clave_nombre(termino)
        condicion = (
            Q(numero_inventario__icontains=termino)
            | Q(numero_serie__icontains=termino)
            | Q(hostname__icontains=termino)
            | Q(modelo__nombre__icontains=termino)
            | Q(modelo__marca__nombre__icontains=termino)
        )
        if clave:
            condicion |= Q(resguardante__in=Empleado.objects.filter(clave__contains=clave).values("pk"))
        if any(c in termino for c in ".:") or termino.isdigit():
            condicion |= Q(pk__in=InterfazRed.objects.filter(ip__startswith=termino).values("equipo_id"))
        queryset = queryset.filter(condicion)
    return queryset


class EquipoFilter(FilterSetPorPeticion):
    q = django_filters.CharFilter(
        label="Buscar", method="filtrar_texto",
        widget=forms.TextInput(attrs={
            "placeholder": "Inventario, serie, hostname, IP, MAC, resguardante o modelo",
            "type": "search", "autocomplete": "off",
        }),
    )
    # Tipo y dependencia como ChoiceFilter con opciones cargadas una vez: un ModelChoiceFilter
    # consultaría otra vez la tabla solo para validar el valor elegido.
    tipo = django_filters.ChoiceFilter(field_name="tipo", choices=[], empty_label="Tipo: todos")
    estado = django_filters.ChoiceFilter(choices=Estado.choices, empty_label="Estado: todos")
    condicion = django_filters.ChoiceFilter(choices=Condicion.choices, empty_label="Condición: toda")
    dependencia = django_filters.ChoiceFilter(
        field_name="dependencia", choices=[], empty_label="Dependencia: todas"
    )
    sistema_operativo = django_filters.ChoiceFilter(
        label="Sistema operativo", choices=[], empty_label="S. O.: todos"
    )
    edad = django_filters.ChoiceFilter(
        label="Antigüedad", choices=EDADES, method="filtrar_edad", empty_label="Antigüedad: toda"
    )

    class Meta:
        model = Equipo
        fields = ["q", "tipo", "estado", "condicion", "dependencia", "sistema_operativo", "edad"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Opciones cargadas una vez por petición (una consulta cada una), iguales para la página y la exportación.
        sistemas = (
            Equipo.objects.exclude(sistema_operativo="")
            .order_by("sistema_operativo")
            .values_list("sistema_operativo", flat=True)
            .distinct()
        )
        self.filters["sistema_operativo"].extra["choices"] = [(so, so) for so in sistemas]
        for nombre, modelo in (("tipo", TipoEquipo), ("dependencia", Dependencia)):
            opciones = modelo.objects.values_list("pk", "nombre")
            self.filters[nombre].extra["choices"] = [(str(pk), texto) for pk, texto in opciones]
        for filtro in self.form.fields.values():
            css = "form-select" if isinstance(filtro.widget, forms.Select) else "form-control"
            filtro.widget.attrs.setdefault("class", css)
            filtro.widget.attrs.setdefault("aria-label", filtro.label)

    def filtrar_texto(self, queryset, nombre, valor):
        return buscar(queryset, valor)

    def filtrar_edad(self, queryset, nombre, valor):
        hoy = timezone.localdate()
        hace3, hace5 = _hace_anios(3, hoy), _hace_anios(5, hoy)
        if valor == "0-3":
            return queryset.filter(fecha_adquisicion__gt=hace3)
        if valor == "3-5":
            return queryset.filter(fecha_adquisicion__lte=hace3, fecha_adquisicion__gt=hace5)
        if valor == "5+":
            return queryset.filter(fecha_adquisicion__lte=hace5)
        if valor == "sin":
            return queryset.filter(fecha_adquisicion__isnull=True)
        return queryset


def ordenar(queryset, clave):
    """Ordena por una clave de ORDENES (con «-» para descendente); una clave desconocida se ignora."""
    descendente = clave.startswith("-")
    campos = ORDENES.get(clave.lstrip("-"))
    if not campos:
        return queryset, "inventario"
    if descendente:
        campos = tuple(f"-{c}" for c in campos)
    return queryset.order_by(*campos), clave
