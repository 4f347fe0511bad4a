"""Lecturas de indicadores de mantenimiento (las reutiliza el módulo de reportes).

Cumplimiento de mantenimiento preventivo (DESIGN §4): órdenes que vencen en el periodo y se hicieron dentro de
su ventana a tiempo ÷ órdenes que vencen en el periodo. Decisiones:

- «Vencen en el periodo»: ``fecha_limite`` dentro de [desde, hasta], sin contar las canceladas (el equipo salió
  del plan o se dio de baja) y sin contar las abiertas cuya ventana aún no termina (todavía pueden cumplirse).
  Una abierta con la ventana vencida cuenta como incumplida; también las «no realizadas» y las completadas tarde.
- Todas las cuentas se hacen en la base de datos (COUNT … FILTER / CASE), agrupadas por plan, dependencia del
  equipo o técnico: el número de consultas no depende del número de órdenes.
- Rezago (backlog): órdenes abiertas, cuántas ya pasaron su fecha límite y su edad promedio en días (desde el día
  en que se generaron).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from .choices import ABIERTAS, EstadoOrden
from .models import OrdenMantenimiento

A_TIEMPO = Q(estado=EstadoOrden.COMPLETADA, fecha_cierre__lte=F("ventana_hasta"))
AGRUPACIONES = {
    "plan": ("plan_id", "plan__nombre"),
    "dependencia": ("equipo__dependencia_id", "equipo__dependencia__nombre"),
    "tecnico": ("tecnico_id", "tecnico__username", "tecnico__first_name", "tecnico__last_name"),
}


def _decidibles(desde, hasta, hoy, base=None):
    base = OrdenMantenimiento.objects.all() if base is None else base
    return base.filter(fecha_limite__gte=desde, fecha_limite__lte=hasta).exclude(
        estado=EstadoOrden.CANCELADA).exclude(estado__in=ABIERTAS, ventana_hasta__gte=hoy)


def _porcentaje(parte, total):
    return round(100 * parte / total, 1) if total else None


def _nombre(fila, por):
    if por == "tecnico":
        completo = f"{fila['tecnico__first_name'] or ''} {fila['tecnico__last_name'] or ''}".strip()
        return completo or fila["tecnico__username"] or "Sin asignar"
    return fila[AGRUPACIONES[por][1]] or ("A demanda" if por == "plan" else "—")


CONTEOS = {
    "vencidas": Count("pk"),
    "a_tiempo": Count("pk", filter=A_TIEMPO),
    "tarde": Count("pk", filter=Q(estado=EstadoOrden.COMPLETADA) & ~A_TIEMPO),
    "no_realizadas": Count("pk", filter=Q(estado=EstadoOrden.NO_REALIZADA)),
    "sin_hacer": Count("pk", filter=Q(estado__in=ABIERTAS)),
}


def cumplimiento(desde: dt.date, hasta: dt.date, hoy: dt.date | None = None, por: str | None = None, base=None):
    """Cumplimiento del periodo. Sin ``por``: un dict {vencidas, a_tiempo, tarde, no_realizadas, sin_hacer,
    porcentaje}. Con ``por`` = "plan" | "dependencia" | "tecnico": lista de esos dicts con ``id`` y ``nombre``,
    ordenada por nombre. Una consulta."""
    hoy = hoy or timezone.localdate()
    consulta = _decidibles(desde, hasta, hoy, base)
    if por is None:
        fila = consulta.aggregate(**CONTEOS)
        return {**fila, "porcentaje": _porcentaje(fila["a_tiempo"], fila["vencidas"])}
    campos = AGRUPACIONES[por]
    filas = consulta.values(*campos).annotate(**CONTEOS).order_by(campos[0])
    resultado = [
        {"id": f[campos[0]], "nombre": _nombre(f, por), **{k: f[k] for k in CONTEOS},
         "porcentaje": _porcentaje(f["a_tiempo"], f["vencidas"])}
        for f in filas
    ]
    return sorted(resultado, key=lambda f: f["nombre"].lower())


def rezago(hoy: dt.date | None = None, por: str | None = None, base=None):
    """Órdenes abiertas: {abiertas, vencidas, edad_promedio (días)}; con ``por``, un dict id → esos datos.
    Una consulta (agrupada por día de generación, así la edad promedio sale sin traer filas)."""
    hoy = hoy or timezone.localdate()
    base = OrdenMantenimiento.objects.all() if base is None else base
    campos = AGRUPACIONES[por][:1] if por else ()
    filas = (base.filter(estado__in=ABIERTAS).values(*campos, "fecha_generacion")
             .annotate(n=Count("pk"), vencidas=Count("pk", filter=Q(fecha_limite__lt=hoy)))
             .order_by())
    grupos: dict = {}
    for f in filas:
        clave = f[campos[0]] if por else None
        g = grupos.setdefault(clave, {"abiertas": 0, "vencidas": 0, "_dias": 0})
        g["abiertas"] += f["n"]
        g["vencidas"] += f["vencidas"]
        g["_dias"] += f["n"] * max((hoy - f["fecha_generacion"]).days, 0)
    for g in grupos.values():
        g["edad_promedio"] = round(g.pop("_dias") / g["abiertas"], 1) if g["abiertas"] else None
    if por:
        return grupos
    return grupos.get(None, {"abiertas": 0, "vencidas": 0, "edad_promedio": None})

