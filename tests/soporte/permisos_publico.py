"""Filas de la matriz de permisos para las páginas públicas, las quejas y la encuesta por teléfono.

El líder las fusiona en tests/soporte/permisos.py (mismas formas que tests/test_permisos.py).
"""
from soporte import services
from soporte.choices import CanalQueja, Estado

TODOS = ["anonimo", "mesa", "tecnico", "director", "admin"]
CON_SESION = {"mesa", "tecnico", "director", "admin"}


def _solicitud():
    from tests.soporte import factories

    return factories.solicitud()


def _resuelta():
    return services.cambiar_estado(_solicitud(), Estado.RESUELTA, resolucion="Resuelta para la matriz.")


def _queja():
    return services.presentar_queja(_solicitud(), compromiso="inicial", descripcion="Queja de la matriz.",
                                    presentada_por="Persona de prueba", canal=CanalQueja.MESA)


ESPERADO = {
    "publico:catalogo": dict.fromkeys(TODOS, 200),
    "publico:servicio": dict.fromkeys(TODOS, 200),
    "publico:consulta": dict.fromkeys(TODOS, 200),
    "publico:queja": dict.fromkeys(TODOS, 405),  # solo POST, desde la consulta
    "publico:encuesta": dict.fromkeys(TODOS, 200),
    "soporte:quejas": CON_SESION,
    "soporte:queja": CON_SESION,
    "soporte:nueva_queja": {"mesa", "admin"},
    "soporte:encuesta_telefono": {"mesa", "admin"},
}

ARGUMENTOS = {
    "publico:servicio": lambda d: ["soporte-tecnico"],
    "publico:encuesta": lambda d: [_resuelta().encuesta.token],
    "soporte:queja": lambda d: [_queja().folio],
    "soporte:nueva_queja": lambda d: [_solicitud().folio],
    "soporte:encuesta_telefono": lambda d: [_resuelta().folio],
}
