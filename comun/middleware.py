"""Base de datos caída a media petición: página 503 en español (con Retry-After) en lugar de un 500.

`BaseDeDatosNoResponde` va arriba en MIDDLEWARE (después de SecurityMiddleware). Atiende dos casos:

* la vista levanta OperationalError/InterfaceError → `process_exception` responde 503;
* el error sale de otro middleware (sesión, autenticación…) → Django ya lo convirtió en un 500; la señal
  `got_request_exception` marca la petición y `__call__` cambia esa respuesta por la 503.

En ambos casos se cierra la conexión rota: la siguiente petición abre una nueva (además de
CONN_HEALTH_CHECKS). La página 503 no toca la base de datos ni usa base.html.

También el disco lleno (ENOSPC/EDQUOT/EFBIG al guardar un archivo) da una página clara (507), no un 500.
"""
import errno
import logging
import sys

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("sigma.bd")

REINTENTAR_SEGUNDOS = 5
ERRORES_CONEXION = (OperationalError, InterfaceError)
ERRNO_DISCO_LLENO = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_MARCA = "_sigma_bd_no_responde"


def es_falla_de_conexion(exc):
    if isinstance(exc, ERRORES_CONEXION):
        return True
    # psycopg: el servidor cerró la conexión a media consulta puede llegar como DatabaseError genérico.
    return isinstance(exc, DatabaseError) and "connection" in str(exc).lower() and "closed" in str(exc).lower()


def _cerrar_conexiones_rotas():
    for conexion in connections.all(initialized_only=True):
        if conexion.in_atomic_block:
            continue  # dentro de una transacción (p. ej. pruebas) la cierra quien la abrió
        try:
            if conexion.connection is not None and not conexion.is_usable():
                conexion.close()
        except Exception:  # noqa: BLE001  cerrar lo que ya está roto no debe fallar
            logger.debug("No se pudo cerrar la conexión %s", conexion.alias, exc_info=True)


def es_disco_lleno(exc):
    return isinstance(exc, OSError) and exc.errno in ERRNO_DISCO_LLENO


def _es_falla_atendida(exc):
    return es_falla_de_conexion(exc) or es_disco_lleno(exc)


def respuesta_503(request, exc):
    if es_disco_lleno(exc):
        logger.error("Disco lleno al guardar (%s %s): %s", request.method, request.path, exc)
        contexto = {"titulo": "No hay espacio en el servidor para guardar el archivo",
                    "mensaje": ("El servidor se quedó sin espacio en disco; no quedó ningún archivo a medias. "
                                "Avise a la Dirección de Innovación Gubernamental para que libere espacio y "
                                "vuelva a intentarlo.")}
        respuesta = HttpResponse(render_to_string("503.html", contexto), status=507)
        respuesta["Cache-Control"] = "no-store"
        return respuesta
    logger.error("La base de datos no responde (%s %s): %s: %s", request.method, request.path,
                 exc.__class__.__name__, str(exc).strip()[:300])
    _cerrar_conexiones_rotas()
    respuesta = HttpResponse(render_to_string("503.html", {"segundos": REINTENTAR_SEGUNDOS}), status=503)
    respuesta["Retry-After"] = str(REINTENTAR_SEGUNDOS)
    respuesta["Cache-Control"] = "no-store"
    return respuesta


@receiver(got_request_exception, dispatch_uid="sigma_bd_no_responde")
def _marcar(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and _es_falla_atendida(exc):
        setattr(request, _MARCA, exc)


class BaseDeDatosNoResponde:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        exc = getattr(request, _MARCA, None)
        if exc is not None and respuesta.status_code >= 500:
            return respuesta_503(request, exc)
        return respuesta

    def process_exception(self, request, exc):
        if _es_falla_atendida(exc):
            return respuesta_503(request, exc)
        return None
