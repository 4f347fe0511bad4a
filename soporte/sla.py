"""Relojes de nivel de servicio, calculados de la bitácora de estados con el calendario de la oficina.

Funciones puras: reciben la bitácora (momento, estado nuevo) ya cargada y un ``Calendario``; la cola
carga la bitácora de sus 50 renglones en una consulta y el calendario una vez, y no consulta nada más.

- Primer compromiso (derivación o primera atención): corre desde que se recibe la solicitud hasta la
  primera asignación (o la primera atención, según el servicio); se pausa en espera.
- Resolución: corre en nueva, asignada, en proceso y reabierta; se pausa en espera; se detiene al
  resolver, cerrar o cancelar; si se reabre, sigue sumando donde se quedó.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from comun.calendario import Calendario

from .choices import CORRE, Compromiso, Estado, RelojInicial

# Estados que cumplen el primer compromiso, según el tipo de reloj del servicio.
_FIN_INICIAL = {
    RelojInicial.ASIGNACION: {Estado.ASIGNADA, Estado.EN_PROCESO, Estado.EN_ESPERA, Estado.RESUELTA,
                              Estado.CERRADA},
    RelojInicial.ATENCION: {Estado.EN_PROCESO, Estado.RESUELTA, Estado.CERRADA},
}
_FIN_RESOLUCION = {Estado.RESUELTA, Estado.CERRADA}


@dataclass(frozen=True)
class Reloj:
    compromiso: str
    meta_min: int
    consumido_min: int
    corriendo: bool
    pausado: bool
    terminado: bool  # se cumplió el hito (o se canceló la solicitud)
    vence: dt.datetime | None  # cuándo vence si sigue corriendo
    vencio_en: dt.datetime | None  # cuándo se pasó de la meta, si se pasó

    @property
    def incumplido(self) -> bool:
        return self.vencio_en is not None

    @property
    def restante_min(self) -> int:
        return self.meta_min - self.consumido_min

    @property
    def porcentaje(self) -> int:
        # Truncado: 74.9 % es 74 % (no se avisa antes de llegar al umbral).
        return 100 if not self.meta_min else 100 * self.consumido_min // self.meta_min

    @property
    def semaforo(self) -> str:
        """verde, amarillo (≥ umbral de aviso), rojo (vencido) o gris (terminado a tiempo / pausado)."""
        from django.conf import settings

        if self.incumplido:
            return "rojo"
        if self.terminado or self.pausado:
            return "gris"
        if self.porcentaje >= settings.SIGMA_SLA_AVISO_PCT:
            return "amarillo"
        return "verde"

    @property
    def etiqueta(self) -> str:
        return Compromiso(self.compromiso).label


def _tramos(recibida, bitacora, ahora):
    """[(desde, hasta, estado)] del estado vigente en cada tramo, desde la recepción hasta ahora."""
    eventos = sorted(bitacora, key=lambda e: e[0])
    estado = Estado.NUEVA
    desde = recibida
    tramos = []
    for momento, nuevo in eventos:
        momento = max(momento, recibida)
        if momento > desde:
            tramos.append((desde, momento, estado))
            desde = momento
        estado = Estado(nuevo)
    tramos.append((desde, max(ahora, desde), estado))
    return tramos


def _medir(compromiso, meta, tramos, corre, fin, calendario, definitivo):
    """Suma los minutos hábiles de los tramos que corren. ``definitivo``: el primer estado de ``fin`` termina el
    reloj para siempre (primer compromiso); si no, solo si es el último tramo (la resolución sigue al reabrir)."""
    consumido = 0
    vencio_en = None
    for indice, (desde, hasta, estado) in enumerate(tramos):
        ultimo = indice == len(tramos) - 1
        if estado in fin or estado == Estado.CANCELADA:
            if definitivo or ultimo:
                return Reloj(compromiso, meta, consumido, False, False, True, None, vencio_en)
            continue
        if estado not in corre:
            if ultimo:
                return Reloj(compromiso, meta, consumido, False, True, False, None, vencio_en)
            continue
        minutos = calendario.minutos_habiles(desde, hasta)
        if vencio_en is None and consumido + minutos > meta:
            vencio_en = calendario.sumar_minutos_habiles(desde, max(meta - consumido, 0))
        if ultimo:
            vence = vencio_en or calendario.sumar_minutos_habiles(desde, meta - consumido)
            return Reloj(compromiso, meta, consumido + minutos, True, False, False, vence, vencio_en)
        consumido += minutos
    raise AssertionError("tramos vacíos")  # pragma: no cover


def reloj_inicial(recibida, bitacora, meta_min, tipo, calendario: Calendario, ahora) -> Reloj | None:
    if meta_min is None:
        return None
    tramos = _tramos(recibida, bitacora, ahora)
    return _medir(Compromiso.INICIAL, meta_min, tramos, CORRE, _FIN_INICIAL[RelojInicial(tipo)], calendario, True)


def reloj_resolucion(recibida, bitacora, meta_min, calendario: Calendario, ahora) -> Reloj | None:
    if meta_min is None:
        return None
    tramos = _tramos(recibida, bitacora, ahora)
    return _medir(Compromiso.RESOLUCION, meta_min, tramos, CORRE, _FIN_RESOLUCION, calendario, False)


def relojes(solicitud, bitacora, calendario: Calendario, ahora) -> list[Reloj]:
    """Los relojes de una solicitud (los que tienen meta). ``bitacora``: [(en, nuevo)]."""
    resultado = [
        reloj_inicial(solicitud.recibida, bitacora, solicitud.meta_inicial_min,
                      solicitud.servicio.reloj_inicial, calendario, ahora),
        reloj_resolucion(solicitud.recibida, bitacora, solicitud.meta_resolucion_min, calendario, ahora),
    ]
    return [r for r in resultado if r is not None]


def meta_por_rango(recibida: dt.datetime, fecha_compromiso: dt.date, calendario: Calendario) -> int:
    """Minutos hábiles desde la recepción hasta el cierre de la oficina del día acordado."""
    ventana = calendario.horario_del_dia(fecha_compromiso)
    if ventana is None:
        fecha = calendario.dia_habil_anterior(fecha_compromiso)
        ventana = calendario.horario_del_dia(fecha)
    return calendario.minutos_habiles(recibida, ventana[1])
