"""Minutos hábiles calculados dentro de la base de datos (SQLite y PostgreSQL).

El tablero promedia y saca la mediana de miles de intervalos (recibida → atendida, recibida → resuelta) en
horario hábil. En vez de traer cada par a Python, cada instante se convierte en «microsegundos hábiles desde
el origen» con la tabla ``DiaCalendario`` (una fila por día con su apertura, su cierre y lo acumulado antes):

    M(t) = acumulado(día de t) + max(0, min(t, cierre) − apertura)
    minutos_habiles(a, b) = (M(b) − M(a)) // 60 000 000

El día de ``t`` es la fila con el mayor ``inicio`` ≤ t (búsqueda por índice). El resultado es idéntico a
``Calendario.minutos_habiles`` (lo comprueban las pruebas), incluidos los microsegundos.
"""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.db.models import BigIntegerField, Count, F, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Greatest, Least

from .calendario import Calendario
from .models import DiaCalendario

_EPOCA = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)
US_POR_MINUTO = 60_000_000
# Márgenes al rehacer la tabla: que las consultas siguientes no la vuelvan a rehacer por un día de más.
_MARGEN_ATRAS = dt.timedelta(days=31)
_MARGEN_ADELANTE = dt.timedelta(days=400)


def a_micro(momento: dt.datetime) -> int:
    return (momento.astimezone(dt.UTC) - _EPOCA) // _US


class EpocaMicro(models.Func):
    """Microsegundos desde 1970 (UTC) de un DateTimeField, como entero exacto."""

    output_field = BigIntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        # Django guarda «AAAA-MM-DD HH:MM:SS[.ffffff]» en UTC. Los segundos enteros salen de julianday sobre los
        # primeros 19 caracteres (redondeado es exacto); los microsegundos, del texto (si faltan, «000000»).
        columna, parametros = compiler.compile(self.source_expressions[0])
        sql = (f"(CAST(ROUND((julianday(substr({columna}, 1, 19)) - 2440587.5) * 86400) AS INTEGER) * 1000000"
               f" + CAST(substr({columna} || '.000000', 21, 6) AS INTEGER))")
        return sql, (*parametros, *parametros)

    def as_postgresql(self, compiler, connection, **extra):
        columna, parametros = compiler.compile(self.source_expressions[0])
        return f"(EXTRACT(EPOCH FROM {columna}) * 1000000)::bigint", parametros


def preparar(calendario: Calendario, primera: dt.date, ultima: dt.date) -> None:
    """Deja la tabla con el calendario dado y cubriendo de ``primera`` a ``ultima``. Una consulta si ya lo está."""
    firma = calendario.firma()
    fila = DiaCalendario.objects.aggregate(desde=Min("fecha"), hasta=Max("fecha"), firma_min=Min("firma"),
                                           firma_max=Max("firma"))
    misma = fila["firma_min"] == fila["firma_max"] == firma
    if misma and fila["desde"] <= primera and fila["hasta"] >= ultima:
        return
    if misma:  # se extiende, sin achicar lo que ya había
        primera, ultima = min(primera, fila["desde"]), max(ultima, fila["hasta"])
    filas = _filas(calendario, firma, primera - _MARGEN_ATRAS, ultima + _MARGEN_ADELANTE)
    try:
        with transaction.atomic():
            DiaCalendario.objects.all().delete()
            DiaCalendario.objects.bulk_create(filas, batch_size=2000)
    except IntegrityError:
        pass  # otra petición la rehízo al mismo tiempo; su tabla sirve igual (misma firma, rango con margen)


def _filas(calendario: Calendario, firma: str, desde: dt.date, hasta: dt.date) -> list[DiaCalendario]:
    filas, acumulado, fecha = [], 0, desde
    while fecha <= hasta:
        inicio = a_micro(dt.datetime.combine(fecha, dt.time.min, tzinfo=calendario.zona))
        ventana = calendario.ventana_utc(fecha)
        apertura, cierre = (a_micro(ventana[0]), a_micro(ventana[1])) if ventana else (inicio, inicio)
        filas.append(DiaCalendario(fecha=fecha, inicio=inicio, apertura=apertura, cierre=cierre,
                                   acumulado=acumulado, firma=firma))
        acumulado += cierre - apertura
        fecha += dt.timedelta(days=1)
    return filas


def acumulado_en(campo: str) -> Subquery:
    """M(campo): microsegundos hábiles desde el origen de la tabla hasta el instante de la columna ``campo``."""
    instante = EpocaMicro(OuterRef(campo))
    dia = (DiaCalendario.objects.filter(inicio__lte=instante).order_by("-inicio")
           .annotate(m=F("acumulado") + Greatest(Value(0), Least(instante, F("cierre")) - F("apertura")))
           .values("m")[:1])
    return Subquery(dia, output_field=BigIntegerField())


def minutos_habiles(inicio: str, fin: str):
    """Expresión: minutos hábiles completos de la columna ``inicio`` a la columna ``fin`` (fin ≥ inicio)."""
    return models.ExpressionWrapper((acumulado_en(fin) - acumulado_en(inicio)) / Value(US_POR_MINUTO),
                                    output_field=BigIntegerField())


def resumen(consulta, inicio: str, fin: str, calendario: Calendario) -> dict:
    """``{"n", "promedio", "mediana"}`` de los minutos hábiles de ``inicio`` a ``fin`` en cada fila de la consulta
    (se omiten las filas con ``fin`` antes de ``inicio``). Todo en la base: cuatro consultas (rango, tabla del
    calendario, suma y mediana) y, si el calendario cambió, las de rehacer la tabla."""
    consulta = consulta.filter(**{f"{fin}__gte": F(inicio)})
    rango = consulta.aggregate(primera=Min(inicio), ultima=Max(fin))
    if rango["primera"] is None:
        return {"n": 0, "promedio": None, "mediana": None}
    preparar(calendario, rango["primera"].astimezone(calendario.zona).date() - dt.timedelta(days=1),
             rango["ultima"].astimezone(calendario.zona).date() + dt.timedelta(days=1))
    con_minutos = consulta.annotate(_minutos=minutos_habiles(inicio, fin)).order_by()
    fila = con_minutos.aggregate(n=Count("pk"), suma=models.Sum("_minutos"))
    n = fila["n"]
    centro = list(con_minutos.order_by("_minutos").values_list("_minutos", flat=True)[(n - 1) // 2: n // 2 + 1])
    mediana = centro[0] if n % 2 else (centro[0] + centro[1]) / 2
    return {"n": n, "promedio": round(fila["suma"] / n, 1), "mediana": mediana}
