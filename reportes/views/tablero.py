"""Tablero del Director, técnicos y su exportación .xlsx."""
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from comun.roles import requiere_permiso

from .. import exportacion, selectors
from ..forms import PeriodoForm

COLUMNAS_SLA = [
    ("nombre", "Servicio"), ("inicial_decidibles", "Atención inicial: evaluadas"),
    ("inicial_incumplidas", "Atención inicial: incumplidas"), ("inicial_pct", "Atención inicial: cumplimiento (%)"),
    ("resolucion_decidibles", "Resolución: evaluadas"), ("resolucion_incumplidas", "Resolución: incumplidas"),
    ("resolucion_pct", "Resolución: cumplimiento (%)"),
]
COLUMNAS_DEPENDENCIA = [("nombre", "Dependencia"), ("solicitudes", "Solicitudes"), ("equipos", "Equipos en servicio"),
                        ("por_100", "Solicitudes por 100 equipos")]
COLUMNAS_TENDENCIA = [("mes", "Mes"), ("recibidas", "Recibidas"), ("resueltas", "Resueltas"),
                      ("cumplimiento_pct", "Compromisos cumplidos (%)")]


def _enlace(nombre, **filtros):
    filtros = {k: v for k, v in filtros.items() if v not in (None, "")}
    return reverse(nombre) + (f"?{urlencode(filtros)}" if filtros else "")


def _periodo(request):
    """El formulario de filtros ya validado (sin parámetros: el mes en curso) o None si es inválido."""
    datos = request.GET.copy()
    hoy = timezone.localdate()
    if not datos.get("desde"):
        datos["desde"] = hoy.replace(day=1).isoformat()
    if not datos.get("hasta"):
        datos["hasta"] = hoy.isoformat()
    form = PeriodoForm(datos)
    return form, form.is_valid()


@requiere_permiso("reportes.ver_reportes")
def tablero(request):
    form, valido = _periodo(request)
    if not valido:
        return render(request, "reportes/tablero.html", {"form": form}, status=400)
    datos = form.cleaned_data
    dependencia = datos["dependencia"]
    dep_id = dependencia.pk if dependencia else None
    indicadores = selectors.tablero(datos["desde"], datos["hasta"], dependencia)
    enlaces = {
        "abiertas": _enlace("soporte:cola", vista="todas", estado="abiertas", dependencia=dep_id),
        "vencidas": _enlace("soporte:cola", vista="todas", incumpliendo="si", dependencia=dep_id),
        "cola": _enlace("soporte:cola", vista="todas", dependencia=dep_id),
        "quejas": _enlace("soporte:quejas"),
        "reabiertas": _enlace("soporte:cola", vista="todas", estado="reabierta", dependencia=dep_id),
        "planes": _enlace("mantenimiento:planes"),
        "calendario": _enlace("mantenimiento:calendario"),
    }
    for fila in indicadores["sla"]:
        fila["enlace"] = _enlace("soporte:cola", vista="todas", servicio=fila["id"], dependencia=dep_id)
    for fila in indicadores["por_dependencia"]:
        fila["enlace"] = _enlace("soporte:cola", vista="todas", dependencia=fila["id"])
    return render(request, "reportes/tablero.html", {
        "form": form, "desde": datos["desde"], "hasta": datos["hasta"], "dependencia": dependencia,
        "k": indicadores, "enlaces": enlaces, "consulta": request.GET.urlencode(),
    })


def _cifra(valor, sufijo=""):
    return "—" if valor is None else f"{valor}{sufijo}"


