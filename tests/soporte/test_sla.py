"""Relojes de nivel de servicio: aritmética en tiempo hábil (soporte/sla.py) y su uso en soporte/services.py.

Horario del manual: lunes a viernes 09:00–15:00 (America/Mexico_City), festivos oficiales de México
(paquete ``holidays``: 16 sep; tercer lunes de noviembre, 16/11/2026) y días inhábiles municipales.
Noviembre de 2026: lunes 23, martes 24, miércoles 25, jueves 26, viernes 27, sábado 28, lunes 30.
"""
import datetime as dt
import itertools
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comun.calendario import Calendario
from comun.models import DiaInhabil
from comun.roles import DIRECTOR, MESA_AYUDA, TECNICO
from soporte import services, sla
from soporte.choices import TRANSICIONES, Compromiso, Estado, RelojInicial
from soporte.models import Aviso, CambioEstado, ContadorFolio, Incumplimiento, Servicio, Solicitud
from tests.factories import EmpleadoFactory, usuario_con_rol
from tests.soporte import factories as f

ZONA = ZoneInfo("America/Mexico_City")
T9, T15 = dt.time(9), dt.time(15)
HORARIO = dict.fromkeys(range(5), (T9, T15))
CAL = Calendario(horario=HORARIO, inhabiles=set())


def h(anio, mes, dia, hora=9, minuto=0):
    return dt.datetime(anio, mes, dia, hora, minuto, tzinfo=ZONA)


def cal(*inhabiles):
    return Calendario(horario=HORARIO, inhabiles=set(inhabiles))


def bit(recibida, *eventos):
    """Bitácora como la guardan los servicios: «nueva» al recibir y luego (momento, estado)."""
    return [(recibida, Estado.NUEVA), *eventos]


def resolucion(recibida, eventos, meta, ahora, calendario=CAL):
    return sla.reloj_resolucion(recibida, bit(recibida, *eventos), meta, calendario, ahora)


def inicial(recibida, eventos, meta, ahora, tipo=RelojInicial.ASIGNACION, calendario=CAL):
    return sla.reloj_inicial(recibida, bit(recibida, *eventos), meta, tipo, calendario, ahora)


# ==================================================================================================
# Funciones puras (sin base de datos)
# ==================================================================================================


class TestFestivos:
    def test_festivos_que_da_holidays_para_mexico(self):
        festivos = CAL.festivos_del_anio(2026)
        assert dt.date(2026, 9, 16) in festivos
        assert dt.date(2026, 11, 16) in festivos  # tercer lunes de noviembre (Revolución)
        assert dt.date(2026, 11, 20) not in festivos  # la ley lo recorre al lunes
        assert dt.date(2026, 12, 25) in festivos
        assert dt.date(2027, 1, 1) in CAL.festivos_del_anio(2027)


class TestVencimiento:
    """Cuándo vence un reloj que corre sin interrupciones desde la recepción."""

    @pytest.mark.parametrize(("recibida", "meta", "inhabiles", "vence"), [
        pytest.param(h(2026, 11, 24, 10), 120, (), h(2026, 11, 24, 12), id="mismo-dia"),
        pytest.param(h(2026, 11, 24, 13), 120, (), h(2026, 11, 24, 15), id="termina-justo-al-cierre"),
        pytest.param(h(2026, 11, 24, 14), 120, (), h(2026, 11, 25, 10), id="cruza-la-noche"),
        pytest.param(h(2026, 11, 23, 9), 720, (), h(2026, 11, 24, 15), id="dos-dias-completos"),
        pytest.param(h(2026, 11, 27, 14, 30), 60, (), h(2026, 11, 30, 9, 30), id="cruza-fin-de-semana"),
        pytest.param(h(2026, 11, 28, 12), 30, (), h(2026, 11, 30, 9, 30), id="recibida-en-sabado"),
        pytest.param(h(2026, 11, 24, 20), 30, (), h(2026, 11, 25, 9, 30), id="recibida-de-noche"),
        pytest.param(h(2026, 11, 24, 7), 30, (), h(2026, 11, 24, 9, 30), id="recibida-antes-de-abrir"),
        pytest.param(h(2026, 11, 24, 15), 30, (), h(2026, 11, 25, 9, 30), id="recibida-al-cierre"),
        pytest.param(h(2026, 11, 13, 14), 120, (), h(2026, 11, 17, 10), id="fin-de-semana-y-revolucion"),
        pytest.param(h(2026, 9, 15, 14), 120, (), h(2026, 9, 17, 10), id="16-de-septiembre"),
        pytest.param(h(2026, 11, 19, 14), 120, (), h(2026, 11, 20, 10), id="20-nov-es-habil"),
        pytest.param(h(2026, 11, 24, 14), 120, (dt.date(2026, 11, 25),), h(2026, 11, 26, 10),
                     id="dia-inhabil-municipal"),
        pytest.param(h(2026, 12, 23, 14), 120,
                     (dt.date(2026, 12, 24), *(dt.date(2026, 12, d) for d in range(28, 32))),
                     h(2027, 1, 4, 10), id="navidad-vacaciones-y-anio-nuevo"),
    ])
    def test_vence(self, recibida, meta, inhabiles, vence):
        calendario = cal(*inhabiles)
        reloj = resolucion(recibida, [], meta, recibida, calendario)
        assert reloj.vence == vence
        assert reloj.corriendo and not reloj.incumplido
        # Y en el momento del vencimiento se consumió exactamente la meta, sin pasarse.
        justo = resolucion(recibida, [], meta, vence, calendario)
        assert justo.consumido_min == meta
        assert not justo.incumplido
        tarde = resolucion(recibida, [], meta, vence + dt.timedelta(minutes=1), calendario)
        if calendario.es_horario_habil(vence):
            assert tarde.incumplido and tarde.vencio_en == vence

    @pytest.mark.parametrize(("recibida", "ahora", "consumido"), [
        (h(2026, 11, 24, 10), h(2026, 11, 24, 11, 30), 90),
        (h(2026, 11, 24, 14), h(2026, 11, 25, 9, 30), 90),  # la noche no cuenta
        (h(2026, 11, 27, 14), h(2026, 11, 30, 10), 120),  # el fin de semana no cuenta
        (h(2026, 11, 13, 14), h(2026, 11, 17, 10), 120),  # ni el lunes de la Revolución
        (h(2026, 11, 28, 10), h(2026, 11, 29, 18), 0),  # todo en fin de semana
        (h(2026, 11, 24, 10), h(2026, 11, 24, 9), 0),  # «ahora» antes de recibir
    ])
    def test_consumido(self, recibida, ahora, consumido):
        assert resolucion(recibida, [], 10_000, ahora).consumido_min == consumido

    def test_dia_inhabil_municipal_no_cuenta(self):
        recibida, ahora = h(2026, 11, 24, 14), h(2026, 11, 26, 10)
        assert resolucion(recibida, [], 10_000, ahora).consumido_min == 60 + 360 + 60
        assert resolucion(recibida, [], 10_000, ahora, cal(dt.date(2026, 11, 25))).consumido_min == 60 + 60

    def test_reloj_con_porcentaje_y_semaforo(self, settings):
        settings.SIGMA_SLA_AVISO_PCT = 75
        recibida = h(2026, 11, 24, 10)
        assert resolucion(recibida, [], 120, h(2026, 11, 24, 11)).semaforo == "verde"
        reloj = resolucion(recibida, [], 120, h(2026, 11, 24, 11, 30))
        assert (reloj.porcentaje, reloj.restante_min, reloj.semaforo) == (75, 30, "amarillo")
        reloj = resolucion(recibida, [], 120, h(2026, 11, 24, 13))
        assert (reloj.porcentaje, reloj.restante_min, reloj.semaforo) == (150, -60, "rojo")
        assert reloj.etiqueta == Compromiso.RESOLUCION.label

    def test_sin_meta_no_hay_reloj(self):
        recibida = h(2026, 11, 24, 10)
        assert resolucion(recibida, [], None, recibida) is None
        assert inicial(recibida, [], None, recibida) is None


