"""Benchmark de la importación de Excel: leer_libro + analizar (vista previa) + aplicar (confirmación) contra
openpyxl solo (read-only) recorriendo el mismo archivo, en la misma corrida.

    python bench/importacion.py [--tamanos 2000 10000 20000] [--memoria 2000 20000] [--json resultados.json]

Preparación (una vez por corrida, ≈ 40 s): se **recrea** una base SQLite propia (bench/var/importacion.sqlite3,
nunca var/sigma.sqlite3), se migra y se cargan con inventario.demo.generar() dependencias, empleados, tipos,
marcas, modelos, ubicaciones y N equipos; se exportan los primeros 2,000 / 10,000 / 20,000 equipos (por pk) con
inventario.exportacion.escribir_xlsx (el formato canónico: lo que se exporta se importa sin cambios) y luego se
borran de la base los equipos, interfaces, movimientos, historial e importaciones. Esa base «sin equipos» se
guarda como plantilla (bench/var/importacion-plantilla.sqlite3) y cada medición parte de una copia de ella.

Tiempo (un subproceso por tamaño, sobre su copia de la plantilla, sin tracemalloc):
  (a) openpyxl solo: load_workbook(read_only=True, data_only=True) e iter_rows(values_only=True) de todas las
      filas de todas las hojas;
  (b) nuestra importación: leer_libro + analizar (vista previa) y aplicar (confirmación), todo nuevo;
  (c) solo en el tamaño de referencia (10,000): se vuelve a importar el mismo archivo (todo «sin cambios»):
      leer_libro + analizar + aplicar (que no escribe equipos).
  (a) se mide antes y después de (b) y se usa la media de las dos (comparten el ruido de la máquina).
  Razón = (b) / (a).
Memoria (otro subproceso por tamaño): pico de tracemalloc durante leer_libro + analizar + aplicar (bytes del
archivo incluidos, como en la página, que lee el archivo completo) y aumento de ru_maxrss del proceso.

Objetivo: razón ≤ 4 a 10,000 filas y memoria plana (pico a 20,000 ≤ 3× pico a 2,000). Siempre termina con 0 si
pudo medir.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import _entorno

OBJETIVO_RAZON = 4.0
OBJETIVO_MEMORIA = 3.0
TAMANO_REFERENCIA = 10_000
BD_IMPORTACION = _entorno.VAR_BENCH / "importacion.sqlite3"
PLANTILLA = _entorno.VAR_BENCH / "importacion-plantilla.sqlite3"
CARPETA_LIBROS = _entorno.VAR_BENCH / "importacion"


def _libro(n):
    return CARPETA_LIBROS / f"equipos-{n}.xlsx"


# ------------------------------------------------------------------------------------------------
# Preparación (proceso principal)
# ------------------------------------------------------------------------------------------------

def _tablas_de_equipos():
    """Tablas a vaciar para dejar la base sin equipos (hijas primero), con sus tablas de historial."""
    from inventario.models import Equipo, InterfazRed, MovimientoResguardo
    from inventario.models_importacion import Importacion, ImportacionEquipo

    tablas = []
    for modelo in (ImportacionEquipo, Importacion, MovimientoResguardo, InterfazRed, Equipo):
        historial = getattr(modelo, "history", None)
        if historial is not None:
            tablas.append(historial.model._meta.db_table)
        tablas.append(modelo._meta.db_table)
    return tablas


def preparar(maximo, empleados, tamanos):
    from django.core.management import call_command
    from django.db import connection

    from inventario.demo import generar
    from inventario.exportacion import escribir_xlsx
    from inventario.models import Equipo

    inicio = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    creados = generar(empleados=empleados, equipos=maximo, con_historial=False)
    t_generar = time.perf_counter() - inicio

    CARPETA_LIBROS.mkdir(parents=True, exist_ok=True)
    pks = list(Equipo.objects.order_by("pk").values_list("pk", flat=True))
    inicio = time.perf_counter()
    for n in tamanos:
        limite = pks[min(n, len(pks)) - 1]
        escribir_xlsx(Equipo.objects.filter(pk__lte=limite).order_by("numero_inventario"), _libro(n))
    t_exportar = time.perf_counter() - inicio

    with connection.cursor() as cursor:
        for tabla in _tablas_de_equipos():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(tabla)}")  # noqa: S608
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
    connection.close()
    shutil.copyfile(BD_IMPORTACION, PLANTILLA)
    return creados, t_generar, t_exportar


# ------------------------------------------------------------------------------------------------
# Mediciones (subprocesos)
# ------------------------------------------------------------------------------------------------

def solo_openpyxl(ruta):
    from openpyxl import load_workbook

    inicio = time.perf_counter()
    libro = load_workbook(ruta, read_only=True, data_only=True)
    filas = 0
    for ws in libro.worksheets:
        for _valores in ws.iter_rows(values_only=True):
            filas += 1
    libro.close()
    return time.perf_counter() - inicio, filas


def importar(ruta):
    """Lo mismo que la página: vista previa sin guardar planes, y confirmar = volver a leer y escribir por bloques
    en una sola pasada (importacion.importar), como aplicar_importacion."""
    from inventario.importacion import analizar, leer_libro
    from inventario.importacion import importar as importar_y_escribir

    datos = ruta.read_bytes()
    inicio = time.perf_counter()
    analisis = analizar(leer_libro(datos, ruta.name), conservar_planes=False)
    t_vista = time.perf_counter() - inicio
    conteos = analisis.conteos()
    inicio = time.perf_counter()
    importar_y_escribir(leer_libro(datos, ruta.name), None, archivo_nombre=ruta.name)
    t_aplicar = time.perf_counter() - inicio
    return t_vista, t_aplicar, conteos


def medir_tiempo_en_este_proceso(n, reimportar):
    from django.db import connection

    from inventario.models import Equipo

    ruta = _libro(n)
    Equipo.objects.count()  # conexión y caches de Django calientes
    a1, filas = solo_openpyxl(ruta)
    gc.collect()
    t_vista, t_aplicar, conteos = importar(ruta)
    gc.collect()
    a2, _ = solo_openpyxl(ruta)
    resultado = {"n": n, "filas_libro": filas, "openpyxl_s": [a1, a2], "vista_s": t_vista, "aplicar_s": t_aplicar,
                 "conteos": conteos, "equipos_en_base": Equipo.objects.count()}
    if reimportar:
        gc.collect()
        r_vista, r_aplicar, r_conteos = importar(ruta)
        resultado.update(re_vista_s=r_vista, re_aplicar_s=r_aplicar, re_conteos=r_conteos)
    connection.close()
    return resultado


def medir_memoria_en_este_proceso(n):
    import tracemalloc

    from inventario.models import Equipo

    ruta = _libro(n)
    Equipo.objects.count()
    import openpyxl  # noqa: F401
    import simple_history.utils  # noqa: F401

    import inventario.importacion  # noqa: F401  módulos importados antes de medir

    gc.collect()
    rss_antes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    _t_vista, _t_aplicar, conteos = importar(ruta)
    _actual, pico = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_despues = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"n": n, "conteos": conteos, "archivo_kib": ruta.stat().st_size / 1024,
            "pico_tracemalloc_mib": pico / 2**20, "maxrss_antes_mib": rss_antes / 1024,
            "maxrss_despues_mib": rss_despues / 1024}


def _subproceso(modo, n, opciones):
    """Copia la plantilla (base sin equipos) y corre una medición en un proceso nuevo."""
    destino = _entorno.VAR_BENCH / f"importacion-{modo}-{n}.sqlite3"
    shutil.copyfile(PLANTILLA, destino)
    orden = [sys.executable, __file__, f"--_{modo}", str(n), "--bd", str(destino)]
    if modo == "tiempo" and n == opciones.referencia:
        orden.append("--_reimportar")
    try:
        salida = subprocess.run(orden, check=True, capture_output=True, text=True).stdout  # noqa: S603
    finally:
        for sufijo in ("", "-wal", "-shm", "-journal"):
            Path(f"{destino}{sufijo}").unlink(missing_ok=True)
    return json.loads(salida.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tamanos", type=int, nargs="+", default=[2000, 10000, 20000],
                        help="Filas de los libros a cronometrar (2000 10000 20000).")
    parser.add_argument("--memoria", type=int, nargs="+", default=[2000, 20000],
                        help="Filas para el pico de memoria (2000 20000); deben estar en --tamanos.")
    parser.add_argument("--referencia", type=int, default=TAMANO_REFERENCIA,
                        help="Tamaño del objetivo de razón y de la reimportación (10000).")
    parser.add_argument("--empleados", type=int, default=3000, help="Empleados de la base (3000).")
    parser.add_argument("--json", metavar="ARCHIVO", help="Guardar los resultados en JSON.")
    parser.add_argument("--_tiempo", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_memoria", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_reimportar", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bd", type=Path, default=BD_IMPORTACION, help=argparse.SUPPRESS)
    opciones = parser.parse_args(argv)
    opciones.database_url = None

    interno = opciones._tiempo or opciones._memoria
    if not interno:
        opciones.bd = BD_IMPORTACION  # la base del benchmark se recrea: nunca otra
        BD_IMPORTACION.parent.mkdir(parents=True, exist_ok=True)
        BD_IMPORTACION.unlink(missing_ok=True)
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)

    if opciones._tiempo:
        print(json.dumps(medir_tiempo_en_este_proceso(opciones._tiempo, opciones._reimportar)))
        return 0
    if opciones._memoria:
        print(json.dumps(medir_memoria_en_este_proceso(opciones._memoria)))
        return 0

    import django
    import openpyxl

    tamanos = sorted(set(opciones.tamanos) | set(opciones.memoria) | {opciones.referencia})
    carga_inicio = os.getloadavg()
    print(f"SIGMA — importación de Excel · {datetime.now():%Y-%m-%d %H:%M}")
    print(f"Base: {_entorno.describir_url(url)} (recreada) · Django {django.get_version()} · "
          f"openpyxl {openpyxl.__version__} · Python {platform.python_version()} · {os.cpu_count()} núcleos · "
          f"carga {' / '.join(f'{x:.2f}' for x in carga_inicio)}")
    creados, t_generar, t_exportar = preparar(max(tamanos), opciones.empleados, tamanos)
    print(f"Preparación: generar() {t_generar:.1f} s ({creados['empleados']:,} empleados, "
          f"{creados['dependencias']} dependencias, {creados['equipos']:,} equipos, "
          f"{creados['interfaces']:,} interfaces); exportar {len(tamanos)} libros {t_exportar:.1f} s; "
          "equipos borrados → plantilla sin equipos.")
    print()

    tiempos = [_subproceso("tiempo", n, opciones) for n in tamanos]
    print("Tiempo (un subproceso por tamaño, base sin equipos; segundos):")
    print(f"| {'Filas':>7} | {'openpyxl solo':>13} | {'Vista previa':>12} | {'Confirmar':>9} | "
          f"{'Importación':>11} | {'Razón':>5} | {'Nuevos':>7} | {'Rechazados':>10} | {'Filas/s':>7} |")
    print(f"|{'-' * 8}:|{'-' * 14}:|{'-' * 13}:|{'-' * 10}:|{'-' * 12}:|{'-' * 6}:|{'-' * 8}:|{'-' * 11}:|"
          f"{'-' * 8}:|")
    razon_ref = None
    for t in tiempos:
        a = sum(t["openpyxl_s"]) / 2
        b = t["vista_s"] + t["aplicar_s"]
        t["razon"] = b / a
        if t["n"] == opciones.referencia:
            razon_ref = t["razon"]
        print(f"| {t['n']:>7,} | {a:>13.2f} | {t['vista_s']:>12.2f} | {t['aplicar_s']:>9.2f} | {b:>11.2f} | "
              f"{t['razon']:>5.2f} | {t['conteos']['nuevos']:>7,} | {t['conteos']['rechazados']:>10,} | "
              f"{t['n'] / b:>7,.0f} |")
    ref = next(t for t in tiempos if t["n"] == opciones.referencia)
    re_total = ref["re_vista_s"] + ref["re_aplicar_s"]
    print(f"\nReimportación del mismo libro de {ref['n']:,} filas (todo sin cambios: "
          f"{ref['re_conteos']['sin_cambios']:,} sin cambios, {ref['re_conteos']['nuevos']} nuevos, "
          f"{ref['re_conteos']['cambiados']} cambiados): vista previa {ref['re_vista_s']:.2f} s + confirmar "
          f"{ref['re_aplicar_s']:.2f} s = {re_total:.2f} s (razón {re_total / (sum(ref['openpyxl_s']) / 2):.2f}).")

    print("\nMemoria (un subproceso por tamaño; leer_libro + analizar + aplicar bajo tracemalloc):")
    print(f"| {'Filas':>7} | {'Archivo KiB':>11} | {'Pico tracemalloc MiB':>20} | {'maxrss antes MiB':>16} | "
          f"{'maxrss después MiB':>18} | {'Δ maxrss MiB':>12} |")
    print(f"|{'-' * 8}:|{'-' * 12}:|{'-' * 21}:|{'-' * 17}:|{'-' * 19}:|{'-' * 13}:|")
    memorias = [_subproceso("memoria", n, opciones) for n in sorted(opciones.memoria)]
    for m in memorias:
        delta = m["maxrss_despues_mib"] - m["maxrss_antes_mib"]
        print(f"| {m['n']:>7,} | {m['archivo_kib']:>11,.0f} | {m['pico_tracemalloc_mib']:>20.1f} | "
              f"{m['maxrss_antes_mib']:>16.1f} | {m['maxrss_despues_mib']:>18.1f} | {delta:>12.1f} |")
    crecimiento = memorias[-1]["pico_tracemalloc_mib"] / memorias[0]["pico_tracemalloc_mib"]
    por_fila = ((memorias[-1]["pico_tracemalloc_mib"] - memorias[0]["pico_tracemalloc_mib"]) * 2**10
                / max(1, memorias[-1]["n"] - memorias[0]["n"]))
    print(f"\nPico tracemalloc {memorias[-1]['n']:,} / {memorias[0]['n']:,} filas = {crecimiento:.2f}× "
          f"(≈ {por_fila:.1f} KiB por fila adicional)")
    carga_fin = os.getloadavg()
    print(f"Carga de la máquina al terminar: {' / '.join(f'{x:.2f}' for x in carga_fin)}")

    cumple_razon = razon_ref is not None and razon_ref <= OBJETIVO_RAZON
    cumple_memoria = crecimiento <= OBJETIVO_MEMORIA
    print(f"Razón a {opciones.referencia:,} filas: {razon_ref:.2f} ({'cumple' if cumple_razon else 'NO cumple'} "
          f"≤ {OBJETIVO_RAZON:g}); memoria: {crecimiento:.2f}× ({'cumple' if cumple_memoria else 'NO cumple'} "
          f"≤ {OBJETIVO_MEMORIA:g}×)")
    cumplido = cumple_razon and cumple_memoria
    print(("OBJETIVO CUMPLIDO" if cumplido else "OBJETIVO NO CUMPLIDO")
          + f" (razón ≤ {OBJETIVO_RAZON:g} a {opciones.referencia:,} filas y pico de memoria a "
            f"{memorias[-1]['n']:,} ≤ {OBJETIVO_MEMORIA:g}× el de {memorias[0]['n']:,})")

    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({"fecha": datetime.now().isoformat(timespec="seconds"), "carga_inicio": carga_inicio,
                       "carga_fin": carga_fin, "preparacion": {"creados": creados, "generar_s": t_generar,
                                                               "exportar_s": t_exportar},
                       "tiempos": tiempos, "memoria": memorias, "razon_referencia": razon_ref,
                       "crecimiento_memoria": crecimiento, "objetivo_cumplido": cumplido},
                      archivo, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
