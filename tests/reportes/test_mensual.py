"""Reporte mensual: se genera una vez por mes cerrado y se conserva tal como se generó."""
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from openpyxl import load_workbook

from reportes import services, tasks
from reportes.models import ReporteMensual
from reportes.trabajos import ErrorExportacion

from . import datos_exportaciones
from .datos import HOY, crear
from .test_pdf import texto_pdf

pytestmark = pytest.mark.django_db
MARZO = dt.date(2026, 3, 1)


def test_genera_excel_y_pdf_del_mes():
    crear()
    reporte, creado = services.generar_mensual(MARZO, hoy=HOY)
    assert creado and reporte.mes == MARZO
    texto = texto_pdf(reporte.archivo_pdf.read())
    assert "Periodo: 01/03/2026 a 31/03/2026 · Todas las dependencias" in texto
    assert "Dependencia A 2 4 50.0" in texto
    libro = load_workbook(io.BytesIO(reporte.archivo_xlsx.read()))
    assert "Periodo: 01/03/2026 a 31/03/2026" in libro["Resumen"]["A2"].value


def test_idempotente_conserva_los_archivos_originales():
    d = crear()
    reporte, _ = services.generar_mensual(MARZO, hoy=HOY)
    pdf_original = reporte.archivo_pdf.read()
    d["s3"].delete()  # los datos cambian después...
    otra, creado = services.generar_mensual(dt.date(2026, 3, 17), hoy=HOY)
    assert not creado and otra.pk == reporte.pk and ReporteMensual.objects.count() == 1
    assert otra.archivo_pdf.name == reporte.archivo_pdf.name
    assert otra.archivo_pdf.read() == pdf_original  # ...y el reporte queda «como era»


def test_solo_meses_cerrados():
    with pytest.raises(ErrorExportacion, match="aún no termina"):
        services.generar_mensual(dt.date(2026, 4, 1), hoy=HOY)
    assert not ReporteMensual.objects.exists()


def test_mes_anterior():
    assert services.mes_anterior(dt.date(2026, 1, 1)) == dt.date(2025, 12, 1)
    assert services.mes_anterior(dt.date(2026, 3, 31)) == dt.date(2026, 2, 1)
    reporte, creado = services.generar_mes_anterior(hoy=dt.date(2026, 4, 1))
    assert creado and reporte.mes == MARZO


def test_tarea_programada_el_dia_1():
    declarada = next(p for p in tasks.PROGRAMADAS if p["funcion"] == "reportes.tasks.reporte_mensual")
    assert declarada["tipo"] == Schedule.MONTHLY and declarada["dia"] == 1
    call_command("sincronizar_tareas", stdout=io.StringIO())
    programacion = Schedule.objects.get(func="reportes.tasks.reporte_mensual")
    siguiente = timezone.localtime(programacion.next_run)
    assert programacion.schedule_type == Schedule.MONTHLY and programacion.repeats == -1
    assert (siguiente.day, siguiente.hour, siguiente.minute) == (1, 6, 0) and siguiente > timezone.now()
    assert "generado" in tasks.reporte_mensual()  # el mes anterior al de hoy
    assert "ya existía" in tasks.reporte_mensual()
    assert ReporteMensual.objects.get().mes == services.mes_anterior()


def test_orden_de_manage():
    salida = io.StringIO()
    call_command("generar_reporte_mensual", "2026-03", stdout=salida)
    assert "Reporte mensual 2026-03: generado." in salida.getvalue()
    call_command("generar_reporte_mensual", "2026-3", stdout=salida)
    assert "ya existía" in salida.getvalue() and ReporteMensual.objects.count() == 1


@pytest.mark.parametrize("mes", ["2026-13", "marzo", "2026-00", "26-03", "2026-03-01", "1999-12"])
def test_orden_mes_invalido(mes):
    with pytest.raises(CommandError, match=f"Mes inválido «{mes}»: use AAAA-MM"):
        call_command("generar_reporte_mensual", mes)


def test_orden_mes_sin_terminar():
    with pytest.raises(CommandError, match="aún no termina"):
        call_command("generar_reporte_mensual", f"{timezone.localdate():%Y-%m}")


@pytest.mark.parametrize("n", [2, 6])
def test_pagina_de_mensuales(cliente_con_rol, django_assert_max_num_queries, n):
    reportes = [datos_exportaciones.mensual(dt.date(2025, m, 1)) for m in range(1, n + 1)]
    cliente = cliente_con_rol("director")
    with django_assert_max_num_queries(8):  # base (sesión, usuario, roles, paneles) + la lista: no crece con n
        r = cliente.get(reverse("reportes:mensuales"))
    html = r.content.decode()
    assert r.status_code == 200 and html.count("bi-file-earmark-pdf") == n
    assert reverse("reportes:mensual_descargar", args=[reportes[0].pk, "xlsx"]) in html
    descarga = cliente.get(reverse("reportes:mensual_descargar", args=[reportes[0].pk, "pdf"]))
    assert descarga["Content-Type"] == "application/pdf"
    assert 'filename="reporte-mensual-2025-01.pdf"' in descarga["Content-Disposition"]
    assert b"".join(descarga.streaming_content) == b"%PDF-1.7 mensual"
    assert cliente.get(reverse("reportes:mensual_descargar", args=[reportes[0].pk, "doc"])).status_code == 404
    assert cliente.get(reverse("reportes:mensual_descargar", args=[999999, "pdf"])).status_code == 404
