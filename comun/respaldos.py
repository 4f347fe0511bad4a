"""Respaldos y restauración de SIGMA: base de datos (SQLite o PostgreSQL) + media/ + manifiesto, en un .tar.gz.

Un respaldo es `sigma-respaldo-AAAAMMDD-HHMMSS-mmm.tar.gz` (hora UTC) con:
  db.sqlite3 (copia en línea con la API de respaldo de SQLite) o db.pgdump (`pg_dump -Fc`),
  media/... (los archivos subidos) y manifest.json (fecha, versión, motor, migraciones, filas por tabla y
  sha256 + tamaño de cada parte). Se escribe con nombre temporal, fsync y rename: nunca queda uno a medias.
Restaurar verifica todo antes de tocar nada; cualquier problema es un RespaldoInvalido con mensaje en español.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

FORMATO = "sigma-respaldo"
VERSION_FORMATO = 1
PREFIJO = "sigma-respaldo-"
PREFIJO_PREVIO = "sigma-antes-de-restaurar-"
EXTENSION = ".tar.gz"
MANIFIESTO = "manifest.json"
PARTE_BD = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}
NIVEL_GZIP = 3  # medido: nivel 6 cuesta el doble de CPU para un archivo ~8 % menor
BLOQUE = 1024 * 1024
_NOMBRE = re.compile(r"^(sigma-respaldo-|sigma-antes-de-restaurar-)\d{8}-\d{6}-\d{3}\.tar\.gz$")


class RespaldoInvalido(Exception):
    """El archivo no se puede restaurar (dañado, ajeno, incompatible) o el respaldo no se pudo hacer."""


@dataclass
class Resultado:
    archivo: Path
    manifiesto: dict
    borrados: list


# ------------------------------------------------------------------------------------------------------------
# Utilidades
# ------------------------------------------------------------------------------------------------------------


def _motor(alias="default") -> str:
    motor = settings.DATABASES[alias]["ENGINE"]
    if "sqlite" in motor:
        return "sqlite"
    if "postgresql" in motor or "postgis" in motor:
        return "postgresql"
    raise RespaldoInvalido(f"Motor de base de datos no soportado para respaldos: {motor}.")


class _LectorConHash(io.RawIOBase):
    """Envuelve un archivo y calcula su sha256 mientras tarfile lo lee."""

    def __init__(self, f):
        self.f, self.hash, self.bytes = f, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, n=-1):
        datos = self.f.read(n)
        self.hash.update(datos)
        self.bytes += len(datos)
        return datos


def _fsync_dir(ruta: Path):
    with contextlib.suppress(OSError):
        fd = os.open(ruta, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def version_sigma() -> dict:
    version = None
    with (
        contextlib.suppress(OSError, tomllib.TOMLDecodeError, KeyError),
        open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as f,
    ):
        version = tomllib.load(f)["project"]["version"]
    return {"version": version, "commit": _commit()}


def _commit() -> str | None:
    if os.environ.get("SIGMA_COMMIT"):
        return os.environ["SIGMA_COMMIT"].strip()
    git = Path(settings.BASE_DIR) / ".git"
    with contextlib.suppress(OSError):
        cabeza = (git / "HEAD").read_text().strip()
        if not cabeza.startswith("ref: "):
            return cabeza
        ref = cabeza[5:]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()
        for linea in (git / "packed-refs").read_text().splitlines():
            if linea.endswith(" " + ref):
                return linea.split()[0]
    return None


def _q(nombre: str) -> str:
    return '"' + nombre.replace('"', '""') + '"'


def _conteos_sqlite(con: sqlite3.Connection) -> dict[str, int]:
    tablas = [
        r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {t: con.execute(f"SELECT COUNT(*) FROM {_q(t)}").fetchone()[0] for t in tablas}  # noqa: S608


def _conteos_pg(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tablas = [r[0] for r in cursor.fetchall()]
    conteos = {}
    for t in tablas:
        cursor.execute(f"SELECT COUNT(*) FROM public.{_q(t)}")  # noqa: S608
        conteos[t] = cursor.fetchone()[0]
    return conteos


def _migraciones(filas) -> dict[str, list[str]]:
    resultado: dict[str, list[str]] = {}
    for app, nombre in filas:
        resultado.setdefault(app, []).append(nombre)
    return {app: sorted(n) for app, n in sorted(resultado.items())}


def _conectar_sqlite(ruta) -> sqlite3.Connection:
    con = sqlite3.connect(str(ruta), timeout=30, isolation_level=None)
    con.execute("PRAGMA busy_timeout=30000")
    return con


def _ruta_sqlite(alias="default") -> Path:
    nombre = str(settings.DATABASES[alias]["NAME"])
    if nombre in ("", ":memory:") or nombre.startswith("file:"):
        raise RespaldoInvalido("La base SQLite no es un archivo: no se puede respaldar ni restaurar.")
    return Path(nombre)


def _entorno_pg(alias="default") -> dict[str, str]:
    """Credenciales de la URL como variables PG* (la contraseña nunca va en la línea de órdenes)."""
    bd = settings.DATABASES[alias]
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    valores = {
        "PGHOST": bd.get("HOST"), "PGPORT": bd.get("PORT"), "PGUSER": bd.get("USER"),
        "PGPASSWORD": bd.get("PASSWORD"), "PGDATABASE": bd.get("NAME"),
        "PGSSLMODE": (bd.get("OPTIONS") or {}).get("sslmode"),
    }
    entorno.update({k: str(v) for k, v in valores.items() if v not in (None, "")})
    return entorno


def _params_pg(alias="default") -> dict:
    return connections[alias].get_connection_params()


def _ejecutar(args, **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    except FileNotFoundError:
        raise RespaldoInvalido(
            f"No se encontró el programa «{args[0]}». Instale el cliente de PostgreSQL de la misma versión que "
            "el servidor (p. ej. sudo apt-get install postgresql-client-15)."
        )


def _version_mayor(texto: str) -> int | None:
    m = re.search(r"(\d+)(?:\.\d+)?", texto)
    return int(m.group(1)) if m else None


def _comprobar_cliente_pg(programa: str, version_servidor: int):
    salida = _ejecutar([programa, "--version"])
    mayor = _version_mayor(salida.stdout)
    if mayor is None or mayor < version_servidor // 10000:
        raise RespaldoInvalido(
            f"{programa} es versión {mayor} y el servidor PostgreSQL es {version_servidor // 10000}: "
            f"instale postgresql-client-{version_servidor // 10000}."
        )


# ------------------------------------------------------------------------------------------------------------
# Crear
# ------------------------------------------------------------------------------------------------------------


def _volcar_sqlite(destino: Path) -> tuple[dict, dict]:
    """Copia en línea (API de respaldo de SQLite, un solo paso: instantánea coherente) + conteos de la copia."""
    origen = _ruta_sqlite()
    if not origen.is_file():
        raise RespaldoInvalido(f"No existe la base de datos {origen}.")
    src = _conectar_sqlite(origen)
    dst = sqlite3.connect(str(destino), isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # archivo único, sin -wal
        conteos = _conteos_sqlite(dst)
        migraciones = _migraciones(dst.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.Error as exc:
        raise RespaldoInvalido(f"No se pudo leer la base {origen} ({exc}).")
    finally:
        dst.close()
        src.close()
    info = {"sqlite": sqlite3.sqlite_version}
    return conteos, {"migraciones": migraciones, **info}


def _volcar_pg(destino: Path) -> tuple[dict, dict]:
    """pg_dump -Fc con la instantánea exportada de una transacción REPEATABLE READ: los conteos y el volcado
    ven exactamente los mismos datos."""
    import psycopg

    try:
        con = psycopg.connect(**_params_pg(), autocommit=True)
    except psycopg.Error as exc:
        raise RespaldoInvalido(f"No se pudo conectar a PostgreSQL ({exc}).")
    try:
        with con.cursor() as cur:
            version_servidor = con.info.server_version
            _comprobar_cliente_pg("pg_dump", version_servidor)
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            instantanea = cur.fetchone()[0]
            conteos = _conteos_pg(cur)
            cur.execute("SELECT app, name FROM django_migrations")
            migraciones = _migraciones(cur.fetchall())
            salida = _ejecutar(
                ["pg_dump", "--format=custom", f"--snapshot={instantanea}", f"--file={destino}"],
                env=_entorno_pg(),
            )
            cur.execute("COMMIT")
    finally:
        con.close()
    if salida.returncode != 0:
        raise RespaldoInvalido(f"pg_dump falló: {salida.stderr.strip()}")
    return conteos, {"migraciones": migraciones, "servidor": version_servidor}


def _archivos_media(raiz: Path, excluir: Path):
    if not raiz.is_dir():
        return
    excluir = excluir.resolve()
    for actual, dirs, archivos in os.walk(raiz):
        dirs[:] = sorted(d for d in dirs if (Path(actual) / d).resolve() != excluir)  # respaldos dentro de media
        for nombre in sorted(archivos):
            ruta = Path(actual) / nombre
            if ruta.is_symlink() or not ruta.is_file():
                continue
            yield ruta, ruta.relative_to(raiz).as_posix()


def _agregar(tar: tarfile.TarFile, ruta: Path, nombre: str) -> dict:
    info = tar.gettarinfo(str(ruta), arcname=nombre)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(ruta, "rb") as f:
        lector = _LectorConHash(f)
        tar.addfile(info, lector)
    return {"sha256": lector.hash.hexdigest(), "bytes": lector.bytes}


def _bloqueo(directorio: Path):
    f = open(directorio / ".bloqueo", "a+")  # noqa: SIM115
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise RespaldoInvalido(f"Ya hay un respaldo en curso en {directorio}.")
    return f


def _nombre_nuevo(directorio: Path, prefijo: str) -> Path:
    while True:
        ahora = datetime.now(UTC)
        ruta = directorio / f"{prefijo}{ahora:%Y%m%d-%H%M%S}-{ahora.microsecond // 1000:03d}{EXTENSION}"
        if not ruta.exists():
            return ruta
        time.sleep(0.002)


def listar(directorio: Path, prefijo: str = PREFIJO) -> list[Path]:
    """Respaldos del directorio, del más viejo al más nuevo (el nombre lleva la hora UTC)."""
    directorio = Path(directorio)
    if not directorio.is_dir():
        return []
    return sorted(p for p in directorio.iterdir() if p.name.startswith(prefijo) and _NOMBRE.match(p.name))


def aplicar_retencion(directorio: Path, conservar: int, prefijo: str = PREFIJO) -> list[Path]:
    if conservar < 1:
        raise RespaldoInvalido("Se debe conservar al menos un respaldo.")
    sobran = listar(directorio, prefijo)[:-conservar]
    for ruta in sobran:
        ruta.unlink(missing_ok=True)
    if sobran:
        _fsync_dir(Path(directorio))
    return sobran


def crear(destino_dir, conservar: int | None = None, prefijo: str = PREFIJO) -> Resultado:
    """Hace un respaldo completo en destino_dir; con `conservar`, borra los más viejos y deja los N más nuevos."""
    if conservar is not None and conservar < 1:
        raise RespaldoInvalido("Se debe conservar al menos un respaldo.")
    motor = _motor()
    destino_dir = Path(destino_dir)
    destino_dir.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    inicio = time.monotonic()
    bloqueo = _bloqueo(destino_dir)
    try:
        for viejo in destino_dir.glob(".sigma-*.tmp"):  # restos de un respaldo interrumpido
            with contextlib.suppress(OSError):
                shutil.rmtree(viejo) if viejo.is_dir() else viejo.unlink()
        final = _nombre_nuevo(destino_dir, prefijo)
        temporal = destino_dir / f".{final.name}.tmp"
        trabajo = Path(tempfile.mkdtemp(prefix=".sigma-trabajo-", suffix=".tmp", dir=destino_dir))
        try:
            parte_bd = PARTE_BD[motor]
            volcado = trabajo / parte_bd
            conteos, datos_bd = (_volcar_sqlite if motor == "sqlite" else _volcar_pg)(volcado)
            partes = {}
            with open(temporal, "wb") as f:
                with tarfile.open(fileobj=f, mode="w:gz", compresslevel=NIVEL_GZIP, format=tarfile.PAX_FORMAT) as tar:
                    partes[parte_bd] = _agregar(tar, volcado, parte_bd)
                    volcado.unlink()
                    for ruta, relativa in _archivos_media(media, destino_dir):
                        partes[f"media/{relativa}"] = _agregar(tar, ruta, f"media/{relativa}")
                    manifiesto = {
                        "formato": FORMATO,
                        "version_formato": VERSION_FORMATO,
                        "creado": datetime.now(UTC).isoformat(timespec="seconds"),
                        "sigma": version_sigma(),
                        "motor": motor,
                        "base_de_datos": {k: v for k, v in datos_bd.items() if k != "migraciones"},
                        "migraciones": datos_bd["migraciones"],
                        "tablas": conteos,
                        "media": {
                            "archivos": sum(1 for p in partes if p.startswith("media/")),
                            "bytes": sum(v["bytes"] for p, v in partes.items() if p.startswith("media/")),
                        },
                        "partes": partes,
                    }
                    datos = json.dumps(manifiesto, ensure_ascii=False, indent=1, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFIESTO)
                    info.size, info.mtime, info.mode = len(datos), int(time.time()), 0o644
                    tar.addfile(info, io.BytesIO(datos))
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporal, final)
            _fsync_dir(destino_dir)
        finally:
            shutil.rmtree(trabajo, ignore_errors=True)
            temporal.unlink(missing_ok=True)
        manifiesto["segundos"] = round(time.monotonic() - inicio, 2)
        borrados = aplicar_retencion(destino_dir, conservar, prefijo) if conservar else []
    finally:
        bloqueo.close()
    return Resultado(final, manifiesto, borrados)


# ------------------------------------------------------------------------------------------------------------
# Verificar
# ------------------------------------------------------------------------------------------------------------


def _nombre_seguro(nombre: str) -> bool:
    ruta = PurePosixPath(nombre)
    return not ruta.is_absolute() and ".." not in ruta.parts and "\\" not in nombre and nombre == ruta.as_posix()


def leer(archivo, extraer_en: Path | None = None) -> dict:
    """Recorre el archivo una vez: comprueba tipo y nombre de cada miembro, calcula su sha256 (extrayéndolo en
    `extraer_en` si se pide) y lo compara con el manifiesto. Devuelve el manifiesto o lanza RespaldoInvalido."""
    archivo = Path(archivo)
    if not archivo.is_file():
        raise RespaldoInvalido(f"No existe el archivo {archivo}.")
    vistos: dict[str, dict] = {}
    manifiesto = None
    ajeno = f"{archivo.name} no es un respaldo de SIGMA"
    try:
        with tarfile.open(archivo, mode="r:gz") as tar:
            for miembro in tar:
                nombre = miembro.name
                if miembro.isdir() and _nombre_seguro(nombre):
                    continue
                if not miembro.isfile() or not _nombre_seguro(nombre):
                    raise RespaldoInvalido(f"{ajeno}: contiene «{nombre}», que no es un archivo permitido.")
                if nombre in vistos or (nombre == MANIFIESTO and manifiesto is not None):
                    raise RespaldoInvalido(f"{ajeno}: «{nombre}» aparece dos veces.")
                f = tar.extractfile(miembro)
                if nombre == MANIFIESTO:
                    if miembro.size > 50 * BLOQUE:
                        raise RespaldoInvalido(f"{ajeno}: manifiesto demasiado grande.")
                    try:
                        manifiesto = json.loads(f.read().decode())
                    except (UnicodeDecodeError, ValueError):
                        raise RespaldoInvalido(f"{ajeno}: el manifiesto no es JSON válido.")
                    continue
                if not (nombre in PARTE_BD.values() or nombre.startswith("media/")):
                    raise RespaldoInvalido(f"{ajeno}: contiene «{nombre}», que no es una parte de un respaldo.")
                h, n = hashlib.sha256(), 0
                salida = None
                if extraer_en is not None:
                    ruta = Path(extraer_en, *PurePosixPath(nombre).parts)
                    ruta.parent.mkdir(parents=True, exist_ok=True)
                    salida = open(ruta, "wb")  # noqa: SIM115
                try:
                    while bloque := f.read(BLOQUE):
                        h.update(bloque)
                        n += len(bloque)
                        if salida:
                            salida.write(bloque)
                finally:
                    if salida:
                        salida.close()
                vistos[nombre] = {"sha256": h.hexdigest(), "bytes": n}
            # tarfile deja de leer en silencio ante un encabezado inválido: se lee el resto del gzip para que su
            # CRC detecte cualquier daño.
            while tar.fileobj.read(BLOQUE):
                pass
    except RespaldoInvalido:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise RespaldoInvalido(f"El archivo {archivo.name} está dañado o incompleto ({exc}).")
    if manifiesto is None and vistos:  # solo hubo partes nuestras (lo ajeno ya se rechazó) y el manifiesto va al final
        raise RespaldoInvalido(f"El archivo {archivo.name} está dañado o incompleto: falta el manifiesto al final.")
    if manifiesto is None:
        raise RespaldoInvalido(f"{ajeno}: no tiene {MANIFIESTO}.")
    if not isinstance(manifiesto, dict) or manifiesto.get("formato") != FORMATO:
        raise RespaldoInvalido(f"{ajeno}: el manifiesto no es de un respaldo de SIGMA.")
    if manifiesto.get("version_formato") != VERSION_FORMATO:
        raise RespaldoInvalido(
            f"El respaldo usa el formato {manifiesto.get('version_formato')} y esta versión de SIGMA lee el "
            f"formato {VERSION_FORMATO}."
        )
    partes = manifiesto.get("partes")
    motor = manifiesto.get("motor")
    if not isinstance(partes, dict) or motor not in PARTE_BD or not isinstance(manifiesto.get("tablas"), dict):
        raise RespaldoInvalido(f"{ajeno}: el manifiesto está incompleto.")
    if PARTE_BD[motor] not in partes:
        raise RespaldoInvalido(f"El respaldo no contiene la base de datos ({PARTE_BD[motor]}).")
    faltan = sorted(set(partes) - set(vistos))
    sobran = sorted(set(vistos) - set(partes))
    if faltan:
        raise RespaldoInvalido(f"Al respaldo le faltan {len(faltan)} partes (p. ej. «{faltan[0]}»): está incompleto.")
    if sobran:
        raise RespaldoInvalido(f"El respaldo contiene partes que el manifiesto no lista (p. ej. «{sobran[0]}»).")
    for nombre, esperado in partes.items():
        if not isinstance(esperado, dict) or vistos[nombre] != {
            "sha256": esperado.get("sha256"), "bytes": esperado.get("bytes")
        }:
            raise RespaldoInvalido(
                f"La suma sha256 de «{nombre}» no coincide con el manifiesto: el respaldo está dañado."
            )
    return manifiesto


def comprobar_compatible(manifiesto: dict) -> list[str]:
    """Lanza RespaldoInvalido si el respaldo no se puede restaurar en esta instalación; devuelve avisos."""
    from django.db.migrations.loader import MigrationLoader

    motor = _motor()
    if manifiesto["motor"] != motor:
        nombres = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise RespaldoInvalido(
            f"El respaldo es de {nombres[manifiesto['motor']]} y esta instalación usa {nombres[motor]}: no se "
            "puede restaurar en otro motor de base de datos."
        )
    conocidas = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    migraciones = manifiesto.get("migraciones") or {}
    if not isinstance(migraciones, dict) or "contenttypes" not in migraciones:
        raise RespaldoInvalido("El manifiesto no registra el estado de las migraciones: no es un respaldo de SIGMA.")
    respaldo = {(app, n) for app, nombres in migraciones.items() for n in nombres}
    desconocidas = sorted(respaldo - conocidas)
    if desconocidas:
        ejemplo = ", ".join(f"{a}.{n}" for a, n in desconocidas[:3])
        raise RespaldoInvalido(
            f"El respaldo es de una versión más nueva de SIGMA ({len(desconocidas)} migraciones que este código no "
            f"tiene, p. ej. {ejemplo}): actualice SIGMA antes de restaurarlo."
        )
    avisos = []
    pendientes = conocidas - respaldo
    if pendientes:
        avisos.append(
            f"El respaldo es de una versión anterior de SIGMA ({len(pendientes)} migraciones por aplicar): "
            "después de restaurar corra «manage.py migrate»."
        )
    return avisos


def verificar(archivo) -> dict:
    """Solo lee: integridad del archivo (sha256 de cada parte contra el manifiesto)."""
    return leer(archivo)


# ------------------------------------------------------------------------------------------------------------
# Restaurar
# ------------------------------------------------------------------------------------------------------------


def _diferencias(esperado: dict, obtenido: dict) -> list[str]:
    return [
        f"{t}: {esperado.get(t, 'no existe')} en el respaldo, {obtenido.get(t, 'no existe')} ahora"
        for t in sorted(set(esperado) | set(obtenido))
        if esperado.get(t) != obtenido.get(t)
    ]


def _revisar_sqlite(ruta: Path, manifiesto: dict):
    con = sqlite3.connect(f"file:{ruta}?mode=ro", uri=True)
    try:
        try:
            estado = con.execute("PRAGMA integrity_check").fetchone()[0]
            conteos = _conteos_sqlite(con)
        except sqlite3.DatabaseError as exc:
            raise RespaldoInvalido(f"La base de datos del respaldo está dañada ({exc}).")
    finally:
        con.close()
    if estado != "ok":
        raise RespaldoInvalido(f"La base de datos del respaldo no pasa la revisión de integridad: {estado}.")
    if diferencias := _diferencias(manifiesto["tablas"], conteos):
        raise RespaldoInvalido("Las filas de la base del respaldo no coinciden con el manifiesto: " + diferencias[0])


def _revisar_pg(ruta: Path):
    _comprobar_cliente_pg("pg_restore", connections["default"].pg_version)
    salida = _ejecutar(["pg_restore", "--list", str(ruta)])
    if salida.returncode != 0:
        raise RespaldoInvalido(f"pg_restore no puede leer el volcado del respaldo: {salida.stderr.strip()}")


def preparar(archivo, trabajo: Path) -> tuple[dict, list[str]]:
    """Extrae y verifica todo en `trabajo` sin tocar la instalación. Devuelve (manifiesto, avisos)."""
    manifiesto = leer(archivo, extraer_en=trabajo)
    avisos = comprobar_compatible(manifiesto)
    ruta_bd = trabajo / PARTE_BD[manifiesto["motor"]]
    if manifiesto["motor"] == "sqlite":
        _revisar_sqlite(ruta_bd, manifiesto)
    else:
        _revisar_pg(ruta_bd)
    return manifiesto, avisos


def comprobar(archivo) -> tuple[dict, list[str]]:
    """Como restaurar, pero sin tocar nada: integridad + compatibilidad con esta instalación."""
    if not Path(archivo).is_file():
        raise RespaldoInvalido(f"No existe el archivo {archivo}.")
    raiz = Path(settings.MEDIA_ROOT).parent
    raiz.mkdir(parents=True, exist_ok=True)
    trabajo = Path(tempfile.mkdtemp(prefix=".sigma-comprobando-", dir=raiz))
    try:
        return preparar(archivo, trabajo)
    finally:
        shutil.rmtree(trabajo, ignore_errors=True)


def _cargar_sqlite(origen: Path):
    """Reemplaza el contenido de la base viva en una sola transacción de SQLite (API de respaldo al revés): los
    demás procesos ven la base anterior o la restaurada, nunca una mezcla, y el -wal queda coherente."""
    destino = _ruta_sqlite()
    destino.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    src = sqlite3.connect(f"file:{origen}?mode=ro", uri=True)
    dst = _conectar_sqlite(destino)
    try:
        src.backup(dst)
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conteos = _conteos_sqlite(dst)
    except sqlite3.Error as exc:
        raise RespaldoInvalido(f"No se pudo escribir la base {destino} ({exc}); no se cambió nada.")
    finally:
        dst.close()
        src.close()
    return conteos


# Borra todo lo del esquema public antes de cargar el volcado, dentro de la misma transacción.
_VACIAR_PG = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS obj, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %s CASCADE'
                   ELSE 'DROP MATERIALIZED VIEW IF EXISTS %s CASCADE' END, r.obj);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS obj FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition LOOP
    EXECUTE format('DROP TABLE IF EXISTS %s CASCADE', r.obj);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS obj FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %s CASCADE', r.obj);
  END LOOP;
END $$;
"""


