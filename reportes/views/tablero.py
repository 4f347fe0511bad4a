"""Tablero del Director, técnicos y su exportación .xlsx."""
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from comun.roles import requiere_permiso

from .. import exportacion, selectors, services
from ..forms import PeriodoForm


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


@requiere_permiso("reportes.ver_reportes")
def tablero_xlsx(request):
    form, valido = _periodo(request)
    if not valido:
        errores = " ".join(e for lista in form.errors.values() for e in lista)
        return HttpResponse(f"Filtros inválidos: {errores}", status=400, content_type="text/plain; charset=utf-8")
    d = form.cleaned_data
    if services.es_grande(d["desde"], d["hasta"], d["dependencia"]):
        filtros = {c: request.GET[c] for c in ("desde", "hasta", "dependencia") if request.GET.get(c)}
        return redirect(services.crear_trabajo(request.user, "tablero_xlsx", filtros))
    respuesta = HttpResponse(services.libro_tablero(d["desde"], d["hasta"], d["dependencia"]),
                             content_type=exportacion.XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="reportes-{d["desde"]}-{d["hasta"]}.xlsx"'
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
