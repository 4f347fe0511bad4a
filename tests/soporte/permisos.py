"""Filas de la matriz de permisos de la mesa de servicio (tests/test_permisos.py las junta)."""
import importlib

from django.core.files.base import ContentFile

# Filas de las partes de la mesa que viven en sus propios archivos (público y quejas; proyectos y asesorías).
_PARTES = [importlib.import_module(f"tests.soporte.{m}") for m in ("permisos_publico", "permisos_proyectos")]

CON_SESION = {"mesa", "tecnico", "director", "admin"}


def _solicitud(d):
    if "solicitud" not in d:
        from tests.soporte.factories import solicitud

        d["solicitud"] = solicitud(equipos=[d["equipo"]])
    return d["solicitud"]


def _adjunto(d):
    from soporte.models import Adjunto

    return Adjunto.objects.create(
        solicitud=_solicitud(d), archivo=ContentFile(b"%PDF-1.4 prueba", name="oficio.pdf"), nombre="oficio.pdf",
        tipo="application/pdf", tamano=15,
    )


def _solo_post(roles):
    return {"anonimo": 302, **{r: (405 if r in roles else 403) for r in CON_SESION}}


ESPERADO = {
    "soporte:cola": CON_SESION,
    "soporte:nueva": {"mesa", "admin"},
    "soporte:contexto_solicitante": {"mesa", "admin"},
    "soporte:buscar_equipos": {"mesa", "admin"},
    "soporte:avisos": CON_SESION,
    "soporte:adjunto": CON_SESION,
    "soporte:detalle": CON_SESION,
    "soporte:asignar": _solo_post({"mesa", "director", "admin"}),
    "soporte:estado": _solo_post({"mesa", "tecnico", "admin"}),
    "soporte:comentar": _solo_post({"mesa", "tecnico", "admin"}),
    "soporte:adjuntar": _solo_post({"mesa", "tecnico", "admin"}),
}
for _parte in _PARTES:
    ESPERADO.update(_parte.ESPERADO)

ARGUMENTOS = {
    "soporte:adjunto": lambda d: [_adjunto(d).pk],
    **{nombre: (lambda d: [_solicitud(d).folio])
       for nombre in ("soporte:detalle", "soporte:asignar", "soporte:estado", "soporte:comentar", "soporte:adjuntar")},
}
for _parte in _PARTES:
    ARGUMENTOS.update(_parte.ARGUMENTOS)
