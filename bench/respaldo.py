"""Benchmark de respaldo y restauración (comun/respaldos.py) con el conjunto de 20,000 equipos.

    python bench/generar_datos.py                      # una vez: bench/var/bench.sqlite3
    python bench/respaldo.py [--repeticiones 3] [--media-mb 20]
    python bench/respaldo.py --database-url postgres://sigma:clave@127.0.0.1:54330/h_resp_bench
                                                       # antes: generar_datos.py con la misma URL

SQLite: copia la base del benchmark (--bd, por omisión bench/var/bench.sqlite3) a bench/var/respaldo/sigma.sqlite3 y
trabaja solo sobre esa copia (restaurar escribe encima). PostgreSQL: trabaja sobre la base de --database-url, que
debe ser propia (se restaura encima). Media: --media-mb de archivos aleatorios (como PDF escaneados: no se comprimen)
en bench/var/respaldo/media.

Línea base en la misma corrida, el trabajo mínimo sin SIGMA: SQLite, la API de respaldo de sqlite3 + copiar media
(y al revés para restaurar); PostgreSQL, `pg_dump -Fc` + copiar media y `pg_restore --clean --if-exists
--single-transaction` + copiar media. Razón = SIGMA / línea base (lo que cuestan gzip, sha256, manifiesto,
verificación previa y conteo de filas). Siempre termina con 0 si pudo medir.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _entorno

DIR = _entorno.VAR_BENCH / "respaldo"


def _copiar_sqlite(origen: Path, destino: Path):
    destino.parent.mkdir(parents=True, exist_ok=True)
    for sufijo in ("", "-wal", "-shm"):
        destino.with_name(destino.name + sufijo).unlink(missing_ok=True)
    src, dst = sqlite3.connect(origen), sqlite3.connect(destino)
    src.backup(dst)
    dst.close()
    src.close()


def _media(raiz: Path, megas: int, semilla: int = 2026):
    """Archivos deterministas de 100 KB (incompresibles) repartidos en carpetas por año, como los adjuntos."""
    if raiz.exists():
        shutil.rmtree(raiz)
    azar = random.Random(semilla)
    for i in range(megas * 10):
        ruta = raiz / "adjuntos" / str(2020 + i % 7) / f"oficio-{i:05d}.pdf"
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(azar.randbytes(100_000))


def _cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _medir(funcion):
    """(segundos de reloj, segundos de CPU propios + de los procesos hijos como pg_dump)."""
    inicio, cpu = time.perf_counter(), _cpu()
    funcion()
    return time.perf_counter() - inicio, _cpu() - cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeticiones", type=int, default=3, help="Repeticiones (se reporta la mediana; 3).")
    parser.add_argument("--media-mb", type=int, default=20, help="MB de archivos de media (por omisión 20).")
    _entorno.agregar_argumentos_bd(parser)
    opciones = parser.parse_args(argv)
    if opciones.repeticiones < 1 or opciones.media_mb < 0:
        parser.error("--repeticiones debe ser 1 o más y --media-mb 0 o más.")

    DIR.mkdir(parents=True, exist_ok=True)
    if opciones.database_url:
        url = _entorno.url_bd(opciones)
    else:
        origen = opciones.bd.expanduser().resolve()
        if not origen.is_file():
            raise SystemExit(f"No existe {origen}: corra antes bench/generar_datos.py.")
        _copiar_sqlite(origen, DIR / "sigma.sqlite3")
        url = f"sqlite:///{DIR / 'sigma.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(DIR / "media")
    os.environ["SIGMA_RESPALDOS_DIR"] = str(DIR / "respaldos")
    _entorno.arrancar_django(url, debug=False)

    from django.conf import settings
    from django.db import connection, connections

    from comun import respaldos
    from inventario.models import Equipo

    equipos = Equipo.objects.count()
    if not equipos:
        print("La base no tiene equipos: corra antes bench/generar_datos.py (con la misma --database-url).")
        return 1
    motor = connection.vendor
    _media(Path(settings.MEDIA_ROOT), opciones.media_mb)
    connections.close_all()
    destino = Path(settings.SIGMA_RESPALDOS_DIR)
    base_dir = Path(tempfile.mkdtemp(prefix="base-", dir=DIR))
    media = Path(settings.MEDIA_ROOT)

    def base_respaldo():
        shutil.rmtree(base_dir, ignore_errors=True)
        base_dir.mkdir()
        if motor == "sqlite":
            _copiar_sqlite(Path(settings.DATABASES["default"]["NAME"]), base_dir / "db.sqlite3")
        else:
            subprocess.run(  # noqa: S603
                ["pg_dump", "-Fc", f"--file={base_dir / 'db.pgdump'}"],  # noqa: S607
                env=respaldos._entorno_pg(), check=True,
            )
        shutil.copytree(media, base_dir / "media")

    def base_restaurar():
        connections.close_all()
        if motor == "sqlite":
            src = sqlite3.connect(base_dir / "db.sqlite3")
            dst = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
            src.backup(dst)
            dst.close()
            src.close()
        else:
            subprocess.run(  # noqa: S603
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",  # noqa: S607
                 f"--dbname={settings.DATABASES['default']['NAME']}", str(base_dir / "db.pgdump")],
                env=respaldos._entorno_pg(), check=True,
            )
        shutil.rmtree(media)
        shutil.copytree(base_dir / "media", media)

    resultados = {k: [] for k in ("respaldo", "base_respaldo", "verificar", "restaurar", "base_restaurar")}
    ultimo = {}

    def respaldo():
        ultimo["archivo"] = respaldos.crear(destino, conservar=2).archivo

    for i in range(opciones.repeticiones):
        # Intercaladas, alternando cuál va primero, para que compartan el ruido de la máquina.
        orden = i % 2
        pares = [("base_respaldo", base_respaldo), ("respaldo", respaldo)]
        for clave, funcion in sorted(pares, key=lambda p: p[0], reverse=orden):
            resultados[clave].append(_medir(funcion))
        resultados["verificar"].append(_medir(lambda: respaldos.verificar(ultimo["archivo"])))
        pares = [("base_restaurar", base_restaurar), ("restaurar", lambda: respaldos.restaurar(ultimo["archivo"]))]
        for clave, funcion in sorted(pares, key=lambda p: p[0], reverse=orden):
            resultados[clave].append(_medir(funcion))
    shutil.rmtree(base_dir, ignore_errors=True)

    archivo = ultimo["archivo"]
    manifiesto = respaldos.verificar(archivo)
    reloj = {k: statistics.median(t for t, _ in v) for k, v in resultados.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in resultados.items()}
    tamano_bd = manifiesto["partes"][respaldos.PARTE_BD[motor]]["bytes"]
    print(f"Base de datos: {_entorno.describir_url(url)} ({motor})")
    print(f"Datos: {equipos:,} equipos; {len(manifiesto['tablas'])} tablas, {sum(manifiesto['tablas'].values()):,} "
          f"filas; volcado {tamano_bd / 1e6:.1f} MB; media {manifiesto['media']['archivos']:,} archivos "
          f"({manifiesto['media']['bytes'] / 1e6:.1f} MB)")
    print(f"Archivo de respaldo: {archivo.stat().st_size / 1e6:.1f} MB ({archivo.name})")
    print(f"Mediana de {opciones.repeticiones} repeticiones (reloj / CPU, s):")
    for clave, base in (("respaldo", "base_respaldo"), ("verificar", None), ("restaurar", "base_restaurar")):
        linea = f"  {clave:<10} {reloj[clave]:7.2f} / {cpu[clave]:6.2f}"
        if base:
            linea += (f"   línea base {reloj[base]:7.2f} / {cpu[base]:6.2f}   razón reloj "
                      f"{reloj[clave] / reloj[base]:.2f}, CPU {cpu[clave] / max(cpu[base], 0.01):.2f}")
        print(linea)
    print("  (restaurar incluye la verificación previa completa y el conteo de filas de todas las tablas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
