"""Filas de la matriz de permisos para proyectos y asesorías (las une tests/soporte/permisos.py)."""
from tests.soporte import factories

CON_SESION = {"mesa", "tecnico", "director", "admin"}

ESPERADO = {
    "soporte:proyectos": CON_SESION,
    "soporte:proyecto": CON_SESION,  # ver: todos; cambiar (POST): soporte.change_proyecto
    "soporte:asesorias": CON_SESION,
    "soporte:asesoria": {"mesa", "tecnico", "admin"},  # soporte.change_solicitud
}

ARGUMENTOS = {
    "soporte:proyecto": lambda d: [factories.solicitud("plataformas-web").folio],
    "soporte:asesoria": lambda d: [factories.solicitud("asesorias").folio],
}
