"""Benchmark de la salud de los equipos (/reportes/salud/) con 20,000 equipos.

    python bench/reportes_salud.py [--iteraciones 10] [--bd RUTA | --database-url URL]

Datos: una copia de bench/var/reportes.sqlite3 (la de bench/reportes_tablero.py: 20,000 equipos, 200,000
solicitudes, 100,000 órdenes) en bench/var/salud.sqlite3, migrada; se ligan 20,000 solicitudes de «Soporte técnico»
a equipos al azar (semilla fija) si aún no hay ligas. Con --database-url se usa esa base tal cual (migrada).

Medición, intercalada, N veces → mediana:
  (a) la página completa (django.test.Client como Director, sin filtros: candidatos, primera página);
  (b) línea base: un GROUP BY por dependencia de los mismos equipos sin el puntaje (COUNT y AVG de la RAM);
  (c) solo las consultas del reporte que hace la página (por dependencia, por modelo y la página de la lista).
Imprime los tiempos y las razones a/b y c/b (el costo de calcular el puntaje en la base sobre toda la tabla).
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import time

import _entorno

BD_FUENTE = _entorno.VAR_BENCH / "reportes.sqlite3"
BD_POR_OMISION = _entorno.VAR_BENCH / "salud.sqlite3"


def _cronometrar(fn):
    inicio = time.perf_counter()
    fn()
    return time.perf_counter() - inicio


def _preparar():
    from django.core.management import call_command

    from inventario.models import Equipo
    from soporte.models import Solicitud

    call_command("migrate", verbosity=0)
    Liga = Solicitud.equipos.through
    if not Liga.objects.exists():
        rng = random.Random(2026)
        equipos = list(Equipo.objects.values_list("pk", flat=True))
        solicitudes = list(Solicitud.objects.filter(servicio__clave="soporte-tecnico").values_list(
            "pk", flat=True)[:20_000])
        Liga.objects.bulk_create([Liga(solicitud_id=s, equipo_id=rng.choice(equipos)) for s in solicitudes],
                                 batch_size=5000)
    return Equipo.objects.count(), Liga.objects.count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iteraciones", type=int, default=10)
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=BD_POR_OMISION)
    opciones = parser.parse_args(argv)
    if not opciones.database_url and not opciones.bd.exists():
        if not BD_FUENTE.exists():
            raise SystemExit(f"Falta {BD_FUENTE}: córralo antes con python bench/reportes_tablero.py.")
        shutil.copyfile(BD_FUENTE, opciones.bd)
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_para_paginas(url)

    from django.db import connection
    from django.db.models import Avg, Count
    from django.test import Client
    from django.utils import timezone

    from comun.roles import DIRECTOR
    from inventario.models import Equipo
    from reportes import salud
    from tests.factories import usuario_con_rol

    equipos, ligas = _preparar()
    print(f"Base de datos: {_entorno.describir_url(url)} ({connection.vendor}); {equipos} equipos, "
          f"{ligas} ligas solicitud-equipo")
    from django.contrib.auth import get_user_model

    usuario = get_user_model().objects.filter(username="bench-salud").first() or usuario_con_rol(
        DIRECTOR, "bench-salud")
    cliente = Client()
    cliente.force_login(usuario)
    assert cliente.get("/reportes/salud/").status_code == 200

    def pagina():
        assert cliente.get("/reportes/salud/").status_code == 200

    def base():
        list(Equipo.objects.exclude(estado="baja").values("dependencia_id").annotate(
            n=Count("pk"), ram=Avg("ram_gb")).order_by())

    def reporte():
        anotada = salud.anotar(hoy=timezone.localdate())
        salud.totales_de(salud.por_dependencia(anotada))
        salud.por_modelo(anotada, limite=10)
        list(salud.lista(anotada)[:50])

    tiempos = {"pagina": [], "base": [], "reporte": []}
    for _ in range(opciones.iteraciones):
        tiempos["pagina"].append(_cronometrar(pagina))
        tiempos["base"].append(_cronometrar(base))
        tiempos["reporte"].append(_cronometrar(reporte))
    m = {k: statistics.median(v) for k, v in tiempos.items()}
    print(f"(a) página completa: mediana {m['pagina'] * 1000:.0f} ms")
    print(f"(b) línea base GROUP BY sin puntaje: mediana {m['base'] * 1000:.1f} ms")
    print(f"(c) consultas del reporte: mediana {m['reporte'] * 1000:.0f} ms")
    print(f"Razón a/b = {m['pagina'] / m['base']:.1f}; c/b = {m['reporte'] / m['base']:.1f}; "
          f"a/c = {m['pagina'] / m['reporte']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
