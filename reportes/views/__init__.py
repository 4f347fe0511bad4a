"""Vistas de reportes, una por módulo de página (delgadas sobre reportes/selectors.py)."""
# exportaciones: PDF, exportaciones en segundo plano y mensuales; salud: salud de los equipos y renovación.
from . import exportaciones, salud  # noqa: F401
from .tablero import tablero, tablero_xlsx, tecnicos
from .transparencia import transparencia, transparencia_csv, transparencia_xlsx

__all__ = ["tablero", "tablero_xlsx", "tecnicos", "transparencia", "transparencia_csv", "transparencia_xlsx"]
