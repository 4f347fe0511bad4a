"""Páginas públicas (sin sesión): catálogo del manual, consulta por folio + código, queja y encuesta.

La consulta nunca muestra datos personales (solicitante, técnico, dependencia, equipos, notas internas):
solo estado, fechas, servicio, la bitácora de estados y los comentarios marcados como públicos.
Folio inexistente y código equivocado dan la misma respuesta (404 con el formulario), para no revelar
qué folios existen; los intentos se limitan por IP (comun/limites.py).
"""
import secrets

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from comun import limites

from . import services
from .choices import CanalQueja, Estado
from .forms_publicos import ConsultaForm, EncuestaForm, QuejaForm
from .models import Encuesta, Servicio, Solicitud
from .validadores import sin_nulos

SAL_CONSULTA = "soporte.consulta"
VIGENCIA_CONSULTA = 60 * 60  # segundos que vale el enlace firmado de una consulta correcta
NO_ENCONTRADA = "No encontramos una solicitud con ese folio y código. Revise los dos datos y vuelva a intentarlo."
PLANTILLA_429 = "soporte/publico/429.html"
LIMITE_CONSULTAS = ("SIGMA_LIMITE_CONSULTAS", "20/600")
LIMITE_ENCUESTAS = ("SIGMA_LIMITE_ENCUESTAS", "30/600")


def _no_encontrado(request, titulo, mensaje):
    return render(request, "soporte/publico/no_encontrado.html", {"titulo": titulo, "mensaje": mensaje}, status=404)


def _limite_excedido(request, alcance, limite):
    ajuste, por_omision = limite
    valor = limites.limite_de(ajuste, por_omision)
    if limites.excedido(request, alcance, valor):
        return limites.respuesta_excedida(request, valor, PLANTILLA_429)
    return None


# --- Catálogo ---------------------------------------------------------------------------------------


def catalogo(request):
    return render(request, "soporte/publico/catalogo.html", {"servicios": list(Servicio.objects.filter(activo=True))})


def servicio(request, clave):
    encontrado = Servicio.objects.filter(clave=clave, activo=True).first()
    if encontrado is None:
        return _no_encontrado(request, "Servicio no encontrado",
                              "Ese servicio no está en el catálogo. Consulte la lista de servicios.")
    return render(request, "soporte/publico/servicio.html", {"servicio": encontrado})


# --- Consulta por folio -----------------------------------------------------------------------------


def _buscar(folio, codigo):
    """La solicitud si folio y código coinciden; None en cualquier otro caso (misma respuesta)."""
    solicitud = Solicitud.objects.select_related("servicio").filter(folio=folio).first()
    if solicitud is None or not secrets.compare_digest(solicitud.codigo.encode(), codigo.encode()):
        return None
    return solicitud


def firmar(solicitud):
    return signing.dumps({"f": solicitud.folio, "c": solicitud.codigo}, salt=SAL_CONSULTA, compress=True)


def _desde_firma(valor):
    try:
        datos = signing.loads(valor, salt=SAL_CONSULTA, max_age=VIGENCIA_CONSULTA)
        return _buscar(str(datos["f"]), str(datos["c"]))
    except (signing.BadSignature, KeyError, TypeError):
        return None


def linea_de_tiempo(solicitud):
    """Cambios de estado (sin notas ni usuarios: pueden llevar nombres) y comentarios públicos, por fecha."""
    eventos = [
        {"en": en, "tipo": "estado", "texto": "Solicitud recibida" if not anterior else Estado(nuevo).label}
        for en, anterior, nuevo in solicitud.cambios.order_by("en", "pk").values_list("en", "anterior", "nuevo")
    ]
    eventos += [
        {"en": creado, "tipo": "comentario", "texto": texto}
        for creado, texto in solicitud.comentarios.filter(publico=True).values_list("creado", "texto")
    ]
    return sorted(eventos, key=lambda e: e["en"])


def _encuesta_pendiente(solicitud):
    if solicitud.estado not in (Estado.RESUELTA, Estado.CERRADA):
        return None
    return Encuesta.objects.filter(solicitud=solicitud, respondida_en__isnull=True).first()