class TestPausa:
    """En espera el reloj se detiene; al volver sigue donde se quedó y el vencimiento se recorre."""

    recibida = h(2026, 11, 24, 9)
    eventos = [
        (h(2026, 11, 24, 9, 10), Estado.ASIGNADA),
        (h(2026, 11, 24, 10), Estado.EN_ESPERA),
        (h(2026, 11, 26, 9), Estado.EN_PROCESO),
    ]

    @pytest.mark.parametrize("ahora", [h(2026, 11, 24, 10), h(2026, 11, 24, 14), h(2026, 11, 25, 12),
                                       h(2026, 11, 26, 8, 59)])
    def test_en_espera_no_consume(self, ahora):
        reloj = resolucion(self.recibida, self.eventos[:2], 720, ahora)
        assert reloj.consumido_min == 60
        assert reloj.pausado and not reloj.corriendo and not reloj.terminado
        assert reloj.vence is None

    def test_al_reanudar_suma_donde_se_quedo_y_el_vencimiento_se_recorre(self):
        reloj = resolucion(self.recibida, self.eventos, 720, h(2026, 11, 26, 10))
        assert reloj.consumido_min == 60 + 60
        assert reloj.corriendo
        # Faltaban 660 al pausar: jueves 09:00–15:00 (360) + viernes 300 → viernes 14:00.
        assert reloj.vence == h(2026, 11, 27, 14)
        sin_pausa = resolucion(self.recibida, self.eventos[:1], 720, h(2026, 11, 26, 10))
        assert sin_pausa.vence == h(2026, 11, 25, 15)
        assert sin_pausa.incumplido and sin_pausa.vencio_en == h(2026, 11, 25, 15)
        assert not reloj.incumplido

    def test_varias_pausas_se_acumulan(self):
        eventos = [
            (h(2026, 11, 24, 9, 30), Estado.EN_PROCESO),
            (h(2026, 11, 24, 10), Estado.EN_ESPERA),
            (h(2026, 11, 24, 12), Estado.EN_PROCESO),
            (h(2026, 11, 24, 12, 30), Estado.EN_ESPERA),
            (h(2026, 11, 24, 14), Estado.EN_PROCESO),
        ]
        reloj = resolucion(self.recibida, eventos, 720, h(2026, 11, 24, 15))
        assert reloj.consumido_min == 60 + 30 + 60

    def test_vencimiento_durante_la_reanudacion_es_el_momento_exacto(self):
        recibida = h(2026, 11, 24, 10)
        eventos = [(h(2026, 11, 24, 10, 20), Estado.ASIGNADA), (h(2026, 11, 24, 10, 25), Estado.EN_ESPERA),
                   (h(2026, 11, 25, 12), Estado.EN_PROCESO)]
        reloj = resolucion(recibida, eventos, 60, h(2026, 11, 25, 14))
        assert reloj.vencio_en == h(2026, 11, 25, 12, 35)
        assert reloj.consumido_min == 25 + 120

    def test_pausa_del_reloj_inicial_de_atencion(self):
        recibida = h(2026, 11, 24, 10)
        eventos = [(h(2026, 11, 24, 10, 5), Estado.ASIGNADA), (h(2026, 11, 24, 10, 15), Estado.EN_ESPERA)]
        reloj = inicial(recibida, eventos, 30, h(2026, 11, 25, 14), RelojInicial.ATENCION)
        assert reloj.pausado and reloj.consumido_min == 15 and not reloj.incumplido


