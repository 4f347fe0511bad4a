"""Tareas de django-q2 de la mesa de servicio y sus programaciones."""
from . import services

PROGRAMADAS = [
    {
        "nombre": "soporte: avisos de compromisos por vencer",
        "funcion": "soporte.tasks.revisar_vencimientos",
        "tipo": "I",  # cada N minutos
        "minutos": 10,
    },
]


def revisar_vencimientos():
    resultado = services.revisar_vencimientos()
    return "{revisadas} revisadas, {avisos} avisos, {incumplimientos} incumplimientos".format(**resultado)
