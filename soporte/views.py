"""Vistas de la mesa de servicio: cola, registro rápido de llamadas, detalle y sus acciones."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.http import require_POST

from comun.calendario import Calendario
from comun.formularios import es_id
from comun.models import Empleado
from comun.roles import requiere_permiso
from inventario.filters import buscar as buscar_en_inventario
from inventario.models import Equipo

from . import services, sla
from .choices import ABIERTOS, Estado, TipoResolucion
from .filters import VISTAS, SolicitudFilter, aplicar_vista, ordenar
from .forms import AdjuntoForm, AsignarForm, ComentarioForm, EstadoForm, SolicitudRapidaForm
from .models import Adjunto, Aviso, Servicio, Solicitud
from .timeline import linea_de_tiempo
from .validadores import TIPOS_ACEPTADOS, nombre_seguro, sin_nulos

POR_PAGINA = 50
# Partes de la página de detalle que aportan proyectos, asesorías y quejas (si su plantilla existe).
PARCIALES = ["soporte/_detalle_proyecto.html", "soporte/_detalle_asesoria.html", "soporte/_detalle_quejas.html"]


def _parciales():
    existentes = []
    for nombre in PARCIALES:
        try:
            get_template(nombre)
        except TemplateDoesNotExist:
            continue
        existentes.append(nombre)
    return existentes


def _con_relojes(solicitudes, ahora=None):
    """Adjunta los relojes a cada solicitud de la página: 1 consulta de bitácora + 2 del calendario."""
    ahora = ahora or timezone.now()
    abiertas = [s for s in solicitudes if s.estado in ABIERTOS]
    bitacoras = services.bitacoras_de([s.pk for s in abiertas]) if abiertas else {}
    calendario = Calendario.cargar() if abiertas else None
    for solicitud in solicitudes:
        solicitud.relojes = (
            sla.relojes(solicitud, bitacoras.get(solicitud.pk, []), calendario, ahora)
            if solicitud.estado in ABIERTOS else []
        )
    return solicitudes


@requiere_permiso("soporte.view_solicitud")
def cola(request):
    vista = request.GET.get("vista")
    if vista not in VISTAS:
        vista = "mias" if request.user.solicitudes_asignadas.filter(estado__in=ABIERTOS).exists() else "todas"
    datos = request.GET.copy()
    if "estado" not in datos and vista != "todas":
        datos["estado"] = "abiertas"
    filtro = SolicitudFilter(datos, queryset=aplicar_vista(Solicitud.objects.all(), vista, request.user))
    consulta, orden = ordenar(filtro.qs, request.GET.get("orden", "vence"))
    # Primero los ids de la página (orden sobre columnas indexadas, sin uniones ni textos largos); luego sus filas.
    pagina = Paginator(consulta.values_list("pk", flat=True), POR_PAGINA).get_page(request.GET.get("pagina"))
    ids = list(pagina.object_list)
    filas = Solicitud.objects.para_cola().in_bulk(ids)
    pagina.object_list = _con_relojes([filas[pk] for pk in ids if pk in filas])
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    sin_vista = parametros.copy()
    sin_vista.pop("vista", None)
    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "vista": vista,
        "vistas": VISTAS,
        "orden": orden,
        "qs_pagina": parametros.urlencode(),
        "qs_vista": sin_vista.urlencode(),
        "filtros_activos": sum(1 for k, v in request.GET.items() if v and k not in ("pagina", "orden", "q", "vista")),
    }
    plantilla = "soporte/_cola_resultados.html" if request.headers.get("HX-Request") else "soporte/cola.html"
    return render(request, plantilla, contexto)


@requiere_permiso("soporte.add_solicitud")
def nueva(request):
    puede_asignar = request.user.has_perm("soporte.asignar_solicitud")
    form = SolicitudRapidaForm(request.POST or None, request.FILES or None, puede_asignar=puede_asignar)
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        try:
            with transaction.atomic():
                solicitante = datos["solicitante"] or Empleado.objects.create(
                    nombre=datos["nuevo_nombre"].strip(), apellidos=datos["nuevo_apellidos"].strip(),
                    dependencia=datos["nuevo_dependencia"], extension=datos["nuevo_extension"].strip(),
                )
                servicio = datos["servicio"]
                por_unidad = servicio.tipo_resolucion == TipoResolucion.POR_UNIDAD
                solicitud = services.crear_solicitud(
                    servicio=servicio, solicitante=solicitante, asunto=datos["asunto"],
                    descripcion=datos["descripcion"], canal=datos["canal"], equipos=datos["equipos"],
                    urgencia=datos["urgencia"], impacto=datos["impacto"], usuario=request.user,
                    cantidad=(datos.get("cantidad") or 1) if por_unidad else 1,
                    fecha_compromiso=datos["fecha_compromiso"] if servicio.tipo_resolucion == TipoResolucion.RANGO
                    else None,
                    tecnico=datos.get("tecnico"),
                )
                if datos.get("adjunto"):
                    services.adjuntar(solicitud, datos["adjunto"], form.tipo_adjunto, request.user, "Oficio")
        except services.AccionNoPermitida as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{solicitud.get_absolute_url()}?registrada=1")
    elegido = form["solicitante"].value()
    contexto = {
        "form": form,
        "servicios": Servicio.objects.filter(activo=True),
        "elegido": Empleado.objects.filter(pk=elegido).select_related("dependencia").first()
        if es_id(elegido) else None,
    }
    return render(request, "soporte/nueva.html", contexto, status=400 if form.errors else 200)


@requiere_permiso("soporte.add_solicitud")
def contexto_solicitante(request):
    """Fragmento htmx: la dependencia, los equipos y las solicitudes abiertas de quien llama."""
    pk = request.GET.get("solicitante", "")
    empleado = (
        Empleado.objects.select_related("dependencia").filter(pk=pk).first() if es_id(pk) else None
    )
    if empleado is None:
        return render(request, "soporte/_solicitante.html", {"empleado": None})
    equipos = Equipo.objects.vigentes().filter(resguardante=empleado).select_related("tipo", "modelo__marca")
    abiertas = (
        Solicitud.objects.filter(solicitante=empleado, estado__in=ABIERTOS).select_related("servicio", "tecnico")
        .order_by("-recibida")[:10]
    )
    marcados = set(request.GET.getlist("equipos"))
    return render(request, "soporte/_solicitante.html", {
        "empleado": empleado, "equipos": equipos[:30], "abiertas": abiertas, "marcados": marcados,
    })


@requiere_permiso("soporte.add_solicitud")
def buscar_equipos(request):
    """Fragmento htmx: equipos por número de inventario, serie, hostname, IP o resguardante."""
    texto = request.GET.get("q_equipo", "").replace("\x00", "").strip()[:80]
    equipos = (
        buscar_en_inventario(Equipo.objects.vigentes().select_related("tipo", "resguardante"), texto)
        .order_by("numero_inventario")[:15] if len(texto) >= 2 else []
    )
    return render(request, "soporte/_equipos_encontrados.html", {"equipos": equipos, "texto": texto})


def _solicitud(folio):
    return get_object_or_404(
        Solicitud.objects.select_related(
            "servicio", "solicitante__dependencia", "dependencia", "tecnico", "registrada_por"
        ),
        folio=sin_nulos(folio).upper(),
    )


def _contexto_detalle(request, solicitud, **formularios):
    usuario = request.user
    _con_relojes([solicitud])
    puede_atender = usuario.has_perm("soporte.atender_solicitud") and (
        usuario.has_perm("soporte.asignar_solicitud") or solicitud.tecnico_id == usuario.pk
    )
    return {
        "solicitud": solicitud,
        "equipos": solicitud.equipos.select_related("tipo", "modelo__marca"),
        "linea": linea_de_tiempo(solicitud),
        "incumplimientos": list(solicitud.incumplimientos.all()),
        "form_asignar": formularios.get("asignar") or AsignarForm(initial={"tecnico": solicitud.tecnico_id}),
        "form_estado": formularios.get("estado") or EstadoForm(solicitud=solicitud),
        "form_comentario": formularios.get("comentario") or ComentarioForm(),
        "form_adjunto": formularios.get("adjunto") or AdjuntoForm(),
        "puede_atender": puede_atender and solicitud.estado not in (Estado.CERRADA, Estado.CANCELADA),
        "recien_registrada": request.GET.get("registrada") == "1",
        "error_accion": formularios.get("error"),
        "parciales": _parciales(),
    }


@requiere_permiso("soporte.view_solicitud")
def detalle(request, folio):
    solicitud = _solicitud(folio)
    return render(request, "soporte/detalle.html", _contexto_detalle(request, solicitud))


def _rechazo(request, solicitud, **formularios):
    return render(request, "soporte/detalle.html", _contexto_detalle(request, solicitud, **formularios), status=400)


@requiere_permiso("soporte.asignar_solicitud")
@require_POST
def asignar(request, folio):
    solicitud = _solicitud(folio)
    form = AsignarForm(request.POST)
    if not form.is_valid():
        return _rechazo(request, solicitud, asignar=form)
    try:
        services.asignar(solicitud, form.cleaned_data["tecnico"], request.user)
    except services.AccionNoPermitida as error:
        return _rechazo(request, solicitud, asignar=form, error=str(error))
    tecnico = form.cleaned_data["tecnico"]
    messages.success(request, f"{solicitud.folio} asignada a {tecnico.get_full_name() or tecnico.username}.")
    return redirect(solicitud)


@requiere_permiso("soporte.atender_solicitud")
@require_POST
def cambiar_estado(request, folio):
    solicitud = _solicitud(folio)
    if not request.user.has_perm("soporte.asignar_solicitud") and solicitud.tecnico_id != request.user.pk:
        raise PermissionDenied("Solo el técnico asignado o un supervisor cambia el estado de esta solicitud.")
    form = EstadoForm(request.POST, solicitud=solicitud)
    if not form.is_valid():
        return _rechazo(request, solicitud, estado=form)
    datos = form.cleaned_data
    try:
        services.cambiar_estado(solicitud, datos["estado"], request.user, nota=datos["nota"],
                                tipo_espera=datos["tipo_espera"], resolucion=datos["resolucion"])
    except services.AccionNoPermitida as error:
        return _rechazo(request, solicitud, estado=form, error=str(error))
    messages.success(request, f"{solicitud.folio}: {Estado(datos['estado']).label.lower()}.")
    return redirect(solicitud)


@requiere_permiso("soporte.change_solicitud")
@require_POST
def comentar(request, folio):
    solicitud = _solicitud(folio)
    form = ComentarioForm(request.POST)
    if not form.is_valid():
        return _rechazo(request, solicitud, comentario=form)
    services.comentar(solicitud, form.cleaned_data["texto"], request.user, form.cleaned_data["publico"])
    messages.success(request, "Comentario agregado.")
    return redirect(f"{solicitud.get_absolute_url()}#linea")


@requiere_permiso("soporte.change_solicitud")
@require_POST
def adjuntar(request, folio):
    solicitud = _solicitud(folio)
    form = AdjuntoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _rechazo(request, solicitud, adjunto=form)
    services.adjuntar(solicitud, form.cleaned_data["archivo"], form.tipo, request.user,
                      form.cleaned_data["descripcion"])
    messages.success(request, "Archivo adjuntado.")
    return redirect(f"{solicitud.get_absolute_url()}#linea")


@requiere_permiso("soporte.view_solicitud")
def adjunto(request, pk):
    archivo = get_object_or_404(Adjunto, pk=pk)
    try:
        contenido = archivo.archivo.open("rb")
    except FileNotFoundError as error:
        raise Http404("El archivo ya no está en el servidor.") from error
    tipo = archivo.tipo if archivo.tipo in TIPOS_ACEPTADOS else "application/octet-stream"
    respuesta = FileResponse(contenido, as_attachment=True, filename=nombre_seguro(archivo.nombre, tipo),
                             content_type=tipo)
    respuesta["X-Content-Type-Options"] = "nosniff"
    return respuesta


@requiere_permiso("soporte.view_solicitud")
def avisos(request):
    if request.method == "POST":
        Aviso.objects.filter(usuario=request.user, leido=False).update(leido=True)
        messages.success(request, "Avisos marcados como leídos.")
        return redirect("soporte:avisos")
    lista = Aviso.objects.filter(usuario=request.user).select_related("solicitud")[:100]
    return render(request, "soporte/avisos.html", {"avisos": lista})