class TestRelojInicial:
    recibida = h(2026, 11, 24, 10)

    def test_derivacion_se_detiene_al_asignar(self):
        reloj = inicial(self.recibida, [(h(2026, 11, 24, 10, 20), Estado.ASIGNADA)], 30, h(2026, 11, 30, 12))
        assert reloj.terminado and not reloj.corriendo and not reloj.incumplido
        assert reloj.consumido_min == 20
        assert reloj.semaforo == "gris"
        assert reloj.compromiso == Compromiso.INICIAL

    @pytest.mark.parametrize("estado", [Estado.EN_PROCESO, Estado.RESUELTA, Estado.CANCELADA])
    def test_derivacion_tambien_se_detiene_si_se_atiende_resuelve_o_cancela_sin_asignar(self, estado):
        reloj = inicial(self.recibida, [(h(2026, 11, 24, 10, 10), estado)], 30, h(2026, 11, 30, 12))
        assert reloj.terminado and reloj.consumido_min == 10

    def test_derivacion_vencida_queda_con_el_momento_exacto(self):
        reloj = inicial(self.recibida, [(h(2026, 11, 24, 11), Estado.ASIGNADA)], 30, h(2026, 11, 30, 12))
        assert reloj.terminado and reloj.incumplido
        assert reloj.vencio_en == h(2026, 11, 24, 10, 30)
        assert reloj.semaforo == "rojo"

    def test_exactamente_en_la_meta_no_es_incumplimiento(self):
        reloj = inicial(self.recibida, [(h(2026, 11, 24, 10, 30), Estado.ASIGNADA)], 30, h(2026, 11, 30, 12))
        assert reloj.consumido_min == 30 and not reloj.incumplido

    def test_atencion_no_se_detiene_al_asignar_sino_al_atender(self):
        eventos = [(h(2026, 11, 24, 10, 10), Estado.ASIGNADA), (h(2026, 11, 24, 10, 50), Estado.EN_PROCESO)]
        corriendo = inicial(self.recibida, eventos[:1], 30, h(2026, 11, 24, 10, 25), RelojInicial.ATENCION)
        assert corriendo.corriendo and corriendo.consumido_min == 25
        assert corriendo.vence == h(2026, 11, 24, 10, 30)
        reloj = inicial(self.recibida, eventos, 30, h(2026, 11, 30, 12), RelojInicial.ATENCION)
        assert reloj.terminado and reloj.incumplido
        assert reloj.vencio_en == h(2026, 11, 24, 10, 30)
        assert reloj.consumido_min == 50
        # El mismo registro con reloj de derivación se cumplió al asignar.
        assert not inicial(self.recibida, eventos, 30, h(2026, 11, 30, 12)).incumplido

    def test_atencion_se_cumple_al_resolver(self):
        reloj = inicial(self.recibida, [(h(2026, 11, 24, 10, 5), Estado.RESUELTA)], 30, h(2026, 11, 30),
                        RelojInicial.ATENCION)
        assert reloj.terminado and reloj.consumido_min == 5

    def test_derivacion_cruza_la_noche(self):
        recibida = h(2026, 11, 24, 14, 50)
        reloj = inicial(recibida, [], 30, h(2026, 11, 25, 10))
        assert reloj.incumplido and reloj.vencio_en == h(2026, 11, 25, 9, 20)
        assert reloj.vence == reloj.vencio_en  # vencido: la cola lo ordena por cuándo venció


class TestResolucion:
    recibida = h(2026, 11, 24, 9)

    def test_se_detiene_al_resolver(self):
        eventos = [(h(2026, 11, 24, 9, 5), Estado.ASIGNADA), (h(2026, 11, 24, 11), Estado.RESUELTA)]
        for ahora in (h(2026, 11, 24, 11), h(2026, 11, 27, 14), h(2027, 3, 1, 12)):
            reloj = resolucion(self.recibida, eventos, 720, ahora)
            assert reloj.terminado and not reloj.corriendo and not reloj.pausado
            assert reloj.consumido_min == 120 and reloj.vence is None

    def test_cerrada_sigue_detenida(self):
        eventos = [(h(2026, 11, 24, 11), Estado.RESUELTA), (h(2026, 11, 26, 11), Estado.CERRADA)]
        reloj = resolucion(self.recibida, eventos, 720, h(2026, 11, 30, 12))
        assert reloj.terminado and reloj.consumido_min == 120

    def test_cancelada_se_detiene_sin_incumplimiento(self):
        eventos = [(h(2026, 11, 24, 10), Estado.CANCELADA)]
        reloj = resolucion(self.recibida, eventos, 720, h(2026, 12, 30, 12))
        assert reloj.terminado and not reloj.incumplido and reloj.consumido_min == 60

    def test_incumplimiento_queda_aunque_despues_se_resuelva(self):
        eventos = [(h(2026, 11, 24, 9, 5), Estado.ASIGNADA), (h(2026, 11, 26, 10), Estado.RESUELTA)]
        reloj = resolucion(self.recibida, eventos, 720, h(2026, 11, 30, 12))
        assert reloj.terminado and reloj.incumplido
        assert reloj.vencio_en == h(2026, 11, 25, 15)
        assert reloj.semaforo == "rojo"

    def test_relojes_de_una_solicitud(self):
        servicio = mock.Mock(reloj_inicial=RelojInicial.ASIGNACION)
        solicitud = mock.Mock(recibida=self.recibida, meta_inicial_min=30, meta_resolucion_min=720,
                              servicio=servicio)
        relojes = sla.relojes(solicitud, bit(self.recibida, (h(2026, 11, 24, 9, 10), Estado.ASIGNADA)), CAL,
                              h(2026, 11, 24, 10))
        assert [(r.compromiso, r.consumido_min, r.terminado) for r in relojes] == [
            (Compromiso.INICIAL, 10, True), (Compromiso.RESOLUCION, 60, False)]
        solicitud.meta_resolucion_min = None
        assert [r.compromiso for r in sla.relojes(solicitud, bit(self.recibida), CAL, self.recibida)] == [
            Compromiso.INICIAL]

    def test_bitacora_desordenada_o_anterior_a_la_recepcion(self):
        # La bitácora se ordena por momento; un cambio registrado antes de «recibida» cuenta desde la recepción.
        eventos = [(h(2026, 11, 24, 11), Estado.EN_ESPERA), (h(2026, 11, 24, 8), Estado.ASIGNADA)]
        reloj = resolucion(self.recibida, eventos, 720, h(2026, 11, 24, 14))
        assert reloj.pausado and reloj.consumido_min == 120


class TestMetaPorRango:
    def test_minutos_hasta_el_cierre_del_dia_acordado(self):
        # Martes 24 10:00 → martes 1 de diciembre 15:00: 300 + 4 días × 360 + 360.
        assert sla.meta_por_rango(h(2026, 11, 24, 10), dt.date(2026, 12, 1), CAL) == 300 + 4 * 360 + 360

    def test_fecha_en_fin_de_semana_usa_el_dia_habil_anterior(self):
        sabado = sla.meta_por_rango(h(2026, 11, 24, 10), dt.date(2026, 12, 5), CAL)
        viernes = sla.meta_por_rango(h(2026, 11, 24, 10), dt.date(2026, 12, 4), CAL)
        assert sabado == viernes

    def test_fecha_en_festivo_o_dia_inhabil_usa_el_dia_habil_anterior(self):
        recibida = h(2026, 9, 1, 9)
        assert sla.meta_por_rango(recibida, dt.date(2026, 9, 16), CAL) == sla.meta_por_rango(
            recibida, dt.date(2026, 9, 15), CAL)
        municipal = cal(dt.date(2026, 9, 15))
        assert sla.meta_por_rango(recibida, dt.date(2026, 9, 16), municipal) == sla.meta_por_rango(
            recibida, dt.date(2026, 9, 14), CAL)

    def test_el_vencimiento_es_el_cierre_del_dia_acordado(self):
        recibida = h(2026, 11, 24, 10)
        meta = sla.meta_por_rango(recibida, dt.date(2026, 12, 18), CAL)
        assert resolucion(recibida, [], meta, recibida).vence == h(2026, 12, 18, 15)


