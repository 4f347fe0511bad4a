"""Tareas de django-q2 del inventario: envolturas delgadas de los servicios, y su programación."""
from django.contrib.auth import get_user_model

from . import importacion as servicio
from .models_importacion import Importacion

PROGRAMADAS = [
    {
        "nombre": "inventario: recuperar importaciones interrumpidas",
        "funcion": "inventario.tasks.recuperar_importaciones",
        "tipo": "I",  # cada N minutos
        "minutos": 2,
    },
]


def _vigente(importacion_id, intento):
    """La importación, o None si la tarea es de un intento anterior (django-q2 la volvió a entregar)."""
    consulta = Importacion.objects.filter(pk=importacion_id)
    if intento is not None:
        consulta = consulta.filter(intento=intento)
    return consulta.first()


def analizar_importacion(importacion_id, intento=None):
    importacion = _vigente(importacion_id, intento)
    if importacion is None:
        return "tarea de un intento anterior: nada que hacer"
    analisis = servicio.analizar_importacion(importacion)
    return "analizada" if analisis is not None else f"fallida: {importacion.error}"


def aplicar_importacion(importacion_id, usuario_id=None, solo_validas=False, intento=None):
    importacion = _vigente(importacion_id, intento)
    if importacion is None:
        return "tarea de un intento anterior: nada que hacer"
    usuario = get_user_model().objects.filter(pk=usuario_id).first() if usuario_id else None
    ok = servicio.aplicar_importacion(importacion, usuario, solo_validas=solo_validas)
    return "aplicada" if ok else f"no aplicada: {importacion.error}"


def recuperar_importaciones():
    return f"{servicio.recuperar_importaciones()} importaciones interrumpidas recuperadas"
