"""Minutos hábiles en SQL (comun/minutos_sql.py) contra el cálculo en Python de Calendario, fila por fila."""
import datetime as dt
import random
from statistics import median
from zoneinfo import ZoneInfo

import pytest

from comun import minutos_sql
from comun.calendario import Calendario
from comun.models import DiaCalendario
from soporte.models import Solicitud
from tests.soporte import factories as sf

pytestmark = pytest.mark.django_db

ZONA = ZoneInfo("America/Mexico_City")
# Sábado medio día, un día inhábil municipal y los festivos oficiales: todos los casos del calendario.
CALENDARIO = Calendario(horario={**{d: (dt.time(9), dt.time(15)) for d in range(5)}, 5: (dt.time(9), dt.time(12))},
                        inhabiles={dt.date(2022, 10, 31), dt.date(2026, 3, 20)}, festivos=True)


def _solicitudes(pares):
    """Una solicitud real y copias suyas con cada par (recibida, atendida_en)."""
    modelo = sf.solicitud()
    copias = []
    for i, (a, b) in enumerate(pares):
        copia = Solicitud.objects.get(pk=modelo.pk)
        copia.pk, copia.folio, copia.recibida, copia.atendida_en = None, f"PRUEBA-{i:05d}", a, b
        copias.append(copia)
    Solicitud.objects.filter(pk=modelo.pk).delete()
    Solicitud.objects.bulk_create(copias)
    return Solicitud.objects.filter(folio__startswith="PRUEBA-")


def _pares_al_azar(n, semilla=7):
    azar = random.Random(semilla)
    # Desde 2021 (México aún cambiaba de horario en verano hasta octubre de 2022) hasta 2027.
    origen = dt.datetime(2021, 1, 1, tzinfo=ZONA)
    pares = []
    for _ in range(n):
        a = origen + dt.timedelta(minutes=azar.randrange(6 * 365 * 24 * 60), microseconds=azar.randrange(10**6))
        largo = azar.choice([dt.timedelta(seconds=azar.randrange(3600)), dt.timedelta(hours=azar.randrange(72)),
                             dt.timedelta(days=azar.randrange(60), microseconds=azar.randrange(10**6))])
        pares.append((a, a + largo))
    # Casos de borde: el mismo instante, justo en la apertura y el cierre, a un microsegundo de completar un minuto.
    lunes = dt.datetime(2026, 3, 2, 9, tzinfo=ZONA)
    pares += [(lunes, lunes), (lunes, lunes.replace(hour=15)), (lunes - dt.timedelta(hours=2), lunes),
              (lunes, lunes + dt.timedelta(minutes=1, microseconds=-1)),
              (lunes + dt.timedelta(microseconds=1), lunes + dt.timedelta(minutes=1)),
              (dt.datetime(2022, 10, 28, 14, 59, 59, tzinfo=ZONA), dt.datetime(2022, 11, 1, 9, 1, tzinfo=ZONA))]
    return pares


def test_cada_intervalo_igual_que_en_python():
    pares = _pares_al_azar(400)
    consulta = _solicitudes(pares)
    minutos_sql.preparar(CALENDARIO, dt.date(2020, 12, 1), dt.date(2027, 6, 1))
    en_sql = dict(consulta.annotate(m=minutos_sql.minutos_habiles("recibida", "atendida_en"))
                  .values_list("folio", "m"))
    for i, (a, b) in enumerate(pares):
        assert en_sql[f"PRUEBA-{i:05d}"] == CALENDARIO.minutos_habiles(a, b), (a, b)


def test_resumen_igual_que_promedio_y_mediana_en_python():
    pares = _pares_al_azar(151, semilla=11)
    consulta = _solicitudes(pares)
    esperados = [CALENDARIO.minutos_habiles(a, b) for a, b in pares]
    resultado = minutos_sql.resumen(consulta, "recibida", "atendida_en", CALENDARIO)
    n = len(pares)
    assert resultado == {"n": n, "promedio": round(sum(esperados) / n, 1), "mediana": median(esperados)}
    # Cantidad par: la mediana es el promedio de los dos centrales, como statistics.median.
    pares_par = consulta.exclude(folio="PRUEBA-00000")
    esperados_par = esperados[1:]
    assert minutos_sql.resumen(pares_par, "recibida", "atendida_en", CALENDARIO)["mediana"] == median(esperados_par)


def test_sin_filas_y_filas_al_reves():
    lunes = dt.datetime(2026, 3, 2, 10, tzinfo=ZONA)
    consulta = _solicitudes([(lunes, lunes - dt.timedelta(hours=1))])  # atendida antes de recibida: se omite
    assert minutos_sql.resumen(consulta, "recibida", "atendida_en", CALENDARIO) == {
        "n": 0, "promedio": None, "mediana": None}


def test_la_tabla_se_rehace_si_cambia_el_calendario_y_se_extiende_si_falta_rango():
    lunes = dt.datetime(2026, 3, 2, 9, tzinfo=ZONA)
    consulta = _solicitudes([(lunes, lunes + dt.timedelta(days=1))])  # lunes 9:00 → martes 9:00
    assert minutos_sql.resumen(consulta, "recibida", "atendida_en", CALENDARIO)["promedio"] == 360
    corto = Calendario(horario={d: (dt.time(9), dt.time(11)) for d in range(5)}, festivos=False)
    assert minutos_sql.resumen(consulta, "recibida", "atendida_en", corto)["promedio"] == 120
    assert set(DiaCalendario.objects.values_list("firma", flat=True)) == {corto.firma()}
    # Un intervalo fuera del rango de la tabla la extiende y conserva lo que había.
    antes = DiaCalendario.objects.aggregate(desde=minutos_sql.Min("fecha"))["desde"]
    viejo = dt.datetime(2019, 1, 7, 9, tzinfo=ZONA)  # lunes
    Solicitud.objects.filter(pk=consulta.get().pk).update(recibida=viejo, atendida_en=viejo + dt.timedelta(hours=1))
    assert minutos_sql.resumen(consulta, "recibida", "atendida_en", corto)["promedio"] == 60
    assert DiaCalendario.objects.aggregate(desde=minutos_sql.Min("fecha"))["desde"] < min(antes, viejo.date())


def test_consultas_fijas_con_la_tabla_lista(django_assert_num_queries):
    lunes = dt.datetime(2026, 3, 2, 9, tzinfo=ZONA)
    consulta = _solicitudes([(lunes, lunes + dt.timedelta(hours=h)) for h in range(1, 30)])
    minutos_sql.resumen(consulta, "recibida", "atendida_en", CALENDARIO)
    with django_assert_num_queries(3):  # rango, revisión de la tabla, y cantidad, suma y mediana
        minutos_sql.resumen(consulta, "recibida", "atendida_en", CALENDARIO)
