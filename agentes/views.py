"""Páginas de agentes (segmentos, escaneos, cola de revisión, software, credenciales) y el punto de
recepción de los agentes (/agentes/inventario/).

Permisos: el Administrador gestiona segmentos y credenciales y lanza/cancela escaneos; Técnico y Director
ven escaneos, cola y software; el Técnico además acepta o descarta la cola (conoce los equipos en sitio);
registrar un dispositivo nuevo desde la cola pide además inventario.add_equipo (Administrador).
"""
import base64
import binascii
import ipaddress

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, IntegrityError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from comun.roles import requiere_permiso
from inventario import services as servicios_inventario
from inventario.forms import EquipoForm, InterfacesFormSet
from inventario.models import Equipo

from . import ingesta, protocolo, services
from .choices import EstadoRevision, TipoAgente, TipoRevision
from .forms import BusquedaSoftwareForm, CredencialForm, FiltroEscaneosForm, SegmentoForm
from .models import Agente, CredencialAgente, Escaneo, Revision, Segmento, Software
from .soporte_so import fin_de_soporte

POR_PAGINA = 50


# -- Segmentos y escaneos ----------------------------------------------------------------------


@requiere_permiso("agentes.view_segmento")
def segmentos(request):
    ultimo = Escaneo.objects.filter(segmento=OuterRef("pk")).order_by("-creado", "-id")
    lista = Segmento.objects.select_related("dependencia").annotate(
        ultimo_estado=Subquery(ultimo.values("estado")[:1]),
        ultimo_fin=Subquery(ultimo.values("fin")[:1]),
        ultimo_hosts=Subquery(ultimo.values("hosts_activos")[:1]),
        ultimo_id=Subquery(ultimo.values("pk")[:1]),
    )
    pendientes = Revision.objects.pendientes().count()
    return render(request, "agentes/segmentos.html", {"segmentos": lista, "pendientes": pendientes})


def _guardar_segmento(request, segmento, mensaje):
    form = SegmentoForm(request.POST or None, instance=segmento)
    if request.method == "POST":
        if form.is_valid():
            segmento = form.save()
            messages.success(request, mensaje.format(segmento=segmento))
            return redirect(segmento)
        messages.error(request, "Revise los campos marcados: el segmento no se guardó.")
    status = 400 if request.method == "POST" else 200
    return render(request, "agentes/segmento_form.html", {"form": form, "segmento": segmento}, status=status)


@requiere_permiso("agentes.add_segmento")
@require_http_methods(["GET", "POST"])
def segmento_nuevo(request):
    return _guardar_segmento(request, Segmento(), "Se creó el segmento {segmento.nombre}.")


@requiere_permiso("agentes.change_segmento")
@require_http_methods(["GET", "POST"])
def segmento_editar(request, pk):
    return _guardar_segmento(request, get_object_or_404(Segmento, pk=pk), "Se guardó el segmento {segmento.nombre}.")


@requiere_permiso("agentes.view_segmento")
def segmento(request, pk):
    objeto = get_object_or_404(Segmento.objects.select_related("dependencia"), pk=pk)
    pagina = Paginator(objeto.escaneos.select_related("solicitado_por"), 20).get_page(request.GET.get("pagina"))
    return render(request, "agentes/segmento.html", {"segmento": objeto, "pagina": pagina})


@requiere_permiso("agentes.escanear_segmento")
@require_POST
def escanear(request, pk):
    objeto = get_object_or_404(Segmento, pk=pk)
    try:
        escaneo = services.solicitar_escaneo(objeto, request.user)
    except services.AccionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect(objeto)
    messages.success(request, f"Escaneo de {objeto.nombre} en cola; esta página muestra su avance.")
    return redirect(escaneo)


@requiere_permiso("agentes.view_escaneo")
def escaneos(request):
    """Todos los escaneos, de todos los segmentos, del más reciente al más viejo; filtro por estado y segmento."""
    form = FiltroEscaneosForm(request.GET or None)
    lista = Escaneo.objects.select_related("segmento", "solicitado_por").order_by("-creado", "-id")
    if form.is_bound and not form.is_valid():
        return render(request, "agentes/escaneos.html", {"form": form, "pagina": None}, status=400)
    if form.is_bound:
        if form.cleaned_data["estado"]:
            lista = lista.filter(estado=form.cleaned_data["estado"])
        if form.cleaned_data["segmento"]:
            lista = lista.filter(segmento=form.cleaned_data["segmento"])
    pagina = Paginator(lista, POR_PAGINA).get_page(request.GET.get("pagina"))
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return render(request, "agentes/escaneos.html", {"form": form, "pagina": pagina, "qs_pagina": consulta.urlencode()})


