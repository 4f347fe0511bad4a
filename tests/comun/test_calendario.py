"""Pruebas del calendario de la oficina (días y minutos hábiles)."""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from comun import calendario as cal
from comun.calendario import Calendario
from comun.models import DiaInhabil, HorarioOficina

MX = ZoneInfo("America/Mexico_City")
LV = {dia: (time(9), time(15)) for dia in range(5)}


def mx(*args):
    return datetime(*args, tzinfo=MX)


@pytest.fixture
def c():
    return Calendario(horario=LV)


# Días hábiles


def test_dias_habiles_basicos(c):
    assert c.es_dia_habil(date(2026, 3, 4))  # miércoles
    assert not c.es_dia_habil(date(2026, 3, 7))  # sábado
    assert not c.es_dia_habil(date(2026, 3, 8))  # domingo


@pytest.mark.parametrize(
    "fecha",
    [
        date(2026, 1, 1),  # Año Nuevo
        date(2026, 2, 2),  # primer lunes de febrero
        date(2026, 3, 16),  # tercer lunes de marzo
        date(2026, 5, 1),
        date(2026, 9, 16),  # miércoles
        date(2026, 11, 16),  # tercer lunes de noviembre
        date(2026, 12, 25),
        date(2030, 10, 1),  # cambio de gobierno federal
    ],
)
def test_festivos_oficiales_no_son_habiles(c, fecha):
    assert fecha.weekday() < 5
    assert not c.es_dia_habil(fecha)
    assert Calendario(horario=LV, festivos=False).es_dia_habil(fecha)


def test_5_de_febrero_no_es_festivo_si_no_cae_en_lunes(c):
    assert c.es_dia_habil(date(2026, 2, 5))  # jueves; el festivo se recorrió al lunes 2
    assert c.es_dia_habil(date(2026, 10, 1))  # sin cambio de gobierno ese año


def test_dia_inhabil_municipal_sin_bd():
    c = Calendario(horario=LV, inhabiles={date(2026, 3, 4)})
    assert not c.es_dia_habil(date(2026, 3, 4))
    assert c.minutos_habiles(mx(2026, 3, 3, 14), mx(2026, 3, 5, 10)) == 120


def test_es_dia_habil_acepta_datetime_aware_en_hora_local(c):
    # Sábado 02:00 UTC = viernes 20:00 en Ocotlán.
    assert c.es_dia_habil(datetime(2026, 3, 7, 2, tzinfo=UTC))
    assert not c.es_dia_habil(datetime(2026, 3, 7, 7, tzinfo=UTC))


def test_dia_habil_siguiente_y_anterior(c):
    viernes, sabado, lunes = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)
    assert c.dia_habil_siguiente(viernes) == viernes
    assert c.dia_habil_siguiente(viernes, incluir=False) == lunes
    assert c.dia_habil_siguiente(sabado) == lunes
    assert c.dia_habil_anterior(sabado) == viernes
    assert c.dia_habil_anterior(lunes) == lunes
    assert c.dia_habil_anterior(lunes, incluir=False) == viernes
    # Viernes 13 de marzo → el lunes 16 es festivo → martes 17.
    assert c.dia_habil_siguiente(date(2026, 3, 13), incluir=False) == date(2026, 3, 17)
    assert c.dia_habil_anterior(date(2026, 3, 17), incluir=False) == date(2026, 3, 13)


def test_sumar_dias_habiles(c):
    jueves = date(2026, 3, 12)
    assert c.sumar_dias_habiles(jueves, 0) == jueves
    assert c.sumar_dias_habiles(jueves, 1) == date(2026, 3, 13)
    assert c.sumar_dias_habiles(jueves, 2) == date(2026, 3, 17)  # salta fin de semana y festivo
    assert c.sumar_dias_habiles(jueves, 10) == date(2026, 3, 27)
    assert c.sumar_dias_habiles(date(2026, 3, 17), -2) == jueves
    assert c.sumar_dias_habiles(date(2026, 3, 14), 1) == date(2026, 3, 17)  # desde sábado


# Minutos hábiles


