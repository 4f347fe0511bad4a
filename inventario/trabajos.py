"""Trabajos largos (importaciones, escaneos) y el proceso que los corre: marca del proceso, latido y
detección de trabajos abandonados por un trabajador que murió (SIGKILL, reinicio, falta de memoria).

Un trabajo «en curso» guarda `proceso` = "host:pid:arranque" (arranque = inicio del proceso según /proc, así
un pid reutilizado no engaña) y un `latido` que se renueva con el avance. Está abandonado si su proceso,
en este mismo host, ya no existe; o, si corre en otro host (o no hay /proc), si su latido es más viejo que
SIGMA_TRABAJOS_LATIDO_SEGUNDOS.
"""
from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

LATIDO_SEGUNDOS = 600


def latido_segundos():
    return int(getattr(settings, "SIGMA_TRABAJOS_LATIDO_SEGUNDOS", LATIDO_SEGUNDOS))


def _arranque(pid):
    """Tiempo de arranque del proceso (campo 22 de /proc/<pid>/stat) o None si no existe."""
    try:
        texto = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return texto.rsplit(")", 1)[-1].split()[19]


def marca_proceso():
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_arranque(pid) or ''}"[:120]


def proceso_vivo(marca):
    """True/False si el proceso de la marca vive o no; None si no se puede saber (otro host, marca vacía)."""
    try:
        host, pid, arranque = marca.rsplit(":", 2)
        pid = int(pid)
    except (AttributeError, ValueError):
        return None
    if host != socket.gethostname():
        return None
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    actual = _arranque(pid)
    if actual is None:
        return False
    if _es_zombi(pid):
        return False
    return not arranque or actual == arranque


def _es_zombi(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] in ("Z", "X")
    except OSError:
        return True


def abandonado(marca, latido, ahora=None):
    """¿El trabajo quedó sin proceso? `latido` es el último signo de vida (o su creación si nunca empezó)."""
    vivo = proceso_vivo(marca) if marca else None
    if vivo is not None:
        return not vivo
    ahora = ahora or timezone.now()
    return latido is None or latido < ahora - timedelta(seconds=latido_segundos())
