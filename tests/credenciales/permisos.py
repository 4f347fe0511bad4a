"""Filas de la matriz de permisos para las URLs de credenciales (tests/test_permisos.py las une)."""

TODOS = {"mesa", "tecnico", "director", "admin"}
OPERAN = {"mesa", "tecnico", "admin"}


def _solo_post(roles):
    """POST-only: con permiso 405 al GET, sin permiso 403, anónimo al login."""
    return {"anonimo": 302, **{r: (405 if r in roles else 403) for r in TODOS}}


ESPERADO = {
    "credenciales:lotes": TODOS,
    "credenciales:lote_nuevo": OPERAN,
    "credenciales:lote": TODOS,
    "credenciales:lote_pdf": OPERAN,
    "credenciales:lote_entregar": _solo_post(OPERAN),
    "credenciales:lista": TODOS,
    "credenciales:credencial": TODOS,
    "credenciales:foto": TODOS,
    "credenciales:cambiar_foto": _solo_post(OPERAN),
    "credenciales:revocar": _solo_post(OPERAN),
    "credenciales:reimprimir": _solo_post(OPERAN),
    "credenciales:credencial_pdf": OPERAN,
    # Pública: cualquiera ve la verificación (sin sesión).
    "verificacion:verificar": dict.fromkeys(["anonimo", *TODOS], 200),
}


def _lote():
    from tests.credenciales.factories import lote

    return lote(1)


def _credencial():
    from tests.credenciales.factories import credencial

    return credencial()


def _solicitud():
    from tests.credenciales.factories import solicitud

    return solicitud()


ARGUMENTOS = {
    "credenciales:lote_nuevo": lambda d: [_solicitud().folio],
    "credenciales:lote": lambda d: [_lote().pk],
    "credenciales:lote_pdf": lambda d: [_lote().pk],
    "credenciales:lote_entregar": lambda d: [_lote().pk],
    "credenciales:credencial": lambda d: [_credencial().pk],
    "credenciales:foto": lambda d: [_credencial().pk],
    "credenciales:cambiar_foto": lambda d: [_credencial().pk],
    "credenciales:revocar": lambda d: [_credencial().pk],
    "credenciales:reimprimir": lambda d: [_credencial().pk],
    "credenciales:credencial_pdf": lambda d: [_credencial().pk],
    "verificacion:verificar": lambda d: [_credencial().token],
}