@pytest.mark.parametrize(
    ("inicio", "fin", "esperado"),
    [
        (mx(2026, 3, 4, 10), mx(2026, 3, 4, 12, 30), 150),  # mismo día en horario
        (mx(2026, 3, 2, 14), mx(2026, 3, 3, 10), 120),  # lunes 14:00 → martes 10:00
        (mx(2026, 3, 3, 22), mx(2026, 3, 4, 10), 60),  # empieza de noche
        (mx(2026, 3, 4, 7), mx(2026, 3, 4, 9, 45), 45),  # antes de abrir
        (mx(2026, 3, 4, 7), mx(2026, 3, 4, 18), 360),  # día completo
        (mx(2026, 3, 4, 16), mx(2026, 3, 4, 23), 0),  # después de cerrar
        (mx(2026, 3, 6, 14), mx(2026, 3, 9, 10), 120),  # fin de semana
        (mx(2026, 3, 7, 10), mx(2026, 3, 8, 12), 0),  # solo fin de semana
        (mx(2026, 3, 13, 14), mx(2026, 3, 17, 10), 120),  # fin de semana + lunes festivo
        (mx(2026, 9, 15, 14), mx(2026, 9, 17, 10), 120),  # 16 de septiembre (miércoles)
        (mx(2026, 1, 30, 14), mx(2026, 2, 3, 10), 120),  # lunes 2 de febrero
        (mx(2026, 11, 13, 14), mx(2026, 11, 17, 10), 120),  # lunes 16 de noviembre
        (mx(2026, 3, 4, 9), mx(2026, 3, 4, 15), 360),  # exactamente apertura y cierre
        (mx(2026, 3, 4, 15), mx(2026, 3, 5, 9), 0),  # de cierre a apertura
        (mx(2026, 3, 4, 8, 59), mx(2026, 3, 4, 9, 1), 1),
        (mx(2026, 3, 4, 14, 59), mx(2026, 3, 4, 15, 1), 1),
        (mx(2026, 3, 4, 10, 0, 30), mx(2026, 3, 4, 10, 2), 1),  # minutos completos
    ],
)
def test_minutos_habiles(c, inicio, fin, esperado):
    assert c.minutos_habiles(inicio, fin) == esperado


def test_minutos_habiles_fin_antes_o_igual_que_inicio(c):
    assert c.minutos_habiles(mx(2026, 3, 4, 12), mx(2026, 3, 4, 10)) == 0
    assert c.minutos_habiles(mx(2026, 3, 4, 12), mx(2026, 3, 4, 12)) == 0
    assert c.minutos_habiles(mx(2026, 3, 10, 12), mx(2026, 3, 4, 10)) == 0


def test_minutos_habiles_con_otras_zonas_horarias(c):
    # 16:00 UTC = 10:00 en Ocotlán; 20:00 UTC = 14:00.
    diez, catorce = datetime(2026, 3, 4, 16, tzinfo=UTC), datetime(2026, 3, 4, 20, tzinfo=UTC)
    assert c.minutos_habiles(diez, catorce) == 240
    # Viernes 23:00 en Ocotlán es sábado 05:00 UTC: la fecha local decide.
    inicio = datetime(2026, 3, 7, 5, tzinfo=UTC)
    assert c.minutos_habiles(inicio, mx(2026, 3, 9, 10)) == 60


def test_minutos_habiles_un_anio(c):
    inicio, fin = mx(2026, 1, 1), mx(2027, 1, 1)
    dias = sum(
        1
        for i in range((fin.date() - inicio.date()).days)
        if (d := inicio.date() + timedelta(days=i)).weekday() < 5
        and d not in {date(2026, 1, 1), date(2026, 2, 2), date(2026, 3, 16), date(2026, 5, 1),
                      date(2026, 9, 16), date(2026, 11, 16), date(2026, 12, 25)}
    )
    assert dias == 261 - 7
    assert c.minutos_habiles(inicio, fin) == dias * 360


def test_minutos_habiles_tres_anios_con_dia_parcial(c):
    # 2025–2027 a partir de un miércoles a las 12:00: 3 h del primer día + días completos.
    inicio, fin = mx(2025, 1, 1, 12), mx(2028, 1, 1)
    completos = [
        inicio.date() + timedelta(days=i) for i in range(1, (fin.date() - inicio.date()).days)
    ]
    habiles = sum(1 for d in completos if c.es_dia_habil(d))
    assert not c.es_dia_habil(inicio.date())  # 1 de enero
    assert c.minutos_habiles(inicio, fin) == habiles * 360
    inicio = mx(2025, 1, 2, 12)
    assert c.minutos_habiles(inicio, fin) == (habiles - 1) * 360 + 180


