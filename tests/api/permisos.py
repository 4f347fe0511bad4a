"""Filas de la API para la matriz de permisos (tests/test_permisos.py).

La API no lleva al login: sin token ni sesión responde 401. Las acciones solo POST responden 405 a un GET de
quien tiene sesión (el permiso de la acción se prueba en test_solicitudes.py y test_ordenes.py)."""

ROLES = ("mesa", "tecnico", "director", "admin")
TODOS = {"anonimo": 401, **dict.fromkeys(ROLES, 200)}
SOLO_POST = {"anonimo": 401, **dict.fromkeys(ROLES, 405)}
PAGINA = {"anonimo": 302, **dict.fromkeys(ROLES, 200)}


def _solicitud():
    from tests.soporte.factories import solicitud

    return solicitud()


def _orden():
    from tests.mantenimiento.factories import OrdenFactory

    return OrdenFactory()


ESPERADO = {
    "api:esquema": TODOS,
    "api:docs": PAGINA,
    "api:token": PAGINA,
    "api:equipo-list": TODOS,
    "api:equipo-detail": TODOS,
    "api:empleado-list": TODOS,
    "api:empleado-detail": TODOS,
    "api:dependencia-list": TODOS,
    "api:dependencia-detail": TODOS,
    "api:solicitud-list": TODOS,
    "api:solicitud-detail": TODOS,
    "api:solicitud-estado": SOLO_POST,
    # Como «Mi lista»: la trabajan técnicos y la supervisan Director y Administrador; la mesa ve cada orden.
    "api:orden-list": {"anonimo": 401, "mesa": 403, "tecnico": 200, "director": 200, "admin": 200},
    "api:orden-detail": TODOS,
    "api:orden-iniciar": SOLO_POST,
    "api:orden-completar": SOLO_POST,
}

ARGUMENTOS = {
    "api:equipo-detail": lambda d: [d["equipo"].pk],
    "api:empleado-detail": lambda d: [d["equipo"].resguardante_id],
    "api:dependencia-detail": lambda d: [d["equipo"].dependencia_id],
    "api:solicitud-detail": lambda d: [_solicitud().folio],
    "api:solicitud-estado": lambda d: [_solicitud().folio],
    "api:orden-detail": lambda d: [_orden().pk],
    "api:orden-iniciar": lambda d: [_orden().pk],
    "api:orden-completar": lambda d: [_orden().pk],
}
