"""Genera los datos del benchmark: un municipio grande (por omisión 20,000 equipos, 3,000 empleados, 60 dependencias).

    python bench/generar_datos.py                       # SQLite en bench/var/bench.sqlite3
    python bench/generar_datos.py --bd /tmp/otra.sqlite3
    python bench/generar_datos.py --database-url postgres://usuario:clave@localhost:5432/sigma_bench

Aplica las migraciones y llama a inventario.demo.generar() con la escala pedida. Es idempotente: con los mismos
argumentos una segunda corrida no crea ni cambia nada (generar() identifica cada fila por su clave natural).
"""
from __future__ import annotations

import argparse
import sys
import time

import _entorno


def _no_negativo(texto):
    valor = int(texto)
    if valor < 0:
        raise argparse.ArgumentTypeError("debe ser 0 o mayor")
    return valor


def _positivo(texto):
    valor = int(texto)
    if valor < 1:
        raise argparse.ArgumentTypeError("debe ser 1 o mayor")
    return valor


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--equipos", type=_no_negativo, default=20_000, help="Equipos (por omisión 20000).")
    parser.add_argument("--empleados", type=_no_negativo, default=3_000, help="Empleados (por omisión 3000).")
    parser.add_argument("--dependencias", type=_positivo, default=60, help="Dependencias (por omisión 60).")
    parser.add_argument("--semilla", type=int, default=2026, help="Semilla aleatoria (por omisión 2026).")
    parser.add_argument(
        "--sin-historial", action="store_true",
        help="No registrar el historial «Creado» de django-simple-history (más rápido; la lista no lo lee).",
    )
    parser.add_argument(
        "--analizar", action="store_true",
        help="Correr ANALYZE al terminar (estadísticas del planificador). En PostgreSQL se corre siempre, "
             "como lo haría autovacuum tras una carga masiva; en SQLite solo con esta opción, porque una "
             "instalación SQLite normal nunca lo corre.",
    )
    parser.add_argument(
        "--recrear", action="store_true",
        help="Solo SQLite: borrar el archivo de la base antes de generar (úselo si cambió inventario/demo.py: "
             "generar() no modifica filas que ya existen).",
    )
    _entorno.agregar_argumentos_bd(parser)
    opciones = parser.parse_args(argv)

    url = _entorno.url_bd(opciones)
    if opciones.recrear:
        if opciones.database_url:
            parser.error("--recrear es solo para SQLite; en PostgreSQL borre y cree la base (dropdb/createdb).")
        ruta = opciones.bd.expanduser().resolve()
        for sufijo in ("", "-wal", "-shm", "-journal"):
            ruta.with_name(ruta.name + sufijo).unlink(missing_ok=True)
        print(f"Se borró {ruta}")
    _entorno.arrancar_django(url, debug=True)

    from django.core.management import call_command
    from django.db import connection

    from comun.models import Dependencia, Empleado
    from inventario.demo import generar
    from inventario.models import Equipo, InterfazRed, MovimientoResguardo

    print(f"Base de datos: {_entorno.describir_url(url)} ({connection.vendor})")
    total = time.perf_counter()

    inicio = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    t_migrar = time.perf_counter() - inicio
    print(f"Migraciones aplicadas en {t_migrar:.1f} s")

    print(f"Generando {opciones.equipos:,} equipos, {opciones.empleados:,} empleados y "
          f"{opciones.dependencias} dependencias (semilla {opciones.semilla})…")

    class _Eco:
        def write(self, texto):
            if texto.strip():
                print(f"  {texto.strip()}", flush=True)

    inicio = time.perf_counter()
    creados = generar(
        semilla=opciones.semilla,
        dependencias=opciones.dependencias,
        empleados=opciones.empleados,
        equipos=opciones.equipos,
        stdout=_Eco(),
        con_historial=not opciones.sin_historial,
    )
    t_generar = time.perf_counter() - inicio
    if any(creados.values()):
        print(f"Datos generados en {t_generar:.1f} s:")
        for clave, n in creados.items():
            print(f"  {clave:<13} {n:>8,} nuevos")
    else:
        print(f"Los datos ya existían: no se creó ni se cambió nada ({t_generar:.1f} s).")

    t_analizar = None
    if connection.vendor == "postgresql" or opciones.analizar:
        inicio = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        t_analizar = time.perf_counter() - inicio
        print(f"ANALYZE en {t_analizar:.1f} s")

    print(
        "En la base: "
        f"{Dependencia.objects.count():,} dependencias, {Empleado.objects.count():,} empleados, "
        f"{Equipo.objects.count():,} equipos, {InterfazRed.objects.count():,} interfaces, "
        f"{MovimientoResguardo.objects.count():,} movimientos."
    )
    print(f"Tiempo total: {time.perf_counter() - total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