# Sumar minutos hábiles


@pytest.mark.parametrize(
    ("inicio", "minutos", "esperado"),
    [
        (mx(2026, 3, 4, 10), 90, mx(2026, 3, 4, 11, 30)),
        (mx(2026, 3, 4, 14), 120, mx(2026, 3, 5, 10)),  # cruza la noche
        (mx(2026, 3, 4, 22), 30, mx(2026, 3, 5, 9, 30)),  # empieza de noche
        (mx(2026, 3, 4, 6), 30, mx(2026, 3, 4, 9, 30)),  # antes de abrir
        (mx(2026, 3, 6, 14), 120, mx(2026, 3, 9, 10)),  # fin de semana
        (mx(2026, 3, 7, 11), 60, mx(2026, 3, 9, 10)),  # empieza en sábado
        (mx(2026, 3, 13, 14), 120, mx(2026, 3, 17, 10)),  # lunes festivo
        (mx(2026, 9, 15, 14), 120, mx(2026, 9, 17, 10)),  # 16 de septiembre
        (mx(2026, 3, 4, 14), 60, mx(2026, 3, 4, 15)),  # termina al cierre: mismo día
        (mx(2026, 3, 4, 9), 360, mx(2026, 3, 4, 15)),  # día completo
        (mx(2026, 3, 4, 3), 360, mx(2026, 3, 4, 15)),
        (mx(2026, 3, 4, 15), 1, mx(2026, 3, 5, 9, 1)),  # empieza al cierre
        (mx(2026, 3, 4, 9), 361, mx(2026, 3, 5, 9, 1)),
        (mx(2026, 3, 6, 9), 720, mx(2026, 3, 9, 15)),  # viernes y lunes completos
    ],
)
def test_sumar_minutos_habiles(c, inicio, minutos, esperado):
    resultado = c.sumar_minutos_habiles(inicio, minutos)
    assert resultado == esperado
    assert resultado.tzinfo == MX


def test_sumar_cero_minutos_devuelve_inicio(c):
    sabado = mx(2026, 3, 7, 11)
    assert c.sumar_minutos_habiles(sabado, 0) == sabado
    en_horario = mx(2026, 3, 4, 10, 17, 23)
    assert c.sumar_minutos_habiles(en_horario, 0) == en_horario


def test_sumar_minutos_negativos_o_no_enteros(c):
    with pytest.raises(ValueError, match="negativos"):
        c.sumar_minutos_habiles(mx(2026, 3, 4, 10), -1)
    with pytest.raises(TypeError):
        c.sumar_minutos_habiles(mx(2026, 3, 4, 10), 1.5)


INICIOS = [
    mx(2026, 3, 4, 10, 17),
    mx(2026, 3, 4, 9),
    mx(2026, 3, 4, 15),
    mx(2026, 3, 4, 22, 5),
    mx(2026, 3, 6, 14, 59, 30),
    mx(2026, 3, 7, 12),
    mx(2026, 9, 15, 11),
    mx(2026, 12, 24, 13),
    datetime(2026, 3, 4, 3, 0, tzinfo=UTC),
]
MINUTOS = [1, 59, 60, 359, 360, 361, 720, 1000, 360 * 25 + 7]


@pytest.mark.parametrize("inicio", INICIOS)
def test_sumar_es_inversa_de_minutos_habiles(c, inicio):
    ajustado = c.inicio_efectivo(inicio)
    assert c.minutos_habiles(inicio, ajustado) == 0
    for m in MINUTOS:
        fin = c.sumar_minutos_habiles(inicio, m)
        assert c.minutos_habiles(ajustado, fin) == m
        assert c.minutos_habiles(inicio, fin) == m
        # Un minuto antes aún no se cumplían.
        assert c.minutos_habiles(inicio, fin - timedelta(minutes=1)) == m - 1
        # El resultado siempre está dentro del horario (cierre incluido).
        apertura, cierre = c.horario_del_dia(fin)
        assert apertura < fin <= cierre


