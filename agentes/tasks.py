"""Tareas de django-q2 de agentes (envolturas delgadas de services) y su programación."""
from . import services

PROGRAMADAS = [
    {
        "nombre": "agentes: lanzar los escaneos de red programados",
        "funcion": "agentes.tasks.lanzar_escaneos_programados",
        "tipo": "I",  # cada N minutos
        "minutos": 5,
    },
]


def ejecutar_escaneo(escaneo_id):
    return services.ejecutar_escaneo(escaneo_id)


def lanzar_escaneos_programados():
    return f"{services.lanzar_escaneos_programados()} escaneos lanzados"
