"""PDF del tablero y de técnicos, exportaciones en segundo plano (con avance) y reportes mensuales guardados.

Un PDF del tablero con más de services.UMBRAL_DIRECTO solicitudes en el periodo se arma como trabajo: la vista
lo encola y lleva a la página de avance (htmx la actualiza cada 2 s). Un trabajo solo lo ve y descarga quien lo
pidió o un Administrador; para los demás «no existe» (404).
"""
import mimetypes

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from comun.roles import requiere_permiso

from .. import services
from ..forms import PeriodoForm
from ..models import ReporteMensual, TrabajoExportacion
from ..pdf import CONTENT_TYPE
from ..trabajos import ErrorExportacion, todos

CAMPOS_PERIODO = ("desde", "hasta", "dependencia")
POR_PAGINA = 50


def _filtros(datos):
    return {c: datos.get(c, "") for c in CAMPOS_PERIODO if datos.get(c)}


def _invalido(form):
    errores = " ".join(e for lista in form.errors.values() for e in lista)
    return HttpResponse(f"Filtros inválidos: {errores}", status=400, content_type="text/plain; charset=utf-8")


def _adjunto(contenido, nombre, content_type):
    respuesta = HttpResponse(contenido, content_type=content_type)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


@requiere_permiso("reportes.ver_reportes")
@require_GET
def tablero_pdf(request):
    form = PeriodoForm(request.GET)
    if not form.is_valid():
        return _invalido(form)
    d = form.cleaned_data
    if services.es_grande(d["desde"], d["hasta"], d["dependencia"]):
        trabajo = services.crear_trabajo(request.user, "tablero_pdf", _filtros(request.GET))
        return redirect(trabajo)
    contenido = services.pdf_tablero(d["desde"], d["hasta"], d["dependencia"])
    return _adjunto(contenido, services.nombre_archivo("reportes", d["desde"], d["hasta"], "pdf"), CONTENT_TYPE)


@requiere_permiso("reportes.ver_reportes")
@require_GET
def tecnicos_pdf(request):
    form = PeriodoForm(request.GET)
    if not form.is_valid():
        return _invalido(form)
    d = form.cleaned_data
    contenido = services.pdf_tecnicos(d["desde"], d["hasta"], d["dependencia"])
    return _adjunto(contenido, services.nombre_archivo("tecnicos", d["desde"], d["hasta"], "pdf"), CONTENT_TYPE)


def _lista_trabajos(request, error=None, status=200):
    trabajos = TrabajoExportacion.objects.filter(usuario=request.user).select_related("usuario")[:POR_PAGINA]
    return render(request, "reportes/trabajos.html", {
        "trabajos": trabajos, "error": error, "generadores": todos(),
        "form": PeriodoForm(),
    }, status=status)


@requiere_permiso("reportes.ver_reportes")
def trabajos(request):
    """GET: mis exportaciones recientes. POST: encola una nueva (clave + filtros)."""
    if request.method != "POST":
        return _lista_trabajos(request)
    try:
        trabajo = services.crear_trabajo(request.user, request.POST.get("clave", ""), _filtros(request.POST))
    except ErrorExportacion as exc:
        return _lista_trabajos(request, error=str(exc), status=400)
    return redirect(trabajo)


def _trabajo_propio(request, pk):
    trabajo = get_object_or_404(TrabajoExportacion, pk=pk)
    if not services.puede_ver(request.user, trabajo):
        raise Http404("No existe esa exportación.")  # la de otro usuario tampoco «existe» para este
    return trabajo


@requiere_permiso("reportes.ver_reportes")
@require_GET
def trabajo(request, pk):
    return render(request, "reportes/trabajo.html", {"trabajo": _trabajo_propio(request, pk)})


@requiere_permiso("reportes.ver_reportes")
@require_GET
def trabajo_descargar(request, pk):
    trabajo = _trabajo_propio(request, pk)
    if trabajo.estado != TrabajoExportacion.Estado.TERMINADO or not trabajo.archivo:
        raise Http404("La exportación todavía no está lista.")
    return _archivo(trabajo.archivo, trabajo.nombre_archivo)


@requiere_permiso("reportes.ver_reportes")
@require_POST
def trabajo_reintentar(request, pk):
    trabajo = _trabajo_propio(request, pk)
    try:
        services.reintentar(trabajo)
    except ErrorExportacion as exc:
        return render(request, "reportes/trabajo.html", {"trabajo": trabajo, "aviso": str(exc)}, status=400)
    return redirect(trabajo)


def _archivo(campo, nombre):
    try:
        archivo = campo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("El archivo ya no está disponible.") from None
    tipo = mimetypes.guess_type(nombre)[0] or "application/octet-stream"
    return FileResponse(archivo, as_attachment=True, filename=nombre, content_type=tipo)


@requiere_permiso("reportes.ver_reportes")
@require_GET
def mensuales(request):
    return render(request, "reportes/mensuales.html", {"reportes": ReporteMensual.objects.all()[:120]})


@requiere_permiso("reportes.ver_reportes")
@require_GET
def mensual_descargar(request, pk, formato):
    if formato not in ("xlsx", "pdf"):
        raise Http404("Formato desconocido.")
    reporte = get_object_or_404(ReporteMensual, pk=pk)
    campo = reporte.archivo_xlsx if formato == "xlsx" else reporte.archivo_pdf
    return _archivo(campo, f"reporte-mensual-{reporte.mes:%Y-%m}.{formato}")
