"""Demostración de mantenimiento: planes para cada tipo y un año de historia, determinista e idempotente."""
import time

import pytest
from django.db.models import F

from inventario.demo import generar as generar_inventario
from mantenimiento import demo, selectors, services
from mantenimiento.models import OrdenMantenimiento, PlanMantenimiento, ResultadoItem


def _huella():
    return sorted(OrdenMantenimiento.objects.values_list(
        "plan__nombre", "equipo__numero_inventario", "fecha_programada", "fecha_limite", "estado", "fecha_cierre",
        "tecnico__username", "fechas_omitidas"))


@pytest.mark.django_db
def test_demo_con_historia_de_un_anio():
    generar_inventario(semilla=7, empleados=40, equipos=120, con_historial=False)
    inicio = time.monotonic()
    creados = demo.generar(semilla=7)
    assert time.monotonic() - inicio < 15
    assert creados["planes de mantenimiento"] == len(demo.PLANES)
    assert creados["órdenes de mantenimiento"] > 120
    estados = set(OrdenMantenimiento.objects.values_list("estado", flat=True))
    assert {"completada", "no_realizada", "programada"} <= estados
    completadas = OrdenMantenimiento.objects.filter(estado="completada")
    assert completadas.filter(fecha_cierre__lte=F("ventana_hasta")).exists()  # a tiempo
    assert completadas.filter(fecha_cierre__gt=F("ventana_hasta")).exists()  # tarde
    assert OrdenMantenimiento.objects.filter(fechas_omitidas__gt=0).exists()
    assert ResultadoItem.objects.filter(resultado="falla").exists()
    # Cada tipo de equipo que hay en el inventario tiene un plan.
    from inventario.models import Equipo

    for equipo in Equipo.objects.exclude(estado="baja").select_related("tipo")[:200]:
        assert PlanMantenimiento.objects.filter(tipos=equipo.tipo).exists(), equipo.tipo
    # El generador está de acuerdo con la historia: no falta ni sobra nada para hoy.
    assert services.generar_ordenes()["creadas"] == 0
    c = selectors.cumplimiento(*sorted([OrdenMantenimiento.objects.earliest("fecha_limite").fecha_limite,
                                        OrdenMantenimiento.objects.latest("fecha_limite").fecha_limite]))
    assert 50 < c["porcentaje"] < 100

    huella = _huella()
    assert not any(demo.generar(semilla=7).values())  # idempotente
    assert _huella() == huella
    OrdenMantenimiento.objects.all().delete()
    PlanMantenimiento.objects.all().delete()
    demo.generar(semilla=7)
    assert _huella() == huella  # misma semilla, mismos datos
