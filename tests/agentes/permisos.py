"""Filas de la matriz de permisos para las URLs de agentes (ver tests/test_permisos.py)."""
from tests.agentes.factories import EscaneoFactory, RevisionFactory, SegmentoFactory

VEN = {"tecnico", "director", "admin"}
SOLO_POST_ADMIN = {"anonimo": 302, "mesa": 403, "tecnico": 403, "director": 403, "admin": 405}

ESPERADO = {
    "agentes:segmentos": VEN,
    "agentes:segmento_nuevo": {"admin"},
    "agentes:segmento": VEN,
    "agentes:segmento_editar": {"admin"},
    "agentes:escanear": SOLO_POST_ADMIN,
    "agentes:escaneos": VEN,
    "agentes:escaneo": VEN,
    "agentes:escaneo_estado": VEN,
    "agentes:cancelar": SOLO_POST_ADMIN,
    "agentes:revisiones": VEN,
    "agentes:resolver": {"anonimo": 302, "mesa": 403, "tecnico": 405, "director": 403, "admin": 405},
    "agentes:registrar": {"admin"},
    "agentes:ignorar": {"anonimo": 302, "mesa": 403, "tecnico": 405, "director": 403, "admin": 405},
    "agentes:software": VEN,
    "agentes:agentes": VEN,
    "agentes:credenciales": {"admin"},
    "agentes:credencial_activa": SOLO_POST_ADMIN,
    "agentes:usar_valor": {"anonimo": 302, "mesa": 403, "tecnico": 405, "director": 403, "admin": 405},
    # El punto de los agentes no usa sesión: GET no existe (405) para nadie; un POST sin credencial es 401.
    "agentes:inventario": dict.fromkeys(["anonimo", "mesa", "tecnico", "director", "admin"], 405),
}

ARGUMENTOS = {
    "agentes:segmento": lambda d: [SegmentoFactory().pk],
    "agentes:segmento_editar": lambda d: [SegmentoFactory().pk],
    "agentes:escanear": lambda d: [SegmentoFactory().pk],
    "agentes:escaneo": lambda d: [EscaneoFactory().pk],
    "agentes:escaneo_estado": lambda d: [EscaneoFactory().pk],
    "agentes:cancelar": lambda d: [EscaneoFactory().pk],
    "agentes:registrar": lambda d: [RevisionFactory().pk],
    "agentes:ignorar": lambda d: [RevisionFactory().pk],
    "agentes:credencial_activa": lambda d: [_credencial().pk],
    "agentes:usar_valor": lambda d: [d["equipo"].pk, "sistema_operativo"],
}


def _credencial():
    from tests.agentes.factories import credencial

    return credencial(nombre="matriz")
