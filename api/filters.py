"""Filtros propios de la API (empleados, dependencias, órdenes). Equipos y solicitudes usan los de sus apps."""
import django_filters
from django import forms
from django.db.models import Q

from comun.busquedas import buscar_empleados
from comun.models import Dependencia, Empleado
from mantenimiento.choices import EstadoOrden
from mantenimiento.models import OrdenMantenimiento


class IdFilter(django_filters.NumberFilter):
    """Un id entero positivo (un número enorme o con decimales es un 400, no un error de la base)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**53)
        super().__init__(*args, **kwargs)


class EmpleadoFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filtrar_texto", label="Nombre, número de empleado o extensión")
    dependencia = IdFilter(field_name="dependencia_id", label="Dependencia (id)")
    activo = django_filters.BooleanFilter(label="Activo")

    class Meta:
        model = Empleado
        fields = ["q", "dependencia", "activo"]

    def filtrar_texto(self, queryset, nombre, valor):
        # La misma búsqueda que el selector de empleados de las páginas, sin su límite de resultados.
        if not valor.strip():
            return queryset
        return queryset.filter(pk__in=buscar_empleados(valor, limite=None, solo_activos=False).values("pk"))


class DependenciaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filtrar_texto", label="Nombre o siglas")
    activa = django_filters.BooleanFilter(label="Activa")

    class Meta:
        model = Dependencia
        fields = ["q", "activa"]

    def filtrar_texto(self, queryset, nombre, valor):
        valor = valor.strip()[:100]
        return queryset.filter(Q(nombre__icontains=valor) | Q(siglas__iexact=valor)) if valor else queryset


class OrdenFilter(django_filters.FilterSet):
    estado = django_filters.ChoiceFilter(choices=EstadoOrden.choices, label="Estado")
    abiertas = django_filters.BooleanFilter(method="filtrar_abiertas", label="Solo abiertas (programadas o en proceso)")
    tecnico = IdFilter(field_name="tecnico_id", label="Técnico (id de usuario)")
    equipo = IdFilter(field_name="equipo_id", label="Equipo (id)")
    desde = django_filters.DateFilter(field_name="fecha_limite", lookup_expr="gte", label="Fecha límite desde")
    hasta = django_filters.DateFilter(field_name="fecha_limite", lookup_expr="lte", label="Fecha límite hasta")

    class Meta:
        model = OrdenMantenimiento
        fields = ["estado", "abiertas", "tecnico", "equipo", "desde", "hasta"]

    def filtrar_abiertas(self, queryset, nombre, valor):
        if valor is None:
            return queryset
        return queryset.abiertas() if valor else queryset.exclude(pk__in=queryset.abiertas().values("pk"))
