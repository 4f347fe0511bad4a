"""Filas de la matriz de permisos para las URLs de reportes (tests/test_permisos.py las une)."""

ESPERADO = {
    "reportes:tablero": {"director", "admin"},
    "reportes:tablero_xlsx": {"director", "admin"},
    "reportes:tecnicos": {"director", "admin"},
    # Públicas: datos abiertos sin sesión.
    "transparencia:inicio": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 200),
    "transparencia:xlsx": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 200),
    "transparencia:csv": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 200),
}
