"""Tareas de django-q2 de comun y sus programaciones (declaradas aquí, sincronizadas por
`manage.py sincronizar_tareas`)."""
from django.core.management import call_command

PROGRAMADAS = [
    {
        "nombre": "comun: limpiar sesiones vencidas",
        "funcion": "comun.tasks.limpiar_sesiones",
        "tipo": "D",  # diaria
        "hora": "02:30",
    },
]


def limpiar_sesiones():
    call_command("clearsessions")
    return "sesiones vencidas eliminadas"