# Si pg_restore se corta, psql no debe confirmar un guion a medias: se cierra un COPY abierto y se provoca un error.
_ABORTAR_PG = b"\n\\.\nDO $$BEGIN RAISE EXCEPTION 'pg_restore no termino'; END$$;\n"


def _cargar_pg(origen: Path) -> dict[str, int]:
    """pg_restore → psql en UNA transacción (vaciar + cargar): si algo falla, la base queda como estaba."""
    connections.close_all()
    entorno = _entorno_pg()
    entorno["PGOPTIONS"] = "-c lock_timeout=60000"
    with tempfile.TemporaryFile() as err_restore, tempfile.TemporaryFile() as err_psql:
        try:
            restore = subprocess.Popen(  # noqa: S603
                ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(origen)],  # noqa: S607
                stdout=subprocess.PIPE, stderr=err_restore, env=entorno,
            )
            psql = subprocess.Popen(  # noqa: S603
                ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",  # noqa: S607
                 f"--command={_VACIAR_PG}", "--file=-"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err_psql, env=entorno,
            )
        except FileNotFoundError as exc:
            raise RespaldoInvalido(
                f"No se encontró «{exc.filename}». Instale el cliente de PostgreSQL (postgresql-client-15)."
            )
        try:
            while bloque := restore.stdout.read(BLOQUE):
                psql.stdin.write(bloque)
            restore.wait()
            if restore.returncode != 0:
                psql.stdin.write(_ABORTAR_PG)
            psql.stdin.close()
        except BrokenPipeError:  # psql ya se detuvo por un error
            restore.kill()
            restore.wait()
        psql.wait()
        err_restore.seek(0)
        err_psql.seek(0)
        errores = (err_restore.read() or err_psql.read()).decode(errors="replace").strip().splitlines()
        if restore.returncode != 0 and not errores:
            errores = [f"pg_restore terminó con código {restore.returncode}"]
    if restore.returncode != 0 or psql.returncode != 0:
        raise RespaldoInvalido(
            "La restauración de PostgreSQL falló y se deshizo (la base quedó como estaba): "
            + (errores[-1] if errores else "error desconocido")
        )
    with connections["default"].cursor() as cur:
        return _conteos_pg(cur)