# Propiedades -------------------------------------------------------------------------------------

INICIO_PROPIEDADES = h(2026, 11, 20, 8)


@st.composite
def historias(draw):
    """Recepción, una bitácora de transiciones legales con intervalos al azar y un «ahora» posterior."""
    recibida = INICIO_PROPIEDADES + dt.timedelta(minutes=draw(st.integers(0, 7 * 24 * 60)))
    momento, estado, eventos = recibida, Estado.NUEVA, []
    for _ in range(draw(st.integers(0, 8))):
        opciones = sorted(TRANSICIONES[estado])
        if not opciones:
            break
        estado = draw(st.sampled_from(opciones))
        momento += dt.timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
        eventos.append((momento, estado))
    ahora = momento + dt.timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))
    return recibida, eventos, ahora


PROPIEDADES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestPropiedades:
    @PROPIEDADES
    @given(historias(), st.integers(1, 3000), st.sampled_from(list(RelojInicial)))
    def test_nunca_consume_mas_que_el_tiempo_habil_transcurrido(self, historia, meta, tipo):
        recibida, eventos, ahora = historia
        pared = CAL.minutos_habiles(recibida, ahora)
        for reloj in (resolucion(recibida, eventos, meta, ahora), inicial(recibida, eventos, meta, ahora, tipo)):
            assert 0 <= reloj.consumido_min <= pared
            assert sum((reloj.corriendo, reloj.pausado, reloj.terminado)) == 1
            if reloj.incumplido:
                assert reloj.vencio_en <= ahora
                # Sin pausas tardaría lo mismo o menos en vencer: el cruce no es antes de meta minutos hábiles.
                assert CAL.minutos_habiles(recibida, reloj.vencio_en) >= meta
            if reloj.corriendo and not reloj.incumplido:
                # Vence en el futuro, o ya se consumió la meta justa y desde entonces no ha corrido tiempo hábil
                # (p. ej. se cumplió al cierre de la oficina y ahora es de noche).
                assert reloj.vence is not None and CAL.minutos_habiles(reloj.vence, ahora) <= 1

    @PROPIEDADES
    @given(historias(), st.integers(0, 10 * 24 * 60), st.integers(1, 3000))
    def test_el_consumo_no_baja_con_el_tiempo(self, historia, despues, meta):
        recibida, eventos, ahora = historia
        antes = resolucion(recibida, eventos, meta, ahora)
        luego = resolucion(recibida, eventos, meta, ahora + dt.timedelta(minutes=despues))
        assert luego.consumido_min >= antes.consumido_min
        if antes.incumplido:
            assert luego.vencio_en == antes.vencio_en  # el momento del cruce no cambia

    @PROPIEDADES
    @given(
        st.integers(0, 5 * 24 * 60), st.integers(0, 5 * 24 * 60), st.integers(0, 5 * 24 * 60),
        st.integers(0, 5 * 24 * 60), st.integers(1, 5000),
    )
    def test_pausar_nunca_hace_consumir_mas(self, a, b, c, d, meta):
        recibida = INICIO_PROPIEDADES
        asignada = recibida + dt.timedelta(minutes=a)
        espera = asignada + dt.timedelta(minutes=b)
        reanuda = espera + dt.timedelta(minutes=c)
        ahora = reanuda + dt.timedelta(minutes=d)
        base = [(asignada, Estado.ASIGNADA), (espera, Estado.EN_PROCESO)]
        con_pausa = [(asignada, Estado.ASIGNADA), (espera, Estado.EN_ESPERA), (reanuda, Estado.EN_PROCESO)]
        sin = resolucion(recibida, base, meta, ahora)
        con = resolucion(recibida, con_pausa, meta, ahora)
        assert con.consumido_min <= sin.consumido_min
        assert sin.consumido_min - con.consumido_min <= CAL.minutos_habiles(espera, reanuda) + 1
        if con.incumplido:
            assert sin.incumplido and con.vencio_en >= sin.vencio_en
        if con.vence and sin.vence and not con.incumplido:
            assert con.vence >= sin.vence


# ==================================================================================================
# Servicios (con base de datos): relojes calculados de la bitácora guardada
# ==================================================================================================


@contextmanager
def ahora_es(momento):
    """Fija timezone.now() (los servicios lo usan al registrar y al presentar quejas)."""
    with mock.patch("django.utils.timezone.now", return_value=momento):
        yield


@pytest.fixture
def tecnico(db):
    usuario = usuario_con_rol(TECNICO, username="tecnico-sla")
    usuario.email = "tecnico@ejemplo.gob.mx"
    usuario.save()
    return usuario


@pytest.fixture
def directores(db):
    resultado = []
    for i in (1, 2):
        usuario = usuario_con_rol(DIRECTOR, username=f"director-{i}")
        usuario.email = f"director{i}@ejemplo.gob.mx"
        usuario.save()
        resultado.append(usuario)
    return resultado


@pytest.fixture
def mesa(db):
    return usuario_con_rol(MESA_AYUDA, username="mesa-sla")


RECIBIDA = h(2026, 11, 24, 10)


def crear(clave="soporte-tecnico", recibida=RECIBIDA, **campos):
    with ahora_es(recibida):
        return f.solicitud(clave, recibida=recibida, **campos)


def recargar(solicitud):
    return Solicitud.objects.get(pk=solicitud.pk)


def relojes_guardados(solicitud, ahora, calendario=None):
    solicitud = Solicitud.objects.select_related("servicio").get(pk=solicitud.pk)
    bitacora = services.bitacoras_de([solicitud.pk]).get(solicitud.pk, [])
    return {r.compromiso: r for r in sla.relojes(solicitud, bitacora, calendario or Calendario.cargar(), ahora)}


@pytest.mark.django_db
class TestMetas:
    @pytest.mark.parametrize(("clave", "cantidad", "metas"), [
        ("soporte-tecnico", 1, (30, 720)),
        ("impresion-credenciales", 12, (30, 60)),
        ("impresion-credenciales", 1, (30, 5)),
        ("impresion-credenciales", 0, (30, 5)),
        ("asesorias", 1, (30, None)),
        ("mantenimiento-preventivo", 3, (30, None)),
    ])
    def test_metas_del_servicio(self, clave, cantidad, metas):
        solicitud = crear(clave, cantidad=cantidad)
        assert (solicitud.meta_inicial_min, solicitud.meta_resolucion_min) == metas

    def test_credenciales_cinco_minutos_por_unidad_en_tiempo_habil(self):
        # 12 credenciales = 60 minutos hábiles: recibidas a las 14:30 vencen al día siguiente a las 09:30.
        solicitud = crear("impresion-credenciales", recibida=h(2026, 11, 27, 14, 30), cantidad=12)
        assert solicitud.meta_resolucion_min == 60
        assert solicitud.vence_resolucion == h(2026, 11, 30, 9, 30)

    def test_la_meta_no_cambia_si_despues_se_edita_el_catalogo(self):
        solicitud = crear("impresion-credenciales", cantidad=4)
        Servicio.objects.filter(clave="impresion-credenciales").update(minutos_resolucion=50)
        assert recargar(solicitud).meta_resolucion_min == 20


