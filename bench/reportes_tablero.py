"""Benchmark del tablero del Director (/reportes/): tiempo de la página contra la suma de sus propias consultas de
agregación corridas solas, en la misma corrida y sobre los mismos datos.

    python bench/reportes_tablero.py [--iteraciones 30] [--bd RUTA | --database-url URL] [--json ARCHIVO]

Datos (se crean una vez y se reutilizan; en SQLite en bench/var/reportes.sqlite3): 20,000 equipos, 200,000
solicitudes con bitácora de estados, metas e incumplimientos (el generador de bench/soporte_datos.py; en SQLite se
parte de una copia de bench/var/soporte.sqlite3 si existe), quejas (~25 % de los incumplimientos, la mayoría
respondidas), encuestas (~40 % de las resueltas) y 100,000 órdenes de mantenimiento (3 planes, cinco por equipo
en dos años; la última de cada equipo abierta). Todo con bulk_create.

Medición: django.test.Client como un usuario del grupo Director (no superusuario), DEBUG=0, periodo de un año
completo (los 365 días hasta hoy) y la dependencia con más solicitudes.
  (a) la vista: N peticiones cronometradas tras un calentamiento → p50 y p95;
  (b) sus consultas de agregación: las que hace ``reportes.selectors.tablero`` dentro de la petición, capturadas
      (SQL + parámetros) en una petición aparte con CaptureQueriesContext y un execute_wrapper, y vueltas a correr
      solas con cursor.execute + fetchall; la suma de sus tiempos, N veces → mediana.
Se intercalan a y b. Razón = p50(a) ÷ mediana(b). Objetivo: razón ≤ 2. Sale con 0 si pudo medir.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import shutil
import statistics
import sys
import time

import _entorno

OBJETIVO = 2.0
BD_POR_OMISION = _entorno.VAR_BENCH / "reportes.sqlite3"
BD_SOPORTE = _entorno.VAR_BENCH / "soporte.sqlite3"
ORDENES_POR_EQUIPO = 5


def _percentil(valores, p):
    orden = sorted(valores)
    k = (len(orden) - 1) * p / 100
    i = int(k)
    return orden[i] if i + 1 >= len(orden) else orden[i] + (orden[i + 1] - orden[i]) * (k - i)


def _quejas_y_encuestas(semilla, stdout):
    from django.db import transaction

    from soporte.models import Encuesta, Incumplimiento, Queja, Solicitud

    rng = random.Random(semilla + 1)
    creadas = {}
    if not Queja.objects.exists():
        quejas = []
        incumplimientos = Incumplimiento.objects.order_by("pk").values_list("pk", "solicitud_id", "compromiso",
                                                                            "vencio_en")
        for pk, solicitud_id, compromiso, vencio_en in incumplimientos.iterator(chunk_size=5_000):
            if rng.randrange(100) >= 25:
                continue
            creada = vencio_en + dt.timedelta(hours=rng.randint(1, 72))
            respondida = rng.randrange(100) < 85
            quejas.append(Queja(
                folio=f"QB-{len(quejas) + 1:07d}", solicitud_id=solicitud_id, compromiso=compromiso,
                incumplimiento_id=pk, descripcion="No se cumplió el compromiso.", presentada_por="Solicitante",
                estado="cerrada" if respondida else "recibida", creada=creada,
                respuesta="Se atendió la queja." if respondida else "",
                respondida_en=creada + dt.timedelta(days=rng.randint(1, 10)) if respondida else None))
        with transaction.atomic():
            Queja.objects.bulk_create(quejas, batch_size=2_000)
        creadas["quejas"] = len(quejas)
    if not Encuesta.objects.exists():
        encuestas = []
        resueltas = Solicitud.objects.filter(resuelta_en__isnull=False).order_by("pk").values_list("pk", "resuelta_en")
        for pk, resuelta_en in resueltas.iterator(chunk_size=5_000):
            if rng.randrange(100) >= 40:
                continue
            encuestas.append(Encuesta(solicitud_id=pk, calificacion=rng.choices((1, 2, 3, 4, 5), (3, 4, 10, 33, 50))[0],
                                      medio="enlace", creada=resuelta_en,
                                      respondida_en=resuelta_en + dt.timedelta(hours=rng.randint(1, 96))))
        with transaction.atomic():
            Encuesta.objects.bulk_create(encuestas, batch_size=2_000)
        creadas["encuestas"] = len(encuestas)
    for clave, n in creadas.items():
        stdout(f"  {clave:<18} {n:>9,}")


def _ordenes(total, semilla, stdout):
    """``total`` órdenes: 3 planes (por tipo de equipo); cada equipo, órdenes cada ~4 meses en dos años."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from comun.calendario import Calendario
    from inventario.models import Equipo, TipoEquipo
    from mantenimiento.models import OrdenMantenimiento, PlanMantenimiento, PlantillaChecklist

    if OrdenMantenimiento.objects.exists():
        return
    rng = random.Random(semilla + 2)
    calendario = Calendario.cargar()
    hoy = timezone.localdate()
    inicio_rejilla = hoy - dt.timedelta(days=730)
    plantilla = PlantillaChecklist.objects.order_by("pk").first()
    tecnicos = list(get_user_model().objects.filter(username__startswith="bench-tecnico-").values_list("pk",
                                                                                                        flat=True))
    computo = {"PC de escritorio", "Laptop", "Servidor"}
    tipos = list(TipoEquipo.objects.all())
    planes = {}
    for nombre, filtro in (("Bench cómputo", lambda t: t.nombre in computo),
                           ("Bench impresión", lambda t: t.nombre in {"Impresora", "Multifuncional"}),
                           ("Bench red y otros", lambda t: t.nombre not in computo | {"Impresora", "Multifuncional"})):
        plan = PlanMantenimiento.objects.create(nombre=nombre, plantilla=plantilla, intervalo=4, unidad="meses",
                                                fecha_inicio=inicio_rejilla, dias_anticipacion=7)
        elegidos = [t for t in tipos if filtro(t)]
        plan.tipos.set(elegidos)
        for t in elegidos:
            planes[t.pk] = plan
    equipos = list(Equipo.objects.order_by("pk").values_list("pk", "tipo_id"))
    por_equipo = max(1, -(-total // len(equipos)))
    ordenes = []
    for pk, tipo_id in equipos:
        plan = planes.get(tipo_id) or next(iter(planes.values()))
        desfase = rng.randrange(120)
        for k in range(por_equipo):
            if len(ordenes) >= total:
                break
            limite = calendario.dia_habil_siguiente(inicio_rejilla + dt.timedelta(days=desfase + 146 * k))
            abierta = k == por_equipo - 1 or limite > hoy
            retraso = rng.choice((-3, -1, 0, 0, 1, 2, 5, 20))
            cierre = None if abierta else min(hoy, limite + dt.timedelta(days=retraso))
            estado = "programada" if abierta else rng.choices(("completada", "no_realizada", "cancelada"),
                                                              (90, 7, 3))[0]
            ordenes.append(OrdenMantenimiento(
                plan=plan, equipo_id=pk, plantilla=plantilla, fecha_programada=limite, fecha_limite=limite,
                ventana_hasta=calendario.sumar_dias_habiles(limite, 5), fecha_generacion=limite - dt.timedelta(days=7),
                estado=estado, tecnico_id=rng.choice(tecnicos) if tecnicos else None, fecha_cierre=cierre,
                minutos=rng.randint(15, 90) if estado == "completada" else None))
            if abierta:
                break
    with transaction.atomic():
        OrdenMantenimiento.objects.bulk_create(ordenes, batch_size=2_000)
    stdout(f"  {'órdenes':<18} {len(ordenes):>9,}")


def preparar(opciones, stdout=print):
    import soporte_datos
    from django.core.management import call_command
    from django.db import connection

    from mantenimiento.models import OrdenMantenimiento
    from soporte.models import Solicitud

    inicio = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    soporte_datos.generar(opciones.solicitudes, opciones.equipos, 300, opciones.semilla, stdout=stdout)
    _quejas_y_encuestas(opciones.semilla, stdout)
    _ordenes(opciones.ordenes, opciones.semilla, stdout)
    if (time.perf_counter() - inicio) > 5:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        stdout(f"Datos listos en {time.perf_counter() - inicio:.1f} s (ANALYZE hecho)")
    return Solicitud.objects.count(), OrdenMantenimiento.objects.count()


def _director():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comun.roles import DIRECTOR

    usuario, creado = get_user_model().objects.get_or_create(username="bench-director",
                                                             defaults={"first_name": "Director"})
    if creado:
        usuario.set_unusable_password()
        usuario.save()
        usuario.groups.add(Group.objects.get(name=DIRECTOR))
    return usuario


def _capturar(cliente, url):
    """(consultas de la petición, [(sql, params)] de reportes.selectors.tablero)."""
    import importlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reportes import selectors

    vista = importlib.import_module("reportes.views.tablero")  # el módulo (el paquete reexporta la función)

    registro, dentro = [], [False]

    def espia(execute, sql, params, many, context):
        if dentro[0]:
            registro.append((sql, params))
        return execute(sql, params, many, context)

    original = selectors.tablero

    def envuelta(*args, **kwargs):
        dentro[0] = True
        try:
            return original(*args, **kwargs)
        finally:
            dentro[0] = False

    vista.selectors.tablero = envuelta
    try:
        with CaptureQueriesContext(connection) as capturadas, connection.execute_wrapper(espia):
            respuesta = cliente.get(url)
    finally:
        vista.selectors.tablero = original
    assert respuesta.status_code == 200, respuesta.status_code
    return capturadas.captured_queries, registro


def _correr_solas(consultas):
    from django.db import connection

    total = 0.0
    detalle = []
    with connection.cursor() as cursor:
        for sql, params in consultas:
            inicio = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            t = time.perf_counter() - inicio
            total += t
            detalle.append(t)
    return total, detalle


def medir(opciones):
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from soporte.models import Solicitud

    hoy = timezone.localdate()
    desde = opciones.desde or hoy - dt.timedelta(days=364)
    hasta = opciones.hasta or hoy
    dependencia = opciones.dependencia or (Solicitud.objects.filter(recibida__date__gte=desde).values(
        "dependencia_id").annotate(n=Count("pk")).order_by("-n", "dependencia_id")[0]["dependencia_id"])
    url = f"/reportes/?desde={desde}&hasta={hasta}&dependencia={dependencia}"
    if opciones.todas:
        url = f"/reportes/?desde={desde}&hasta={hasta}"
    cliente = Client()
    cliente.force_login(_director())
    for _ in range(opciones.calentamiento):
        assert cliente.get(url).status_code == 200
    consultas_peticion, agregaciones = _capturar(cliente, url)
    for _ in range(2):
        _correr_solas(agregaciones)
    vista, solas, detalles = [], [], []
    for i in range(opciones.iteraciones):
        orden = (0, 1) if i % 2 == 0 else (1, 0)
        for cual in orden:
            if cual == 0:
                inicio = time.perf_counter()
                respuesta = cliente.get(url)
                vista.append(time.perf_counter() - inicio)
                assert respuesta.status_code == 200
            else:
                total, detalle = _correr_solas(agregaciones)
                solas.append(total)
                detalles.append(detalle)
    por_consulta = [statistics.median(d[j] for d in detalles) for j in range(len(agregaciones))]
    return {
        "url": url, "consultas_peticion": len(consultas_peticion), "consultas_agregacion": len(agregaciones),
        "vista_p50_ms": 1000 * statistics.median(vista), "vista_p95_ms": 1000 * _percentil(vista, 95),
        "solas_mediana_ms": 1000 * statistics.median(solas), "solas_p95_ms": 1000 * _percentil(solas, 95),
        "razon": statistics.median(vista) / statistics.median(solas),
        "por_consulta_ms": [(round(1000 * t, 2), sql[:110]) for t, (sql, _) in
                            sorted(zip(por_consulta, agregaciones, strict=True), key=lambda x: -x[0])],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iteraciones", type=int, default=30)
    parser.add_argument("--calentamiento", type=int, default=3)
    parser.add_argument("--solicitudes", type=int, default=200_000)
    parser.add_argument("--equipos", type=int, default=20_000)
    parser.add_argument("--ordenes", type=int, default=100_000)
    parser.add_argument("--semilla", type=int, default=2026)
    parser.add_argument("--desde", type=dt.date.fromisoformat, help="AAAA-MM-DD (por omisión hoy − 364 días)")
    parser.add_argument("--hasta", type=dt.date.fromisoformat, help="AAAA-MM-DD (por omisión hoy)")
    parser.add_argument("--dependencia", type=int, help="pk (por omisión la de más solicitudes)")
    parser.add_argument("--todas", action="store_true", help="Todas las dependencias en lugar de una.")
    parser.add_argument("--consultas", action="store_true", help="Imprimir el tiempo de cada consulta de agregación.")
    parser.add_argument("--json", metavar="ARCHIVO")
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=BD_POR_OMISION)
    opciones = parser.parse_args(argv)
    if opciones.iteraciones < 1:
        parser.error("--iteraciones debe ser 1 o mayor")

    url = _entorno.url_bd(opciones)
    destino = opciones.bd.expanduser().resolve()
    if not opciones.database_url and not destino.exists() and BD_SOPORTE.exists():
        shutil.copyfile(BD_SOPORTE, destino)  # parte de la base de la mesa de servicio (ahorra el generador)
        print(f"Copia de {BD_SOPORTE.name} como punto de partida")
    _entorno.arrancar_para_paginas(url)
    from django.db import connection

    print(f"Base de datos: {_entorno.describir_url(url)} ({connection.vendor})")
    solicitudes, ordenes = preparar(opciones)
    if not solicitudes:
        print("Sin datos.")
        return 1
    print(f"Datos: {solicitudes:,} solicitudes, {ordenes:,} órdenes")
    r = medir(opciones)
    print(f"Página: {r['url']}")
    print(f"Consultas de la petición: {r['consultas_peticion']} (de agregación, en selectors.tablero: "
          f"{r['consultas_agregacion']})")
    print(f"Vista:  p50 {r['vista_p50_ms']:.1f} ms · p95 {r['vista_p95_ms']:.1f} ms  ({opciones.iteraciones} veces)")
    print(f"Consultas solas: mediana {r['solas_mediana_ms']:.1f} ms · p95 {r['solas_p95_ms']:.1f} ms")
    print(f"Razón vista ÷ consultas solas: {r['razon']:.2f} (objetivo ≤ {OBJETIVO})"
          f" {'✔' if r['razon'] <= OBJETIVO else '✘'}")
    if opciones.consultas:
        for t, sql in r["por_consulta_ms"]:
            print(f"  {t:>9.2f} ms  {sql}")
    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({**r, "vendor": connection.vendor, "python": platform.python_version()}, archivo, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