def _cargar_media(origen: Path, trabajo: Path):
    """Cambia media/ por la del respaldo con dos rename en el mismo disco; la anterior se borra al final."""
    media = Path(settings.MEDIA_ROOT)
    origen.mkdir(exist_ok=True)
    if media.is_dir() and (os.path.ismount(media) or media.stat().st_dev != origen.stat().st_dev):
        # media/ es un punto de montaje u otro disco: no se puede renombrar; se vacía y se llena.
        for hijo in media.iterdir():
            shutil.rmtree(hijo) if hijo.is_dir() and not hijo.is_symlink() else hijo.unlink()
        for hijo in origen.iterdir():
            shutil.move(str(hijo), str(media / hijo.name))
        return
    anterior = trabajo / "media-anterior"
    if media.exists():
        os.replace(media, anterior)
    os.replace(origen, media)
    _fsync_dir(media.parent)
    shutil.rmtree(anterior, ignore_errors=True)


def _hay_datos() -> bool:
    """¿La base actual tiene algo que valga la pena respaldar antes de restaurar? (no en un servidor nuevo)."""
    if _motor() == "sqlite" and not _ruta_sqlite().is_file():
        return False
    return "django_migrations" in connections["default"].introspection.table_names()


def restaurar(archivo, confirmar=None, respaldo_previo_en: Path | None = None) -> dict:
    """Verifica todo, pide confirmación (`confirmar(manifiesto, avisos) -> bool`), opcionalmente respalda el estado
    actual y luego reemplaza base y media. Devuelve un resumen; lanza RespaldoInvalido sin tocar nada si el archivo
    no sirve, si no se confirma o si el respaldo previo falla."""
    if not Path(archivo).is_file():
        raise RespaldoInvalido(f"No existe el archivo {archivo}.")
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    trabajo = Path(tempfile.mkdtemp(prefix=".sigma-restaurando-", dir=media.parent))
    try:
        manifiesto, avisos = preparar(archivo, trabajo)
        if confirmar is not None and not confirmar(manifiesto, avisos):
            raise RespaldoInvalido("Restauración cancelada: no se cambió nada.")
        previo = None
        if respaldo_previo_en is not None and _hay_datos():
            try:
                previo = crear(respaldo_previo_en, conservar=3, prefijo=PREFIJO_PREVIO).archivo
            except (RespaldoInvalido, OSError, sqlite3.Error) as exc:
                raise RespaldoInvalido(
                    f"No se pudo respaldar el estado actual antes de restaurar ({exc}); no se cambió nada. "
                    "Si la base actual está dañada, use --sin-respaldo-previo."
                )
        inicio = time.monotonic()
        ruta_bd = trabajo / PARTE_BD[manifiesto["motor"]]
        conteos = _cargar_sqlite(ruta_bd) if manifiesto["motor"] == "sqlite" else _cargar_pg(ruta_bd)
        _cargar_media(trabajo / "media", trabajo)
        diferencias = _diferencias(manifiesto["tablas"], conteos)
        if diferencias:
            raise RespaldoInvalido(
                "La base quedó restaurada pero sus filas no coinciden con el manifiesto: " + "; ".join(diferencias[:5])
            )
        return {
            "manifiesto": manifiesto, "avisos": avisos, "previo": previo,
            "segundos": round(time.monotonic() - inicio, 2),
            "filas": sum(conteos.values()), "tablas": len(conteos),
        }
    finally:
        shutil.rmtree(trabajo, ignore_errors=True)
