"""PDF de los reportes (WeasyPrint) con el encabezado municipal de inventario: título, periodo, fecha de generación y
número de página. Interfaz compartida con otros reportes: ``renderizar(plantilla, contexto, titulo, periodo)``;
la plantilla extiende ``reportes/pdf/base.html`` y llena el bloque ``cuerpo``.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from inventario.documentos import _encabezado, _fetcher

CONTENT_TYPE = "application/pdf"


def texto_periodo(desde: dt.date, hasta: dt.date, dependencia=None) -> str:
    """«01/03/2026 a 31/03/2026 · Dependencia A» (sin dependencia: todas)."""
    texto = f"{desde:%d/%m/%Y} a {hasta:%d/%m/%Y}"
    return texto + (f" · {dependencia}" if dependencia else " · Todas las dependencias")


def renderizar(plantilla: str, contexto: dict, titulo: str, periodo: str) -> bytes:
    """Los bytes del PDF de ``plantilla`` con ``contexto``; ``periodo`` es el texto que va bajo el título."""
    from weasyprint import HTML  # import perezoso: cargar WeasyPrint cuesta

    html = render_to_string(plantilla, {**_encabezado(), **contexto, "titulo": titulo, "periodo": periodo,
                                        "generado": timezone.localtime()})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf()
