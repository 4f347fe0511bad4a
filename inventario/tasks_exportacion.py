"""Exportaciones grandes a Excel en segundo plano (django-q2) y su registro de estado.

Cada exportación es un par de archivos en ``settings.SIGMA_EXPORTACIONES_DIR`` (privado: fuera de MEDIA_ROOT, solo
se baja por la vista, que comprueba quién la pidió):

* ``<uuid>.json``: estado — quién la pidió (``usuario_id``), ``estado`` (en_cola, en_proceso, lista, error),
  filas escritas, total, nombre de descarga y fechas. Se reescribe de forma atómica (archivo temporal + replace),
  así la página de estado nunca lee un JSON a medias.
* ``<uuid>.xlsx``: el archivo, que aparece (replace atómico) solo cuando está completo.

No hay modelo ni migración: los archivos caducan a las ``HORAS_VIGENCIA`` horas y se borran al iniciar la
siguiente exportación.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from comun.almacenamiento import MENSAJE_DISCO_LLENO, es_disco_lleno

from .exportacion import consulta_de_parametros, escribir_xlsx

logger = logging.getLogger(__name__)

HORAS_VIGENCIA = 24

EN_COLA = "en_cola"
EN_PROCESO = "en_proceso"
LISTA = "lista"
ERROR = "error"


def directorio() -> Path:
    ruta = Path(settings.SIGMA_EXPORTACIONES_DIR)
    return Path(ruta)


def ruta_estado(clave) -> Path:
    return directorio() / f"{uuid.UUID(str(clave))}.json"


def ruta_archivo(clave) -> Path:
    return directorio() / f"{uuid.UUID(str(clave))}.xlsx"


def leer_estado(clave):
    """El estado de una exportación, o None si no existe (o no se puede leer)."""
    try:
        with open(ruta_estado(clave), encoding="utf-8") as archivo:
            return json.load(archivo)
    except (OSError, ValueError):
        return None


def guardar_estado(clave, estado):
    carpeta = directorio()
    carpeta.mkdir(parents=True, exist_ok=True)
    descriptor, temporal = tempfile.mkstemp(dir=carpeta, prefix=".estado-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as archivo:
            json.dump(estado, archivo, ensure_ascii=False)
        os.replace(temporal, ruta_estado(clave))
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


def _guardar_estado_sin_espacio(clave, estado):
    """Guarda el estado final aunque no quepa un archivo nuevo: reescribe en su lugar el JSON existente (sus
    bloques ya están ocupados). Si ni así cabe, queda registrado en el log."""
    try:
        guardar_estado(clave, estado)
        return
    except OSError as exc:
        if not es_disco_lleno(exc):
            raise
    contenido = json.dumps(estado, ensure_ascii=False).encode()
    try:
        with open(ruta_estado(clave), "r+b") as archivo:
            archivo.write(contenido)
            archivo.truncate()
    except OSError:
        logger.exception("No se pudo guardar el estado de la exportación %s (disco lleno)", clave)


def registrar(usuario_id, parametros, total, nombre):
    """Crea el estado «en cola» de una exportación nueva y devuelve su clave (uuid)."""
    limpiar_vencidas()
    clave = uuid.uuid4()
    guardar_estado(clave, {
        "usuario_id": usuario_id,
        "estado": EN_COLA,
        "filas": 0,
        "total": total,
        "nombre": nombre,
        "por_tipo": parametros.get("por_tipo") in (["1"], "1"),
        "creada": timezone.now().isoformat(),
    })
    return clave


def limpiar_vencidas(horas=HORAS_VIGENCIA):
    carpeta = directorio()
    if not carpeta.is_dir():
        return
    limite = time.time() - horas * 3600
    for ruta in carpeta.iterdir():
        if ruta.suffix in (".json", ".xlsx", ".tmp") and ruta.is_file():
            try:
                if ruta.stat().st_mtime < limite:
                    ruta.unlink()
            except OSError:  # otra exportación la borró al mismo tiempo
                pass


def exportar_a_archivo(clave, parametros, usuario_id):
    """Tarea de django-q2: escribe la exportación `clave` con los filtros `parametros` (dict de listas)."""
    estado = leer_estado(clave)
    if estado is None or estado.get("usuario_id") != usuario_id:
        logger.warning("Exportación %s desconocida o de otro usuario; no se escribe.", clave)
        return 0
    por_tipo = parametros.get("por_tipo") in (["1"], "1")
    estado.update(estado=EN_PROCESO, iniciada=timezone.now().isoformat())

    def progreso(filas):
        estado["filas"] = filas
        guardar_estado(clave, estado)

    destino = ruta_archivo(clave)
    temporal = None
    try:
        guardar_estado(clave, estado)
        descriptor, temporal = tempfile.mkstemp(dir=destino.parent, prefix=".xlsx-", suffix=".tmp")
        os.close(descriptor)
        filas = escribir_xlsx(consulta_de_parametros(parametros), temporal, por_tipo=por_tipo, progreso=progreso)
        os.replace(temporal, destino)
    except Exception as exc:
        if temporal:
            Path(temporal).unlink(missing_ok=True)
        estado.update(estado=ERROR, terminada=timezone.now().isoformat())
        if es_disco_lleno(exc):  # el temporal ya se borró: no queda archivo a medias; el usuario ve el motivo
            logger.error("Exportación %s: disco lleno (%s)", clave, exc)
            estado["mensaje"] = MENSAJE_DISCO_LLENO
            _guardar_estado_sin_espacio(clave, estado)
            return 0
        logger.exception("Falló la exportación %s", clave)
        guardar_estado(clave, estado)
        raise
    estado.update(estado=LISTA, filas=filas, total=filas, terminada=timezone.now().isoformat())
    guardar_estado(clave, estado)
    return filas
