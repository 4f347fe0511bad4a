"""Cada indicador contra el juego de datos de tests/reportes/datos.py (números calculados a mano ahí)."""
import pytest

from reportes import selectors

from .datos import CALENDARIO, HOY, MARZO, crear

pytestmark = pytest.mark.django_db


@pytest.fixture
def d():
    return crear()


def test_cumplimiento_pm(d):
    total = selectors.cumplimiento_pm(*MARZO, hoy=HOY)
    assert (total["vencidas"], total["a_tiempo"], total["tarde"], total["no_realizadas"]) == (3, 1, 1, 1)
    assert total["porcentaje"] == 33.3
    assert selectors.cumplimiento_pm(*MARZO, dependencia=d["a"], hoy=HOY)["porcentaje"] == 50.0
    assert selectors.cumplimiento_pm(*MARZO, dependencia=d["b"], hoy=HOY)["porcentaje"] == 0.0


def test_rezago_de_solicitudes(d):
    assert selectors.rezago_solicitudes() == {"abiertas": 1, "vencidas": 1}
    assert selectors.rezago_solicitudes(d["a"]) == {"abiertas": 0, "vencidas": 0}


def test_tiempo_para_derivar(d):
    assert selectors.tiempo_derivacion(*MARZO, calendario=CALENDARIO) == {"n": 2, "promedio": 75.0, "mediana": 75.0}
    assert selectors.tiempo_derivacion(*MARZO, dependencia=d["b"], calendario=CALENDARIO)["n"] == 0


def test_mttr(d):
    # S1 240, S2 450, S4 120 (recibida en febrero, resuelta en marzo).
    assert selectors.mttr(*MARZO, calendario=CALENDARIO) == {"n": 3, "promedio": 270.0, "mediana": 240}
    assert selectors.mttr(*MARZO, dependencia=d["a"], calendario=CALENDARIO)["promedio"] == 345.0


def test_cumplimiento_de_compromisos_por_servicio(d):
    filas = {f["clave"]: f for f in selectors.sla_por_servicio(*MARZO)}
    st = filas["soporte-tecnico"]
    assert (st["inicial_decidibles"], st["inicial_incumplidas"], st["inicial_pct"]) == (2, 1, 50.0)
    assert (st["resolucion_decidibles"], st["resolucion_incumplidas"], st["resolucion_pct"]) == (2, 0, 100.0)
    assert filas["asesorias"]["inicial_pct"] is None
    b = {f["clave"]: f for f in selectors.sla_por_servicio(*MARZO, dependencia=d["b"])}["soporte-tecnico"]
    assert b["inicial_decidibles"] == 0 and b["inicial_pct"] is None


def test_quejas_por_cada_100_resueltas(d):
    assert selectors.quejas(*MARZO) == {"recibidas": 2, "respondidas": 1, "cerradas": 3, "por_100": 66.7}
    assert selectors.quejas(*MARZO, dependencia=d["b"]) == {
        "recibidas": 0, "respondidas": 0, "cerradas": 1, "por_100": 0.0}


def test_satisfaccion(d):
    assert selectors.csat(*MARZO) == {"n": 2, "promedio": 3.5}
    assert selectors.csat(*MARZO, dependencia=d["b"]) == {"n": 0, "promedio": None}


def test_solicitudes_por_100_equipos(d):
    filas = {f["id"]: f for f in selectors.solicitudes_por_100_equipos(*MARZO)}
    assert (filas[d["a"].pk]["solicitudes"], filas[d["a"].pk]["equipos"], filas[d["a"].pk]["por_100"]) == (2, 4, 50.0)
    assert (filas[d["b"].pk]["solicitudes"], filas[d["b"].pk]["equipos"], filas[d["b"].pk]["por_100"]) == (1, 3, 33.3)
    solo_b = selectors.solicitudes_por_100_equipos(*MARZO, dependencia=d["b"])
    assert [f["id"] for f in solo_b] == [d["b"].pk]