@pytest.mark.django_db
class TestRango:
    recibida = h(2026, 11, 24, 10)

    @pytest.mark.parametrize("dias", [7, 30, 92])
    def test_fecha_dentro_del_rango(self, dias):
        fecha = self.recibida.date() + dt.timedelta(days=dias)
        solicitud = crear("plataformas-web", recibida=self.recibida, fecha_compromiso=fecha)
        assert solicitud.fecha_compromiso == fecha
        assert solicitud.meta_resolucion_min == sla.meta_por_rango(self.recibida, fecha, Calendario.cargar())
        # Vence al cierre de la oficina del día acordado (o del hábil anterior).
        cierre = Calendario.cargar().horario_del_dia(Calendario.cargar().dia_habil_anterior(fecha))[1]
        assert solicitud.vence_resolucion == cierre

    @pytest.mark.parametrize("dias", [6, 0, -1, 93, 400])
    def test_fecha_fuera_del_rango_se_rechaza_sin_escribir(self, dias):
        fecha = self.recibida.date() + dt.timedelta(days=dias)
        with pytest.raises(services.AccionNoPermitida, match=r"entre 7 y 92 días") as error:
            crear("plataformas-web", recibida=self.recibida, fecha_compromiso=fecha)
        assert f"quedó a {dias} días" in str(error.value)
        assert not Solicitud.objects.exists()
        assert not ContadorFolio.objects.filter(ultimo__gt=0).exists()

    def test_sin_fecha_se_rechaza(self):
        with pytest.raises(services.AccionNoPermitida, match="necesita una fecha compromiso"):
            crear("plataformas-web", fecha_compromiso=None)
        assert not Solicitud.objects.exists()

    def test_dias_inhabiles_municipales_reducen_la_meta(self):
        fecha = dt.date(2026, 12, 4)
        sin = crear("plataformas-web", recibida=self.recibida, fecha_compromiso=fecha)
        DiaInhabil.objects.create(fecha=dt.date(2026, 11, 25), descripcion="Día del servidor público municipal")
        con = crear("plataformas-web", recibida=self.recibida, fecha_compromiso=fecha)
        assert sin.meta_resolucion_min - con.meta_resolucion_min == 360
        assert sin.vence_resolucion == con.vence_resolucion == h(2026, 12, 4, 15)


@pytest.mark.django_db
class TestRelojesDeLaBitacora:
    def test_ciclo_completo_con_pausa(self, tecnico, mesa):
        solicitud = crear(recibida=h(2026, 11, 24, 10), usuario=mesa)
        assert solicitud.vence_inicial == h(2026, 11, 24, 10, 30)
        assert solicitud.vence_resolucion == h(2026, 11, 26, 10)  # 720 min: martes 300 + miércoles 360 + 60

        services.asignar(solicitud, tecnico, mesa, en=h(2026, 11, 24, 10, 20))
        solicitud = recargar(solicitud)
        assert solicitud.estado == Estado.ASIGNADA
        assert solicitud.atendida_en == h(2026, 11, 24, 10, 20)
        assert solicitud.vence_inicial is None  # ya se cumplió

        services.cambiar_estado(solicitud, Estado.EN_PROCESO, tecnico, en=h(2026, 11, 24, 11))
        services.cambiar_estado(solicitud, Estado.EN_ESPERA, tecnico, tipo_espera="proveedor",
                                en=h(2026, 11, 24, 12))
        solicitud = recargar(solicitud)
        assert solicitud.vence_resolucion is None  # pausado: no hay vencimiento
        assert relojes_guardados(solicitud, h(2026, 11, 25, 14))[Compromiso.RESOLUCION].consumido_min == 120

        services.cambiar_estado(solicitud, Estado.EN_PROCESO, tecnico, en=h(2026, 11, 26, 9))
        solicitud = recargar(solicitud)
        # Faltaban 600: jueves 360 + viernes 240 → viernes 13:00 (sin la pausa vencía el jueves 10:00).
        assert solicitud.vence_resolucion == h(2026, 11, 27, 13)

        services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, resolucion="Se cambió la fuente.",
                                en=h(2026, 11, 26, 12))
        solicitud = recargar(solicitud)
        assert solicitud.vence_resolucion is None and solicitud.resuelta_en == h(2026, 11, 26, 12)
        relojes = relojes_guardados(solicitud, h(2026, 12, 15, 12))
        assert relojes[Compromiso.INICIAL].consumido_min == 20
        assert relojes[Compromiso.RESOLUCION].consumido_min == 120 + 180
        assert relojes[Compromiso.RESOLUCION].terminado
        assert not Incumplimiento.objects.exists()
        assert list(CambioEstado.objects.filter(solicitud=solicitud).values_list("nuevo", flat=True)) == [
            "nueva", "asignada", "en_proceso", "en_espera", "en_proceso", "resuelta"]

    def test_los_relojes_salen_de_la_bitacora_no_de_contadores(self, tecnico):
        """Corregir la hora de un cambio en la bitácora cambia el reloj: no hay acumulados guardados."""
        solicitud = crear(recibida=h(2026, 11, 24, 10))
        services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 10, 10))
        cambio = CambioEstado.objects.get(solicitud=solicitud, nuevo=Estado.ASIGNADA)
        assert relojes_guardados(solicitud, h(2026, 11, 24, 12))[Compromiso.INICIAL].consumido_min == 10
        CambioEstado.objects.filter(pk=cambio.pk).update(en=h(2026, 11, 24, 10, 25))
        assert relojes_guardados(solicitud, h(2026, 11, 24, 12))[Compromiso.INICIAL].consumido_min == 25

    def test_asesoria_mide_la_primera_atencion(self, tecnico):
        solicitud = crear("asesorias", recibida=h(2026, 11, 24, 10))
        services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 10, 5))
        solicitud = recargar(solicitud)
        assert solicitud.atendida_en is None
        assert solicitud.vence_inicial == h(2026, 11, 24, 10, 30)  # la asignación no lo detiene
        services.cambiar_estado(solicitud, Estado.EN_PROCESO, tecnico, en=h(2026, 11, 24, 10, 45))
        solicitud = recargar(solicitud)
        assert solicitud.atendida_en == h(2026, 11, 24, 10, 45)
        assert solicitud.vence_inicial is None
        incumplimiento = Incumplimiento.objects.get(solicitud=solicitud)
        assert (incumplimiento.compromiso, incumplimiento.vencio_en) == (Compromiso.INICIAL, h(2026, 11, 24, 10, 30))

    def test_derivacion_en_el_registro_con_tecnico(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 10), tecnico=tecnico)
        solicitud = recargar(solicitud)
        assert solicitud.estado == Estado.ASIGNADA and solicitud.atendida_en == h(2026, 11, 24, 10)
        assert relojes_guardados(solicitud, h(2026, 11, 25, 12))[Compromiso.INICIAL].consumido_min == 0


