"""Tareas de django-q2 de comun y sus programaciones (declaradas aquí, sincronizadas por
`manage.py sincronizar_tareas`)."""
from django.conf import settings
from django.core.management import call_command

from comun import respaldos

PROGRAMADAS = [
    {
        "nombre": "comun: limpiar sesiones vencidas",
        "funcion": "comun.tasks.limpiar_sesiones",
        "tipo": "D",  # diaria
        "hora": "02:30",
    },
    {
        "nombre": "comun: respaldo diario",
        "funcion": "comun.tasks.respaldar",
        "tipo": "D",
        "hora": "02:45",
    },
]


def limpiar_sesiones():
    call_command("clearsessions")
    return "sesiones vencidas eliminadas"


def respaldar():
    """Respaldo completo en SIGMA_RESPALDOS_DIR, conservando los SIGMA_RESPALDOS_CONSERVAR más nuevos."""
    resultado = respaldos.crear(settings.SIGMA_RESPALDOS_DIR, conservar=settings.SIGMA_RESPALDOS_CONSERVAR)
    return f"respaldo {resultado.archivo.name}; {len(resultado.borrados)} viejos borrados"
