"""Filas de la matriz de permisos para las URLs de reportes (tests/test_permisos.py las une)."""
from tests.reportes import datos_exportaciones

ESPERADO = {
    "reportes:tablero": {"director", "admin"},
    "reportes:tablero_xlsx": {"director", "admin"},
    "reportes:tecnicos": {"director", "admin"},
    "reportes:tablero_pdf": {"director", "admin"},
    "reportes:tecnicos_pdf": {"director", "admin"},
    "reportes:trabajos": {"director", "admin"},
    # La exportación es de otro usuario: el Director no la ve (404); el Administrador ve todas.
    "reportes:trabajo": {"anonimo": 302, "mesa": 403, "tecnico": 403, "director": 404, "admin": 200},
    "reportes:trabajo_descargar": {"anonimo": 302, "mesa": 403, "tecnico": 403, "director": 404, "admin": 200},
    "reportes:trabajo_reintentar": {"anonimo": 302, "mesa": 403, "tecnico": 403, "director": 405, "admin": 405},
    "reportes:mensuales": {"director", "admin"},
    "reportes:mensual_descargar": {"director", "admin"},
    "reportes:salud": {"director", "admin"},
    "reportes:salud_xlsx": {"director", "admin"},
    "reportes:salud_pdf": {"director", "admin"},
    # Públicas: datos abiertos sin sesión.
    "transparencia:inicio": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 200),
    "transparencia:xlsx": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 200),
    "transparencia:csv": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 200),
}

ARGUMENTOS = {
    "reportes:trabajo": lambda d: [datos_exportaciones.trabajo().pk],
    "reportes:trabajo_descargar": lambda d: [datos_exportaciones.trabajo().pk],
    "reportes:trabajo_reintentar": lambda d: [datos_exportaciones.trabajo().pk],
    "reportes:mensual_descargar": lambda d: [datos_exportaciones.mensual().pk, "pdf"],
}
