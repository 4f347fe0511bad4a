"""Tareas de django-q2 de mantenimiento y su programación (sincronizada por `manage.py sincronizar_tareas`)."""
from . import services

PROGRAMADAS = [
    {
        "nombre": "mantenimiento: generar órdenes preventivas",
        "funcion": "mantenimiento.tasks.generar_ordenes",
        "tipo": "D",  # diaria
        "hora": "05:30",
    },
]


def generar_ordenes():
    resumen = services.generar_ordenes()
    return f"{resumen['creadas']} órdenes creadas, {resumen['canceladas']} canceladas"