@pytest.mark.django_db
class TestIncumplimientos:
    def test_queda_registrado_aunque_se_resuelva_despues(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 14, 50))
        services.asignar(solicitud, tecnico, en=h(2026, 11, 25, 10))
        inicial_ = Incumplimiento.objects.get(solicitud=solicitud, compromiso=Compromiso.INICIAL)
        assert inicial_.vencio_en == h(2026, 11, 25, 9, 20)  # 10 min el martes + 20 el miércoles
        assert inicial_.meta_min == 30
        services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, resolucion="Listo.", en=h(2026, 11, 25, 11))
        services.cambiar_estado(solicitud, Estado.CERRADA, tecnico, en=h(2026, 11, 26, 11))
        assert list(Incumplimiento.objects.filter(solicitud=solicitud).values_list("compromiso", "vencio_en")) == [
            (Compromiso.INICIAL, h(2026, 11, 25, 9, 20))]

    def test_resolucion_vencida_registra_el_cruce_exacto(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 9))
        services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 9, 10))
        services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, resolucion="Tarde.", en=h(2026, 11, 26, 9, 30))
        incumplimiento = Incumplimiento.objects.get(solicitud=solicitud)
        assert incumplimiento.compromiso == Compromiso.RESOLUCION
        assert incumplimiento.meta_min == 720
        assert incumplimiento.vencio_en == h(2026, 11, 25, 15)
        assert incumplimiento.detectado_en == h(2026, 11, 26, 9, 30)

    def test_un_incumplimiento_por_compromiso(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 9))
        for dia in (25, 26, 27):
            services.actualizar_relojes(solicitud, ahora=h(2026, 11, dia, 12))
        assert Incumplimiento.objects.filter(solicitud=solicitud).count() == 2  # inicial y resolución

    def test_cambiar_el_calendario_no_reescribe_incumplimientos_pasados(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 14, 50))
        services.revisar_vencimientos(ahora=h(2026, 11, 25, 10))
        registrado = Incumplimiento.objects.get(solicitud=solicitud, compromiso=Compromiso.INICIAL)
        assert registrado.vencio_en == h(2026, 11, 25, 9, 20)

        # Después se declara inhábil el miércoles 25: con el calendario nuevo la derivación no habría vencido.
        DiaInhabil.objects.create(fecha=dt.date(2026, 11, 25), descripcion="Suspensión de labores")
        services.asignar(solicitud, tecnico, en=h(2026, 11, 26, 9, 5))
        nuevo = relojes_guardados(solicitud, h(2026, 11, 26, 12))[Compromiso.INICIAL]
        assert nuevo.consumido_min == 15 and not nuevo.incumplido
        services.revisar_vencimientos(ahora=h(2026, 11, 26, 12))
        services.actualizar_relojes(solicitud, ahora=h(2026, 11, 26, 12))

        assert list(Incumplimiento.objects.filter(solicitud=solicitud).values_list(
            "pk", "compromiso", "meta_min", "vencio_en", "detectado_en")) == [
            (registrado.pk, Compromiso.INICIAL, 30, h(2026, 11, 25, 9, 20), h(2026, 11, 25, 10))]

    def test_un_festivo_nuevo_tampoco_reescribe(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 9))
        services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 9, 5))
        services.revisar_vencimientos(ahora=h(2026, 11, 26, 9, 30))
        antes = Incumplimiento.objects.get(compromiso=Compromiso.RESOLUCION)
        assert antes.vencio_en == h(2026, 11, 25, 15)
        DiaInhabil.objects.create(fecha=dt.date(2026, 11, 24), descripcion="Retroactivo")
        services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, resolucion="Hecho.", en=h(2026, 11, 26, 10))
        despues = Incumplimiento.objects.get(compromiso=Compromiso.RESOLUCION)
        assert (despues.pk, despues.vencio_en) == (antes.pk, antes.vencio_en)


# Transiciones --------------------------------------------------------------------------------------

ILEGALES = [(a, b) for a, b in itertools.product(Estado, Estado) if b not in TRANSICIONES[a]]
LEGALES = [(a, b) for a in Estado for b in sorted(TRANSICIONES[a])]


def argumentos_para(nuevo):
    return {
        Estado.EN_ESPERA: {"tipo_espera": "solicitante"},
        Estado.RESUELTA: {"resolucion": "Se resolvió."},
        Estado.CANCELADA: {"nota": "Duplicada."},
    }.get(nuevo, {})


def en_estado(estado, tecnico):
    solicitud = crear(recibida=h(2026, 11, 24, 10))
    Solicitud.objects.filter(pk=solicitud.pk).update(estado=estado, tecnico=tecnico)
    return recargar(solicitud)