def _contexto_escaneo(escaneo):
    return {"escaneo": escaneo, "pendientes": escaneo.revisiones.filter(estado=EstadoRevision.PENDIENTE).count()}


@requiere_permiso("agentes.view_escaneo")
def escaneo(request, pk):
    objeto = get_object_or_404(Escaneo.objects.select_related("segmento", "solicitado_por"), pk=pk)
    hosts = Paginator(objeto.hosts.select_related("equipo").order_by("id"), 100).get_page(request.GET.get("pagina"))
    return render(request, "agentes/escaneo.html", {**_contexto_escaneo(objeto), "hosts": hosts})


@requiere_permiso("agentes.view_escaneo")
def escaneo_estado(request, pk):
    objeto = get_object_or_404(Escaneo.objects.select_related("segmento"), pk=pk)
    respuesta = render(request, "agentes/_estado_escaneo.html", _contexto_escaneo(objeto))
    if not objeto.abierto and request.headers.get("HX-Request"):
        respuesta["HX-Refresh"] = "true"  # terminó: recargar la página para ver los hosts
    return respuesta


@requiere_permiso("agentes.escanear_segmento")
@require_POST
def cancelar(request, pk):
    objeto = get_object_or_404(Escaneo, pk=pk)
    try:
        services.cancelar_escaneo(objeto)
    except services.AccionNoPermitida as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Se pidió cancelar el escaneo; nmap se detendrá en unos segundos.")
    return redirect(objeto)


# -- Cola de revisión --------------------------------------------------------------------------


@requiere_permiso("agentes.view_revision")
def revisiones(request):
    estado = request.GET.get("estado") or EstadoRevision.PENDIENTE
    tipo = request.GET.get("tipo") or ""
    consulta = Revision.objects.para_lista()
    if estado in EstadoRevision.values:
        consulta = consulta.filter(estado=estado)
    if tipo in TipoRevision.values:
        consulta = consulta.filter(tipo=tipo)
    escaneo_id = request.GET.get("escaneo") or ""
    if escaneo_id.isascii() and escaneo_id.isdigit() and len(escaneo_id) <= 9:
        consulta = consulta.filter(escaneo_id=int(escaneo_id))
    conteos = dict(Revision.objects.pendientes().values_list("tipo").annotate(n=Count("pk")).order_by())
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    return render(request, "agentes/revisiones.html", {
        "pagina": pagina, "estado": estado, "tipo": tipo, "escaneo_id": escaneo_id,
        "tipos": [(valor, etiqueta, conteos.get(valor, 0)) for valor, etiqueta in TipoRevision.choices],
        "estados": EstadoRevision.choices, "qs": parametros.urlencode(),
        "puede_resolver": request.user.has_perm("agentes.resolver_revision"),
        "puede_registrar": request.user.has_perm("inventario.add_equipo"),
    })


@requiere_permiso("agentes.resolver_revision")
@require_POST
def resolver(request):
    accion = request.POST.get("accion")
    ids = [int(x) for x in request.POST.getlist("ids") if x.isascii() and x.isdigit() and len(x) <= 9]
    destino = request.POST.get("siguiente") or ""
    if not destino.startswith("/agentes/"):
        destino = "agentes:revisiones"
    if accion not in ("aceptar", "descartar") or not ids:
        messages.error(request, "Elija al menos un elemento y la acción (aceptar o descartar).")
        return redirect(destino)
    hechas, avisos = services.resolver(Revision.objects.filter(pk__in=ids).order_by("pk"), accion, request.user)
    verbo = "aceptaron" if accion == "aceptar" else "descartaron"
    if hechas:
        messages.success(request, f"Se {verbo} {hechas} elemento{'s' if hechas != 1 else ''}.")
    for aviso in avisos[:5]:
        messages.warning(request, aviso)
    return redirect(destino)


@requiere_permiso("agentes.resolver_revision")
@require_POST
def ignorar(request, pk):
    revision = get_object_or_404(Revision, pk=pk, estado=EstadoRevision.PENDIENTE)
    try:
        services.ignorar_siempre(revision, request.user)
    except services.AccionNoPermitida as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"La MAC {revision.mac} se ignorará en los próximos escaneos.")
    return redirect("agentes:revisiones")


def _iniciales(revision):
    datos = revision.datos or {}
    inicial = {"hostname": (revision.hostname or "")[:63]}
    interfaces = [{"nombre": "Red", "mac": revision.mac, "ip": revision.ip}] if revision.mac or revision.ip else []
    if revision.agente_id:
        agente = revision.agente
        inicial.update({"numero_serie": agente.numero_serie, "procesador": agente.procesador[:120],
                        "sistema_operativo": agente.so_completo[:80],
                        "ram_gb": round(agente.ram_mb / 1024) if agente.ram_mb else None})
        interfaces = [{"nombre": i.get("nombre") or "Red", "mac": i.get("mac"), "ip": i.get("ip") or None}
                      for i in (agente.interfaces or [])[:1]]
    elif datos.get("sistema_operativo"):
        inicial["notas"] = f"Sistema operativo estimado por nmap: {datos['sistema_operativo']}"
    return inicial, interfaces


