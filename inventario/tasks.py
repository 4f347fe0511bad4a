"""Tareas de django-q2 del inventario: envolturas delgadas de los servicios."""
from django.contrib.auth import get_user_model

from . import importacion as servicio
from .models_importacion import Importacion


def analizar_importacion(importacion_id):
    importacion = Importacion.objects.get(pk=importacion_id)
    analisis = servicio.analizar_importacion(importacion)
    return "analizada" if analisis is not None else f"fallida: {importacion.error}"


def aplicar_importacion(importacion_id, usuario_id=None, solo_validas=False):
    importacion = Importacion.objects.get(pk=importacion_id)
    usuario = get_user_model().objects.filter(pk=usuario_id).first() if usuario_id else None
    ok = servicio.aplicar_importacion(importacion, usuario, solo_validas=solo_validas)
    return "aplicada" if ok else f"no aplicada: {importacion.error}"