@pytest.mark.django_db
class TestTransiciones:
    def test_todas_las_parejas_estan_cubiertas(self):
        assert len(ILEGALES) + len(LEGALES) == len(Estado) ** 2

    @pytest.mark.parametrize(("anterior", "nuevo"), ILEGALES, ids=[f"{a}->{b}" for a, b in ILEGALES])
    def test_transicion_ilegal_se_rechaza(self, anterior, nuevo, tecnico):
        solicitud = en_estado(anterior, tecnico)
        cambios = CambioEstado.objects.count()
        with pytest.raises(services.AccionNoPermitida, match="no puede pasar a") as error:
            services.cambiar_estado(solicitud, nuevo, tecnico, en=h(2026, 11, 24, 11), **argumentos_para(nuevo))
        assert Estado(anterior).label.lower() in str(error.value)
        assert recargar(solicitud).estado == anterior
        assert CambioEstado.objects.count() == cambios

    @pytest.mark.parametrize(("anterior", "nuevo"), LEGALES, ids=[f"{a}->{b}" for a, b in LEGALES])
    def test_transicion_legal_se_acepta(self, anterior, nuevo, tecnico):
        solicitud = en_estado(anterior, tecnico)
        services.cambiar_estado(solicitud, nuevo, tecnico, en=h(2026, 11, 24, 11), **argumentos_para(nuevo))
        assert recargar(solicitud).estado == nuevo
        ultimo = CambioEstado.objects.filter(solicitud=solicitud).last()
        assert (ultimo.anterior, ultimo.nuevo, ultimo.en) == (anterior, nuevo, h(2026, 11, 24, 11))

    @pytest.mark.parametrize(("nuevo", "argumentos", "mensaje"), [
        (Estado.RESUELTA, {}, "Describa la resolución"),
        (Estado.RESUELTA, {"resolucion": "   "}, "Describa la resolución"),
        (Estado.EN_ESPERA, {}, "de quién se espera"),
        (Estado.CANCELADA, {}, "motivo de la cancelación"),
        (Estado.CANCELADA, {"nota": "  \n "}, "motivo de la cancelación"),
    ])
    def test_datos_obligatorios(self, nuevo, argumentos, mensaje, tecnico):
        solicitud = en_estado(Estado.EN_PROCESO, tecnico)
        with pytest.raises(services.AccionNoPermitida, match=mensaje):
            services.cambiar_estado(solicitud, nuevo, tecnico, en=h(2026, 11, 24, 11), **argumentos)
        assert recargar(solicitud).estado == Estado.EN_PROCESO
        assert CambioEstado.objects.filter(solicitud=solicitud).count() == 1

    def test_asignada_sin_tecnico_se_rechaza(self):
        solicitud = crear()
        with pytest.raises(services.AccionNoPermitida, match="Elija al técnico"):
            services.cambiar_estado(solicitud, Estado.ASIGNADA, en=h(2026, 11, 24, 11))

    def test_resolucion_guardada_permite_resolver(self, tecnico):
        solicitud = en_estado(Estado.EN_PROCESO, tecnico)
        Solicitud.objects.filter(pk=solicitud.pk).update(resolucion="Escrita antes.")
        services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, en=h(2026, 11, 24, 11))
        assert recargar(solicitud).estado == Estado.RESUELTA

    def test_no_se_asigna_una_solicitud_terminada(self, tecnico):
        solicitud = en_estado(Estado.CERRADA, tecnico)
        with pytest.raises(services.AccionNoPermitida, match="ya no se asigna"):
            services.asignar(solicitud, tecnico)


# Avisos y revisión programada ---------------------------------------------------------------------


