"""Página pública de transparencia y sus datos abiertos (sin sesión)."""
import csv

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from .. import exportacion, selectors
from ..forms import AnioForm

COLUMNAS_TRANSPARENCIA = [
    ("servicio", "Servicio"), ("anio", "Año"), ("mes", "Mes"), ("recibidas", "Solicitudes recibidas"),
    ("atendidas", "Solicitudes atendidas"), ("compromisos", "Compromisos evaluados"),
    ("cumplidos", "Compromisos cumplidos"), ("cumplimiento_pct", "Cumplimiento (%)"),
    ("quejas", "Quejas recibidas"), ("quejas_respondidas", "Quejas respondidas"),
    ("encuestas", "Encuestas respondidas"), ("satisfaccion", "Satisfacción promedio (1-5)"),
]



def _anio(request):
    form = AnioForm(request.GET)
    if not form.is_valid():
        return None, form
    return form.cleaned_data["anio"], form


def transparencia(request):
    anio, form = _anio(request)
    if anio is None:
        return render(request, "reportes/transparencia.html", {"form": form}, status=400)
    return render(request, "reportes/transparencia.html", {
        "form": form, "anio": anio, "filas": selectors.transparencia(anio),
        "columnas": COLUMNAS_TRANSPARENCIA,
    })


def transparencia_xlsx(request):
    anio, form = _anio(request)
    if anio is None:
        return HttpResponse("Año inválido: use un número entre 2000 y 2100.", status=400,
                            content_type="text/plain; charset=utf-8")
    libro = exportacion.libro_nuevo()
    exportacion.hoja(libro, f"Indicadores {anio}", COLUMNAS_TRANSPARENCIA, selectors.transparencia(anio),
                     [f"{settings.SIGMA_DEPENDENCIA} — Indicadores de servicio {anio}",
                      "Datos abiertos: por servicio del manual y por mes."])
    respuesta = HttpResponse(exportacion.a_bytes(libro), content_type=exportacion.XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="transparencia-{anio}.xlsx"'
    return respuesta


def transparencia_csv(request):
    anio, form = _anio(request)
    if anio is None:
        return HttpResponse("Año inválido: use un número entre 2000 y 2100.", status=400,
                            content_type="text/plain; charset=utf-8")
    respuesta = HttpResponse(content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = f'attachment; filename="transparencia-{anio}.csv"'
    respuesta.write("\ufeff")
    escritor = csv.writer(respuesta)
    escritor.writerow([titulo for _, titulo in COLUMNAS_TRANSPARENCIA])
    for fila in selectors.transparencia(anio):
        escritor.writerow(["" if fila[c] is None else fila[c] for c, _ in COLUMNAS_TRANSPARENCIA])
    return respuesta


