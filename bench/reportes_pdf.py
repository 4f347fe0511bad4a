"""Benchmark de los archivos del tablero (PDF y .xlsx) contra el cálculo de sus indicadores, en la misma corrida.

    python bench/reportes_pdf.py [--iteraciones 3] [--bd RUTA | --database-url URL]

Datos: los de bench/reportes_tablero.py (200,000 solicitudes, 20,000 equipos, 100,000 órdenes); en SQLite se parte
de una copia de bench/var/reportes.sqlite3 si existe (bench/var/reportes_pdf.sqlite3, para no tocar la otra).
Para periodos de 1, 3, 6 y 12 meses hasta hoy (todas las dependencias) mide la mediana de:
  (a) reportes.selectors.tablero (la línea base: las consultas y los minutos hábiles),
  (b) services.pdf_tablero con esos indicadores (plantilla + WeasyPrint), (c) services.libro_tablero (openpyxl).
Imprime los ms, las razones b÷a y c÷a y los ms por cada 1,000 solicitudes del periodo: con eso se fija
services.UMBRAL_DIRECTO (hasta cuántas solicitudes el archivo se arma dentro de la petición).
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import time

import _entorno

BD_POR_OMISION = _entorno.VAR_BENCH / "reportes_pdf.sqlite3"
BD_ORIGEN = _entorno.VAR_BENCH / "reportes.sqlite3"
MESES = (1, 3, 6, 12)


def _mediana(funcion, veces):
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        resultado = funcion()
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos), resultado


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iteraciones", type=int, default=3)
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=BD_POR_OMISION)
    opciones = parser.parse_args(argv)
    destino = opciones.bd.expanduser().resolve()
    if not opciones.database_url and not destino.exists() and BD_ORIGEN.exists():
        shutil.copyfile(BD_ORIGEN, destino)
        print(f"Copia de {BD_ORIGEN.name} como punto de partida")
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_para_paginas(url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from reportes import selectors, services

    call_command("migrate", interactive=False, verbosity=0)
    print(f"Base de datos: {_entorno.describir_url(url)} ({connection.vendor})")
    hoy = timezone.localdate()
    print(f"{'periodo':>8} {'solicitudes':>11} {'indicadores':>12} {'PDF':>9} {'xlsx':>9} {'PDF÷ind':>8} "
          f"{'xlsx÷ind':>8} {'PDF ms/1000 sol':>15}")
    for meses in MESES:
        desde = hoy - dt.timedelta(days=round(30.4 * meses))
        n = services.solicitudes_en_periodo(desde, hoy)
        t_ind, k = _mediana(lambda: selectors.tablero(desde, hoy), opciones.iteraciones)  # noqa: B023
        t_pdf, _ = _mediana(lambda: services.pdf_tablero(desde, hoy, None, k), opciones.iteraciones)  # noqa: B023
        t_xlsx, _ = _mediana(lambda: services.libro_tablero(desde, hoy, None, k), opciones.iteraciones)  # noqa: B023
        total = t_ind + t_pdf
        print(f"{meses:>6} m {n:>11,} {1000 * t_ind:>10.0f}ms {1000 * t_pdf:>7.0f}ms {1000 * t_xlsx:>7.0f}ms "
              f"{t_pdf / t_ind:>8.2f} {t_xlsx / t_ind:>8.2f} {1000 * 1000 * total / max(n, 1):>15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
