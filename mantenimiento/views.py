"""Vistas de mantenimiento (delgadas: la lógica está en services, selectors y programacion)."""
import calendar as _calendar
import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from comun.roles import requiere_permiso

from . import enlace_soporte, selectors, services
from .choices import ABIERTAS, EstadoOrden
from .documentos import firma_data_uri
from .forms import (
    CierreForm,
    NoRealizadaForm,
    PlanForm,
    ReasignarForm,
    RefaccionesFormSet,
    leer_checklist,
    usuarios_tecnicos,
)
from .models import OrdenMantenimiento, PlanMantenimiento, ResultadoItem

VER_ORDEN = "mantenimiento.view_ordenmantenimiento"
LIMITE_LISTA = 300


def requiere_trabajo_o_supervision(vista):
    """Mi lista: la ve quien trabaja órdenes (Técnico, Administrador) o las supervisa (Director)."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        u = request.user
        if not (u.has_perm(VER_ORDEN) and (u.has_perm("mantenimiento.change_ordenmantenimiento")
                                           or services.es_supervisor(u))):
            raise PermissionDenied("Su rol no tiene permiso para esta página.")
        return vista(request, *args, **kwargs)

    return login_required(envoltura)


def _fecha(texto, defecto=None):
    try:
        return dt.date.fromisoformat(texto) if texto else defecto
    except ValueError:
        return defecto


def _asignadas_a(usuario):
    """Órdenes del técnico y las sin asignar de los planes de los que es responsable."""
    responsable = PlanMantenimiento.tecnicos.through.objects.filter(
        planmantenimiento_id=OuterRef("plan_id"), user_id=usuario.pk)
    return Q(tecnico=usuario) | (Q(tecnico__isnull=True) & Exists(responsable))


@requiere_trabajo_o_supervision
def mi_lista(request):
    hoy = timezone.localdate()
    fin_semana = hoy + dt.timedelta(days=6 - hoy.weekday())
    supervisor = services.es_supervisor(request.user)
    elegido = request.GET.get("tecnico", "")
    dia = _fecha(request.GET.get("dia"))
    consulta = OrdenMantenimiento.objects.para_lista().filter(estado__in=ABIERTAS)
    tecnicos = []
    if supervisor:
        tecnicos = list(usuarios_tecnicos())
        if elegido == "sin":
            consulta = consulta.filter(tecnico__isnull=True)
        elif elegido.isascii() and elegido.isdigit() and len(elegido) <= 9:
            consulta = consulta.filter(tecnico_id=int(elegido))
        elif elegido != "todos":
            elegido = "todos" if not request.user.has_perm("mantenimiento.change_ordenmantenimiento") else "yo"
        if elegido == "yo":
            consulta = consulta.filter(_asignadas_a(request.user))
    else:
        consulta = consulta.filter(_asignadas_a(request.user))
    if dia:
        consulta = consulta.filter(fecha_limite=dia)
    else:
        consulta = consulta.filter(Q(fecha_limite__lte=fin_semana) | Q(estado=EstadoOrden.EN_PROCESO))
    ordenes = list(consulta.order_by(
        "equipo__ubicacion__edificio", "equipo__ubicacion__piso", "equipo__ubicacion__oficina",
        "fecha_limite", "equipo__numero_inventario")[:LIMITE_LISTA])
    grupos = {"en_proceso": [], "vencidas": [], "hoy": [], "semana": []}
    for o in ordenes:
        o.puede_trabajar = services.puede_trabajar(request.user, o)
        # Un grupo por edificio y piso (una vuelta cubre el piso); la oficina va en cada tarjeta.
        ubicacion = o.equipo.ubicacion
        o.recorrido = " · ".join(p for p in (ubicacion.edificio, ubicacion.piso) if p) if ubicacion else ""
        if o.estado == EstadoOrden.EN_PROCESO:
            grupos["en_proceso"].append(o)
        elif o.fecha_limite < hoy:
            grupos["vencidas"].append(o)
        elif o.fecha_limite == hoy:
            grupos["hoy"].append(o)
        else:
            grupos["semana"].append(o)
    secciones = [
        ("en_proceso", "En proceso", "primary"), ("vencidas", "Vencidas", "danger"),
        ("hoy", "Para hoy", "warning"), ("semana", "Esta semana", "secondary"),
    ]
    return render(request, "mantenimiento/mi_lista.html", {
        "secciones": [(clave, titulo, color, grupos[clave]) for clave, titulo, color in secciones],
        "total": len(ordenes), "limite": LIMITE_LISTA, "hoy": hoy, "dia": dia,
        "supervisor": supervisor, "tecnicos": tecnicos, "elegido": elegido,
        "puede_reasignar": request.user.has_perm("mantenimiento.reasignar_ordenes"),
        "reasignar_form": ReasignarForm(),
    })


def _orden(pk):
    return get_object_or_404(OrdenMantenimiento.objects.para_lista().select_related("plantilla"), pk=pk)


def _exigir_trabajo(request, orden):
    if not services.puede_trabajar(request.user, orden):
        raise PermissionDenied("Esta orden está asignada a otro técnico.")


@requiere_permiso(VER_ORDEN)
def orden(request, pk):
    o = _orden(pk)
    return render(request, "mantenimiento/orden.html", {
        "orden": o,
        "resultados": o.resultados.select_related("item", "solicitud_correctiva"),
        "puede_abrir_correctiva": services.puede_trabajar(request.user, o),
        "refacciones": o.refacciones.all(),
        "puede_trabajar": o.abierta and services.puede_trabajar(request.user, o),
        "puede_cerrar": o.abierta and request.user.has_perm("mantenimiento.reasignar_ordenes"),
        "no_realizada_form": NoRealizadaForm(),
        "firma": firma_data_uri(o),
    })


@requiere_permiso("mantenimiento.change_ordenmantenimiento")
@require_POST
def correctiva(request, pk):
    """Abre la solicitud correctiva de un punto con falla (una sola vez). Basta poder trabajar la orden: quien
    encontró la falla la reporta; la mesa de ayuda la deriva."""
    resultado = get_object_or_404(ResultadoItem.objects.select_related("orden"), pk=pk)
    _exigir_trabajo(request, resultado.orden)
    try:
        solicitud, nueva = enlace_soporte.abrir_correctiva(resultado, request.user)
    except services.OperacionNoPermitida as exc:
        return render(request, "mantenimiento/aviso.html", {"orden": resultado.orden, "mensaje": str(exc)},
                      status=409)
    if nueva:
        messages.success(request, f"Solicitud correctiva {solicitud.folio} registrada; la mesa de ayuda la deriva.")
    return redirect("mantenimiento:orden", pk=resultado.orden_id)


@requiere_permiso("mantenimiento.change_ordenmantenimiento")
@require_POST
def iniciar(request, pk):
    o = _orden(pk)
    _exigir_trabajo(request, o)
    try:
        services.iniciar_orden(o, request.user)
    except services.OperacionNoPermitida as exc:
        messages.error(request, str(exc))
        return render(request, "mantenimiento/aviso.html", {"orden": o, "mensaje": str(exc)}, status=409)
    return redirect("mantenimiento:checklist", pk=o.pk)


def _refacciones_iniciales(o):
    return [{"descripcion": r.descripcion, "cantidad": r.cantidad, "costo": r.costo} for r in o.refacciones.all()]


@requiere_permiso("mantenimiento.change_ordenmantenimiento")
@require_http_methods(["GET", "POST"])
def checklist(request, pk):
    o = _orden(pk)
    _exigir_trabajo(request, o)
    if o.estado != EstadoOrden.EN_PROCESO:
        if request.method == "POST":
            mensaje = services._mensaje_estado(o)
            return render(request, "mantenimiento/aviso.html", {"orden": o, "mensaje": mensaje}, status=409)
        return redirect(o)
    resultados = list(o.resultados.select_related("item"))
    errores = {}
    if request.method == "POST":
        valores, errores = leer_checklist(request.POST, resultados)
        refacciones = RefaccionesFormSet(request.POST, prefix="ref")
        cierre = CierreForm(request.POST)
        if not errores and refacciones.is_valid() and cierre.is_valid():
            partes = [f for f in refacciones.cleaned_data if f.get("descripcion")]
            datos = cierre.cleaned_data
            try:
                if request.POST.get("accion") == "terminar":
                    firma = services.leer_firma(datos["firma"])
                    services.completar_orden(
                        o, request.user, valores=valores, observaciones=datos["observaciones"],
                        refacciones=partes, conformidad_nombre=datos["conformidad_nombre"], firma_png=firma,
                        minutos=datos["minutos"],
                    )
                    messages.success(request, f"Orden {o.folio} completada.")
                    return redirect(o)
                services.guardar_avance(o, request.user, valores, datos["observaciones"], partes)
                messages.success(request, "Se guardó el avance.")
                return redirect("mantenimiento:checklist", pk=o.pk)
            except services.OperacionNoPermitida as exc:
                cierre.add_error(None, str(exc))
        _aplicar_valores_previos(resultados, request.POST)
        estado = 400
    else:
        refacciones = RefaccionesFormSet(prefix="ref", initial=_refacciones_iniciales(o))
        cierre = CierreForm(initial={"observaciones": o.observaciones})
        estado = 200
    for r in resultados:
        r.error = errores.get(r.pk)
    return render(request, "mantenimiento/checklist.html", {
        "orden": o, "resultados": resultados, "refacciones": refacciones, "cierre": cierre,
        "hay_errores": bool(errores),
    }, status=estado)


def _aplicar_valores_previos(resultados, datos):
    # Al volver a pintar con errores se conserva lo que escribió el técnico.
    for r in resultados:
        r.valor = (datos.get(f"r{r.pk}-valor") or "").strip()
        r.notas = (datos.get(f"r{r.pk}-notas") or "").strip()
        if r.tipo == "pasa_falla":
            r.resultado = (datos.get(f"r{r.pk}-resultado") or "").strip()


@requiere_permiso(VER_ORDEN)
def reporte(request, pk):
    o = _orden(pk)
    if o.estado != EstadoOrden.COMPLETADA:
        raise Http404("El reporte existe solo para órdenes completadas.")
    from .documentos import reporte_servicio

    respuesta = HttpResponse(reporte_servicio(o), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'inline; filename="reporte-{o.folio}.pdf"'
    return respuesta


@requiere_permiso("mantenimiento.reasignar_ordenes")
@require_POST
def reasignar(request):
    form = ReasignarForm(request.POST)
    if form.is_valid():
        try:
            n = services.reasignar(form.cleaned_data["ordenes"], form.cleaned_data["tecnico"], request.user)
        except services.OperacionNoPermitida as exc:
            messages.error(request, str(exc))
        else:
            tecnico = form.cleaned_data["tecnico"]
            messages.success(request, f"{n} orden{'es' if n != 1 else ''} asignada{'s' if n != 1 else ''} a "
                                      f"{tecnico.get_full_name() or tecnico.username}.")
            return redirect(_volver(request))
    errores = [e for lista in form.errors.values() for e in lista]
    return render(request, "mantenimiento/aviso.html", {"mensaje": " ".join(errores) or "Datos inválidos."},
                  status=400)


def _volver(request):
    siguiente = request.POST.get("volver", "")
    if siguiente.startswith("/mantenimiento/") and url_has_allowed_host_and_scheme(
            siguiente, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return siguiente
    return reverse("mantenimiento:mi_lista")


@requiere_permiso("mantenimiento.reasignar_ordenes")
@require_POST
def no_realizada(request, pk):
    o = _orden(pk)
    form = NoRealizadaForm(request.POST)
    if form.is_valid():
        try:
            services.marcar_no_realizada(o, request.user, form.cleaned_data["motivo"])
        except services.OperacionNoPermitida as exc:
            return render(request, "mantenimiento/aviso.html", {"orden": o, "mensaje": str(exc)}, status=409)
        messages.success(request, f"La orden {o.folio} quedó como no realizada.")
        return redirect(o)
    return render(request, "mantenimiento/aviso.html", {"orden": o, "mensaje": "Indique el motivo."}, status=400)


@requiere_permiso("mantenimiento.supervisar_ordenes")
def calendario(request):
    hoy = timezone.localdate()
    try:
        anio, mes = (int(x) for x in request.GET.get("mes", f"{hoy:%Y-%m}").split("-"))
        primero = dt.date(anio, mes, 1)
        if not 2000 <= anio <= 2100:
            raise ValueError
    except ValueError:
        primero = hoy.replace(day=1)
    ultimo = primero.replace(day=_calendar.monthrange(primero.year, primero.month)[1])
    filas = (OrdenMantenimiento.objects.filter(fecha_limite__range=(primero, ultimo))
             .exclude(estado=EstadoOrden.CANCELADA)
             .values("fecha_limite").annotate(
                 total=Count("pk"), abiertas=Count("pk", filter=Q(estado__in=ABIERTAS)),
                 hechas=Count("pk", filter=Q(estado=EstadoOrden.COMPLETADA)))
             .order_by())
    por_dia = {f["fecha_limite"]: f for f in filas}
    semanas = [
        [{"fecha": d, "del_mes": d.month == primero.month, "datos": por_dia.get(d), "hoy": d == hoy} for d in semana]
        for semana in _calendar.Calendar().monthdatescalendar(primero.year, primero.month)
    ]
    anterior = (primero - dt.timedelta(days=1)).replace(day=1)
    siguiente = ultimo + dt.timedelta(days=1)
    return render(request, "mantenimiento/calendario.html", {
        "semanas": semanas, "primero": primero, "anterior": anterior, "siguiente": siguiente, "hoy": hoy,
        "dias": ["Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"],
    })


@requiere_permiso("mantenimiento.view_planmantenimiento")
def planes(request):
    hoy = timezone.localdate()
    desde = _fecha(request.GET.get("desde"), (hoy.replace(day=1) - dt.timedelta(days=335)).replace(day=1))
    hasta = _fecha(request.GET.get("hasta"), hoy)
    if desde > hasta:
        desde, hasta = hasta, desde
    lista = list(PlanMantenimiento.objects.select_related("plantilla").prefetch_related("tipos", "dependencias")
                 .annotate(n_equipos=Count("equipos", distinct=True)).order_by("-activo", "nombre"))
    por_plan = {f["id"]: f for f in selectors.cumplimiento(desde, hasta, hoy, por="plan")}
    rezago_plan = selectors.rezago(hoy, por="plan")
    for p in lista:
        p.cumplimiento = por_plan.get(p.pk)
        p.rezago = rezago_plan.get(p.pk)
    return render(request, "mantenimiento/planes.html", {
        "planes": lista, "desde": desde, "hasta": hasta, "hoy": hoy,
        "global": selectors.cumplimiento(desde, hasta, hoy),
        "rezago": selectors.rezago(hoy),
        "por_dependencia": selectors.cumplimiento(desde, hasta, hoy, por="dependencia"),
        "por_tecnico": selectors.cumplimiento(desde, hasta, hoy, por="tecnico"),
    })


def _guardar_plan(request, plan):
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST":
        if form.is_valid():
            plan = services.guardar_plan(form)
            messages.success(request, f"Se guardó el plan «{plan.nombre}». Las órdenes nuevas aparecen con la "
                                      "siguiente generación.")
            return redirect("mantenimiento:planes")
        messages.error(request, "Revise los campos marcados: el plan no se guardó.")
    alcance = plan.equipos_en_alcance().count() if plan.pk else None
    return render(request, "mantenimiento/plan_form.html", {"form": form, "plan": plan, "alcance": alcance},
                  status=400 if request.method == "POST" else 200)


@requiere_permiso("mantenimiento.add_planmantenimiento")
@require_http_methods(["GET", "POST"])
def plan_nuevo(request):
    return _guardar_plan(request, PlanMantenimiento())


@requiere_permiso("mantenimiento.change_planmantenimiento")
@require_http_methods(["GET", "POST"])
def plan_editar(request, pk):
    return _guardar_plan(request, get_object_or_404(PlanMantenimiento, pk=pk))


@requiere_permiso("mantenimiento.generar_ordenes")
@require_POST
def generar(request):
    resumen = services.generar_ordenes()
    messages.success(request, f"Generación terminada: {resumen['creadas']} órdenes nuevas, "
                              f"{resumen['canceladas']} canceladas (baja o fuera del alcance).")
    return redirect("mantenimiento:planes")
