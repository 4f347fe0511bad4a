"""Páginas de proyectos (fases, avance, hitos, archivos) y de asesorías."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from comun.calendario import Calendario
from comun.roles import requiere_permiso

from . import proyectos as acciones
from . import services
from .choices import ABIERTOS, Estado
from .forms_proyectos import ArchivoForm, AsesoriaForm, CumplirHitoForm, FiltroProyectosForm, HitoForm, ProyectoForm
from .models import Solicitud
from .validadores import sin_nulos

POR_PAGINA = 50


@requiere_permiso("soporte.view_proyecto")
def proyectos(request):
    filtro = FiltroProyectosForm(request.GET or None)
    consulta = acciones.proyectos_para_lista()
    estado = 200
    datos = filtro.cleaned_data if filtro.is_valid() else {}
    if filtro.is_bound and not filtro.is_valid():
        estado = 400
    if datos.get("fase"):
        consulta = consulta.filter(fase=datos["fase"])
    if datos.get("servicio"):
        consulta = consulta.filter(solicitud__servicio__clave=datos["servicio"])
    vigentes = datos.get("vigentes", "")
    if vigentes == "":
        consulta = consulta.filter(solicitud__estado__in=ABIERTOS | {Estado.RESUELTA})
    elif vigentes == "terminados":
        consulta = consulta.filter(solicitud__estado__in=[Estado.CERRADA, Estado.CANCELADA])
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    hoy = timezone.localdate()
    filas = [
        {"proyecto": p, "solicitud": p.solicitud, "dias": acciones.dias_restantes(p.solicitud.fecha_compromiso, hoy),
         "siguiente": p.hitos_pendientes[0] if p.hitos_pendientes else None}
        for p in pagina.object_list
    ]
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    return render(request, "soporte/proyectos/lista.html", {
        "filtro": filtro, "pagina": pagina, "filas": filas, "qs_pagina": parametros.urlencode(),
    }, status=estado)


def _formularios(datos=None, archivos=None, accion=None):
    """Los tres formularios de la página; solo el de la acción enviada va ligado a los datos."""
    return {
        "form_proyecto": ProyectoForm(datos if accion == "avance" else None, prefix="avance"),
        "form_hito": HitoForm(datos if accion == "hito" else None, prefix="hito"),
        "form_archivo": ArchivoForm(datos if accion == "archivo" else None,
                                    archivos if accion == "archivo" else None, prefix="archivo"),
    }


def _pagina_proyecto(request, solicitud, proyecto, formularios, estado=200):
    if not formularios["form_proyecto"].is_bound:
        formularios["form_proyecto"].initial = {"fase": proyecto.fase, "avance": proyecto.avance,
                                                 "responsable": proyecto.responsable_id}
    return render(request, "soporte/proyectos/detalle.html", {
        "solicitud": solicitud,
        "proyecto": proyecto,
        "hitos": list(proyecto.hitos.all()),
        "adjuntos": list(solicitud.adjuntos.select_related("subido_por")),
        "historial": acciones.historial_proyecto(proyecto),
        "dias": acciones.dias_restantes(solicitud.fecha_compromiso),
        "hoy": timezone.localdate(),
        **formularios,
    }, status=estado)


@requiere_permiso("soporte.view_proyecto")
@require_http_methods(["GET", "POST"])
def proyecto(request, folio):
    solicitud = get_object_or_404(
        Solicitud.objects.select_related("servicio", "dependencia", "solicitante", "tecnico"),
        folio=sin_nulos(folio), servicio__con_fases=True,
    )
    proyecto = acciones.proyecto_de(solicitud, request.user)
    if request.method == "GET":
        return _pagina_proyecto(request, solicitud, proyecto, _formularios())
    if not request.user.has_perm("soporte.change_proyecto"):
        raise PermissionDenied("Su rol no puede modificar proyectos.")
    accion = request.POST.get("accion", "")
    formularios = _formularios(request.POST, request.FILES, accion)
    try:
        if accion == "avance":
            form = formularios["form_proyecto"]
            if form.is_valid():
                datos = form.cleaned_data
                acciones.actualizar_proyecto(proyecto, fase=datos["fase"], avance=datos["avance"],
                                             responsable=datos["responsable"], nota=datos["nota"],
                                             usuario=request.user)
                messages.success(request, "Se guardó el avance del proyecto.")
                return redirect("soporte:proyecto", folio)
        elif accion == "hito":
            form = formularios["form_hito"]
            if form.is_valid():
                datos = form.cleaned_data
                acciones.agregar_hito(proyecto, nombre=datos["nombre"], fase=datos["fase"],
                                      fecha_objetivo=datos["fecha_objetivo"], usuario=request.user)
                messages.success(request, f"Se agregó el hito «{datos['nombre']}».")
                return redirect("soporte:proyecto", folio)
        elif accion == "cumplir":
            form = CumplirHitoForm(request.POST)
            if not form.is_valid():
                return _error(request, solicitud, proyecto, formularios, "Elija el hito que se cumplió.")
            hito = proyecto.hitos.filter(pk=form.cleaned_data["hito"]).first()
            if hito is None:
                return _error(request, solicitud, proyecto, formularios, "Ese hito no es de este proyecto.")
            acciones.cumplir_hito(hito, usuario=request.user)
            messages.success(request, f"Hito «{hito.nombre}» marcado como cumplido.")
            return redirect("soporte:proyecto", folio)
        elif accion == "archivo":
            form = formularios["form_archivo"]
            if form.is_valid():
                datos = form.cleaned_data
                services.adjuntar(solicitud, datos["archivo"], form.tipo, request.user, datos["descripcion"])
                messages.success(request, f"Se subió «{datos['archivo'].name}».")
                return redirect("soporte:proyecto", folio)
        else:
            return _error(request, solicitud, proyecto, formularios, "Acción desconocida.")
    except services.AccionNoPermitida as error:
        return _error(request, solicitud, proyecto, formularios, str(error), estado=409)
    return _pagina_proyecto(request, solicitud, proyecto, formularios, estado=400)


def _error(request, solicitud, proyecto, formularios, texto, estado=400):
    messages.error(request, texto)
    return _pagina_proyecto(request, solicitud, proyecto, formularios, estado=estado)


@requiere_permiso("soporte.view_solicitud")
def asesorias(request):
    consulta = acciones.asesorias_para_lista()
    texto = (request.GET.get("q") or "").replace("\x00", "").strip()
    if texto:
        consulta = consulta.filter(
            Q(asesoria__tema__icontains=texto) | Q(asunto__icontains=texto) | Q(dependencia__nombre__icontains=texto)
        )
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    calendario = Calendario.cargar()
    filas = [
        {"solicitud": s, "asesoria": getattr(s, "asesoria", None),
         "minutos": acciones.minutos_primera_atencion(s, calendario)}
        for s in pagina.object_list
    ]
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    return render(request, "soporte/asesorias/lista.html", {
        "pagina": pagina, "filas": filas, "q": texto, "qs_pagina": parametros.urlencode(),
    })


@requiere_permiso("soporte.change_solicitud")
@require_http_methods(["GET", "POST"])
def asesoria(request, folio):
    solicitud = get_object_or_404(Solicitud.objects.select_related("servicio", "dependencia", "solicitante"),
                                  folio=sin_nulos(folio))
    if not solicitud.servicio.es_asesoria:
        raise Http404(f"La solicitud {folio} no es de un servicio de asesorías.")
    actual = getattr(solicitud, "asesoria", None)
    if actual is not None:
        inicial = {"tema": actual.tema, "fecha": actual.fecha, "duracion_minutos": actual.duracion_minutos,
                   "asistentes": actual.asistentes}
    else:
        inicial = {"tema": solicitud.asunto, "fecha": timezone.localtime(solicitud.atendida_en or timezone.now()),
                   "asistentes": 1}
    if inicial.get("fecha"):
        inicial["fecha"] = timezone.localtime(inicial["fecha"]).replace(second=0, microsecond=0)
    form = AsesoriaForm(request.POST or None, initial=inicial)
    estado = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                acciones.registrar_asesoria(solicitud, usuario=request.user, **form.cleaned_data)
            except services.AccionNoPermitida as error:
                form.add_error(None, str(error))
                estado = 409
            else:
                messages.success(request, f"Se guardaron los datos de la asesoría {folio}.")
                return redirect("soporte:asesorias")
        else:
            estado = 400
    return render(request, "soporte/asesorias/formulario.html", {
        "solicitud": solicitud, "form": form, "asesoria": actual,
    }, status=estado)