def test_inicio_efectivo(c):
    assert c.inicio_efectivo(mx(2026, 3, 4, 10)) == mx(2026, 3, 4, 10)
    assert c.inicio_efectivo(mx(2026, 3, 4, 9)) == mx(2026, 3, 4, 9)
    assert c.inicio_efectivo(mx(2026, 3, 4, 15)) == mx(2026, 3, 5, 9)
    assert c.inicio_efectivo(mx(2026, 3, 4, 7)) == mx(2026, 3, 4, 9)
    assert c.inicio_efectivo(mx(2026, 3, 13, 16)) == mx(2026, 3, 17, 9)


def test_es_horario_habil(c):
    assert c.es_horario_habil(mx(2026, 3, 4, 9))
    assert c.es_horario_habil(mx(2026, 3, 4, 14, 59))
    assert not c.es_horario_habil(mx(2026, 3, 4, 15))
    assert not c.es_horario_habil(mx(2026, 3, 4, 8, 59))
    assert not c.es_horario_habil(mx(2026, 3, 7, 10))


# Validaciones


@pytest.mark.parametrize(
    "llamada",
    [
        lambda c: c.minutos_habiles(datetime(2026, 3, 4, 10), mx(2026, 3, 4, 12)),
        lambda c: c.minutos_habiles(mx(2026, 3, 4, 10), datetime(2026, 3, 4, 12)),
        lambda c: c.sumar_minutos_habiles(datetime(2026, 3, 4, 10), 30),
        lambda c: c.inicio_efectivo(datetime(2026, 3, 4, 10)),
        lambda c: c.es_dia_habil(datetime(2026, 3, 4, 10)),
    ],
)
def test_fechas_ingenuas_rechazadas(c, llamada):
    with pytest.raises(ValueError, match="zona horaria"):
        llamada(c)


def test_horario_invalido():
    with pytest.raises(ValueError, match="posterior"):
        Calendario(horario={0: (time(15), time(9))})
    with pytest.raises(ValueError, match="inválido"):
        Calendario(horario={7: (time(9), time(15))})


def test_calendario_sin_dias_habiles():
    vacio = Calendario(horario={})
    with pytest.raises(ValueError, match="No hay días hábiles"):
        vacio.sumar_minutos_habiles(mx(2026, 3, 4, 10), 10)
    with pytest.raises(ValueError, match="No hay días hábiles"):
        vacio.dia_habil_siguiente(date(2026, 3, 4))
    assert vacio.minutos_habiles(mx(2026, 3, 4), mx(2026, 4, 4)) == 0


def test_horario_distinto_por_dia():
    c = Calendario(horario={**LV, 4: (time(9), time(13)), 5: (time(10), time(12))})
    assert c.minutos_habiles(mx(2026, 3, 6), mx(2026, 3, 9)) == 240 + 120
    assert c.sumar_minutos_habiles(mx(2026, 3, 6, 12), 90) == mx(2026, 3, 7, 10, 30)


def test_cambio_de_horario_de_verano():
    # 4 abr 2021: último cambio de horario en la Ciudad de México; a las 02:00 se saltó a las 03:00.
    c = Calendario(horario={6: (time(0), time(23, 59))}, festivos=False)
    domingo = date(2021, 4, 4)
    assert c.minutos_habiles(mx(2021, 4, 3), mx(2021, 4, 5)) == 23 * 60 + 59 - 60
    assert c.minutos_habiles(mx(2021, 4, 4, 1), mx(2021, 4, 4, 4)) == 120
    fin = c.sumar_minutos_habiles(mx(2021, 4, 4, 1, 30), 60)
    assert fin == mx(2021, 4, 4, 3, 30)
    assert fin.utcoffset() == timedelta(hours=-5)
    assert c.horario_del_dia(domingo)[0].utcoffset() == timedelta(hours=-6)
    # 31 oct 2021 (domingo): la 01:00–02:00 se repitió; el día tuvo 25 horas.
    assert c.minutos_habiles(mx(2021, 10, 30), mx(2021, 11, 1)) == 23 * 60 + 59 + 60


# Con la base de datos


@pytest.mark.django_db
def test_cargar_usa_dos_consultas_y_horario_sembrado(django_assert_num_queries):
    with django_assert_num_queries(2):
        c = Calendario.cargar()
    assert c.horario == LV
    assert c.minutos_habiles(mx(2026, 3, 2, 14), mx(2026, 3, 3, 10)) == 120


