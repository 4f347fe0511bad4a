"""Disco lleno: escribir archivos sin dejar nunca uno a medias, y avisar en español.

* `es_disco_lleno(exc)`: OSError por falta de espacio (ENOSPC), cuota (EDQUOT) o tamaño máximo (EFBIG).
* `AlmacenamientoSeguro`: FileSystemStorage que escribe en un temporal del mismo directorio y lo renombra al
  terminar; si falla (p. ej. disco lleno) borra el temporal y levanta `DiscoLleno`. Sirve para cualquier
  FileField (PDF de reportes, fotos, archivos importados) con STORAGES["default"]["BACKEND"].
"""
from __future__ import annotations

import errno
import os
import tempfile

from django.core.files import File
from django.core.files.storage import FileSystemStorage

ERRNO_DISCO_LLENO = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
MENSAJE_DISCO_LLENO = ("El servidor se quedó sin espacio en disco y no pudo guardar el archivo; no quedó ningún "
                       "archivo a medias. Avise al administrador de SIGMA para que libere espacio y vuelva a "
                       "intentarlo.")


class DiscoLleno(OSError):
    """Falta de espacio al escribir un archivo; str() es el mensaje para el usuario."""

    def __init__(self, original=None):
        super().__init__(getattr(original, "errno", errno.ENOSPC), MENSAJE_DISCO_LLENO)

    def __str__(self):
        return MENSAJE_DISCO_LLENO


def es_disco_lleno(exc):
    return isinstance(exc, OSError) and (isinstance(exc, DiscoLleno) or exc.errno in ERRNO_DISCO_LLENO)


class _Temporal(File):
    def temporary_file_path(self):
        return self.name


class AlmacenamientoSeguro(FileSystemStorage):
    def _save(self, name, content):
        directorio = os.path.dirname(self.path(name))
        os.makedirs(directorio, exist_ok=True)
        descriptor, temporal = tempfile.mkstemp(dir=directorio, prefix=".guardando-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as destino:
                if hasattr(content, "seek"):
                    content.seek(0)
                for trozo in content.chunks():
                    destino.write(trozo.encode() if isinstance(trozo, str) else trozo)
                destino.flush()
                os.fsync(destino.fileno())
            # Mismo sistema de archivos: FileSystemStorage lo mueve con rename (atómico) y elige otro nombre
            # si el destino ya existe.
            return super()._save(name, _Temporal(None, name=temporal))
        except OSError as exc:
            if es_disco_lleno(exc):
                raise DiscoLleno(exc) from exc
            raise
        finally:
            if os.path.exists(temporal):
                os.unlink(temporal)
