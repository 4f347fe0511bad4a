"""Páginas de la importación de inventario: subir, vista previa, mapeo, confirmar, rechazadas, progreso."""
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_q.tasks import async_task

from comun.roles import requiere_permiso

from . import importacion as servicio
from .forms_importacion import OpcionesForm, SubirArchivoForm
from .models_importacion import Importacion

PERMISO = "inventario.add_equipo"
LIMITE_TABLA = 500


def _recientes():
    return (
        Importacion.objects.select_related("usuario").defer("resumen", "opciones")
        .annotate(nuevos=KT("resumen__nuevos"), cambiados=KT("resumen__cambiados"),
                  rechazados=KT("resumen__rechazados"))[:30]
    )


@requiere_permiso(PERMISO)
def importar(request):
    form = SubirArchivoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            archivo = form.cleaned_data["archivo"]
            datos = archivo.read()
            try:
                hojas = servicio.leer_libro(datos, archivo.name)
            except servicio.ArchivoInvalido as exc:
                form.add_error("archivo", str(exc))
            else:
                importacion = Importacion(usuario=request.user, archivo_nombre=archivo.name[:255],
                                          opciones={"mapeo": {}, "crear_catalogos": False})
                importacion.archivo.save(archivo.name, ContentFile(datos), save=False)
                importacion.save()
                if sum(h.filas_declaradas for h in hojas) > servicio.FILAS_EN_SEGUNDO_PLANO:
                    async_task("inventario.tasks.analizar_importacion", importacion.pk, intento=importacion.intento)
                    return redirect(importacion)
                if servicio.analizar_importacion(importacion) is None:
                    form.add_error("archivo", importacion.error)
                else:
                    return redirect(importacion)
        status = 400
    return render(request, "inventario/importacion/subir.html",
                  {"form": form, "importaciones": _recientes()}, status=status)


def _contexto(importacion, opciones_form=None):
    resumen = importacion.resumen or {}
    opciones = importacion.opciones or {}
    if opciones_form is None:
        opciones_form = OpcionesForm(sin_reconocer=resumen.get("sin_reconocer", []), mapeo=opciones.get("mapeo"),
                                     initial={"crear_catalogos": opciones.get("crear_catalogos", False)})
    problemas = resumen.get("problemas", [])
    return {
        "importacion": importacion,
        "resumen": resumen,
        "problemas": problemas[:LIMITE_TABLA],
        "problemas_ocultos": max(resumen.get("problemas_total", len(problemas)) - LIMITE_TABLA, 0),
        "cambios": resumen.get("cambios", []),
        "opciones_form": opciones_form,
        "crear_catalogos": opciones.get("crear_catalogos", False),
        "a_escribir": resumen.get("nuevos", 0) + resumen.get("cambiados", 0),
    }


@requiere_permiso(PERMISO)
def detalle(request, pk):
    importacion = get_object_or_404(Importacion.objects.select_related("usuario"), pk=pk)
    if request.method == "POST":  # «Reintentar» una importación que un trabajador muerto dejó interrumpida
        if request.POST.get("accion") != "reintentar":
            return render(request, "inventario/importacion/detalle.html", _contexto(importacion), status=400)
        try:
            servicio.reintentar_importacion(importacion, request.user)
        except servicio.NoReintentable as exc:
            messages.error(request, str(exc))
            return render(request, "inventario/importacion/detalle.html", _contexto(importacion), status=409)
        messages.info(request, "Se volvió a encolar la importación.")
        return redirect(importacion)
    return render(request, "inventario/importacion/detalle.html", _contexto(importacion))


@requiere_permiso(PERMISO)
def estado(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    respuesta = render(request, "inventario/importacion/_progreso.html", {"importacion": importacion})
    if not importacion.en_proceso and request.headers.get("HX-Request"):
        respuesta["HX-Refresh"] = "true"
    return respuesta


@requiere_permiso(PERMISO)
@require_POST
def opciones(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    if importacion.estado != Importacion.Estado.ANALIZADA:
        messages.error(request, "Esta importación ya no se puede volver a analizar.")
        return redirect(importacion)
    form = OpcionesForm(request.POST, sin_reconocer=(importacion.resumen or {}).get("sin_reconocer", []))
    if not form.is_valid():
        return render(request, "inventario/importacion/detalle.html", _contexto(importacion, form), status=400)
    mapeo = {**(importacion.opciones or {}).get("mapeo", {}), **form.mapeo()}
    servicio.recordar_mapeo(form.mapeo())
    importacion.opciones = {"mapeo": mapeo, "crear_catalogos": form.cleaned_data["crear_catalogos"]}
    importacion.save(update_fields=["opciones"])
    if (importacion.resumen or {}).get("filas_total", 0) > servicio.FILAS_EN_SEGUNDO_PLANO:
        async_task("inventario.tasks.analizar_importacion", importacion.pk, intento=importacion.intento)
    else:
        servicio.analizar_importacion(importacion)
    messages.info(request, "Se volvió a analizar el archivo con sus indicaciones.")
    return redirect(importacion)


@requiere_permiso(PERMISO)
@require_POST
def confirmar(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    if importacion.estado != Importacion.Estado.ANALIZADA:
        messages.error(request, "Esta importación no está lista para confirmarse.")
        return redirect(importacion)
    solo_validas = request.POST.get("modo") == "solo_validas"
    resumen = importacion.resumen or {}
    if resumen.get("rechazados") and not solo_validas:
        messages.error(request, "Hay filas rechazadas: corríjalas o elija «Importar solo las filas válidas».")
        return render(request, "inventario/importacion/detalle.html", _contexto(importacion), status=400)
    # Tomar la importación de forma atómica: dos clics (o dos administradores) no la aplican dos veces.
    tomada = Importacion.objects.filter(pk=pk, estado=Importacion.Estado.ANALIZADA).update(
        estado=Importacion.Estado.APLICANDO, progreso=0, proceso="", latido=timezone.now()
    )
    if not tomada:
        messages.error(request, "Esta importación ya se está aplicando o ya se aplicó.")
        return redirect(importacion)
    if resumen.get("filas_total", 0) > servicio.FILAS_EN_SEGUNDO_PLANO:
        async_task("inventario.tasks.aplicar_importacion", importacion.pk, request.user.pk, solo_validas,
                   intento=importacion.intento)
        return redirect(importacion)
    if servicio.aplicar_importacion(importacion, request.user, solo_validas=solo_validas):
        aplicado = importacion.resumen.get("aplicado", {})
        nuevos, cambiados = aplicado.get("nuevos", 0), aplicado.get("cambiados", 0)
        messages.success(
            request,
            f"Importación #{importacion.pk} aplicada: {nuevos} equipo{'s' if nuevos != 1 else ''} "
            f"nuevo{'s' if nuevos != 1 else ''} y {cambiados} actualizado{'s' if cambiados != 1 else ''}.",
        )
        return redirect(importacion)
    messages.error(request, importacion.error)
    return render(request, "inventario/importacion/detalle.html", _contexto(importacion), status=400)


@requiere_permiso(PERMISO)
def rechazadas(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    contenido = servicio.libro_rechazadas(importacion.resumen or {})
    respuesta = HttpResponse(
        contenido, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    respuesta["Content-Disposition"] = f'attachment; filename="filas-rechazadas-importacion-{importacion.pk}.xlsx"'
    return respuesta
