"""Indicadores de la Dirección (DESIGN §4) sobre un periodo [desde, hasta] y, opcionalmente, una dependencia.

Decisiones:
- Las cuentas se hacen en la base de datos (COUNT/AVG … FILTER, agrupadas); el número de consultas no depende
  del número de filas. Los tiempos en minutos hábiles se calculan en Python con el calendario de la oficina,
  pero solo sobre ``values_list`` de las filas del periodo (una consulta, sin consultas por fila).
- Solicitudes «del periodo»: recibidas dentro de [desde, hasta] (días locales completos).
- Tiempo para derivar: de ``recibida`` a ``atendida_en`` (primer compromiso cumplido), minutos hábiles.
- MTTR: de ``recibida`` a ``resuelta_en`` en minutos hábiles, de las solicitudes resueltas en el periodo.
- Cumplimiento de compromisos: solo solicitudes decidibles (con meta y ya cumplido el hito o ya con
  incumplimiento registrado); % = (decidibles − incumplidas) ÷ decidibles.
- Quejas por cada 100 cerradas: quejas presentadas en el periodo ÷ solicitudes resueltas en el periodo × 100.
- Reapertura: de las recibidas en el periodo que pasaron alguna vez por «resuelta», las que pasaron por
  «reabierta» (bitácora de estados).
- CSAT: promedio de ``Encuesta.calificacion`` (1–5) de las encuestas respondidas en el periodo.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comun import minutos_sql
from comun.calendario import Calendario
from comun.models import Dependencia
from inventario.models import Equipo
from mantenimiento import selectors as mantenimiento
from mantenimiento.choices import ABIERTAS as ABIERTAS_PM
from mantenimiento.models import OrdenMantenimiento
from soporte.choices import ABIERTOS, Compromiso, Estado, EstadoQueja
from soporte.models import Encuesta, Incumplimiento, Queja, Servicio, Solicitud

ACTIVOS = ("activo", "en_reparacion")


def limites(desde: dt.date, hasta: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Del primer instante de ``desde`` al primero del día siguiente a ``hasta`` (hora local)."""
    zona = timezone.get_current_timezone()
    inicio = dt.datetime.combine(desde, dt.time.min, tzinfo=zona)
    fin = dt.datetime.combine(hasta + dt.timedelta(days=1), dt.time.min, tzinfo=zona)
    return inicio, fin


def _porcentaje(parte, total):
    return round(100 * parte / total, 1) if total else None


def _solicitudes(dependencia=None):
    base = Solicitud.objects.all()
    return base.filter(dependencia=dependencia) if dependencia else base


def cumplimiento_pm(desde, hasta, dependencia=None, hoy=None):
    base = OrdenMantenimiento.objects.all()
    if dependencia:
        base = base.filter(equipo__dependencia=dependencia)
    return mantenimiento.cumplimiento(desde, hasta, hoy=hoy, base=base)


def rezago_pm(dependencia=None, hoy=None):
    base = OrdenMantenimiento.objects.all()
    if dependencia:
        base = base.filter(equipo__dependencia=dependencia)
    return mantenimiento.rezago(hoy=hoy, base=base)


def rezago_solicitudes(dependencia=None, ahora=None):
    """Solicitudes abiertas, cuántas con un compromiso vencido, y su edad promedio en días. Una consulta."""
    ahora = ahora or timezone.now()
    vencida = Q(vence_resolucion__lt=ahora) | Q(vence_inicial__lt=ahora, atendida_en__isnull=True)
    fila = _solicitudes(dependencia).filter(estado__in=ABIERTOS).aggregate(
        abiertas=Count("pk"), vencidas=Count("pk", filter=vencida))
    return fila


def tiempo_derivacion(desde, hasta, dependencia=None, calendario=None):
    calendario = calendario or Calendario.cargar()
    inicio, fin = limites(desde, hasta)
    consulta = _solicitudes(dependencia).filter(recibida__gte=inicio, recibida__lt=fin, atendida_en__isnull=False)
    return minutos_sql.resumen(consulta, "recibida", "atendida_en", calendario)


def mttr(desde, hasta, dependencia=None, calendario=None):
    calendario = calendario or Calendario.cargar()
    inicio, fin = limites(desde, hasta)
    consulta = _solicitudes(dependencia).filter(resuelta_en__gte=inicio, resuelta_en__lt=fin).exclude(
        estado=Estado.CANCELADA)
    return minutos_sql.resumen(consulta, "recibida", "resuelta_en", calendario)


def _incumplida(compromiso):
    return Exists(Incumplimiento.objects.filter(solicitud=OuterRef("pk"), compromiso=compromiso))


