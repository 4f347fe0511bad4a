"""Página pública de transparencia y sus datos abiertos (sin sesión)."""
import csv

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from soporte.models import Servicio

from .. import diagramas, exportacion, selectors
from ..forms import AnioForm

COLUMNAS_TRANSPARENCIA = [
    ("servicio", "Servicio"), ("anio", "Año"), ("mes", "Mes"), ("recibidas", "Solicitudes recibidas"),
    ("atendidas", "Solicitudes atendidas"), ("compromisos", "Compromisos evaluados"),
    ("cumplidos", "Compromisos cumplidos"), ("cumplimiento_pct", "Cumplimiento (%)"),
    ("quejas", "Quejas recibidas"), ("quejas_respondidas", "Quejas respondidas"),
    ("encuestas", "Encuestas respondidas"), ("satisfaccion", "Satisfacción promedio (1-5)"),
]


CACHE_SEGUNDOS = 300  # la página es pública: sin caché, cada visita repetiría cuatro agregaciones de un año


def _filas(anio):
    """Indicadores del año por servicio y mes, guardados 5 minutos en la caché (compartida por los procesos)."""
    return cache.get_or_set(f"transparencia:{anio}", lambda: selectors.transparencia(anio), CACHE_SEGUNDOS)


def _anio(request):
    form = AnioForm(request.GET)
    if not form.is_valid():
        return None, form
    return form.cleaned_data["anio"], form


MESES = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre",
         "Noviembre", "Diciembre"]


def _seccion(servicio, filas, anio, ultimo_mes):
    """Un servicio: sus meses con actividad (tabla), los del año hasta ``ultimo_mes`` (gráfica), totales y diagrama."""
    por_mes = {f["mes"]: {**f, "mes_nombre": MESES[f["mes"] - 1]} for f in filas}
    vacio = {"recibidas": 0, "atendidas": 0, "cumplimiento_pct": None}
    serie = [por_mes.get(m, vacio) for m in range(1, ultimo_mes + 1)]
    suma = {c: sum(f[c] for f in filas) for c in ("recibidas", "atendidas", "compromisos", "cumplidos", "quejas",
                                                  "quejas_respondidas", "encuestas")}
    ponderada = sum(f["satisfaccion"] * f["encuestas"] for f in filas if f["satisfaccion"] is not None)
    suma["cumplimiento_pct"] = round(100 * suma["cumplidos"] / suma["compromisos"], 1) if suma["compromisos"] else None
    suma["satisfaccion"] = round(ponderada / suma["encuestas"], 2) if suma["encuestas"] else None
    return {
        "servicio": servicio, "meses": [por_mes[m] for m in sorted(por_mes)], "totales": suma,
        "diagrama": mark_safe(diagramas.svg_de(servicio)),  # noqa: S308 - SVG armado y escapado en diagramas.py
        "id_datos": f"datos-servicio-{servicio.clave}",
        "datos": {
            "titulo": f"{servicio.nombre} {anio}", "meses": MESES[:ultimo_mes],
            "recibidas": [f["recibidas"] for f in serie], "atendidas": [f["atendidas"] for f in serie],
            "cumplimiento": [f["cumplimiento_pct"] for f in serie],
        },
    }


def transparencia(request):
    anio, form = _anio(request)
    if anio is None:
        return render(request, "reportes/transparencia.html", {"form": form}, status=400)
    filas = _filas(anio)
    hoy = timezone.localdate()
    ultimo_mes = 12 if anio < hoy.year else (hoy.month if anio == hoy.year else 0)
    ultimo_mes = max([ultimo_mes, *(f["mes"] for f in filas)])
    servicios = Servicio.objects.filter(activo=True).order_by("orden", "nombre")
    secciones = [_seccion(s, [f for f in filas if f["servicio"] == s.nombre], anio, ultimo_mes) for s in servicios]
    return render(request, "reportes/transparencia.html", {
        "form": form, "anio": anio, "secciones": secciones, "hay_datos": bool(filas),
    })


def transparencia_xlsx(request):
    anio, form = _anio(request)
    if anio is None:
        return HttpResponse("Año inválido: use un número entre 2000 y 2100.", status=400,
                            content_type="text/plain; charset=utf-8")
    libro = exportacion.libro_nuevo()
    exportacion.hoja(libro, f"Indicadores {anio}", COLUMNAS_TRANSPARENCIA, _filas(anio),
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
    for fila in _filas(anio):
        escritor.writerow(["" if fila[c] is None else fila[c] for c, _ in COLUMNAS_TRANSPARENCIA])
    return respuesta