def test_transparencia_por_servicio_y_mes(d):
    filas = {(f["servicio"], f["mes"]): f for f in selectors.transparencia(2026)}
    marzo = filas[("Soporte técnico", 3)]
    assert (marzo["recibidas"], marzo["atendidas"], marzo["compromisos"], marzo["cumplidos"]) == (3, 2, 4, 3)
    assert marzo["cumplimiento_pct"] == 75.0
    assert (marzo["quejas"], marzo["quejas_respondidas"], marzo["satisfaccion"], marzo["encuestas"]) == (2, 1, 3.5, 2)
    febrero = filas[("Soporte técnico", 2)]
    assert (febrero["recibidas"], febrero["atendidas"], febrero["cumplimiento_pct"], febrero["satisfaccion"]) == (
        1, 1, 100.0, 4.0)
    assert selectors.transparencia(2025) == []


def test_tendencia_mensual(d):
    import datetime as dt

    filas = selectors.tendencia_mensual(dt.date(2026, 2, 1), dt.date(2026, 4, 30))
    resumen = [(f["mes"].month, f["recibidas"], f["resueltas"], f["cumplimiento_pct"]) for f in filas]
    # Febrero: S4 (2 compromisos cumplidos). Marzo: S1, S2, S3 recibidas; S1, S2, S4 resueltas; 3 de 4.
    assert resumen == [(2, 1, 0, 100.0), (3, 3, 3, 75.0), (4, 0, 0, None)]
    assert filas[1]["barra_recibidas"] == 100


def _tecnicos(d):
    import datetime as dt

    from comun.roles import TECNICO
    from mantenimiento.models import OrdenMantenimiento
    from soporte.models import Solicitud
    from tests.factories import usuario_con_rol
    from tests.mantenimiento.factories import OrdenFactory

    t1, t2 = usuario_con_rol(TECNICO, "t-uno"), usuario_con_rol(TECNICO, "t-dos")
    Solicitud.objects.filter(pk__in=[d["s1"].pk, d["s2"].pk, d["s3"].pk]).update(tecnico=t1)
    Solicitud.objects.filter(pk=d["s4"].pk).update(tecnico=t2)
    OrdenMantenimiento.objects.filter(fecha_cierre=dt.date(2026, 3, 6)).update(tecnico=t1, minutos=45)
    OrdenMantenimiento.objects.filter(fecha_cierre=dt.date(2026, 3, 20)).update(tecnico=t1, minutos=30)
    OrdenMantenimiento.objects.filter(fecha_cierre=dt.date(2026, 3, 9)).update(tecnico=t2)
    OrdenFactory(tecnico=t2, fecha_programada=dt.date(2026, 4, 30))
    return t1, t2


def test_tecnicos(d):
    t1, t2 = _tecnicos(d)
    filas = {f["id"]: f for f in selectors.tecnicos(*MARZO, hoy=HOY)}
    assert {k: filas[t1.pk][k] for k in ("abiertas", "resueltas", "ordenes_abiertas", "ordenes_vencidas",
                                          "ordenes_a_tiempo", "ordenes_pct", "minutos")} == {
        "abiertas": 1, "resueltas": 2, "ordenes_abiertas": 0, "ordenes_vencidas": 2, "ordenes_a_tiempo": 1,
        "ordenes_pct": 50.0, "minutos": 75}
    assert {k: filas[t2.pk][k] for k in ("abiertas", "resueltas", "ordenes_abiertas", "ordenes_vencidas",
                                          "ordenes_pct", "minutos")} == {
        "abiertas": 0, "resueltas": 1, "ordenes_abiertas": 1, "ordenes_vencidas": 1, "ordenes_pct": 0.0,
        "minutos": 0}


def test_reapertura(d):
    from soporte.models import CambioEstado

    for s, estados in ((d["s1"], ["resuelta"]), (d["s2"], ["resuelta", "reabierta", "resuelta"]),
                       (d["s4"], ["resuelta", "reabierta"])):
        for anterior, nuevo in zip(["en_proceso", *estados], estados, strict=False):
            CambioEstado.objects.create(solicitud=s, anterior=anterior, nuevo=nuevo)
    # Recibidas en marzo y resueltas alguna vez: S1, S2; reabierta: S2. S4 es de febrero.
    assert selectors.reapertura(*MARZO) == {"resueltas": 2, "reabiertas": 1, "porcentaje": 50.0}
    assert selectors.reapertura(*MARZO, dependencia=d["b"]) == {"resueltas": 0, "reabiertas": 0, "porcentaje": None}
