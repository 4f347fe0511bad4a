"""Benchmark del generador de órdenes preventivas: services.generar_ordenes contra un bulk_create puro de las mismas
filas, en la misma corrida y sobre los mismos datos.

    python bench/generar_datos.py --bd bench/var/mantenimiento.sqlite3     # una vez: 20,000 equipos
    python bench/mantenimiento_generacion.py [--bd RUTA | --database-url URL] [--repeticiones 3]
                                             [--tamanos 5000 20000] [--json ARCHIVO]

Escenario: 3 planes que cubren todo el inventario vigente (cómputo fijo mensual; impresión flotante bimestral;
red y lo demás fijo semestral, con filtro por tipo), que empiezan hoy con 7 días de anticipación: cada equipo del
alcance recibe una orden. La mitad de los equipos ya tiene una orden completada (historia), para que las
subconsultas de «última orden cerrada» trabajen.

  (a) generar_ordenes(hoy): alcance + bajas (UPDATE), candidatos con subconsultas, cálculo de fechas y
      bulk_create(ignore_conflicts=True) por lotes.
  (b) bulk_create puro de las mismas filas: los valores de cada fila se calculan FUERA del cronómetro; dentro solo
      se construyen las instancias y se insertan con el mismo tamaño de lote.
Cada medición corre dentro de una transacción que se deshace: la base queda igual. Se intercalan a, b, b, a…
y se reporta la mediana. Razón = a / b. Consultas: totales y sin contar los INSERT (esas deben ser constantes
al crecer el número de equipos; los INSERT por lotes son los mismos en a y en b).

Objetivo: razón ≤ 3 y consultas (sin INSERT) iguales con 5,000 y con 20,000 equipos. Sale con 0 si pudo medir.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time

import _entorno

OBJETIVO = 3.0
BD_POR_OMISION = _entorno.VAR_BENCH / "mantenimiento.sqlite3"


class _Deshacer(Exception):
    pass


def _preparar(n):
    """Dentro de la transacción: deja n equipos activos (el resto de baja), crea los 3 planes y la historia."""
    import datetime as dt

    from django.utils import timezone

    from inventario.models import Equipo, TipoEquipo
    from mantenimiento.models import OrdenMantenimiento, PlanMantenimiento, PlantillaChecklist

    hoy = timezone.localdate()
    corte = Equipo.objects.order_by("pk").values_list("pk", flat=True)[n - 1]
    Equipo.objects.filter(pk__lte=corte).update(estado="activo")
    Equipo.objects.filter(pk__gt=corte).update(estado="baja")
    plantilla = PlantillaChecklist.objects.first()
    tipos = {t.nombre: t for t in TipoEquipo.objects.all()}
    computo = ["PC de escritorio", "Laptop", "Servidor"]
    impresion = ["Impresora", "Multifuncional"]
    planes = [
        ("Bench cómputo", "fijo", 1, "meses", computo),
        ("Bench impresión", "flotante", 2, "meses", impresion),
        ("Bench red y otros", "fijo", 6, "meses", [t for t in tipos if t not in computo + impresion]),
    ]
    creados = []
    for nombre, modo, intervalo, unidad, nombres_tipos in planes:
        plan = PlanMantenimiento.objects.create(nombre=nombre, plantilla=plantilla, modo=modo, intervalo=intervalo,
                                                unidad=unidad, fecha_inicio=hoy,
                                                dias_anticipacion=7)
        plan.tipos.set([tipos[t] for t in nombres_tipos])
        creados.append(plan)
    # Historia: la mitad de los equipos tiene una orden completada hace 2 meses.
    hace = hoy - dt.timedelta(days=61)
    historia = []
    for plan in creados:
        ids = list(plan.equipos_en_alcance().values_list("pk", flat=True)[::2])
        historia += [OrdenMantenimiento(plan=plan, equipo_id=i, plantilla=plantilla, fecha_programada=hace,
                                        fecha_limite=hace, ventana_hasta=hace + dt.timedelta(days=3),
                                        fecha_generacion=hace, estado="completada", fecha_cierre=hace)
                     for i in ids]
    OrdenMantenimiento.objects.bulk_create(historia, batch_size=2000)
    # Estadísticas al día, como las dejaría autovacuum tras una carga masiva (sin ellas PostgreSQL planea las
    # consultas como si las tablas recién llenadas en esta transacción estuvieran vacías).
    from django.db import connection

    with connection.cursor() as cursor:
        for modelo in (Equipo, OrdenMantenimiento):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(modelo._meta.db_table)}")  # noqa: S608
    return hoy, creados


def _medir(n, modo):
    """Una medición de (a) o (b) con n equipos: (segundos, consultas, consultas sin INSERT, filas)."""
    from django.db import connection, transaction

    from comun.calendario import Calendario
    from mantenimiento import services
    from mantenimiento.models import OrdenMantenimiento

    resultado = {}
    try:
        with transaction.atomic():
            hoy, planes = _preparar(n)
            if modo == "b":
                calendario = Calendario.cargar()
                campos = [f.attname for f in OrdenMantenimiento._meta.concrete_fields if f.attname != "id"]
                valores = [{c: getattr(o, c) for c in campos}
                           for p in planes for o in services.ordenes_por_crear(p, calendario, hoy, hoy)]
            sentencias = []

            def contar(ejecutar, sql, params, many, context):
                sentencias.append(sql.lstrip()[:6].upper())
                return ejecutar(sql, params, many, context)

            with connection.execute_wrapper(contar):
                inicio = time.perf_counter()
                if modo == "a":
                    creadas = services.generar_ordenes(hoy=hoy, planes=planes)["creadas"]
                else:
                    filas = [OrdenMantenimiento(**v) for v in valores]
                    OrdenMantenimiento.objects.bulk_create(filas, batch_size=services.LOTE)
                    creadas = len(filas)
                segundos = time.perf_counter() - inicio
            sin_insert = sum(1 for s in sentencias if s != "INSERT")
            resultado = {"segundos": segundos, "consultas": len(sentencias), "sin_insert": sin_insert,
                         "filas": creadas}
            raise _Deshacer
    except _Deshacer:
        pass
    return resultado


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    parser.add_argument("--tamanos", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--json", help="Guardar los resultados en este archivo.")
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=BD_POR_OMISION)
    opciones = parser.parse_args(argv)
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)  # las consultas se cuentan con connection.execute_wrapper

    from django.core.management import call_command
    from django.db import connection

    from inventario.models import Equipo

    call_command("migrate", interactive=False, verbosity=0)
    vigentes = Equipo.objects.count()
    print(f"Base de datos: {_entorno.describir_url(url)} ({connection.vendor}); {vigentes:,} equipos")
    if vigentes < max(opciones.tamanos):
        print(f"Faltan equipos: corra primero bench/generar_datos.py con --equipos {max(opciones.tamanos)} "
              "sobre la misma base.")
        return 1
    filas_json = []
    print(f"{'equipos':>8}  {'generar (s)':>11}  {'bulk_create (s)':>15}  {'razón':>6}  "
          f"{'consultas a/b':>13}  {'sin INSERT a/b':>14}  {'órdenes':>8}")
    for n in opciones.tamanos:
        medidas = {"a": [], "b": []}
        for i in range(opciones.repeticiones):
            for modo in (("a", "b") if i % 2 == 0 else ("b", "a")):
                medidas[modo].append(_medir(n, modo))
        a = statistics.median(m["segundos"] for m in medidas["a"])
        b = statistics.median(m["segundos"] for m in medidas["b"])
        ma, mb = medidas["a"][0], medidas["b"][0]
        assert ma["filas"] == mb["filas"], (ma, mb)
        fila = {"equipos": n, "generar_s": round(a, 3), "bulk_create_s": round(b, 3), "razon": round(a / b, 2),
                "consultas_a": ma["consultas"], "consultas_b": mb["consultas"], "sin_insert_a": ma["sin_insert"],
                "sin_insert_b": mb["sin_insert"], "ordenes": ma["filas"]}
        filas_json.append(fila)
        print(f"{n:>8,}  {a:>11.3f}  {b:>15.3f}  {a / b:>6.2f}  {ma['consultas']:>6} / {mb['consultas']:<4}  "
              f"{ma['sin_insert']:>7} / {mb['sin_insert']:<4}  {ma['filas']:>8,}")
    constantes = len({f["sin_insert_a"] for f in filas_json}) == 1
    peor = max(f["razon"] for f in filas_json)
    print(f"Razón máxima {peor:.2f} (objetivo ≤ {OBJETIVO}); consultas sin INSERT "
          f"{'constantes' if constantes else 'NO constantes'} al crecer el inventario.")
    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({"bd": connection.vendor, "python": platform.python_version(), "filas": filas_json}, archivo,
                      indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