CONTEOS_SLA = {
    "inicial_decidibles": Count("pk", filter=Q(meta_inicial_min__isnull=False)
                                & (Q(atendida_en__isnull=False) | Q(inc_inicial=True))),
    "inicial_incumplidas": Count("pk", filter=Q(meta_inicial_min__isnull=False, inc_inicial=True)),
    "resolucion_decidibles": Count("pk", filter=Q(meta_resolucion_min__isnull=False)
                                   & (Q(resuelta_en__isnull=False) | Q(inc_resolucion=True))),
    "resolucion_incumplidas": Count("pk", filter=Q(meta_resolucion_min__isnull=False, inc_resolucion=True)),
}


def _con_sla(fila):
    for compromiso in ("inicial", "resolucion"):
        decidibles, incumplidas = fila[f"{compromiso}_decidibles"], fila[f"{compromiso}_incumplidas"]
        fila[f"{compromiso}_pct"] = _porcentaje(decidibles - incumplidas, decidibles)
    return fila


def _anotar_incumplimientos(consulta):
    return consulta.annotate(inc_inicial=_incumplida(Compromiso.INICIAL),
                             inc_resolucion=_incumplida(Compromiso.RESOLUCION))


def sla_por_servicio(desde, hasta, dependencia=None):
    """Lista por servicio (orden del manual) con decidibles, incumplidas y % por compromiso. Dos consultas."""
    inicio, fin = limites(desde, hasta)
    consulta = _anotar_incumplimientos(_solicitudes(dependencia).filter(recibida__gte=inicio, recibida__lt=fin))
    filas = {f["servicio_id"]: f for f in consulta.values("servicio_id").annotate(**CONTEOS_SLA).order_by()}
    vacia = dict.fromkeys(CONTEOS_SLA, 0)
    return [
        _con_sla({"id": s.pk, "clave": s.clave, "nombre": s.nombre, **{k: filas.get(s.pk, vacia)[k] for k in vacia}})
        for s in Servicio.objects.filter(activo=True).only("pk", "clave", "nombre").order_by("orden", "nombre")
    ]


def quejas(desde, hasta, dependencia=None):
    """Quejas presentadas y respondidas en el periodo, y por cada 100 solicitudes resueltas. Dos consultas."""
    inicio, fin = limites(desde, hasta)
    base = Queja.objects.filter(creada__gte=inicio, creada__lt=fin)
    if dependencia:
        base = base.filter(solicitud__dependencia=dependencia)
    fila = base.aggregate(recibidas=Count("pk"), respondidas=Count("pk", filter=Q(estado=EstadoQueja.CERRADA)))
    cerradas = _solicitudes(dependencia).filter(resuelta_en__gte=inicio, resuelta_en__lt=fin).exclude(
        estado=Estado.CANCELADA).count()
    fila["cerradas"] = cerradas
    fila["por_100"] = round(100 * fila["recibidas"] / cerradas, 1) if cerradas else None
    return fila


def csat(desde, hasta, dependencia=None):
    inicio, fin = limites(desde, hasta)
    base = Encuesta.objects.filter(respondida_en__gte=inicio, respondida_en__lt=fin, calificacion__isnull=False)
    if dependencia:
        base = base.filter(solicitud__dependencia=dependencia)
    fila = base.aggregate(n=Count("pk"), promedio=Avg("calificacion"))
    fila["promedio"] = round(fila["promedio"], 2) if fila["promedio"] is not None else None
    return fila


def solicitudes_por_100_equipos(desde, hasta, dependencia=None):
    """Por dependencia: solicitudes recibidas en el periodo, equipos en servicio y la tasa. Tres consultas."""
    inicio, fin = limites(desde, hasta)
    solicitudes = dict(_solicitudes(dependencia).filter(recibida__gte=inicio, recibida__lt=fin)
                       .values_list("dependencia_id").annotate(n=Count("pk")).order_by())
    equipos_qs = Equipo.objects.filter(estado__in=ACTIVOS)
    if dependencia:
        equipos_qs = equipos_qs.filter(dependencia=dependencia)
    equipos = dict(equipos_qs.values_list("dependencia_id").annotate(n=Count("pk")).order_by())
    ids = {i for i in (*solicitudes, *equipos) if i is not None}
    nombres = dict(Dependencia.objects.filter(pk__in=ids).values_list("pk", "nombre"))
    filas = [
        {"id": i, "nombre": nombres.get(i, "—"), "solicitudes": solicitudes.get(i, 0), "equipos": equipos.get(i, 0),
         "por_100": round(100 * solicitudes.get(i, 0) / equipos[i], 1) if equipos.get(i) else None}
        for i in ids
    ]
    return sorted(filas, key=lambda f: f["nombre"].lower())


