"""Reglas de calendario de los planes (funciones puras de mantenimiento/programacion.py)."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comun.calendario import Calendario
from mantenimiento import programacion as p
from mantenimiento.choices import AjusteInhabil, Modo, Unidad

D = dt.date
SIN_FESTIVOS = Calendario(festivos=False)
FIN_DE_ENERO = D(2026, 1, 31)


def regla(modo=Modo.FIJO, cantidad=1, unidad=Unidad.MESES, inicio=FIN_DE_ENERO, anticipacion=0,
          ajuste=AjusteInhabil.ANTERIOR):
    return p.Regla(modo, cantidad, unidad, inicio, anticipacion, ajuste)


class TestSumar:
    @pytest.mark.parametrize(("fecha", "n", "unidad", "esperado"), [
        (D(2026, 1, 31), 1, Unidad.MESES, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, Unidad.MESES, D(2028, 2, 29)),  # bisiesto
        (D(2026, 1, 31), 3, Unidad.MESES, D(2026, 4, 30)),
        (D(2026, 12, 15), 1, Unidad.MESES, D(2027, 1, 15)),
        (D(2026, 11, 30), 3, Unidad.MESES, D(2027, 2, 28)),
        (D(2024, 2, 29), 1, Unidad.ANIOS, D(2025, 2, 28)),
        (D(2024, 2, 29), 4, Unidad.ANIOS, D(2028, 2, 29)),
        (D(2026, 3, 1), 2, Unidad.SEMANAS, D(2026, 3, 15)),
        (D(2026, 12, 25), 10, Unidad.DIAS, D(2027, 1, 4)),
    ])
    def test_sumar_intervalo(self, fecha, n, unidad, esperado):
        assert p.sumar_intervalo(fecha, 1, n, unidad) == esperado

    def test_unidad_desconocida(self):
        with pytest.raises(ValueError, match="desconocida"):
            p.sumar_intervalo(D(2026, 1, 1), 1, 1, "horas")

    def test_rejilla_se_calcula_desde_el_inicio_no_encadenada(self):
        fechas = [p.fecha_rejilla(D(2026, 1, 31), k, 1, Unidad.MESES) for k in range(4)]
        assert fechas == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]

    def test_rejilla_anual_desde_29_de_febrero(self):
        fechas = [p.fecha_rejilla(D(2024, 2, 29), k, 1, Unidad.ANIOS) for k in range(5)]
        assert fechas == [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]

    @pytest.mark.parametrize(("cantidad", "unidad", "dias"), [
        (10, Unidad.DIAS, 10), (2, Unidad.SEMANAS, 14), (1, Unidad.MESES, 28), (2, Unidad.MESES, 59),
        (1, Unidad.ANIOS, 365), (3, Unidad.MESES, 89),
    ])
    def test_dias_minimos(self, cantidad, unidad, dias):
        assert p.dias_minimos(cantidad, unidad) == dias


@settings(max_examples=200, deadline=None)
@given(
    inicio=st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    desde=st.dates(D(2019, 1, 1), D(2035, 12, 31)),
    cantidad=st.integers(1, 14),
    unidad=st.sampled_from(list(Unidad)),
)
def test_primera_de_rejilla_es_la_menor_no_anterior(inicio, desde, cantidad, unidad):
    k, fecha = p.primera_de_rejilla(inicio, cantidad, unidad, desde)
    assert fecha == p.fecha_rejilla(inicio, k, cantidad, unidad)
    assert fecha >= desde
    assert k == 0 or p.fecha_rejilla(inicio, k - 1, cantidad, unidad) < desde


@settings(max_examples=200, deadline=None)
@given(
    inicio=st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    cantidad=st.integers(1, 6),
    unidad=st.sampled_from(list(Unidad)),
    k=st.integers(0, 30),
    retraso=st.integers(-20, 400),
)
def test_modo_fijo_propiedades(inicio, cantidad, unidad, k, retraso):
    """Siempre en la rejilla, después de la fecha anterior y del cierre; omitidas = fechas saltadas."""
    r = regla(cantidad=cantidad, unidad=unidad, inicio=inicio)
    programada = p.fecha_rejilla(inicio, k, cantidad, unidad)
    cierre = programada + dt.timedelta(days=retraso)
    fecha, omitidas = p.siguiente_programada(r, cierre, programada, cierre)
    j, en_rejilla = p.primera_de_rejilla(inicio, cantidad, unidad, fecha)
    assert en_rejilla == fecha
    assert fecha > programada and fecha > cierre
    assert omitidas == j - k - 1
    assert omitidas >= 0
    # La anterior de la rejilla ya no cumplía: no se omitió de más.
    assert j == k + 1 or p.fecha_rejilla(inicio, j - 1, cantidad, unidad) <= cierre


class TestModos:
    def test_fijo_a_tiempo(self):
        r = regla(inicio=D(2026, 1, 5))
        assert p.siguiente_programada(r, D(2026, 3, 5), D(2026, 3, 5), D(2026, 3, 5)) == (D(2026, 4, 5), 0)

    def test_fijo_anticipado_no_adelanta_la_rejilla(self):
        r = regla(inicio=D(2026, 1, 5))
        assert p.siguiente_programada(r, D(2026, 2, 27), D(2026, 3, 5), D(2026, 2, 27)) == (D(2026, 4, 5), 0)

    def test_fijo_tardio_salta_y_cuenta_las_fechas_perdidas(self):
        r = regla(inicio=D(2026, 1, 5))
        # La de marzo se hizo el 20 de junio: abril, mayo y junio quedan omitidas (3).
        assert p.siguiente_programada(r, D(2026, 6, 20), D(2026, 3, 5), D(2026, 6, 20)) == (D(2026, 7, 5), 3)

    def test_fijo_tardio_pero_antes_de_la_siguiente(self):
        r = regla(inicio=D(2026, 1, 5))
        assert p.siguiente_programada(r, D(2026, 3, 20), D(2026, 3, 5), D(2026, 3, 20)) == (D(2026, 4, 5), 0)

    def test_fijo_cerrada_el_mismo_dia_de_la_siguiente_fecha(self):
        r = regla(inicio=D(2026, 1, 5))
        # Cerrada justo el 5 de abril: esa fecha ya quedó cubierta por el trabajo de hoy y se omite.
        assert p.siguiente_programada(r, D(2026, 4, 5), D(2026, 3, 5), D(2026, 4, 5)) == (D(2026, 5, 5), 1)

    def test_fijo_fin_de_mes(self):
        r = regla(inicio=D(2026, 1, 31))
        assert p.siguiente_programada(r, D(2026, 2, 1), D(2026, 1, 31), D(2026, 2, 1)) == (D(2026, 2, 28), 0)
        assert p.siguiente_programada(r, D(2026, 2, 28), D(2026, 2, 28), D(2026, 2, 27)) == (D(2026, 3, 31), 0)

    def test_flotante_cuenta_desde_el_cierre(self):
        r = regla(modo=Modo.FLOTANTE, inicio=D(2026, 1, 5))
        assert p.siguiente_programada(r, D(2026, 3, 20), D(2026, 3, 5), D(2026, 3, 20)) == (D(2026, 4, 20), 0)
        assert p.siguiente_programada(r, D(2026, 3, 1), D(2026, 3, 5), D(2026, 3, 1)) == (D(2026, 4, 1), 0)

    def test_flotante_fin_de_mes_y_bisiesto(self):
        r = regla(modo=Modo.FLOTANTE, unidad=Unidad.MESES)
        assert p.siguiente_programada(r, D(2028, 1, 31), D(2028, 1, 31), D(2028, 1, 31))[0] == D(2028, 2, 29)
        anual = regla(modo=Modo.FLOTANTE, unidad=Unidad.ANIOS)
        assert p.siguiente_programada(anual, D(2024, 2, 29), D(2024, 2, 29), D(2024, 2, 29))[0] == D(2025, 2, 28)

    @pytest.mark.parametrize("modo", [Modo.FIJO, Modo.FLOTANTE])
    def test_sin_historia_primera_fecha_de_la_rejilla_desde_hoy(self, modo):
        r = regla(modo=modo, inicio=D(2026, 1, 5))
        assert p.siguiente_programada(r, D(2026, 3, 6)) == (D(2026, 4, 5), 0)
        assert p.siguiente_programada(r, D(2026, 3, 5)) == (D(2026, 3, 5), 0)
        assert p.siguiente_programada(r, D(2025, 6, 1)) == (D(2026, 1, 5), 0)

    def test_semanas_y_dias(self):
        r = regla(unidad=Unidad.SEMANAS, cantidad=2, inicio=D(2026, 1, 5))
        assert p.siguiente_programada(r, D(2026, 1, 20), D(2026, 1, 5), D(2026, 1, 20)) == (D(2026, 2, 2), 1)
        r = regla(unidad=Unidad.DIAS, cantidad=10, inicio=D(2026, 1, 1))
        assert p.siguiente_programada(r, D(2026, 1, 2), D(2026, 1, 1), D(2026, 1, 2)) == (D(2026, 1, 11), 0)


class TestDiasInhabiles:
    def test_fin_de_semana_al_anterior_o_al_siguiente(self):
        sabado = D(2026, 3, 7)
        assert p.ajustar(sabado, AjusteInhabil.ANTERIOR, SIN_FESTIVOS) == D(2026, 3, 6)
        assert p.ajustar(sabado, AjusteInhabil.SIGUIENTE, SIN_FESTIVOS) == D(2026, 3, 9)
        assert p.ajustar(D(2026, 3, 4), AjusteInhabil.SIGUIENTE, SIN_FESTIVOS) == D(2026, 3, 4)

    def test_festivo_oficial(self):
        # 16 de septiembre de 2026 (miércoles), Independencia.
        calendario = Calendario()
        assert p.ajustar(D(2026, 9, 16), AjusteInhabil.ANTERIOR, calendario) == D(2026, 9, 15)
        assert p.ajustar(D(2026, 9, 16), AjusteInhabil.SIGUIENTE, calendario) == D(2026, 9, 17)

    def test_dia_inhabil_municipal_junto_a_fin_de_semana(self):
        calendario = Calendario(inhabiles={D(2026, 3, 6), D(2026, 3, 9)}, festivos=False)
        assert p.ajustar(D(2026, 3, 7), AjusteInhabil.ANTERIOR, calendario) == D(2026, 3, 5)
        assert p.ajustar(D(2026, 3, 7), AjusteInhabil.SIGUIENTE, calendario) == D(2026, 3, 10)

    def test_la_rejilla_no_se_mueve_solo_la_fecha_limite(self):
        r = regla(inicio=D(2026, 3, 7), ajuste=AjusteInhabil.SIGUIENTE)  # sábado
        v = p.siguiente_vencimiento(r, SIN_FESTIVOS, D(2026, 3, 1))
        assert (v.fecha_programada, v.fecha_limite) == (D(2026, 3, 7), D(2026, 3, 9))
        siguiente = p.siguiente_vencimiento(r, SIN_FESTIVOS, D(2026, 3, 9), D(2026, 3, 7), D(2026, 3, 9))
        assert siguiente.fecha_programada == D(2026, 4, 7)


class TestVentanaYAnticipacion:
    def test_ventana_mensual_es_10_por_ciento(self):
        # 31 días de intervalo (marzo) → 4 días naturales > 1 día hábil.
        assert p.fin_de_ventana(D(2026, 3, 5), D(2026, 3, 5), 1, Unidad.MESES, SIN_FESTIVOS) == D(2026, 3, 9)

    def test_ventana_corta_es_un_dia_habil(self):
        # Semanal: 10 % = 1 día natural (sábado) < 1 día hábil (lunes).
        assert p.fin_de_ventana(D(2026, 3, 6), D(2026, 3, 6), 1, Unidad.SEMANAS, SIN_FESTIVOS) == D(2026, 3, 9)

    def test_ventana_anual(self):
        assert p.fin_de_ventana(D(2026, 3, 5), D(2026, 3, 5), 1, Unidad.ANIOS, SIN_FESTIVOS) == D(2026, 4, 11)

    def test_fecha_de_generacion_resta_la_anticipacion_a_la_fecha_limite(self):
        r = regla(inicio=D(2026, 3, 7), anticipacion=5)  # sábado → viernes 6
        v = p.siguiente_vencimiento(r, SIN_FESTIVOS, D(2026, 3, 1))
        assert v.fecha_limite == D(2026, 3, 6)
        assert v.fecha_generacion == D(2026, 3, 1)