@pytest.fixture
def correo_configurado(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(EMAIL_HOST="smtp.ejemplo"):
        yield


@pytest.mark.django_db
class TestRevisarVencimientos:
    def asignada(self, tecnico):
        solicitud = crear(recibida=h(2026, 11, 24, 10))
        services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 10, 10))
        Aviso.objects.all().delete()
        return solicitud

    def test_avisa_una_vez_al_tecnico_y_a_cada_director(self, tecnico, directores, settings, correo_configurado):
        settings.SIGMA_SLA_AVISO_PCT = 75
        solicitud = self.asignada(tecnico)
        mail.outbox.clear()
        # 720 min: 75 % = 540 → martes 10:00–15:00 (300) + miércoles 09:00–13:00 (240).
        assert services.revisar_vencimientos(ahora=h(2026, 11, 25, 12, 55))["avisos"] == 0
        assert not Aviso.objects.exists()

        resultado = services.revisar_vencimientos(ahora=h(2026, 11, 25, 13))
        assert resultado == {"revisadas": 1, "avisos": 3, "incumplimientos": 0}
        assert set(Aviso.objects.values_list("usuario__username", flat=True)) == {
            "tecnico-sla", "director-1", "director-2"}
        aviso = Aviso.objects.first()
        assert aviso.solicitud == solicitud
        assert solicitud.folio in aviso.texto and "75 %" in aviso.texto
        assert sorted(m.to[0] for m in mail.outbox) == [
            "director1@ejemplo.gob.mx", "director2@ejemplo.gob.mx", "tecnico@ejemplo.gob.mx"]
        assert solicitud.get_absolute_url() in mail.outbox[0].body

        # Una sola vez por reloj: ni la siguiente revisión ni el vencimiento repiten el aviso.
        assert services.revisar_vencimientos(ahora=h(2026, 11, 25, 14))["avisos"] == 0
        resultado = services.revisar_vencimientos(ahora=h(2026, 11, 26, 11))
        assert resultado["avisos"] == 0 and resultado["incumplimientos"] == 1
        assert Aviso.objects.count() == 3 and len(mail.outbox) == 3
        assert Incumplimiento.objects.get().vencio_en == h(2026, 11, 26, 10)
        assert services.revisar_vencimientos(ahora=h(2026, 11, 26, 12))["incumplimientos"] == 0

    def test_derivacion_sin_tecnico_avisa_solo_a_directores(self, directores, settings):
        settings.SIGMA_SLA_AVISO_PCT = 75
        solicitud = crear(recibida=h(2026, 11, 24, 10))
        resultado = services.revisar_vencimientos(ahora=h(2026, 11, 24, 10, 23))
        assert resultado["avisos"] == 2
        assert set(Aviso.objects.values_list("usuario__username", flat=True)) == {"director-1", "director-2"}
        assert all("atención inicial" in t for t in Aviso.objects.values_list("texto", flat=True))
        resultado = services.revisar_vencimientos(ahora=h(2026, 11, 24, 10, 45))
        assert resultado["incumplimientos"] == 1 and resultado["avisos"] == 0
        assert Incumplimiento.objects.get(solicitud=solicitud).vencio_en == h(2026, 11, 24, 10, 30)

    def test_vencido_sin_aviso_previo_avisa_que_vencio(self, tecnico, directores):
        solicitud = self.asignada(tecnico)
        services.revisar_vencimientos(ahora=h(2026, 11, 27, 12))
        textos = set(Aviso.objects.values_list("texto", flat=True))
        assert len(textos) == 1 and "vencido" in textos.pop()
        assert Incumplimiento.objects.get(solicitud=solicitud).compromiso == Compromiso.RESOLUCION

    def test_reloj_pausado_no_avisa(self, tecnico, directores):
        solicitud = self.asignada(tecnico)
        services.cambiar_estado(solicitud, Estado.EN_ESPERA, tecnico, tipo_espera="solicitante",
                                en=h(2026, 11, 24, 11))
        Aviso.objects.all().delete()
        resultado = services.revisar_vencimientos(ahora=h(2026, 12, 10, 12))
        assert resultado["avisos"] == 0 and resultado["incumplimientos"] == 0
        assert not Aviso.objects.exists()

    def test_terminadas_no_se_revisan(self, tecnico, directores):
        solicitud = self.asignada(tecnico)
        services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, resolucion="Ok.", en=h(2026, 11, 24, 11))
        Aviso.objects.all().delete()
        assert services.revisar_vencimientos(ahora=h(2026, 12, 10, 12))["revisadas"] == 0
        assert not Aviso.objects.exists()

    def test_sin_servidor_de_correo_solo_avisa_en_la_aplicacion(self, tecnico, directores, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        self.asignada(tecnico)
        mail.outbox.clear()
        with override_settings(EMAIL_HOST=""):
            assert services.revisar_vencimientos(ahora=h(2026, 11, 27, 12))["avisos"] == 3
        assert Aviso.objects.count() == 3
        assert mail.outbox == []

    def test_con_la_configuracion_por_omision_no_hay_correo(self, tecnico, directores, settings):
        # config/settings.py deja EMAIL_HOST vacío si no viene del entorno (el de Django sería "localhost").
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        self.asignada(tecnico)
        mail.outbox.clear()
        services.revisar_vencimientos(ahora=h(2026, 11, 27, 12))
        assert Aviso.objects.count() == 3
        assert mail.outbox == []

    def test_usuario_sin_correo_no_recibe_correo(self, tecnico, directores, correo_configurado):
        for d in directores:
            d.email = ""
            d.save()
        self.asignada(tecnico)
        mail.outbox.clear()
        services.revisar_vencimientos(ahora=h(2026, 11, 27, 12))
        assert [m.to for m in mail.outbox] == [["tecnico@ejemplo.gob.mx"]]

    def test_falla_del_correo_no_detiene_la_revision(self, tecnico, directores, correo_configurado):
        self.asignada(tecnico)
        with mock.patch("soporte.services.send_mail", side_effect=ConnectionRefusedError):
            assert services.revisar_vencimientos(ahora=h(2026, 11, 27, 12))["avisos"] == 3
        assert Aviso.objects.count() == 3

    def test_bitacoras_de_muchas_solicitudes_en_una_consulta(self, tecnico, django_assert_num_queries):
        ids = [crear(recibida=h(2026, 11, 24, 10, i)).pk for i in range(5)]
        with django_assert_num_queries(1):
            bitacoras = services.bitacoras_de(ids)
        assert sorted(bitacoras) == sorted(ids)
        assert all(b == [(h(2026, 11, 24, 10, i), Estado.NUEVA)] for i, b in enumerate(bitacoras[k] for k in ids))


def test_empleado_dado_de_baja_no_registra(db):
    empleado = EmpleadoFactory(activo=False)
    with pytest.raises(services.AccionNoPermitida, match="dado de baja"):
        crear(empleado=empleado)
    assert not Solicitud.objects.exists()


# Reapertura, umbral truncado y semáforo en pausa (defectos encontrados y corregidos).


# BUG 1: sla._medir devuelve «terminado» en el primer tramo resuelta/cerrada aunque después venga
# «reabierta»: el reloj de resolución no sigue sumando al reabrir.
def test_reabierta_sigue_sumando_donde_se_quedo():
    recibida = h(2026, 11, 24, 9)
    eventos = [(h(2026, 11, 24, 10), Estado.RESUELTA), (h(2026, 11, 25, 9), Estado.REABIERTA)]
    reloj = resolucion(recibida, eventos, 720, h(2026, 11, 25, 9, 30), CAL)
    assert reloj.corriendo and not reloj.terminado
    assert reloj.consumido_min == 60 + 30
    assert reloj.vence == h(2026, 11, 26, 14)  # faltaban 660: miércoles 360 + jueves 300


def test_reabierta_vencida_registra_el_cruce():
    recibida = h(2026, 11, 24, 9)
    eventos = [(h(2026, 11, 24, 14), Estado.RESUELTA), (h(2026, 11, 26, 9), Estado.REABIERTA)]
    reloj = resolucion(recibida, eventos, 360, h(2026, 11, 26, 12), CAL)
    assert reloj.incumplido and reloj.vencio_en == h(2026, 11, 26, 10)


@pytest.mark.django_db
def test_reabierta_recalcula_el_vencimiento_de_la_cola(tecnico):  # noqa: F811
    solicitud = crear(recibida=h(2026, 11, 24, 9))
    services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 9, 5))
    services.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, resolucion="Ok.", en=h(2026, 11, 24, 10))
    services.cambiar_estado(solicitud, Estado.REABIERTA, tecnico, nota="Volvió a fallar", en=h(2026, 11, 25, 9))
    solicitud = recargar(solicitud)
    assert solicitud.vence_resolucion == h(2026, 11, 26, 14)
    reloj = relojes_guardados(solicitud, h(2026, 11, 25, 9, 30))[Compromiso.RESOLUCION]
    assert reloj.corriendo and reloj.consumido_min == 90


# MENOR 3: Reloj.porcentaje redondea: con 539 de 720 min (74.86 %) ya avisa «al 75 %».
@pytest.mark.django_db
def test_no_avisa_antes_del_umbral(tecnico, directores, settings):  # noqa: F811
    settings.SIGMA_SLA_AVISO_PCT = 75
    solicitud = crear(recibida=h(2026, 11, 24, 10))
    services.asignar(solicitud, tecnico, en=h(2026, 11, 24, 10, 10))
    Aviso.objects.all().delete()
    assert services.revisar_vencimientos(ahora=h(2026, 11, 25, 12, 59))["avisos"] == 0
    assert Solicitud.objects.filter(avisada_resolucion=True).count() == 0


# MENOR 4: el docstring de Reloj.semaforo dice «gris (terminado a tiempo / pausado)», pero un reloj pausado
# sin vencer da «verde» o «amarillo» según su porcentaje (el código solo pone gris si está terminado).
def test_reloj_pausado_es_gris_como_dice_el_docstring():
    recibida = h(2026, 11, 24, 9)
    eventos = [(h(2026, 11, 24, 9, 10), Estado.ASIGNADA), (h(2026, 11, 24, 10), Estado.EN_ESPERA)]
    reloj = resolucion(recibida, eventos, 720, h(2026, 11, 25, 12), CAL)
    assert reloj.pausado
    assert reloj.semaforo == "gris"