def tablero(desde, hasta, dependencia=None, hoy=None, calendario=None):
    """Todos los indicadores del tablero del Director (número fijo de consultas)."""
    hoy = hoy or timezone.localdate()
    calendario = calendario or Calendario.cargar()
    return {
        "pm": cumplimiento_pm(desde, hasta, dependencia, hoy),
        "rezago_pm": rezago_pm(dependencia, hoy),
        "rezago": rezago_solicitudes(dependencia),
        "derivacion": tiempo_derivacion(desde, hasta, dependencia, calendario),
        "mttr": mttr(desde, hasta, dependencia, calendario),
        "sla": sla_por_servicio(desde, hasta, dependencia),
        "quejas": quejas(desde, hasta, dependencia),
        "csat": csat(desde, hasta, dependencia),
        "por_dependencia": solicitudes_por_100_equipos(desde, hasta, dependencia),
        "tendencia": tendencia_mensual(desde, hasta, dependencia),
        "reapertura": reapertura(desde, hasta, dependencia),
    }


def transparencia(anio: int):
    """Por servicio y mes del año: recibidas, atendidas (resueltas o cerradas), % de compromisos cumplidos,
    quejas recibidas y respondidas, satisfacción promedio. Sin datos personales. Cuatro consultas."""
    inicio, fin = limites(dt.date(anio, 1, 1), dt.date(anio, 12, 31))
    solicitudes = _anotar_incumplimientos(Solicitud.objects.filter(recibida__gte=inicio, recibida__lt=fin)).annotate(
        mes=TruncMonth("recibida")).values("servicio_id", "mes").annotate(
        recibidas=Count("pk"), atendidas=Count("pk", filter=Q(estado__in=(Estado.RESUELTA, Estado.CERRADA))),
        **CONTEOS_SLA).order_by()
    quejas_mes = Queja.objects.filter(creada__gte=inicio, creada__lt=fin).annotate(mes=TruncMonth("creada")).values(
        "solicitud__servicio_id", "mes").annotate(
        recibidas=Count("pk"), respondidas=Count("pk", filter=Q(estado=EstadoQueja.CERRADA))).order_by()
    encuestas = Encuesta.objects.filter(respondida_en__gte=inicio, respondida_en__lt=fin,
                                        calificacion__isnull=False).annotate(mes=TruncMonth("respondida_en")).values(
        "solicitud__servicio_id", "mes").annotate(promedio=Avg("calificacion"), n=Count("pk")).order_by()
    celdas: dict = {}

    def celda(servicio_id, mes):
        clave = (servicio_id, timezone.localtime(mes).month if isinstance(mes, dt.datetime) else mes.month)
        return celdas.setdefault(clave, {
            "recibidas": 0, "atendidas": 0, "compromisos": 0, "cumplidos": 0,
            "quejas": 0, "quejas_respondidas": 0, "satisfaccion": None, "encuestas": 0})

    for f in solicitudes:
        c = celda(f["servicio_id"], f["mes"])
        c["recibidas"], c["atendidas"] = f["recibidas"], f["atendidas"]
        c["compromisos"] = f["inicial_decidibles"] + f["resolucion_decidibles"]
        c["cumplidos"] = c["compromisos"] - f["inicial_incumplidas"] - f["resolucion_incumplidas"]
    for f in quejas_mes:
        c = celda(f["solicitud__servicio_id"], f["mes"])
        c["quejas"], c["quejas_respondidas"] = f["recibidas"], f["respondidas"]
    for f in encuestas:
        c = celda(f["solicitud__servicio_id"], f["mes"])
        c["satisfaccion"], c["encuestas"] = round(f["promedio"], 2), f["n"]
    filas = []
    for servicio in Servicio.objects.filter(activo=True).only("pk", "nombre").order_by("orden", "nombre"):
        for mes in range(1, 13):
            c = celdas.get((servicio.pk, mes))
            if c is None:
                continue
            filas.append({"servicio": servicio.nombre, "anio": anio, "mes": mes, **c,
                          "cumplimiento_pct": _porcentaje(c["cumplidos"], c["compromisos"])})
    return filas


def _mes(valor):
    valor = timezone.localtime(valor) if isinstance(valor, dt.datetime) else valor
    return dt.date(valor.year, valor.month, 1)


