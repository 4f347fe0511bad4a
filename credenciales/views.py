"""Páginas de credenciales: lotes (lista, alta desde una solicitud, detalle, PDF, entrega) y credenciales
(búsqueda, ficha con historial, foto, revocación, reimpresión, PDF)."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comun.models import Empleado
from comun.roles import requiere_permiso
from soporte.models import Solicitud
from soporte.validadores import sin_nulos

from . import documentos, fotos, services
from .choices import Estado
from .forms import FotoForm, LoteForm, ReimprimirForm, RevocarForm
from .models import Credencial, LoteImpresion

POR_PAGINA = 50


def _pdf(contenido, nombre):
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


def _formato(request):
    formato = request.GET.get("formato", "cr80")
    return formato if formato in documentos.FORMATOS else None


@requiere_permiso("credenciales.view_loteimpresion")
def lotes(request):
    consulta = (
        LoteImpresion.objects.select_related("solicitud", "creado_por")
        .annotate(
            total=Count("credenciales"),
            vigentes=Count("credenciales", filter=Q(credenciales__estado=Estado.VIGENTE)),
            sin_foto=Count("credenciales", filter=Q(credenciales__estado=Estado.VIGENTE, credenciales__foto="")),
        )
        .order_by("-creado", "-pk")
    )
    pendientes = request.GET.get("pendientes") == "1"
    if pendientes:
        consulta = consulta.filter(entregado_en__isnull=True)
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "credenciales/lotes.html", {"pagina": pagina, "pendientes": pendientes})


@requiere_permiso("credenciales.add_loteimpresion")
@require_http_methods(["GET", "POST"])
def lote_nuevo(request, folio):
    solicitud = get_object_or_404(Solicitud.objects.select_related("servicio", "solicitante", "dependencia"),
                                  folio=sin_nulos(folio))
    try:
        services.validar_solicitud(solicitud)
    except services.AccionNoPermitida as exc:
        return render(request, "credenciales/aviso.html", {"titulo": "No se puede crear el lote",
                                                           "mensaje": str(exc), "solicitud": solicitud}, status=400)
    form = LoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                lote = services.crear_lote(solicitud, form.cleaned_data["todos"], request.user,
                                           notas=form.cleaned_data["notas"])
            except services.AccionNoPermitida as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Se creó el lote #{lote.pk} con {lote.credenciales.count()} "
                                          f"credenciales; la solicitud {solicitud.folio} quedó con esa cantidad.")
                return redirect(lote)
        messages.error(request, "Revise los empleados: no se creó el lote.")
    elegidos = (form["empleados"].value() or []) if request.method == "POST" else []
    return render(request, "credenciales/lote_nuevo.html", {
        "form": form, "solicitud": solicitud,
        "elegidos": Empleado.objects.filter(pk__in=[e for e in map(str, elegidos)
                                                    if e.isascii() and e.isdigit() and len(e) <= 9]),
    }, status=400 if request.method == "POST" else 200)


def _lote(pk):
    return get_object_or_404(LoteImpresion.objects.select_related("solicitud__servicio", "creado_por",
                                                                  "entregado_por"), pk=pk)


@requiere_permiso("credenciales.view_loteimpresion")
def lote(request, pk):
    lote = _lote(pk)
    credenciales = list(lote.credenciales.select_related("empleado", "reemplaza").order_by("nombre", "pk"))
    vigentes = [c for c in credenciales if c.estado == Estado.VIGENTE]
    return render(request, "credenciales/lote.html", {
        "lote": lote, "credenciales": credenciales, "vigentes": len(vigentes),
        "sin_foto": sum(1 for c in vigentes if not c.foto),
    })


@requiere_permiso("credenciales.imprimir_credencial")
@require_GET
def lote_pdf(request, pk):
    lote = _lote(pk)
    formato = _formato(request)
    vigentes = list(lote.credenciales.filter(estado=Estado.VIGENTE).order_by("nombre", "pk"))
    if formato is None or not vigentes:
        mensaje = ("Formato desconocido: use cr80 o carta." if formato is None
                   else "El lote no tiene credenciales vigentes que imprimir.")
        return render(request, "credenciales/aviso.html", {"titulo": "No se generó el PDF", "mensaje": mensaje,
                                                           "lote": lote}, status=400)
    return _pdf(documentos.credenciales_pdf(vigentes, formato), f"credenciales-lote-{lote.pk}-{formato}.pdf")


@requiere_permiso("credenciales.change_loteimpresion")
@require_POST
def lote_entregar(request, pk):
    lote = _lote(pk)
    try:
        services.marcar_entregadas(lote, request.user)
    except services.AccionNoPermitida as exc:
        messages.error(request, str(exc))
        return render(request, "credenciales/aviso.html", {"titulo": "No se registró la entrega",
                                                           "mensaje": str(exc), "lote": lote}, status=409)
    messages.success(request, f"Lote #{lote.pk} entregado; la solicitud {lote.solicitud.folio} quedó resuelta "
                              "(si no tiene otros lotes pendientes).")
    return redirect(lote)


@requiere_permiso("credenciales.view_credencial")
def lista(request):
    texto = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    estado = request.GET.get("estado", "")
    consulta = Credencial.objects.select_related("lote")
    if texto:
        consulta = consulta.filter(Q(nombre__icontains=texto) | Q(numero_empleado__iexact=texto)
                                   | Q(folio__iexact=texto) | Q(dependencia__icontains=texto))
    if estado in Estado.values:
        consulta = consulta.filter(estado=estado)
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    return render(request, "credenciales/lista.html", {
        "pagina": pagina, "q": texto, "estado": estado, "estados": Estado.choices, "qs": parametros.urlencode(),
    })


def _credencial(pk):
    return get_object_or_404(
        Credencial.objects.select_related("empleado__dependencia", "lote__solicitud", "reemplaza", "revocada_por",
                                          "emitida_por"), pk=pk)


def _contexto_credencial(credencial, **formularios):
    historial = credencial.history.select_related("history_user").order_by("-history_date", "-history_id")[:50]
    cadena = []  # anteriores y posteriores por reimpresión
    anterior = credencial.reemplaza
    while anterior is not None and len(cadena) < 20:
        cadena.append(anterior)
        anterior = anterior.reemplaza
    posterior = Credencial.objects.filter(reemplaza=credencial).first()
    return {
        "c": credencial, "historial": historial, "anteriores": cadena, "posterior": posterior,
        "form_foto": formularios.get("form_foto") or FotoForm(),
        "form_revocar": formularios.get("form_revocar") or RevocarForm(),
        "form_reimprimir": formularios.get("form_reimprimir") or ReimprimirForm(),
    }


@requiere_permiso("credenciales.view_credencial")
def credencial(request, pk):
    return render(request, "credenciales/credencial.html", _contexto_credencial(_credencial(pk)))


@requiere_permiso("credenciales.view_credencial")
@require_GET
def foto(request, pk):
    credencial = get_object_or_404(Credencial.objects.only("foto"), pk=pk)
    if not credencial.foto:
        raise Http404("La credencial no tiene fotografía.")
    try:
        with credencial.foto.open("rb") as archivo:
            datos = archivo.read()
    except OSError:
        raise Http404("No se encontró el archivo de la fotografía.") from None
    respuesta = HttpResponse(datos, content_type="image/jpeg")
    respuesta["Cache-Control"] = "private, max-age=300"
    respuesta["X-Content-Type-Options"] = "nosniff"
    return respuesta


@requiere_permiso("credenciales.imprimir_credencial")
@require_GET
def credencial_pdf(request, pk):
    credencial = _credencial(pk)
    formato = _formato(request)
    if formato is None or credencial.estado != Estado.VIGENTE:
        mensaje = ("Formato desconocido: use cr80 o carta." if formato is None
                   else "La credencial está revocada: no se imprime.")
        return render(request, "credenciales/aviso.html", {"titulo": "No se generó el PDF", "mensaje": mensaje,
                                                           "credencial": credencial}, status=400)
    return _pdf(documentos.credenciales_pdf([credencial], formato), f"{credencial.folio}-{formato}.pdf")


def _rechazo(request, credencial, mensaje, **formularios):
    messages.error(request, mensaje)
    return render(request, "credenciales/credencial.html", _contexto_credencial(credencial, **formularios),
                  status=400)


@requiere_permiso("credenciales.change_credencial")
@require_POST
def cambiar_foto(request, pk):
    credencial = _credencial(pk)
    form = FotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _rechazo(request, credencial, "La fotografía no se guardó: " + " ".join(
            e for errores in form.errors.values() for e in errores), form_foto=form)
    try:
        services.cambiar_foto(credencial, form.cleaned_data["foto"], request.user, form.cleaned_data["recorte"])
    except (fotos.FotoInvalida, services.AccionNoPermitida) as exc:
        form.add_error("foto", str(exc))
        return _rechazo(request, credencial, f"La fotografía no se guardó: {exc}", form_foto=form)
    messages.success(request, "Fotografía guardada y recortada al tamaño de la credencial.")
    return redirect(credencial)


@requiere_permiso("credenciales.revocar_credencial")
@require_POST
def revocar(request, pk):
    credencial = _credencial(pk)
    form = RevocarForm(request.POST)
    if not form.is_valid():
        return _rechazo(request, credencial, "Indique el motivo de la revocación.", form_revocar=form)
    try:
        services.revocar(credencial, form.cleaned_data["texto"], request.user)
    except services.AccionNoPermitida as exc:
        form.add_error(None, str(exc))
        return _rechazo(request, credencial, str(exc), form_revocar=form)
    messages.success(request, f"La credencial {credencial.folio} quedó revocada; su QR ya la muestra como REVOCADA.")
    return redirect(credencial)


@requiere_permiso("credenciales.revocar_credencial")
@require_POST
def reimprimir(request, pk):
    credencial = _credencial(pk)
    form = ReimprimirForm(request.POST, request.FILES)
    if not form.is_valid():
        return _rechazo(request, credencial, "Revise los datos de la reimpresión.", form_reimprimir=form)
    try:
        nueva = services.reimprimir(credencial, request.user, motivo=form.cleaned_data["motivo"],
                                    foto=form.cleaned_data.get("foto") or None)
    except (services.AccionNoPermitida, fotos.FotoInvalida) as exc:
        form.add_error(None, str(exc))
        return _rechazo(request, credencial, str(exc), form_reimprimir=form)
    messages.success(request, f"Se emitió la credencial {nueva.folio}; la {credencial.folio} quedó revocada.")
    return redirect(nueva)