@requiere_permiso("agentes.resolver_revision", "inventario.add_equipo")
@require_http_methods(["GET", "POST"])
def registrar(request, pk):
    """Registra en el inventario el dispositivo nuevo de la cola, con el formulario de inventario prellenado."""
    revision = get_object_or_404(Revision.objects.select_related("agente"), pk=pk,
                                 tipo__in=services.REQUIEREN_REGISTRO)
    if revision.estado != EstadoRevision.PENDIENTE:
        messages.info(request, "Este elemento de la cola ya se resolvió.")
        return redirect("agentes:revisiones")
    equipo = Equipo()
    inicial, interfaces = _iniciales(revision)
    if request.method == "POST":
        form = EquipoForm(request.POST, instance=equipo)
        formset = InterfacesFormSet(request.POST, instance=equipo, prefix="interfaces")
    else:
        form = EquipoForm(instance=equipo, initial=inicial)
        formset = InterfacesFormSet(instance=equipo, prefix="interfaces", initial=interfaces)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                equipo = servicios_inventario.registrar_equipo(form, formset, request.user)
            except IntegrityError:
                form.add_error(None, "Otro usuario registró ese número de inventario o MAC hace un momento.")
            else:
                services.marcar_registrada(revision, equipo, request.user)
                messages.success(request, f"Se registró el equipo {equipo.numero_inventario}.")
                return redirect(equipo)
        messages.error(request, "Revise los campos marcados: el equipo no se guardó.")
    status = 400 if request.method == "POST" else 200
    return render(request, "inventario/formulario.html", {"form": form, "formset": formset, "equipo": equipo},
                  status=status)


# -- Software ----------------------------------------------------------------------------------


@requiere_permiso("agentes.view_software")
def software(request):
    form = BusquedaSoftwareForm(request.GET or None)
    q = so = ""
    if form.is_valid():
        q, so = form.cleaned_data["q"].strip(), form.cleaned_data["so"].strip()
    sistemas = list(
        Agente.objects.exclude(equipo=None).values("so_nombre", "so_version", "so_completo")
        .annotate(n=Count("pk")).order_by("-n")[:40]
    )
    hoy = timezone.localdate()
    for fila in sistemas:
        fila["fin"] = fin_de_soporte(fila["so_completo"] or fila["so_nombre"], fila["so_version"])
        fila["vencido"] = bool(fila["fin"] and fila["fin"] <= hoy)
    agentes = Agente.objects.exclude(equipo=None).select_related("equipo__dependencia", "equipo__resguardante")
    if so:
        agentes = agentes.filter(Q(so_completo__icontains=so) | Q(so_nombre__icontains=so))
    renovar = []
    if not q:
        for agente in agentes.order_by("so_completo", "equipo__numero_inventario")[:500]:
            fin = fin_de_soporte(agente.so_completo or agente.so_nombre, agente.so_version)
            if fin and fin <= hoy:
                renovar.append((agente, fin))
    programas = equipos = None
    if q:
        programas = list(Software.objects.filter(nombre__icontains=q).annotate(n=Count("instalaciones"))
                         .filter(n__gt=0).order_by("nombre", "version")[:50])
        equipos = Paginator(
            Equipo.objects.filter(software_instalado__software__nombre__icontains=q).distinct()
            .select_related("dependencia", "resguardante").order_by("numero_inventario"), POR_PAGINA,
        ).get_page(request.GET.get("pagina"))
    return render(request, "agentes/software.html", {
        "form": form, "q": q, "so": so, "sistemas": sistemas, "renovar": renovar[:100], "total_renovar": len(renovar),
        "programas": programas, "equipos": equipos, "hoy": hoy,
    })


@requiere_permiso("agentes.view_agente")
def agentes(request):
    pagina = Paginator(Agente.objects.select_related("equipo"), POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "agentes/agentes.html", {"pagina": pagina})


# -- Credenciales ------------------------------------------------------------------------------


@requiere_permiso("agentes.view_credencialagente", "agentes.add_credencialagente")
@require_http_methods(["GET", "POST"])
def credenciales(request):
    form = CredencialForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            credencial = form.save()
            messages.success(request, f"Credencial «{credencial.nombre}» creada. Configure el agente con "
                                      "ese usuario y la contraseña que escribió.")
            return redirect("agentes:credenciales")
        messages.error(request, "Revise los campos marcados: la credencial no se creó.")
    lista = CredencialAgente.objects.select_related("dependencia").annotate(n=Count("agentes"))
    status = 400 if request.method == "POST" else 200
    return render(request, "agentes/credenciales.html", {
        "form": form, "credenciales": lista, "url_agente": request.build_absolute_uri("/agentes/inventario/"),
    }, status=status)