@requiere_permiso("reportes.ver_reportes")
def tablero_xlsx(request):
    form, valido = _periodo(request)
    if not valido:
        errores = " ".join(e for lista in form.errors.values() for e in lista)
        return HttpResponse(f"Filtros inválidos: {errores}", status=400, content_type="text/plain; charset=utf-8")
    datos = form.cleaned_data
    k = selectors.tablero(datos["desde"], datos["hasta"], datos["dependencia"])
    encabezado = [f"{settings.SIGMA_DEPENDENCIA} — Reportes de la Dirección",
                  f"Periodo: {datos['desde']:%d/%m/%Y} a {datos['hasta']:%d/%m/%Y}"
                  + (f" · {datos['dependencia']}" if datos["dependencia"] else ""),
                  f"Generado: {timezone.localtime():%d/%m/%Y %H:%M}"]
    resumen = [
        {"i": "Cumplimiento de mantenimiento preventivo (%)", "v": k["pm"]["porcentaje"],
         "d": f"{k['pm']['a_tiempo']} a tiempo de {k['pm']['vencidas']}"},
        {"i": "Órdenes de mantenimiento abiertas", "v": k["rezago_pm"]["abiertas"],
         "d": f"{k['rezago_pm']['vencidas']} vencidas"},
        {"i": "Solicitudes abiertas", "v": k["rezago"]["abiertas"],
         "d": f"{k['rezago']['vencidas']} con compromiso vencido"},
        {"i": "Tiempo para derivar, promedio (min hábiles)", "v": k["derivacion"]["promedio"],
         "d": f"{k['derivacion']['n']} solicitudes"},
        {"i": "Tiempo medio de resolución (min hábiles)", "v": k["mttr"]["promedio"],
         "d": f"{k['mttr']['n']} resueltas"},
        {"i": "Reapertura (%)", "v": k["reapertura"]["porcentaje"],
         "d": f"{k['reapertura']['reabiertas']} de {k['reapertura']['resueltas']} resueltas"},
        {"i": "Quejas por cada 100 resueltas", "v": k["quejas"]["por_100"],
         "d": f"{k['quejas']['recibidas']} recibidas, {k['quejas']['respondidas']} respondidas"},
        {"i": "Satisfacción promedio (1 a 5)", "v": k["csat"]["promedio"], "d": f"{k['csat']['n']} encuestas"},
    ]
    libro = exportacion.libro_nuevo()
    exportacion.hoja(libro, "Resumen", [("i", "Indicador"), ("v", "Valor"), ("d", "Detalle")], resumen, encabezado)
    exportacion.hoja(libro, "Compromisos", COLUMNAS_SLA, k["sla"], encabezado)
    ws, fila = exportacion.hoja(libro, "Por dependencia", COLUMNAS_DEPENDENCIA, k["por_dependencia"], encabezado)
    exportacion.grafica_barras(ws, fila, len(k["por_dependencia"]), 4, "Solicitudes por cada 100 equipos", "F2")
    tendencia = [{**m, "mes": f"{m['mes']:%Y-%m}"} for m in k["tendencia"]]
    ws, fila = exportacion.hoja(libro, "Tendencia", COLUMNAS_TENDENCIA, tendencia, encabezado)
    exportacion.grafica_barras(ws, fila, len(tendencia), 2, "Solicitudes recibidas por mes", "F2", columnas=2)
    respuesta = HttpResponse(exportacion.a_bytes(libro), content_type=exportacion.XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="reportes-{datos["desde"]}-{datos["hasta"]}.xlsx"'
    return respuesta


@requiere_permiso("reportes.ver_reportes")
def tecnicos(request):
    form, valido = _periodo(request)
    if not valido:
        return render(request, "reportes/tecnicos.html", {"form": form}, status=400)
    datos = form.cleaned_data
    filas = selectors.tecnicos(datos["desde"], datos["hasta"], datos["dependencia"])
    for f in filas:
        f["enlace"] = _enlace("soporte:cola", vista="todas", estado="abiertas", tecnico=f["id"])
    return render(request, "reportes/tecnicos.html", {
        "form": form, "desde": datos["desde"], "hasta": datos["hasta"], "filas": filas,
        "dependencia": datos["dependencia"],
    })