def tendencia_mensual(desde, hasta, dependencia=None):
    """Por mes del periodo: solicitudes recibidas, resueltas y % de compromisos cumplidos. Dos consultas."""
    inicio, fin = limites(desde, hasta)
    base = _solicitudes(dependencia)
    recibidas = _anotar_incumplimientos(base.filter(recibida__gte=inicio, recibida__lt=fin)).annotate(
        mes=TruncMonth("recibida")).values("mes").annotate(recibidas=Count("pk"), **CONTEOS_SLA).order_by()
    resueltas = base.filter(resuelta_en__gte=inicio, resuelta_en__lt=fin).exclude(estado=Estado.CANCELADA).annotate(
        mes=TruncMonth("resuelta_en")).values("mes").annotate(n=Count("pk")).order_by()
    meses: dict = {}
    actual = dt.date(desde.year, desde.month, 1)
    while actual <= hasta:
        meses[actual] = {"mes": actual, "recibidas": 0, "resueltas": 0, "cumplimiento_pct": None}
        actual = dt.date(actual.year + actual.month // 12, actual.month % 12 + 1, 1)
    for f in recibidas:
        m = meses.setdefault(_mes(f["mes"]), {"mes": _mes(f["mes"]), "resueltas": 0})
        decidibles = f["inicial_decidibles"] + f["resolucion_decidibles"]
        m["recibidas"] = f["recibidas"]
        m["cumplimiento_pct"] = _porcentaje(
            decidibles - f["inicial_incumplidas"] - f["resolucion_incumplidas"], decidibles)
    for f in resueltas:
        meses.setdefault(_mes(f["mes"]), {"mes": _mes(f["mes"]), "recibidas": 0, "cumplimiento_pct": None})[
            "resueltas"] = f["n"]
    filas = [meses[k] for k in sorted(meses)]
    maximo = max([1, *(max(f["recibidas"], f["resueltas"]) for f in filas)])
    for f in filas:
        f["barra_recibidas"] = round(100 * f["recibidas"] / maximo)
        f["barra_resueltas"] = round(100 * f["resueltas"] / maximo)
    return filas


def tecnicos(desde, hasta, dependencia=None, hoy=None):
    """Por técnico: solicitudes abiertas asignadas, resueltas en el periodo, órdenes abiertas, órdenes del periodo
    a tiempo (cumplimiento de mantenimiento) y minutos trabajados en órdenes cerradas en el periodo. Cuatro
    consultas."""
    from soporte.forms import tecnicos as usuarios_tecnicos

    inicio, fin = limites(desde, hasta)
    solicitudes = {f["tecnico_id"]: f for f in _solicitudes(dependencia).filter(tecnico__isnull=False).values(
        "tecnico_id").annotate(
        abiertas=Count("pk", filter=Q(estado__in=ABIERTOS)),
        resueltas=Count("pk", filter=Q(resuelta_en__gte=inicio, resuelta_en__lt=fin) & ~Q(estado=Estado.CANCELADA)),
    ).order_by()}
    ordenes_base = OrdenMantenimiento.objects.filter(tecnico__isnull=False)
    if dependencia:
        ordenes_base = ordenes_base.filter(equipo__dependencia=dependencia)
    ordenes = {f["tecnico_id"]: f for f in ordenes_base.values("tecnico_id").annotate(
        ordenes_abiertas=Count("pk", filter=Q(estado__in=ABIERTAS_PM)),
        minutos=Sum("minutos", filter=Q(fecha_cierre__gte=desde, fecha_cierre__lte=hasta)),
    ).order_by()}
    cumplimiento = {f["id"]: f for f in mantenimiento.cumplimiento(desde, hasta, hoy=hoy, por="tecnico",
                                                                   base=ordenes_base)}
    filas = []
    for u in usuarios_tecnicos().only("pk", "username", "first_name", "last_name"):
        s, o, c = solicitudes.get(u.pk, {}), ordenes.get(u.pk, {}), cumplimiento.get(u.pk, {})
        filas.append({
            "id": u.pk, "nombre": u.get_full_name() or u.username,
            "abiertas": s.get("abiertas", 0), "resueltas": s.get("resueltas", 0),
            "ordenes_abiertas": o.get("ordenes_abiertas", 0), "minutos": o.get("minutos") or 0,
            "ordenes_vencidas": c.get("vencidas", 0), "ordenes_a_tiempo": c.get("a_tiempo", 0),
            "ordenes_pct": c.get("porcentaje"),
        })
    return filas


def reapertura(desde, hasta, dependencia=None):
    """De las solicitudes recibidas en el periodo que se resolvieron alguna vez, cuántas se reabrieron. Una
    consulta (EXISTS sobre la bitácora de estados)."""
    from soporte.models import CambioEstado

    inicio, fin = limites(desde, hasta)

    def paso(estado):
        return Exists(CambioEstado.objects.filter(solicitud=OuterRef("pk"), nuevo=estado))

    fila = _solicitudes(dependencia).filter(recibida__gte=inicio, recibida__lt=fin).annotate(
        resuelta_alguna=paso(Estado.RESUELTA), reabierta=paso(Estado.REABIERTA)).aggregate(
        resueltas=Count("pk", filter=Q(resuelta_alguna=True)),
        reabiertas=Count("pk", filter=Q(resuelta_alguna=True, reabierta=True)))
    fila["porcentaje"] = _porcentaje(fila["reabiertas"], fila["resueltas"])
    return fila
