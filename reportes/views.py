"""Tablero del Director y página pública de transparencia (vistas delgadas sobre reportes/selectors.py)."""
import csv
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from comun.roles import requiere_permiso

from . import selectors
from .forms import AnioForm, PeriodoForm

COLUMNAS_TRANSPARENCIA = [
    ("servicio", "Servicio"), ("anio", "Año"), ("mes", "Mes"), ("recibidas", "Solicitudes recibidas"),
    ("atendidas", "Solicitudes atendidas"), ("compromisos", "Compromisos evaluados"),
    ("cumplidos", "Compromisos cumplidos"), ("cumplimiento_pct", "Cumplimiento (%)"),
    ("quejas", "Quejas recibidas"), ("quejas_respondidas", "Quejas respondidas"),
    ("encuestas", "Encuestas respondidas"), ("satisfaccion", "Satisfacción promedio (1-5)"),
]


def _enlace(nombre, **filtros):
    filtros = {k: v for k, v in filtros.items() if v not in (None, "")}
    return reverse(nombre) + (f"?{urlencode(filtros)}" if filtros else "")


@requiere_permiso("reportes.ver_reportes")
def tablero(request):
    form = PeriodoForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "reportes/tablero.html", {"form": form}, status=400)
    if not request.GET:
        form = PeriodoForm({})
        form.is_valid()
    datos = form.cleaned_data
    dependencia = datos["dependencia"]
    dep_id = dependencia.pk if dependencia else None
    indicadores = selectors.tablero(datos["desde"], datos["hasta"], dependencia)
    enlaces = {
        "abiertas": _enlace("soporte:cola", vista="todas", estado="abiertas", dependencia=dep_id),
        "vencidas": _enlace("soporte:cola", vista="todas", incumpliendo="si", dependencia=dep_id),
        "cola": _enlace("soporte:cola", vista="todas", dependencia=dep_id),
        "quejas": _enlace("soporte:quejas"),
        "planes": _enlace("mantenimiento:planes"),
        "calendario": _enlace("mantenimiento:calendario"),
    }
    for fila in indicadores["sla"]:
        fila["enlace"] = _enlace("soporte:cola", vista="todas", servicio=fila["id"], dependencia=dep_id)
    for fila in indicadores["por_dependencia"]:
        fila["enlace"] = _enlace("soporte:cola", vista="todas", dependencia=fila["id"])
    return render(request, "reportes/tablero.html", {
        "form": form, "desde": datos["desde"], "hasta": datos["hasta"], "dependencia": dependencia,
        "k": indicadores, "enlaces": enlaces,
    })


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
