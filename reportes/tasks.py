"""Tareas de django-q2 de reportes (envolturas de reportes.services) y sus programaciones."""
from . import services

PROGRAMADAS = [
    {
        "nombre": "reportes: reporte mensual del mes anterior",
        "funcion": "reportes.tasks.reporte_mensual",
        "tipo": "M",  # mensual, el día 1
        "dia": 1,
        "hora": "06:00",
    },
    {
        "nombre": "reportes: borrar exportaciones vencidas",
        "funcion": "reportes.tasks.limpiar_trabajos",
        "tipo": "D",
        "hora": "03:15",
    },
]


def ejecutar_trabajo(pk):
    return services.ejecutar_trabajo(pk)


def reporte_mensual():
    reporte, creado = services.generar_mes_anterior()
    return f"{reporte}: {'generado' if creado else 'ya existía'}"


def limpiar_trabajos():
    return f"{services.limpiar_trabajos()} exportaciones vencidas borradas"
