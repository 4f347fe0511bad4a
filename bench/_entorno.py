"""Preparación común de los scripts de bench/: rutas, variables de entorno y arranque de Django.

Se importa antes que cualquier cosa de Django. Nunca toca la base de desarrollo (var/sigma.sqlite3):
si no se indica otra cosa, los benchmarks usan su propia base en bench/var/.
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RAIZ = BENCH_DIR.parent
VAR_BENCH = BENCH_DIR / "var"
BD_POR_OMISION = VAR_BENCH / "bench.sqlite3"


def agregar_argumentos_bd(parser):
    grupo = parser.add_argument_group("base de datos")
    grupo.add_argument(
        "--bd", type=Path, default=BD_POR_OMISION, metavar="RUTA",
        help=f"Archivo SQLite (por omisión {BD_POR_OMISION.relative_to(RAIZ)}).",
    )
    grupo.add_argument(
        "--database-url", metavar="URL",
        help="URL de base de datos (p. ej. postgres://usuario:clave@host:5432/sigma_bench); tiene "
             "prioridad sobre --bd.",
    )


def url_bd(opciones) -> str:
    desarrollo = (RAIZ / "var" / "sigma.sqlite3").resolve()
    if opciones.database_url:
        url = opciones.database_url
        if url.startswith("sqlite:///") and Path(url.removeprefix("sqlite://")).resolve() == desarrollo:
            raise SystemExit("Los benchmarks no usan la base de desarrollo var/sigma.sqlite3.")
        return url
    ruta = opciones.bd.expanduser().resolve()
    if ruta == desarrollo:
        raise SystemExit("Los benchmarks no usan la base de desarrollo var/sigma.sqlite3: indique otra con --bd.")
    ruta.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{ruta}"


def describir_url(url: str) -> str:
    """La URL sin la contraseña, para imprimirla."""
    from urllib.parse import urlsplit, urlunsplit

    partes = urlsplit(url)
    if not partes.password:
        return url
    return urlunsplit(partes._replace(netloc=partes.netloc.replace(f":{partes.password}@", ":***@")))


def arrancar_django(url: str, *, debug: bool) -> None:
    """Configura el entorno (antes de importar los ajustes) y llama a django.setup()."""
    if str(RAIZ) not in sys.path:
        sys.path.insert(0, str(RAIZ))
    VAR_BENCH.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "1" if debug else "0"
    os.environ.setdefault("SECRET_KEY", "clave-solo-para-benchmarks")
    os.environ["SIGMA_VAR_DIR"] = str(VAR_BENCH)  # media y demás archivos, fuera de var/
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    if "testserver" not in hosts:
        hosts.append("testserver")  # el host de django.test.Client
    os.environ["ALLOWED_HOSTS"] = ",".join(hosts)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # WhiteNoise avisa si no existe staticfiles/ (no se sirven estáticos en el benchmark).
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()


def arrancar_para_paginas(url: str) -> None:
    """Como en producción (DEBUG=0), pero sin el manifiesto de collectstatic: {% static %} usa el almacenamiento
    simple (no cambia el trabajo de la vista ni de las plantillas, solo cómo se arma la URL de cada estático)."""
    arrancar_django(url, debug=False)
    from django.test.utils import override_settings

    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()


def contar_equipos(url: str) -> int:
    """Equipos en la base ya arrancada; 0 (con el aviso de generar los datos) si no hay."""
    from inventario.models import Equipo

    total = Equipo.objects.count()
    if not total:
        print(f"No hay equipos en {describir_url(url)}. Corra primero: python bench/generar_datos.py")
    return total
