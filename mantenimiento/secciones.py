"""Sección «Mantenimiento preventivo» en la ficha del equipo: historial y próximo vencimiento."""
from django.db.models import Exists, OuterRef
from django.utils import timezone

from comun import secciones
from comun.calendario import Calendario

from . import programacion
from .choices import ABIERTAS, CERRADAS_CON_FECHA, Modo
from .models import OrdenMantenimiento, PlanMantenimiento


def planes_del_equipo(equipo):
    """Planes activos cuyo alcance incluye al equipo (una consulta)."""
    tm = PlanMantenimiento.tipos.through.objects
    dm = PlanMantenimiento.dependencias.through.objects
    em = PlanMantenimiento.equipos.through.objects
    tiene_tipos = Exists(tm.filter(planmantenimiento_id=OuterRef("pk")))
    tiene_deps = Exists(dm.filter(planmantenimiento_id=OuterRef("pk")))
    por_tipo = Exists(tm.filter(planmantenimiento_id=OuterRef("pk"), tipoequipo_id=equipo.tipo_id))
    por_dep = Exists(dm.filter(planmantenimiento_id=OuterRef("pk"), dependencia_id=equipo.dependencia_id))
    explicito = Exists(em.filter(planmantenimiento_id=OuterRef("pk"), equipo_id=equipo.pk))
    return PlanMantenimiento.objects.activos().filter(
        explicito | ((tiene_tipos | tiene_deps) & (~tiene_tipos | por_tipo) & (~tiene_deps | por_dep)))


def proximo_vencimiento(equipo, ordenes, planes, hoy=None):
    """La fecha límite más próxima: la de una orden abierta o, si un plan aún no la generó, la calculada."""
    if equipo.estado == "baja":
        return None
    hoy = hoy or timezone.localdate()
    fechas = [o.fecha_limite for o in ordenes if o.estado in ABIERTAS]
    con_orden = {o.plan_id for o in ordenes if o.estado in ABIERTAS}
    pendientes = [p for p in planes if p.pk not in con_orden]
    if pendientes:
        calendario = Calendario.cargar()
        for plan in pendientes:
            cerradas = [o for o in ordenes if o.plan_id == plan.pk and o.estado in CERRADAS_CON_FECHA]
            clave = (lambda o: o.fecha_cierre) if plan.modo == Modo.FLOTANTE else (lambda o: o.fecha_programada)
            ultima = max(cerradas, key=clave, default=None)
            v = programacion.siguiente_vencimiento(
                plan.regla, calendario, hoy, ultima and ultima.fecha_programada, ultima and ultima.fecha_cierre)
            fechas.append(v.fecha_limite)
    return min(fechas, default=None)


@secciones.registrar(secciones.EQUIPO, "mantenimiento/secciones/equipo.html", orden=30)
def historial(request, equipo):
    if not request.user.has_perm("mantenimiento.view_ordenmantenimiento"):
        return None
    ordenes = list(OrdenMantenimiento.objects.filter(equipo=equipo).select_related("plan", "tecnico")
                   .order_by("-fecha_limite", "-id"))
    planes = list(planes_del_equipo(equipo)) if equipo.estado != "baja" else []
    return {
        "ordenes": ordenes[:12],
        "total": len(ordenes),
        "planes": planes,
        "proximo": proximo_vencimiento(equipo, ordenes, planes),
    }


@secciones.registrar(secciones.SOLICITUD, "mantenimiento/secciones/solicitud.html", orden=30)
def de_la_solicitud(request, solicitud):
    """Órdenes a demanda que generó la solicitud (una consulta); nada si no hay."""
    if not request.user.has_perm("mantenimiento.view_ordenmantenimiento"):
        return None
    ordenes = list(OrdenMantenimiento.objects.filter(solicitud=solicitud).select_related("equipo", "tecnico"))
    return {"ordenes": ordenes} if ordenes else None
