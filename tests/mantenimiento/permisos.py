"""Filas de mantenimiento para la matriz de permisos (tests/test_permisos.py)."""
import datetime as dt

CON_SESION = {"mesa", "tecnico", "director", "admin"}


def _solo_post(*autorizados):
    """Vistas solo POST: con permiso, GET responde 405; sin permiso, 403; anónimo, al login."""
    return {"anonimo": 302, **{r: (405 if r in autorizados else 403) for r in CON_SESION}}


def _orden(estado="programada"):
    from tests.mantenimiento.factories import OrdenFactory

    orden = OrdenFactory(estado=estado)
    if estado == "completada":
        orden.inicio = dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)
        orden.fin = dt.datetime(2026, 3, 5, 11, tzinfo=dt.UTC)
        orden.fecha_cierre, orden.minutos, orden.conformidad_nombre = dt.date(2026, 3, 5), 60, "Ana Ruiz"
        orden.save()
    return orden


def _resultado():
    from mantenimiento.models import ResultadoItem

    return ResultadoItem.objects.create(orden=_orden("en_proceso"), texto="Ventiladores", tipo="pasa_falla",
                                        resultado="falla")


def _plan():
    from tests.mantenimiento.factories import PlanFactory

    return PlanFactory()


ESPERADO = {
    "mantenimiento:mi_lista": {"tecnico", "director", "admin"},
    "mantenimiento:calendario": {"director", "admin"},
    "mantenimiento:reasignar": _solo_post("director", "admin"),
    "mantenimiento:orden": CON_SESION,
    "mantenimiento:iniciar": _solo_post("tecnico", "admin"),
    "mantenimiento:checklist": {"tecnico", "admin"},
    "mantenimiento:no_realizada": _solo_post("director", "admin"),
    "mantenimiento:reporte": CON_SESION,
    "mantenimiento:planes": CON_SESION,
    "mantenimiento:plan_nuevo": {"admin"},
    "mantenimiento:plan_editar": {"admin"},
    "mantenimiento:generar": _solo_post("director", "admin"),
    "mantenimiento:correctiva": _solo_post("tecnico", "admin"),
}

ARGUMENTOS = {
    "mantenimiento:orden": lambda d: [_orden().pk],
    "mantenimiento:iniciar": lambda d: [_orden().pk],
    "mantenimiento:checklist": lambda d: [_orden("en_proceso").pk],
    "mantenimiento:no_realizada": lambda d: [_orden().pk],
    "mantenimiento:reporte": lambda d: [_orden("completada").pk],
    "mantenimiento:correctiva": lambda d: [_resultado().pk],
    "mantenimiento:plan_editar": lambda d: [_plan().pk],
}