@pytest.mark.django_db
def test_dia_inhabil_municipal_en_bd():
    inicio, fin = mx(2026, 3, 3, 14), mx(2026, 3, 5, 10)
    assert cal.es_dia_habil(date(2026, 3, 4))
    assert cal.minutos_habiles(inicio, fin) == 60 + 360 + 60
    DiaInhabil.objects.create(fecha=date(2026, 3, 4), descripcion="Fiestas del Señor de la Misericordia")
    assert not cal.es_dia_habil(date(2026, 3, 4))
    assert cal.minutos_habiles(inicio, fin) == 120
    assert cal.sumar_minutos_habiles(inicio, 120) == mx(2026, 3, 5, 10)
    assert cal.dia_habil_siguiente(date(2026, 3, 4)) == date(2026, 3, 5)
    assert cal.dia_habil_anterior(date(2026, 3, 4)) == date(2026, 3, 3)
    assert cal.sumar_dias_habiles(date(2026, 3, 3), 1) == date(2026, 3, 5)


@pytest.mark.django_db
def test_editar_horario_cambia_resultados():
    viernes, lunes = mx(2026, 3, 6, 14), mx(2026, 3, 9, 10)
    assert cal.minutos_habiles(viernes, lunes) == 120
    assert not cal.es_dia_habil(date(2026, 3, 7))
    HorarioOficina.objects.create(dia_semana=5, hora_inicio=time(9), hora_fin=time(13))
    assert cal.es_dia_habil(date(2026, 3, 7))
    assert cal.minutos_habiles(viernes, lunes) == 120 + 240
    assert cal.sumar_minutos_habiles(viernes, 120) == mx(2026, 3, 7, 10)
    # Acortar el lunes también se refleja.
    HorarioOficina.objects.filter(dia_semana=0).update(hora_inicio=time(9, 30))
    assert cal.minutos_habiles(viernes, lunes) == 60 + 240 + 30
    # Quitar el viernes lo vuelve inhábil.
    HorarioOficina.objects.filter(dia_semana=4).delete()
    assert cal.dia_habil_anterior(date(2026, 3, 6)) == date(2026, 3, 5)


@pytest.mark.django_db
def test_funciones_aceptan_calendario_explicito(django_assert_num_queries):
    propio = Calendario(horario={5: (time(9), time(10))}, festivos=False)
    with django_assert_num_queries(0):
        assert cal.minutos_habiles(mx(2026, 3, 6), mx(2026, 3, 9), calendario=propio) == 60
        assert cal.sumar_minutos_habiles(mx(2026, 3, 6), 30, calendario=propio) == mx(2026, 3, 7, 9, 30)
        assert cal.es_dia_habil(date(2026, 3, 7), calendario=propio)
        assert cal.dia_habil_siguiente(date(2026, 3, 8), calendario=propio) == date(2026, 3, 14)
        assert cal.dia_habil_anterior(date(2026, 3, 8), calendario=propio) == date(2026, 3, 7)


@pytest.mark.django_db
def test_funciones_de_modulo_rechazan_fechas_ingenuas():
    with pytest.raises(ValueError, match="zona horaria"):
        cal.minutos_habiles(datetime(2026, 3, 4, 10), datetime(2026, 3, 4, 12))
    with pytest.raises(ValueError, match="negativos"):
        cal.sumar_minutos_habiles(mx(2026, 3, 4, 10), -5)


def test_minutos_en_lote_igual_que_uno_por_uno(db):
    """minutos_habiles_en_lote (el tablero de reportes calcula así miles de tiempos) da lo mismo que par por par."""
    import random

    calendario = Calendario.cargar()
    zona = calendario.zona
    rng = random.Random(7)
    base = datetime(2025, 12, 1, 0, 0, tzinfo=zona)
    pares = []
    for _ in range(400):
        a = base + timedelta(minutes=rng.randrange(60 * 24 * 120))
        pares.append((a, a + timedelta(minutes=rng.choice([0, 1, 30, 300, 2_000, 20_000, 90_000]))))
    pares.append((base, base - timedelta(minutes=5)))  # al revés: se omite
    assert calendario.minutos_habiles_en_lote(pares) == [calendario.minutos_habiles(a, b) for a, b in pares if b >= a]
    assert calendario.minutos_habiles_en_lote([]) == []
