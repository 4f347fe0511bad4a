"""Benchmark de la exportación a Excel: inventario.exportacion.escribir_xlsx contra openpyxl puro, en la misma corrida.

    python bench/generar_datos.py        # primero: los datos (una vez)
    python bench/exportacion.py [--repeticiones 3] [--tamanos 2000 20000] [--json resultados.json]

Tiempo (todos los equipos de la base, por omisión 20,000):
  (a) nuestra: escribir_xlsx(Equipo.objects.all(), archivo) — consulta, armado de filas y openpyxl write-only.
  (b) openpyxl puro, write-only, con las mismas celdas ya leídas (lista de tuplas preparada FUERA del cronómetro):
      b1 «simple»: ws.append(tupla) (openpyxl pone solo el formato de fecha por omisión);
      b2 «con formato»: lo mismo con encabezado en negrita y una WriteOnlyCell con formato por fecha y costo,
      la forma habitual de darles formato en write-only.
  Se intercalan (a, b1, b2, b2, b1, a, …) y se reporta la mediana. Razón = a / b1 (la base más rápida).
Memoria: un subproceso por tamaño (primeros N equipos por pk) que mide el pico de tracemalloc durante la
exportación y el aumento de ru_maxrss del proceso. Debe quedar plana al crecer N.

Objetivo: razón ≤ 2 y memoria plana (pico a 20,000 ≈ pico a 2,000). Siempre termina con 0 si pudo medir.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime

import _entorno

OBJETIVO_RAZON = 2.0


def _consulta(n=None):
    from inventario.models import Equipo

    consulta = Equipo.objects.order_by("numero_inventario")
    if n:
        limite = Equipo.objects.order_by("pk").values_list("pk", flat=True)[n - 1]
        consulta = consulta.filter(pk__lte=limite)
    return consulta


def celdas_prefetch(consulta):
    """Los mismos valores que escribe escribir_xlsx, ya leídos: (encabezados, [tuplas])."""
    from inventario.columnas import COLUMNAS
    from inventario.exportacion import _fila, registros_con_interfaces

    filas = [tuple(str(v) if isinstance(v, str) else v for v in _fila(registro, interfaces))
             for registro, interfaces in registros_con_interfaces(consulta)]
    return [c.encabezado for c in COLUMNAS], filas


def openpyxl_simple(encabezados, filas, destino):
    from openpyxl import Workbook

    libro = Workbook(write_only=True)
    ws = libro.create_sheet("Equipos")
    ws.append(encabezados)
    for fila in filas:
        ws.append(fila)
    libro.save(destino)


def openpyxl_con_formato(encabezados, filas, destino):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from inventario.columnas import COLUMNAS
    from inventario.exportacion import _COLUMNA_COSTO, _COLUMNAS_FECHA, FORMATO_COSTO, FORMATO_FECHA

    libro = Workbook(write_only=True)
    ws = libro.create_sheet("Equipos")
    for i, columna in enumerate(COLUMNAS, 1):
        ws.column_dimensions[get_column_letter(i)].width = columna.ancho
    ws.freeze_panes = "A2"
    negrita = Font(bold=True)
    encabezado = []
    for texto in encabezados:
        celda = WriteOnlyCell(ws, value=texto)
        celda.font = negrita
        encabezado.append(celda)
    ws.append(encabezado)
    formatos = dict.fromkeys(_COLUMNAS_FECHA, FORMATO_FECHA) | {_COLUMNA_COSTO: FORMATO_COSTO}
    for fila in filas:
        fila = list(fila)
        for i, formato in formatos.items():
            if fila[i] is not None:
                celda = WriteOnlyCell(ws, value=fila[i])
                celda.number_format = formato
                fila[i] = celda
        ws.append(fila)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNAS))}{len(filas) + 1}"
    libro.save(destino)


def medir_tiempos(repeticiones):
    from inventario.exportacion import escribir_xlsx

    consulta = _consulta()
    encabezados, filas = celdas_prefetch(consulta)
    tiempos = {"a": [], "b1": [], "b2": []}
    pasos = {
        "a": lambda destino: escribir_xlsx(consulta, destino),
        "b1": lambda destino: openpyxl_simple(encabezados, filas, destino),
        "b2": lambda destino: openpyxl_con_formato(encabezados, filas, destino),
    }
    tamanos = {}
    with tempfile.TemporaryDirectory() as carpeta:
        for r in range(repeticiones):
            orden = ["a", "b1", "b2"] if r % 2 == 0 else ["b2", "b1", "a"]
            for clave in orden:
                destino = os.path.join(carpeta, f"{clave}.xlsx")
                inicio = time.perf_counter()
                pasos[clave](destino)
                tiempos[clave].append(time.perf_counter() - inicio)
                tamanos[clave] = os.path.getsize(destino)
    return len(filas), tiempos, tamanos


def medir_memoria_en_este_proceso(n):
    """Se corre en un subproceso (--memoria N): pico de tracemalloc y aumento de maxrss de una exportación."""
    import tracemalloc

    from inventario.exportacion import escribir_xlsx

    consulta = _consulta(n)
    consulta.count()  # conexión abierta y caches de Django calientes antes de medir
    rss_antes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as carpeta:
        tracemalloc.start()
        filas = escribir_xlsx(consulta, os.path.join(carpeta, "x.xlsx"))
        _actual, pico = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_despues = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"filas": filas, "pico_tracemalloc_mib": pico / 2**20,
            "maxrss_antes_mib": rss_antes / 1024, "maxrss_despues_mib": rss_despues / 1024}


def medir_memoria(n, opciones):
    orden = [sys.executable, __file__, "--memoria", str(n), "--bd", str(opciones.bd)]
    if opciones.database_url:
        orden += ["--database-url", opciones.database_url]
    salida = subprocess.run(orden, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(salida.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeticiones", type=int, default=3, help="Mediciones de cada escritor (3).")
    parser.add_argument("--tamanos", type=int, nargs="+", default=[2000, 20000], help="Filas para la memoria.")
    parser.add_argument("--json", metavar="ARCHIVO", help="Guardar los resultados en JSON.")
    parser.add_argument("--memoria", type=int, help=argparse.SUPPRESS)  # uso interno: subproceso de memoria
    _entorno.agregar_argumentos_bd(parser)
    opciones = parser.parse_args(argv)

    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)

    if opciones.memoria:
        print(json.dumps(medir_memoria_en_este_proceso(opciones.memoria)))
        return 0

    import django
    import openpyxl


    total = _entorno.contar_equipos(url)
    if not total:
        return 1

    print(f"SIGMA — exportación a Excel · {datetime.now():%Y-%m-%d %H:%M}")
    print(f"Base: {_entorno.describir_url(url)} · {total:,} equipos · Django {django.get_version()} · "
          f"openpyxl {openpyxl.__version__} · Python {platform.python_version()} · {os.cpu_count()} núcleos · "
          f"carga {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()

    filas, tiempos, tamanos = medir_tiempos(opciones.repeticiones)
    mediana = {k: statistics.median(v) for k, v in tiempos.items()}
    nombres = {"a": "(a) escribir_xlsx (consulta + filas + openpyxl)",
               "b1": "(b1) openpyxl write-only simple, celdas ya leídas",
               "b2": "(b2) openpyxl write-only con formato, celdas ya leídas"}
    print(f"Tiempo, {filas:,} filas × 24 columnas, {opciones.repeticiones} repeticiones (mediana):")
    print(f"| {'Escritor':<56} | {'Mediana s':>9} | {'Mín s':>7} | {'Archivo KiB':>11} |")
    print(f"|{'-' * 58}|{'-' * 11}:|{'-' * 8}:|{'-' * 12}:|")
    for clave in ("a", "b1", "b2"):
        print(f"| {nombres[clave]:<56} | {mediana[clave]:>9.2f} | {min(tiempos[clave]):>7.2f} | "
              f"{tamanos[clave] / 1024:>11,.0f} |")
    razon = mediana["a"] / mediana["b1"]
    razon_b2 = mediana["a"] / mediana["b2"]
    print(f"\nRazón (a)/(b1) = {razon:.2f} · (a)/(b2) = {razon_b2:.2f}")

    print("\nMemoria (un subproceso por tamaño):")
    print(f"| {'Filas':>7} | {'Pico tracemalloc MiB':>20} | {'maxrss antes MiB':>16} | {'maxrss después MiB':>18} |")
    print(f"|{'-' * 8}:|{'-' * 21}:|{'-' * 17}:|{'-' * 19}:|")
    memorias = []
    for n in opciones.tamanos:
        m = medir_memoria(min(n, total), opciones)
        memorias.append(m)
        print(f"| {m['filas']:>7,} | {m['pico_tracemalloc_mib']:>20.1f} | {m['maxrss_antes_mib']:>16.1f} | "
              f"{m['maxrss_despues_mib']:>18.1f} |")
    crecimiento = memorias[-1]["pico_tracemalloc_mib"] / memorias[0]["pico_tracemalloc_mib"]
    # Plano = acotado por el tamaño del bloque (2,000 filas): hasta 2× entre 1 bloque y muchos es aceptable.
    print(f"\nPico tracemalloc {memorias[-1]['filas']:,} / {memorias[0]['filas']:,} filas = {crecimiento:.2f}×")
    cumplido = razon <= OBJETIVO_RAZON and crecimiento <= 2
    print(("OBJETIVO CUMPLIDO" if cumplido else "OBJETIVO NO CUMPLIDO")
          + f" (razón ≤ {OBJETIVO_RAZON} y pico de memoria acotado: ≤ 2× de 2,000 a 20,000 filas)")

    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({"fecha": datetime.now().isoformat(timespec="seconds"), "equipos": total, "filas": filas,
                       "tiempos_s": tiempos, "mediana_s": mediana, "razon_b1": razon, "razon_b2": razon_b2,
                       "tamanos_bytes": tamanos, "memoria": memorias, "objetivo_cumplido": cumplido},
                      archivo, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