@requiere_permiso("agentes.change_credencialagente")
@require_POST
def credencial_activa(request, pk):
    credencial = get_object_or_404(CredencialAgente, pk=pk)
    credencial.activa = not credencial.activa
    credencial.save(update_fields=["activa"])
    messages.success(request, f"Credencial «{credencial.nombre}» {'activada' if credencial.activa else 'desactivada'}.")
    return redirect("agentes:credenciales")


@requiere_permiso("inventario.change_equipo")
@require_POST
def usar_valor(request, pk, campo):
    equipo = get_object_or_404(Equipo, pk=pk)
    try:
        ingesta.usar_valor_del_agente(equipo, campo, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Se usó el valor que reportó el agente; el campo vuelve a actualizarse solo.")
    return redirect(equipo)


# -- Recepción de los agentes ------------------------------------------------------------------


def _credencial(request):
    """(autorizado, credencial): HTTP basic contra CredencialAgente o IP de origen en SIGMA_AGENTES_REDES."""
    cabecera = request.META.get("HTTP_AUTHORIZATION", "")
    if cabecera.lower().startswith("basic "):
        try:
            usuario, _, clave = base64.b64decode(cabecera[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return False, None
        credencial = CredencialAgente.objects.filter(nombre=usuario, activa=True).first()
        if credencial is None or not credencial.verificar(clave):
            return False, None
        CredencialAgente.objects.filter(pk=credencial.pk).update(ultimo_uso=timezone.now())
        return True, credencial
    try:
        origen = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False, None
    for red in getattr(settings, "SIGMA_AGENTES_REDES", []) or []:
        try:
            if origen in ipaddress.ip_network(red.strip(), strict=False):
                return True, None
        except ValueError:
            continue
    return False, None


EXPIRACION_HORAS = 24


@csrf_exempt
def recibir(request):
    if request.method != "POST":
        respuesta = HttpResponseNotAllowed(["POST"], "Este punto solo recibe reportes de agentes (POST).")
        return respuesta
    autorizado, credencial = _credencial(request)
    if not autorizado:
        respuesta = protocolo.respuesta_error(
            "Autenticación requerida: use una credencial de agente de SIGMA (HTTP basic) o reporte desde una red "
            "autorizada (SIGMA_AGENTES_REDES).", 401)
        # Sin más parámetros: FusionInventory lee el realm con /realm="(.*)"/ y con otro parámetro no autentica.
        respuesta["WWW-Authenticate"] = 'Basic realm="SIGMA"'
        return respuesta
    try:
        mensaje = protocolo.leer(request)
    except protocolo.ErrorProtocolo as exc:
        return protocolo.respuesta_error(str(exc), exc.status, exc.formato)
    formato, compresion = mensaje.formato, mensaje.compresion
    deviceid = mensaje.deviceid or request.META.get("HTTP_GLPI_AGENT_ID", "").strip()
    if not deviceid:
        return protocolo.respuesta_error("Falta el identificador del agente (DEVICEID, deviceid o GLPI-Agent-ID).",
                                         400, formato, compresion)
    tipo = TipoAgente.FUSION if formato == "xml" else TipoAgente.GLPI
    ip = request.META.get("REMOTE_ADDR") or None
    if mensaje.accion in ("prolog", "contact"):
        ingesta.registrar_contacto(deviceid, tipo, credencial, ip, mensaje.version)
        if formato == "xml":
            return protocolo.respuesta_xml(
                f"<PROLOG_FREQ>{EXPIRACION_HORAS}</PROLOG_FREQ><RESPONSE>SEND</RESPONSE>")
        return protocolo.respuesta_json({"status": "ok", "expiration": EXPIRACION_HORAS,
                                         "tasks": {"inventory": {"server": "glpi", "version": "1.0"}}}, compresion)
    try:
        ingesta.registrar_inventario(deviceid, tipo, mensaje.contenido, parcial=mensaje.parcial,
                                     credencial=credencial, ip=ip, version=mensaje.version)
    except (ValidationError, ValueError, DatabaseError) as exc:
        return protocolo.respuesta_error(f"No se pudo guardar el inventario: {exc}", 422, formato, compresion)
    if formato == "xml":
        return protocolo.respuesta_xml("<RESPONSE>no_account_update</RESPONSE>")
    return protocolo.respuesta_json({"status": "ok", "expiration": EXPIRACION_HORAS}, compresion)
