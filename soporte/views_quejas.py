"""Quejas para el personal (lista, detalle con la respuesta de la Dirección, alta) y encuesta por teléfono."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_http_methods

from comun.roles import requiere_permiso

from . import services
from .choices import CanalQueja, Estado, EstadoQueja
from .forms_publicos import EncuestaForm, QuejaForm, QuejasFiltroForm, RespuestaQuejaForm
from .models import Encuesta, Queja, Solicitud
from .validadores import sin_nulos

POR_PAGINA = 50


@requiere_permiso("soporte.view_queja")
def lista(request):
    filtro = QuejasFiltroForm(request.GET or None)
    consulta = Queja.objects.select_related("solicitud__servicio", "respondida_por")
    if filtro.is_valid():
        datos = filtro.cleaned_data
        if datos["estado"]:
            consulta = consulta.filter(estado=datos["estado"])
        if datos["servicio"]:
            consulta = consulta.filter(solicitud__servicio=datos["servicio"])
        if datos["q"].strip():
            texto = datos["q"].strip()
            consulta = consulta.filter(Q(folio__icontains=texto) | Q(solicitud__folio__icontains=texto))
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    return render(request, "soporte/quejas/lista.html", {
        "filtro": filtro,
        "pagina": Paginator(consulta.order_by("-creada", "-pk"), POR_PAGINA).get_page(request.GET.get("pagina")),
        "qs_pagina": parametros.urlencode(),
        "pendientes": Queja.objects.filter(estado=EstadoQueja.RECIBIDA).count(),
    })


def _queja(folio):
    return get_object_or_404(
        Queja.objects.select_related("solicitud__servicio", "incumplimiento", "respondida_por", "registrada_por"),
        folio=sin_nulos(folio),
    )


@requiere_permiso("soporte.view_queja")
@require_http_methods(["GET", "POST"])
def detalle(request, folio):
    queja = _queja(folio)
    puede_responder = request.user.has_perm("soporte.responder_queja")
    form = RespuestaQuejaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not puede_responder:
            raise PermissionDenied("Solo la Dirección responde las quejas.")
        if form.is_valid():
            try:
                services.responder_queja(queja, form.cleaned_data["respuesta"], request.user)
            except services.AccionNoPermitida as error:
                messages.error(request, str(error))
                status = 409
            else:
                messages.success(request, f"La queja {queja.folio} quedó respondida y cerrada.")
                return redirect("soporte:queja", folio=queja.folio)
        else:
            status = 400
        queja = _queja(folio)
    return render(request, "soporte/quejas/detalle.html", {
        "queja": queja, "form": form, "puede_responder": puede_responder,
    }, status=status)


def _a_la_solicitud(solicitud):
    try:
        return redirect(solicitud)
    except NoReverseMatch:  # la ficha de la solicitud aún no está montada
        return redirect("soporte:encuesta_telefono", folio=solicitud.folio)


def _solicitud(folio):
    return get_object_or_404(Solicitud.objects.select_related("servicio", "solicitante"), folio=sin_nulos(folio))


@requiere_permiso("soporte.add_queja")
@require_http_methods(["GET", "POST"])
def nueva(request, folio):
    solicitud = _solicitud(folio)
    incumplimientos = list(solicitud.incumplimientos.all())
    inicial = {"presentada_por": solicitud.solicitante.nombre_completo}
    if incumplimientos:
        inicial["compromiso"] = incumplimientos[0].compromiso
    form = QuejaForm(request.POST or None, initial=inicial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                queja = services.presentar_queja(solicitud, canal=CanalQueja.MESA, usuario=request.user,
                                                 **form.cleaned_data)
            except services.AccionNoPermitida as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Se registró la queja {queja.folio}; se avisó a la Dirección.")
                return redirect(queja)
    return render(request, "soporte/quejas/nueva.html", {
        "solicitud": solicitud, "form": form, "incumplimientos": incumplimientos,
    }, status=status)


@requiere_permiso("soporte.change_encuesta")
@require_http_methods(["GET", "POST"])
def encuesta_telefono(request, folio):
    solicitud = _solicitud(folio)
    encuesta = Encuesta.objects.filter(solicitud=solicitud).first()
    contexto = {"solicitud": solicitud, "encuesta": encuesta}
    if solicitud.estado not in (Estado.RESUELTA, Estado.CERRADA) or encuesta is None:
        contexto["aviso"] = "La encuesta se levanta cuando la solicitud está resuelta o cerrada."
        return render(request, "soporte/quejas/encuesta_telefono.html", contexto, status=409)
    if encuesta.respondida_en is not None:
        contexto["aviso"] = "Esta encuesta ya fue contestada."
        return render(request, "soporte/quejas/encuesta_telefono.html", contexto,
                      status=409 if request.method == "POST" else 200)
    form = EncuestaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.responder_encuesta(encuesta, form.cleaned_data["calificacion"],
                                            form.cleaned_data["comentario"], medio=Encuesta.Medio.TELEFONO,
                                            usuario=request.user)
            except services.AccionNoPermitida as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Se registró la encuesta de la solicitud {solicitud.folio}.")
                return _a_la_solicitud(solicitud)
        return render(request, "soporte/quejas/encuesta_telefono.html", {**contexto, "form": form}, status=400)
    return render(request, "soporte/quejas/encuesta_telefono.html", {**contexto, "form": form})