def _resultado(request, solicitud, form_queja=None, status=200):
    incumplimientos = list(solicitud.incumplimientos.all())
    if form_queja is None:
        inicial = {"compromiso": incumplimientos[0].compromiso} if incumplimientos else {}
        form_queja = QuejaForm(initial=inicial)
    return render(request, "soporte/publico/consulta_resultado.html", {
        "solicitud": solicitud,
        "eventos": linea_de_tiempo(solicitud),
        "incumplimientos": incumplimientos,
        "quejas": list(solicitud.quejas.only("folio", "estado", "creada", "respuesta", "respondida_en",
                                             "compromiso", "solicitud_id")),
        "encuesta": _encuesta_pendiente(solicitud),
        "form_queja": form_queja,
        "firma": firmar(solicitud),
    }, status=status)


@require_http_methods(["GET", "POST"])
def consulta(request):
    if request.method == "GET" and request.GET.get("t"):
        solicitud = _desde_firma(request.GET["t"])
        if solicitud is not None:
            return _resultado(request, solicitud)
        messages.warning(request, "El enlace de la consulta venció. Escriba de nuevo su folio y código.")
        return redirect("publico:consulta")
    if request.method == "GET":
        return render(request, "soporte/publico/consulta.html", {"form": ConsultaForm()})
    excedida = _limite_excedido(request, "consulta", LIMITE_CONSULTAS)
    if excedida:
        return excedida
    form = ConsultaForm(request.POST)
    if not form.is_valid():
        return render(request, "soporte/publico/consulta.html", {"form": form}, status=400)
    solicitud = _buscar(form.cleaned_data["folio"], form.cleaned_data["codigo"])
    if solicitud is None:
        form.add_error(None, NO_ENCONTRADA)
        return render(request, "soporte/publico/consulta.html", {"form": form}, status=404)
    return _resultado(request, solicitud)


@require_POST
def queja(request):
    excedida = _limite_excedido(request, "consulta", LIMITE_CONSULTAS)
    if excedida:
        return excedida
    solicitud = _desde_firma(request.POST.get("t", ""))
    if solicitud is None:
        return render(request, "soporte/publico/consulta.html", {
            "form": ConsultaForm(),
            "aviso": "La consulta venció o no es válida. Escriba de nuevo su folio y código para presentar la queja.",
        }, status=400)
    form = QuejaForm(request.POST)
    if not form.is_valid():
        return _resultado(request, solicitud, form_queja=form, status=400)
    try:
        nueva = services.presentar_queja(solicitud, canal=CanalQueja.PUBLICO, **form.cleaned_data)
    except services.AccionNoPermitida as error:
        form.add_error(None, str(error))
        return _resultado(request, solicitud, form_queja=form, status=409)
    messages.success(request, format_html(
        'Su queja quedó registrada con el folio <strong class="mono text-nowrap">{}</strong>. La Dirección la '
        "responderá; la respuesta aparecerá en esta consulta.", nueva.folio))
    return redirect(f"{reverse('publico:consulta')}?t={firmar(solicitud)}#quejas")


# --- Encuesta ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def encuesta(request, token):
    excedida = _limite_excedido(request, "encuesta", LIMITE_ENCUESTAS)
    if excedida:
        return excedida
    encontrada = Encuesta.objects.select_related("solicitud__servicio").filter(token=sin_nulos(token)).first()
    if encontrada is None:
        return _no_encontrado(request, "Encuesta no encontrada",
                              "El enlace de la encuesta no es válido. Revise que esté completo.")
    if encontrada.respondida_en is not None:
        return render(request, "soporte/publico/encuesta_gracias.html", {"encuesta": encontrada})
    form = EncuestaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.responder_encuesta(encontrada, form.cleaned_data["calificacion"],
                                            form.cleaned_data["comentario"], medio=Encuesta.Medio.ENLACE)
            except services.AccionNoPermitida as error:
                form.add_error(None, str(error))
            else:
                encontrada.refresh_from_db()
                return render(request, "soporte/publico/encuesta_gracias.html",
                              {"encuesta": encontrada, "recien": True})
        return render(request, "soporte/publico/encuesta.html", {"encuesta": encontrada, "form": form}, status=400)
    return render(request, "soporte/publico/encuesta.html", {"encuesta": encontrada, "form": form})
