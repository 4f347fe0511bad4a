"""Exportar a Excel lo que se ve en la lista de equipos (mismos parámetros GET: filtros, «orden» y «por_tipo=1»).

Hasta UMBRAL_DIRECTO equipos el archivo se arma en la petición y se descarga de inmediato; más que eso va a una
tarea de django-q2 y el usuario espera en una página de estado que se actualiza sola (htmx, cada 2 s).
"""
import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_q.tasks import async_task

from comun.almacenamiento import MENSAJE_DISCO_LLENO, es_disco_lleno
from comun.roles import requiere_permiso

from . import tasks_exportacion as tareas
from .exportacion import CONTENT_TYPE, consulta_de_parametros, escribir_xlsx

UMBRAL_DIRECTO = 5000
MEMORIA_TEMPORAL = 16 * 1024 * 1024  # hasta 16 MiB el archivo se arma en memoria; más, en disco


def nombre_archivo():
    return f"inventario-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


@requiere_permiso("inventario.view_equipo")
@require_GET
def exportar(request):
    consulta = consulta_de_parametros(request.GET)
    por_tipo = request.GET.get("por_tipo") == "1"
    total = consulta.count()
    if total <= UMBRAL_DIRECTO:
        archivo = tempfile.SpooledTemporaryFile(max_size=MEMORIA_TEMPORAL)  # noqa: SIM115  lo cierra FileResponse
        try:
            escribir_xlsx(consulta, archivo, por_tipo=por_tipo)
        except OSError as exc:
            archivo.close()  # temporal anónimo: al cerrarlo no queda nada en disco
            if not es_disco_lleno(exc):
                raise
            messages.error(request, MENSAJE_DISCO_LLENO)
            return redirect(f"{reverse('inventario:lista')}?{request.GET.urlencode()}")
        archivo.seek(0)
        return FileResponse(archivo, as_attachment=True, filename=nombre_archivo(), content_type=CONTENT_TYPE)
    parametros = dict(request.GET.lists())
    clave = tareas.registrar(request.user.pk, parametros, total, nombre_archivo())
    async_task("inventario.tasks_exportacion.exportar_a_archivo", str(clave), parametros, request.user.pk,
               task_name=f"Exportación {clave}")
    return redirect("inventario:exportacion_estado", clave=clave)


def _estado_propio(request, clave):
    estado = tareas.leer_estado(clave)
    if estado is None or estado.get("usuario_id") != request.user.pk:
        raise Http404("No existe esa exportación.")  # la de otro usuario tampoco «existe» para este
    return estado


@requiere_permiso("inventario.view_equipo")
@require_GET
def estado(request, clave):
    datos = _estado_propio(request, clave)
    lista = datos["estado"] == tareas.LISTA and tareas.ruta_archivo(clave).is_file()
    total = datos.get("total") or 0
    porcentaje = 100 if lista else min(99, int(100 * datos.get("filas", 0) / total)) if total else 0
    return render(request, "inventario/exportacion_estado.html", {
        "clave": clave,
        "exportacion": datos,
        "lista": lista,
        "error": datos["estado"] == tareas.ERROR,
        "mensaje_error": datos.get("mensaje", ""),
        "porcentaje": porcentaje,
    })


@requiere_permiso("inventario.view_equipo")
@require_GET
def descargar(request, clave):
    datos = _estado_propio(request, clave)
    ruta = tareas.ruta_archivo(clave)
    if datos["estado"] != tareas.LISTA or not ruta.is_file():
        raise Http404("La exportación todavía no está lista.")
    return FileResponse(open(ruta, "rb"), as_attachment=True,  # noqa: SIM115  lo cierra FileResponse
                        filename=datos.get("nombre") or nombre_archivo(), content_type=CONTENT_TYPE)
