"""Calendario de la oficina: días hábiles y minutos hábiles.

Lo usan los relojes de los niveles de servicio de la mesa de ayuda y los
vencimientos de mantenimiento. Un día es hábil si tiene fila en
``HorarioOficina``, no es festivo oficial de México (paquete ``holidays``) y no
es un ``DiaInhabil`` municipal.

Las horas del horario son horas de reloj locales (America/Mexico_City). Toda
la aritmética se hace en UTC para no depender de cambios de horario.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

import holidays

ZONA_OFICINA = ZoneInfo("America/Mexico_City")

# Horario del manual (lunes a viernes, 09:00–15:00); se usa si no se da otro.
HORARIO_PREDETERMINADO: dict[int, tuple[dt.time, dt.time]] = {
    dia: (dt.time(9), dt.time(15)) for dia in range(5)
}

_UN_DIA = dt.timedelta(days=1)
_UN_MINUTO = dt.timedelta(minutes=1)
# Tope de búsqueda de un día hábil: evita ciclos infinitos si todo es inhábil.
_MAX_DIAS_BUSQUEDA = 366 * 3


class Calendario:
    """Calendario laboral de la oficina.

    Se construye desde la base de datos con :meth:`cargar` o a mano (pruebas)::

        Calendario(horario={0: (time(9), time(15))}, inhabiles={date(2026, 1, 2)})

    ``horario`` va de día de la semana (0 = lunes … 6 = domingo) a
    ``(hora_inicio, hora_fin)``; un día ausente no es laborable. ``inhabiles`` son
    días no laborables municipales. ``festivos`` indica si se descuentan los
    festivos oficiales de México.
    """

    def __init__(
        self,
        horario: Mapping[int, tuple[dt.time, dt.time]] | None = None,
        inhabiles: Iterable[dt.date] = (),
        festivos: bool = True,
        zona: dt.tzinfo | str | None = None,
    ):
        horario = HORARIO_PREDETERMINADO if horario is None else horario
        self.horario: dict[int, tuple[dt.time, dt.time]] = {}
        for dia, (inicio, fin) in horario.items():
            if not 0 <= dia <= 6:
                raise ValueError(f"Día de la semana inválido: {dia} (debe ir de 0 a 6).")
            if fin <= inicio:
                raise ValueError(f"La hora de fin debe ser posterior a la de inicio (día {dia}).")
            self.horario[int(dia)] = (inicio, fin)
        self.inhabiles: frozenset[dt.date] = frozenset(inhabiles)
        self.festivos = festivos
        if zona is None:
            zona = ZONA_OFICINA
        self.zona: dt.tzinfo = ZoneInfo(zona) if isinstance(zona, str) else zona
        self._festivos_por_anio: dict[int, frozenset[dt.date]] = {}

    @classmethod
    def cargar(cls, festivos: bool = True) -> Calendario:
        """Construye el calendario con ``HorarioOficina`` y ``DiaInhabil`` (2 consultas)."""
        from .models import DiaInhabil, HorarioOficina

        horario = {
            dia: (inicio, fin)
            for dia, inicio, fin in HorarioOficina.objects.values_list(
                "dia_semana", "hora_inicio", "hora_fin"
            )
        }
        inhabiles = DiaInhabil.objects.values_list("fecha", flat=True)
        return cls(horario=horario, inhabiles=list(inhabiles), festivos=festivos)

    def __repr__(self):
        return (
            f"<Calendario dias={sorted(self.horario)} inhabiles={len(self.inhabiles)}"
            f" festivos={self.festivos}>"
        )

    def firma(self) -> str:
        """Huella del calendario (horario, días inhábiles, festivos y zona): si cambia, cambian los minutos."""
        datos = repr((sorted(self.horario.items()), sorted(self.inhabiles), self.festivos, str(self.zona),
                      getattr(holidays, "__version__", "")))
        return hashlib.md5(datos.encode(), usedforsecurity=False).hexdigest()

    def ventana_utc(self, fecha: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Apertura y cierre del día en UTC; ``None`` si el día no es hábil."""
        return self._ventana_utc(fecha)

    # Días

    def festivos_del_anio(self, anio: int) -> frozenset[dt.date]:
        """Festivos oficiales de México del año (vacío si ``festivos`` es falso)."""
        if not self.festivos:
            return frozenset()
        if anio not in self._festivos_por_anio:
            self._festivos_por_anio[anio] = frozenset(holidays.country_holidays("MX", years=anio))
        return self._festivos_por_anio[anio]

    def es_dia_habil(self, fecha: dt.date | dt.datetime) -> bool:
        """Indica si la fecha es laborable: tiene horario, no es festivo ni día inhábil."""
        fecha = self._a_fecha(fecha)
        return (
            fecha.weekday() in self.horario
            and fecha not in self.inhabiles
            and fecha not in self.festivos_del_anio(fecha.year)
        )

    def dia_habil_siguiente(self, fecha: dt.date | dt.datetime, incluir: bool = True) -> dt.date:
        """Primer día hábil desde ``fecha`` (la misma si ``incluir`` y es hábil)."""
        return self._buscar_dia(self._a_fecha(fecha), 1, incluir)

    def dia_habil_anterior(self, fecha: dt.date | dt.datetime, incluir: bool = True) -> dt.date:
        """Último día hábil hasta ``fecha`` (la misma si ``incluir`` y es hábil)."""
        return self._buscar_dia(self._a_fecha(fecha), -1, incluir)

    def sumar_dias_habiles(self, fecha: dt.date | dt.datetime, n: int) -> dt.date:
        """Fecha que cae ``n`` días hábiles después de ``fecha`` (antes si ``n`` es negativo).

        ``fecha`` no cuenta; con ``n == 0`` se devuelve sin cambios.
        """
        fecha = self._a_fecha(fecha)
        paso = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            fecha = self._buscar_dia(fecha, paso, incluir=False)
        return fecha

    # Horas

    def horario_del_dia(self, fecha: dt.date | dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
        """Apertura y cierre (hora local) del día, o ``None`` si no es hábil."""
        ventana = self._ventana_utc(self._a_fecha(fecha))
        if ventana is None:
            return None
        return ventana[0].astimezone(self.zona), ventana[1].astimezone(self.zona)

    def es_horario_habil(self, momento: dt.datetime) -> bool:
        """Indica si el momento cae dentro del horario (apertura incluida, cierre excluido)."""
        momento = self._a_utc(momento)
        ventana = self._ventana_utc(momento.astimezone(self.zona).date())
        return ventana is not None and ventana[0] <= momento < ventana[1]

    def inicio_efectivo(self, momento: dt.datetime) -> dt.datetime:
        """Momento en que arranca el reloj: ``momento`` si está en horario; si no, la siguiente apertura."""
        momento = self._a_utc(momento)
        fecha = momento.astimezone(self.zona).date()
        for _ in range(_MAX_DIAS_BUSQUEDA):
            ventana = self._ventana_utc(fecha)
            if ventana is not None and momento < ventana[1]:
                return max(momento, ventana[0]).astimezone(self.zona)
            fecha += _UN_DIA
        raise ValueError("No hay días hábiles en el calendario.")

    def minutos_habiles(self, inicio: dt.datetime, fin: dt.datetime) -> int:
        """Minutos hábiles completos entre ``inicio`` y ``fin`` (0 si ``fin <= inicio``)."""
        inicio = self._a_utc(inicio)
        fin = self._a_utc(fin)
        if fin <= inicio:
            return 0
        fecha = inicio.astimezone(self.zona).date()
        ultima = fin.astimezone(self.zona).date()
        total = dt.timedelta()
        while fecha <= ultima:
            ventana = self._ventana_utc(fecha)
            if ventana is not None:
                desde = max(ventana[0], inicio)
                hasta = min(ventana[1], fin)
                if hasta > desde:
                    total += hasta - desde
            fecha += _UN_DIA
        return total // _UN_MINUTO

    def minutos_habiles_en_lote(self, pares) -> list[int]:
        """``minutos_habiles(a, b)`` de cada par (a, b) con b ≥ a (los demás se omiten), para miles de pares: las
        ventanas de cada día del rango se calculan una vez y, con sumas acumuladas, cada par cuesta O(1)."""
        pares = [(self._a_utc(a), self._a_utc(b)) for a, b in pares if b >= a]
        if not pares:
            return []
        cero = dt.timedelta()
        primero = min(a for a, _ in pares).astimezone(self.zona).date()
        ultimo = max(b for _, b in pares).astimezone(self.zona).date()
        ventanas = [self._ventana_utc(primero + dt.timedelta(days=k)) for k in range((ultimo - primero).days + 1)]
        acumulado = [cero]
        for v in ventanas:
            acumulado.append(acumulado[-1] + (v[1] - v[0] if v else cero))

        def tramo(v, a, b):
            return max(min(v[1], b) - max(v[0], a), cero) if v else cero

        minutos = []
        for a, b in pares:
            ia = (a.astimezone(self.zona).date() - primero).days
            ib = (b.astimezone(self.zona).date() - primero).days
            total = tramo(ventanas[ia], a, b)
            if ib > ia:
                total += acumulado[ib] - acumulado[ia + 1] + tramo(ventanas[ib], a, b)
            minutos.append(total // _UN_MINUTO)
        return minutos

    def sumar_minutos_habiles(self, inicio: dt.datetime, minutos: int) -> dt.datetime:
        """Momento (hora local) en que transcurren ``minutos`` hábiles desde ``inicio``.

        Si ``inicio`` está fuera de horario, el reloj arranca en la siguiente
        apertura. Si el resultado coincide con el cierre se devuelve el cierre de
        ese día (no la apertura del siguiente). Con 0 minutos se devuelve ``inicio``.
        """
        if isinstance(minutos, bool) or not isinstance(minutos, int):
            raise TypeError("Los minutos deben ser un número entero.")
        if minutos < 0:
            raise ValueError("Los minutos hábiles no pueden ser negativos.")
        momento = self._a_utc(inicio)
        if minutos == 0:
            return momento.astimezone(self.zona)
        if not self.horario:
            raise ValueError("No hay días hábiles en el calendario.")
        restante = dt.timedelta(minutes=minutos)
        fecha = momento.astimezone(self.zona).date()
        dias_sin_habil = 0
        while True:
            ventana = self._ventana_utc(fecha)
            if ventana is None:
                dias_sin_habil += 1
                if dias_sin_habil > _MAX_DIAS_BUSQUEDA:
                    raise ValueError("No hay días hábiles en el calendario.")
            else:
                dias_sin_habil = 0
                desde = max(ventana[0], momento)
                if desde < ventana[1]:
                    disponible = ventana[1] - desde
                    if restante <= disponible:
                        return (desde + restante).astimezone(self.zona)
                    restante -= disponible
            fecha += _UN_DIA

    # Auxiliares

    def _buscar_dia(self, fecha: dt.date, paso: int, incluir: bool) -> dt.date:
        if not incluir:
            fecha += paso * _UN_DIA
        for _ in range(_MAX_DIAS_BUSQUEDA):
            if self.es_dia_habil(fecha):
                return fecha
            fecha += paso * _UN_DIA
        raise ValueError("No hay días hábiles en el calendario.")

    def _ventana_utc(self, fecha: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        # Apertura y cierre del día en UTC; None si el día no es hábil.
        if not self.es_dia_habil(fecha):
            return None
        inicio, fin = self.horario[fecha.weekday()]
        return (
            dt.datetime.combine(fecha, inicio, tzinfo=self.zona).astimezone(dt.UTC),
            dt.datetime.combine(fecha, fin, tzinfo=self.zona).astimezone(dt.UTC),
        )

    def _a_fecha(self, valor: dt.date | dt.datetime) -> dt.date:
        if isinstance(valor, dt.datetime):
            return self._a_utc(valor).astimezone(self.zona).date()
        if isinstance(valor, dt.date):
            return valor
        raise TypeError(f"Se esperaba una fecha, se recibió {type(valor).__name__}.")

    @staticmethod
    def _a_utc(valor: dt.datetime) -> dt.datetime:
        if not isinstance(valor, dt.datetime):
            raise TypeError(f"Se esperaba una fecha y hora, se recibió {type(valor).__name__}.")
        if valor.tzinfo is None or valor.utcoffset() is None:
            raise ValueError("La fecha y hora debe incluir zona horaria (no se aceptan fechas ingenuas).")
        return valor.astimezone(dt.UTC)


# Funciones de conveniencia: cargan el calendario de la base de datos en cada
# llamada (2 consultas) salvo que se pase uno; así nunca queda desactualizado.
# Para muchos cálculos seguidos conviene pasar ``calendario=Calendario.cargar()``.


def _obtener(calendario: Calendario | None) -> Calendario:
    return calendario if calendario is not None else Calendario.cargar()


def es_dia_habil(fecha: dt.date | dt.datetime, *, calendario: Calendario | None = None) -> bool:
    """Indica si la fecha es día hábil según el calendario de la base de datos."""
    return _obtener(calendario).es_dia_habil(fecha)


def dia_habil_siguiente(
    fecha: dt.date | dt.datetime, incluir: bool = True, *, calendario: Calendario | None = None
) -> dt.date:
    """Primer día hábil desde ``fecha`` (la misma si ``incluir`` y es hábil)."""
    return _obtener(calendario).dia_habil_siguiente(fecha, incluir)


def dia_habil_anterior(
    fecha: dt.date | dt.datetime, incluir: bool = True, *, calendario: Calendario | None = None
) -> dt.date:
    """Último día hábil hasta ``fecha`` (la misma si ``incluir`` y es hábil)."""
    return _obtener(calendario).dia_habil_anterior(fecha, incluir)


def sumar_dias_habiles(
    fecha: dt.date | dt.datetime, n: int, *, calendario: Calendario | None = None
) -> dt.date:
    """Fecha que cae ``n`` días hábiles después de ``fecha``."""
    return _obtener(calendario).sumar_dias_habiles(fecha, n)


def minutos_habiles(inicio: dt.datetime, fin: dt.datetime, *, calendario: Calendario | None = None) -> int:
    """Minutos hábiles entre dos fechas y horas con zona horaria."""
    return _obtener(calendario).minutos_habiles(inicio, fin)


def sumar_minutos_habiles(
    inicio: dt.datetime, minutos: int, *, calendario: Calendario | None = None
) -> dt.datetime:
    """Momento en que transcurren ``minutos`` hábiles desde ``inicio``."""
    return _obtener(calendario).sumar_minutos_habiles(inicio, minutos)
