"""Filtros de la cola de solicitudes (compartidos por la página y, más adelante, la API)."""
import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from comun.filtros import FilterSetPorPeticion
from comun.models import Dependencia

from .choices import ABIERTOS, Estado, Prioridad
from .forms import CampoTecnico, tecnicos
from .models import Incumplimiento, Servicio, Solicitud

VISTAS = {
    "mias": "Mis solicitudes",
    "sin_asignar": "Sin asignar",
    "todas": "Todas",
}

# Orden por tiempo restante: el vencimiento indexado más próximo (las pausadas y terminadas al final).
ORDENES = {
    "vence": (F("vence_resolucion").asc(nulls_last=True), F("vence_inicial").asc(nulls_last=True), "-recibida"),
    "recibida": ("-recibida",),
    "antiguas": ("recibida",),
    "prioridad": ("prioridad", "-recibida"),
    "folio": ("-folio",),
}


class SolicitudFilter(FilterSetPorPeticion):
    q = django_filters.CharFilter(method="filtrar_texto", label="Buscar",
                                  widget=forms.TextInput(attrs={"placeholder": "Folio, asunto o solicitante"}))
    estado = django_filters.ChoiceFilter(
        choices=[("abiertas", "Abiertas (todas)"), *Estado.choices], method="filtrar_estado",
        empty_label="Estado",
    )
    servicio = django_filters.ModelChoiceFilter(queryset=Servicio.objects.all(), empty_label="Servicio")
    dependencia = django_filters.ModelChoiceFilter(
        queryset=Dependencia.objects.all(), empty_label="Dependencia"
    )
    tecnico = django_filters.ModelChoiceFilter(
        queryset=tecnicos(), empty_label="Técnico", label="Técnico"
    )
    prioridad = django_filters.ChoiceFilter(choices=Prioridad.choices, empty_label="Prioridad")
    incumpliendo = django_filters.ChoiceFilter(
        choices=[("si", "Con compromiso vencido"), ("riesgo", "Vencidas o por vencer hoy")],
        method="filtrar_incumpliendo", empty_label="Vencimientos", label="Vencimientos",
    )

    class Meta:
        model = Solicitud
        fields = ["q", "estado", "servicio", "dependencia", "tecnico", "prioridad", "incumpliendo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Las opciones se cargan en cada petición (catálogos que cambian).
        self.filters["tecnico"].queryset = tecnicos()
        self.filters["tecnico"].field_class = CampoTecnico
        for campo in self.form.fields.values():
            clase = "form-select" if isinstance(campo.widget, forms.Select) else "form-control"
            campo.widget.attrs.setdefault("class", clase)
            campo.widget.attrs.setdefault("aria-label", campo.label)

    def filtrar_texto(self, queryset, nombre, valor):
        valor = valor.strip()[:80]
        if not valor:
            return queryset
        if valor.upper().startswith("DIG-"):
            return queryset.filter(folio__istartswith=valor)
        condicion = Q(asunto__icontains=valor) | Q(folio__icontains=valor)
        for termino in valor.split()[:4]:
            condicion |= Q(solicitante__clave__contains=termino.lower())
        return queryset.filter(condicion)

    def filtrar_estado(self, queryset, nombre, valor):
        if valor == "abiertas":
            return queryset.filter(estado__in=ABIERTOS)
        return queryset.filter(estado=valor)

    def filtrar_incumpliendo(self, queryset, nombre, valor):
        ahora = timezone.now()
        vencida = Q(vence_resolucion__lt=ahora) | Q(vence_inicial__lt=ahora, atendida_en__isnull=True)
        registrada = Exists(Incumplimiento.objects.filter(solicitud=OuterRef("pk")))
        if valor == "si":
            return queryset.filter(registrada | (Q(estado__in=ABIERTOS) & vencida))
        fin_del_dia = timezone.localtime(ahora).replace(hour=23, minute=59)
        por_vencer = Q(vence_resolucion__lte=fin_del_dia) | Q(vence_inicial__lte=fin_del_dia, atendida_en__isnull=True)
        return queryset.filter(estado__in=ABIERTOS).filter(por_vencer)


def aplicar_vista(queryset, vista, usuario):
    if vista == "mias":
        return queryset.filter(tecnico=usuario)
    if vista == "sin_asignar":
        return queryset.filter(tecnico__isnull=True, estado__in=ABIERTOS)
    return queryset


def ordenar(queryset, clave):
    clave = clave if clave in ORDENES else "vence"
    return queryset.order_by(*ORDENES[clave]), clave
