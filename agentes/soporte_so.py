"""Fin de soporte de Windows (fechas de Microsoft) para marcar los equipos que hay que renovar.

Windows 11 se identifica por su versión (build 10.0.22000 = 21H2, 22621 = 22H2, 22631 = 23H2,
26100 = 24H2); las fechas son las de las ediciones Pro (Home termina antes; Enterprise/Education después).
"""
from datetime import date

FIN_SOPORTE = [
    # (texto que aparece en el nombre del SO, build o versión opcional, fecha de fin de soporte)
    ("windows xp", None, date(2014, 4, 8)),
    ("windows 7", None, date(2020, 1, 14)),
    ("windows 8.1", None, date(2023, 1, 10)),
    ("windows 8", None, date(2016, 1, 12)),
    ("windows 10", None, date(2025, 10, 14)),
    ("windows 11", "22000", date(2023, 10, 10)),
    ("windows 11", "22621", date(2024, 10, 8)),
    ("windows 11", "22631", date(2025, 11, 11)),
    ("windows 11", "26100", date(2026, 10, 13)),
]


def fin_de_soporte(nombre, version=""):
    """Fecha de fin de soporte del SO, o None si no está en la tabla (p. ej. Linux, o Windows 11 sin build)."""
    texto = (nombre or "").lower()
    version = version or ""
    for clave, build, fecha in FIN_SOPORTE:
        if clave in texto and (build is None or build in version or build in texto):
            return fecha
    return None
