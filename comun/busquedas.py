"""Búsquedas de personas para los selectores de la interfaz (resguardante, solicitante...)."""
from django.db.models import Q

from .models import Empleado
from .normalizacion import clave_nombre


def buscar_empleados(texto, limite=15, solo_activos=True):
    """Empleados por nombre (sin importar acentos ni orden de las palabras), número o extensión."""
    texto = (texto or "").replace("\x00", "").strip()[:100]  # PostgreSQL no acepta NUL en una consulta
    if not texto:
        return Empleado.objects.none()
    consulta = Empleado.objects.select_related("dependencia")
    if solo_activos:
        consulta = consulta.filter(activo=True)
    condicion = Q(numero_empleado__iexact=texto) | Q(extension=texto)
    terminos = clave_nombre(texto).split()[:5]
    if terminos:
        por_nombre = Q()
        for termino in terminos:
            por_nombre &= Q(clave__contains=termino)
        condicion |= por_nombre
    return consulta.filter(condicion).order_by("apellidos", "nombre")[:limite]
