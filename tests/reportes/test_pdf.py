"""PDF del tablero y de técnicos: el texto extraído con pdftotext (título, periodo, fecha, cifras)."""
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from comun.roles import TECNICO
from reportes import pdf, services
from reportes.models import TrabajoExportacion
from tests.factories import usuario_con_rol

from .datos import crear

pytestmark = pytest.mark.django_db
MARZO = {"desde": "2026-03-01", "hasta": "2026-03-31"}
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils


def texto_pdf(contenido: bytes) -> str:
    assert contenido.startswith(b"%PDF-")
    salida = subprocess.run([PDFTOTEXT, "-layout", "-enc", "UTF-8", "-", "-"], input=contenido,  # noqa: S603
                            capture_output=True, check=True, timeout=30)
    return " ".join(salida.stdout.decode("utf-8").split())  # espacios del diseño colapsados


@pytest.fixture
def d():
    return crear()


def test_pdf_del_tablero(cliente_con_rol, d):
    r = cliente_con_rol("director").get(reverse("reportes:tablero_pdf"), MARZO)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="reportes-2026-03-01-2026-03-31.pdf"'
    texto = texto_pdf(r.content)
    assert "H. Ayuntamiento de Ocotlán, Jalisco" in texto and "Dirección de Innovación Gubernamental" in texto
    assert "REPORTES DE LA DIRECCIÓN" in texto
    assert "Periodo: 01/03/2026 a 31/03/2026 · Todas las dependencias" in texto
    assert f"Generado: {timezone.localtime():%d/%m/%Y}" in texto
    assert "Página 1 de" in texto
    # Cifras del juego de datos (las mismas que el .xlsx de test_exportacion.py).
    assert "Cumplimiento de mantenimiento preventivo (%) 33.3 1 a tiempo de 3" in texto
    assert "Tiempo medio de resolución (min hábiles) 270.0 3 resueltas" in texto
    assert "Quejas por cada 100 resueltas 66.7 2 recibidas, 1 respondidas" in texto
    assert "Satisfacción promedio (1 a 5) 3.5 2 encuestas" in texto
    assert "Soporte técnico 50.0 % (1 de 2 incumplidas) 100.0 % (0 de 2 incumplidas)" in texto
    assert "Dependencia A 2 4 50.0" in texto and "Dependencia B 1 3 33.3" in texto
    assert "Marzo 2026 3 recibidas 75.0 %" in texto and "3 resueltas" in texto


def test_pdf_del_tablero_por_dependencia(cliente_con_rol, d):
    r = cliente_con_rol("admin").get(reverse("reportes:tablero_pdf"), {**MARZO, "dependencia": d["a"].pk})
    texto = texto_pdf(r.content)
    assert "Periodo: 01/03/2026 a 31/03/2026 · Dependencia A" in texto
    assert "Dependencia A 2 4 50.0" in texto and "Dependencia B" not in texto


def test_pdf_de_tecnicos(cliente_con_rol, d):
    tecnico = usuario_con_rol(TECNICO, "tec-pdf")
    tecnico.first_name, tecnico.last_name = "Teresa", "Técnica Ruiz"
    tecnico.save()
    r = cliente_con_rol("director").get(reverse("reportes:tecnicos_pdf"), MARZO)
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="tecnicos-2026-03-01-2026-03-31.pdf"'
    texto = texto_pdf(r.content)
    assert "TÉCNICOS: CARGA Y RESULTADOS" in texto
    assert "Periodo: 01/03/2026 a 31/03/2026 · Todas las dependencias" in texto
    assert "Teresa Técnica Ruiz 0 0 0 0 de 0 0" in texto


@pytest.mark.parametrize("nombre", ["reportes:tablero_pdf", "reportes:tecnicos_pdf"])
@pytest.mark.parametrize("filtros", [
    {"desde": "2026-13-01"}, {"desde": "2026-03-31", "hasta": "2026-03-01"}, {"dependencia": "999999"},
    {"desde": "2020-01-01", "hasta": "2026-01-01"},
])
def test_pdf_filtros_invalidos(cliente_con_rol, db, nombre, filtros):
    r = cliente_con_rol("director").get(reverse(nombre), filtros)
    assert r.status_code == 400
    assert r.content.decode().startswith("Filtros inválidos:")
    assert not TrabajoExportacion.objects.exists()


def test_enlaces_de_descarga_en_las_paginas(cliente_con_rol, d):
    cliente = cliente_con_rol("director")
    html = cliente.get(reverse("reportes:tablero"), MARZO).content.decode()
    assert 'href="/reportes/tablero.pdf?desde=2026-03-01&amp;hasta=2026-03-31"' in html
    html = cliente.get(reverse("reportes:tecnicos"), MARZO).content.decode()
    assert 'href="/reportes/tecnicos.pdf?desde=2026-03-01&amp;hasta=2026-03-31"' in html


def test_periodo_grande_va_a_segundo_plano(cliente_con_rol, d, monkeypatch, django_capture_on_commit_callbacks):
    """Con más solicitudes que el umbral, el PDF se arma como trabajo y se descarga desde su página."""
    monkeypatch.setattr(services, "UMBRAL_DIRECTO", 2)  # marzo tiene 3 solicitudes
    cliente = cliente_con_rol("director")
    with django_capture_on_commit_callbacks(execute=True):
        r = cliente.get(reverse("reportes:tablero_pdf"), MARZO)
    trabajo = TrabajoExportacion.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("reportes:trabajo", args=[trabajo.pk])
    assert trabajo.estado == "terminado" and trabajo.progreso == 100
    assert trabajo.parametros == MARZO
    descarga = cliente.get(reverse("reportes:trabajo_descargar", args=[trabajo.pk]))
    texto = texto_pdf(b"".join(descarga.streaming_content))
    assert "Periodo: 01/03/2026 a 31/03/2026" in texto and "Dependencia A 2 4 50.0" in texto


def test_texto_periodo():
    import datetime as dt

    texto = pdf.texto_periodo(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert texto == "01/01/2026 a 31/01/2026 · Todas las dependencias"
