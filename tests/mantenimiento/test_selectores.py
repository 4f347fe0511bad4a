"""Indicadores: cumplimiento por periodo, plan, dependencia y técnico; rezago con edad promedio."""
import datetime as dt

import pytest

from mantenimiento import selectors
from tests.factories import DependenciaFactory, EquipoFactory, usuario_con_rol

from .factories import OrdenFactory, PlanFactory

D = dt.date
HOY = D(2026, 6, 15)


def orden(plan, equipo, tecnico, limite, estado="completada", cierre=None, generada=None):
    return OrdenFactory(plan=plan, equipo=equipo, tecnico=tecnico, fecha_programada=limite, fecha_limite=limite,
                        ventana_hasta=limite + dt.timedelta(days=3), estado=estado, fecha_cierre=cierre,
                        fecha_generacion=generada or limite - dt.timedelta(days=7))


@pytest.fixture
def escenario(db):
    a, b = DependenciaFactory(nombre="Catastro"), DependenciaFactory(nombre="Tesorería")
    ea, eb = EquipoFactory(dependencia=a), EquipoFactory(dependencia=b)
    pa, pb = PlanFactory(nombre="Plan A"), PlanFactory(nombre="Plan B")
    t1 = usuario_con_rol("Técnico", "t1")
    t2 = usuario_con_rol("Técnico", "t2")
    orden(pa, ea, t1, D(2026, 5, 4), cierre=D(2026, 5, 4))  # a tiempo
    orden(pa, ea, t1, D(2026, 5, 11), cierre=D(2026, 5, 14))  # a tiempo (último día de la ventana)
    orden(pa, eb, t2, D(2026, 5, 18), cierre=D(2026, 5, 22))  # tarde
    orden(pb, eb, t2, D(2026, 5, 25), estado="no_realizada", cierre=D(2026, 5, 29))
    orden(pb, eb, t2, D(2026, 6, 1), estado="cancelada", cierre=D(2026, 6, 1))  # no cuenta
    orden(pb, ea, None, D(2026, 6, 5), estado="programada")  # abierta con la ventana vencida: cuenta
    orden(pa, eb, t1, D(2026, 6, 14), estado="programada", generada=D(2026, 6, 5))  # en ventana: aún no cuenta
    orden(pa, ea, t1, D(2026, 4, 1), cierre=D(2026, 4, 1))  # fuera del periodo
    return {"pa": pa, "pb": pb, "a": a, "b": b, "t1": t1, "t2": t2}


def test_cumplimiento_global(escenario):
    c = selectors.cumplimiento(D(2026, 5, 1), D(2026, 6, 30), HOY)
    assert c == {"vencidas": 5, "a_tiempo": 2, "tarde": 1, "no_realizadas": 1, "sin_hacer": 1, "porcentaje": 40.0}


def test_cumplimiento_por_plan_dependencia_y_tecnico(escenario, django_assert_num_queries):
    with django_assert_num_queries(1):
        por_plan = selectors.cumplimiento(D(2026, 5, 1), D(2026, 6, 30), HOY, por="plan")
    assert [(f["nombre"], f["vencidas"], f["a_tiempo"], f["porcentaje"]) for f in por_plan] == [
        ("Plan A", 3, 2, 66.7), ("Plan B", 2, 0, 0.0)]
    por_dep = selectors.cumplimiento(D(2026, 5, 1), D(2026, 6, 30), HOY, por="dependencia")
    assert [(f["nombre"], f["vencidas"], f["a_tiempo"]) for f in por_dep] == [("Catastro", 3, 2), ("Tesorería", 2, 0)]
    por_tec = selectors.cumplimiento(D(2026, 5, 1), D(2026, 6, 30), HOY, por="tecnico")
    assert [(f["nombre"], f["vencidas"]) for f in por_tec] == [("Sin asignar", 1), ("t1", 2), ("t2", 2)]


def test_periodo_sin_ordenes(escenario):
    assert selectors.cumplimiento(D(2020, 1, 1), D(2020, 12, 31), HOY)["porcentaje"] is None


def test_rezago(escenario, django_assert_num_queries):
    with django_assert_num_queries(1):
        r = selectors.rezago(HOY)
    # Dos abiertas: generadas el 29/05 (17 días) y el 05/06 (10 días).
    assert r == {"abiertas": 2, "vencidas": 2, "edad_promedio": 13.5}
    por_plan = selectors.rezago(HOY, por="plan")
    assert por_plan[escenario["pa"].pk] == {"abiertas": 1, "vencidas": 1, "edad_promedio": 10.0}
    assert selectors.rezago(D(2026, 6, 14))["vencidas"] == 1


def test_rezago_vacio(db):
    assert selectors.rezago(HOY) == {"abiertas": 0, "vencidas": 0, "edad_promedio": None}
