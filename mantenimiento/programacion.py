"""Reglas de calendario de los planes preventivos (DESIGN §4), como funciones puras (sin base de datos).

Decisiones (las pruebas de tests/mantenimiento/test_programacion.py las fijan):

- **Intervalo**: n días, semanas, meses o años. Meses y años se suman con calendario y se recortan al fin de
  mes: 31 ene + 1 mes = 28 (o 29) feb; 29 feb 2024 + 1 año = 28 feb 2025.
- **Rejilla** (modo fijo): inicio + k × intervalo, siempre calculada desde la fecha de inicio y nunca
  encadenada: 31 ene → 28 feb → 31 mar → 30 abr.
- **Modo fijo**: el siguiente vencimiento es la primera fecha de la rejilla posterior a la fecha programada de
  la última orden cerrada (completada o no realizada) y posterior al día en que se cerró. Las fechas de la
  rejilla que quedan en medio se omiten y se cuentan (``fechas_omitidas`` de la orden nueva). Una realización
  anticipada no adelanta la rejilla.
- **Modo flotante**: siguiente vencimiento = día de cierre + intervalo.
- **Sin historia** (equipo nuevo en el plan, o plan nuevo), en los dos modos: la primera fecha de la rejilla que
  no sea anterior a hoy (las fechas pasadas de un equipo que no estaba en el plan no cuentan como omitidas).
- **Fecha límite**: la fecha programada; si cae en día inhábil (fin de semana, festivo oficial o día inhábil
  municipal según comun.calendario) se mueve al día hábil anterior o siguiente, según el plan.
- **Generación**: la orden se crea cuando hoy ≥ fecha límite − días de anticipación.
- **Ventana a tiempo**: fecha límite + el mayor de 1 día hábil y el 10 % del intervalo (en días naturales,
  redondeado hacia arriba; el intervalo se mide desde la fecha programada). Una orden cerrada hasta ese día,
  inclusive, se cumplió a tiempo.
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from .choices import AjusteInhabil, Modo, Unidad

_UN_DIA = dt.timedelta(days=1)


def sumar_meses(fecha: dt.date, meses: int) -> dt.date:
    """Suma meses con calendario, recortando el día al último del mes de llegada."""
    total = fecha.year * 12 + fecha.month - 1 + meses
    anio, mes = divmod(total, 12)
    mes += 1
    return dt.date(anio, mes, min(fecha.day, _calendar.monthrange(anio, mes)[1]))


def sumar_intervalo(fecha: dt.date, veces: int, cantidad: int, unidad: str) -> dt.date:
    """``fecha`` + ``veces`` × (``cantidad`` ``unidad``)."""
    pasos = veces * cantidad
    if unidad == Unidad.DIAS:
        return fecha + dt.timedelta(days=pasos)
    if unidad == Unidad.SEMANAS:
        return fecha + dt.timedelta(weeks=pasos)
    if unidad == Unidad.MESES:
        return sumar_meses(fecha, pasos)
    if unidad == Unidad.ANIOS:
        return sumar_meses(fecha, 12 * pasos)
    raise ValueError(f"Unidad de intervalo desconocida: {unidad!r}.")


@lru_cache(maxsize=256)
def dias_minimos(cantidad: int, unidad: str) -> int:
    """La duración más corta del intervalo en días (1 mes: 28; 1 año: 365), para validar la anticipación."""
    if unidad == Unidad.DIAS:
        return cantidad
    if unidad == Unidad.SEMANAS:
        return 7 * cantidad
    inicio = dt.date(2023, 1, 1)  # un ciclo de 4 años cubre todos los casos de fin de mes y bisiesto
    return min(
        (sumar_intervalo(d, 1, cantidad, unidad) - d).days
        for d in (inicio + dt.timedelta(days=i) for i in range(366 * 4))
    )


def fecha_rejilla(inicio: dt.date, k: int, cantidad: int, unidad: str) -> dt.date:
    return sumar_intervalo(inicio, k, cantidad, unidad)


def primera_de_rejilla(inicio: dt.date, cantidad: int, unidad: str, desde: dt.date) -> tuple[int, dt.date]:
    """(k, fecha) de la primera fecha de la rejilla que no es anterior a ``desde``."""
    if desde <= inicio:
        return 0, inicio
    if unidad in (Unidad.DIAS, Unidad.SEMANAS):
        paso = cantidad * (7 if unidad == Unidad.SEMANAS else 1)
        k = math.ceil((desde - inicio).days / paso)
        return k, inicio + dt.timedelta(days=k * paso)
    meses = cantidad * (12 if unidad == Unidad.ANIOS else 1)
    diferencia = (desde.year - inicio.year) * 12 + desde.month - inicio.month
    k = max(diferencia // meses - 1, 0)
    fecha = fecha_rejilla(inicio, k, cantidad, unidad)
    while fecha < desde:
        k += 1
        fecha = fecha_rejilla(inicio, k, cantidad, unidad)
    return k, fecha


@dataclass(frozen=True)
class Regla:
    """Los datos de un plan que deciden su calendario."""

    modo: str
    cantidad: int
    unidad: str
    inicio: dt.date
    anticipacion: int = 0
    ajuste: str = AjusteInhabil.ANTERIOR

    @classmethod
    def de_plan(cls, plan) -> Regla:
        return cls(plan.modo, plan.intervalo, plan.unidad, plan.fecha_inicio, plan.dias_anticipacion,
                   plan.ajuste_inhabil)


@dataclass(frozen=True)
class Vencimiento:
    fecha_programada: dt.date
    fecha_limite: dt.date
    ventana_hasta: dt.date
    fecha_generacion: dt.date
    omitidas: int = 0


def siguiente_programada(regla: Regla, hoy: dt.date, ultima_programada: dt.date | None = None,
                         ultimo_cierre: dt.date | None = None) -> tuple[dt.date, int]:
    """(fecha programada del siguiente mantenimiento, fechas de la rejilla omitidas)."""
    if ultimo_cierre is None or ultima_programada is None:
        return primera_de_rejilla(regla.inicio, regla.cantidad, regla.unidad, hoy)[1], 0
    if regla.modo == Modo.FLOTANTE:
        return sumar_intervalo(ultimo_cierre, 1, regla.cantidad, regla.unidad), 0
    k_siguiente, _ = primera_de_rejilla(regla.inicio, regla.cantidad, regla.unidad, ultima_programada + _UN_DIA)
    k, fecha = primera_de_rejilla(
        regla.inicio, regla.cantidad, regla.unidad, max(ultima_programada, ultimo_cierre) + _UN_DIA
    )
    return fecha, k - k_siguiente


def ajustar(fecha: dt.date, ajuste: str, calendario) -> dt.date:
    """Mueve una fecha inhábil al día hábil anterior o siguiente (la deja igual si es hábil)."""
    if ajuste == AjusteInhabil.SIGUIENTE:
        return calendario.dia_habil_siguiente(fecha)
    return calendario.dia_habil_anterior(fecha)


def fin_de_ventana(fecha_limite: dt.date, fecha_programada: dt.date, cantidad: int, unidad: str,
                   calendario) -> dt.date:
    """Último día en que la orden cuenta como hecha a tiempo."""
    intervalo = (sumar_intervalo(fecha_programada, 1, cantidad, unidad) - fecha_programada).days
    holgura = fecha_limite + dt.timedelta(days=math.ceil(intervalo / 10))
    return max(calendario.sumar_dias_habiles(fecha_limite, 1), holgura)


def vencimiento(regla: Regla, fecha_programada: dt.date, calendario, omitidas: int = 0) -> Vencimiento:
    limite = ajustar(fecha_programada, regla.ajuste, calendario)
    return Vencimiento(
        fecha_programada=fecha_programada,
        fecha_limite=limite,
        ventana_hasta=fin_de_ventana(limite, fecha_programada, regla.cantidad, regla.unidad, calendario),
        fecha_generacion=limite - dt.timedelta(days=regla.anticipacion),
        omitidas=omitidas,
    )


def siguiente_vencimiento(regla: Regla, calendario, hoy: dt.date, ultima_programada: dt.date | None = None,
                          ultimo_cierre: dt.date | None = None) -> Vencimiento:
    fecha, omitidas = siguiente_programada(regla, hoy, ultima_programada, ultimo_cierre)
    return vencimiento(regla, fecha, calendario, omitidas)
