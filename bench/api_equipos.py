"""Benchmark de la lista de equipos de la API (/api/equipos/) contra la página (/inventario/), en la misma corrida.

    python bench/generar_datos.py        # primero: los datos (una vez; 20,000 equipos)
    python bench/api_equipos.py [--iteraciones 30] [--json resultados.json] [--database-url postgres://…]

Mismos escenarios que bench/lista_equipos.py (búsquedas con filtro de dependencia, página 1 y página 100) y la misma
consulta en las dos: la API usa el mismo FilterSet, el mismo orden y la misma paginación (50). La API se pide con
token (cabecera Authorization), la página con sesión; intercaladas y alternando cuál va primero.

Objetivo: p95 de la API ≤ p95 de la página (razón ≤ 1.0): la API no pinta HTML.
Siempre termina con código 0 si pudo medir (es un reporte); 1 si no hay datos o una respuesta no es 200.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import datetime

import _entorno

OBJETIVO_RAZON = 1.0


def preparar():
    import lista_equipos
    from django.core.management import call_command
    from django.test import Client

    from api import tokens

    call_command("migrate", verbosity=0)  # como generar_datos.py: la base al día (tabla de tokens incluida)
    usuario = lista_equipos.usuario_bench()
    pagina = Client()
    pagina.force_login(usuario)
    api = Client(HTTP_AUTHORIZATION=f"Token {tokens.generar(usuario).key}")
    return usuario, pagina, api


def medir(pagina, api, escenario, iteraciones, calentamiento):
    from lista_equipos import calentar, intercalar

    # El campo «admin» del escenario guarda aquí la URL de la API.
    pares = [(pagina, escenario.nuestra, escenario.tiempos_nuestra), (api, escenario.admin, escenario.tiempos_admin)]
    calentar(pares, calentamiento)
    intercalar(pares, iteraciones)


def contar_consultas(cliente, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(url)
    return len(capturadas), respuesta


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iteraciones", type=int, default=30, help="Mediciones por URL y escenario (30).")
    parser.add_argument("--calentamiento", type=int, default=3, help="Peticiones previas sin medir (3).")
    parser.add_argument("--json", metavar="ARCHIVO", help="Guardar los resultados en JSON.")
    _entorno.agregar_argumentos_bd(parser)
    opciones = parser.parse_args(argv)
    if opciones.iteraciones < 2:
        parser.error("--iteraciones debe ser al menos 2")

    url = _entorno.url_bd(opciones)
    _entorno.arrancar_para_paginas(url)

    import django
    import lista_equipos


    total = _entorno.contar_equipos(url)
    if not total:
        return 1
    _, pagina, api = preparar()
    dep, escenarios = lista_equipos.elegir_escenarios()
    for escenario in escenarios:
        escenario.admin = escenario.nuestra.replace("/inventario/", "/api/equipos/", 1)
        consultas_pagina, _ = contar_consultas(pagina, escenario.nuestra)
        consultas_api, respuesta = contar_consultas(api, escenario.admin)
        if respuesta.status_code != 200:
            print(f"{escenario.admin} respondió {respuesta.status_code}.")
            return 1
        escenario.resultados_admin = respuesta.json()["count"]
        escenario.consultas_nuestra = [None] * consultas_pagina
        escenario.consultas_admin = [None] * consultas_api

    print(f"SIGMA — lista de equipos: API contra la página · {datetime.now():%Y-%m-%d %H:%M}")
    print(f"Base: {_entorno.describir_url(url)} ({lista_equipos.version_motor()}) · {total:,} equipos · "
          f"Django {django.get_version()} · Python {platform.python_version()}")
    print(f"Código: commit {lista_equipos.version_codigo()}")
    print(f"Máquina: {os.cpu_count()} núcleos · carga (1/5/15 min): {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Dependencia del filtro: {dep.nombre} (pk {dep.pk}) · {opciones.iteraciones} iteraciones tras "
          f"{opciones.calentamiento} de calentamiento\n")
    inicio = time.perf_counter()
    for escenario in escenarios:
        print(f"  midiendo: {escenario.nombre}…", flush=True)
        medir(pagina, api, escenario, opciones.iteraciones, opciones.calentamiento)
    duracion = time.perf_counter() - inicio

    filas = []
    for e in escenarios:
        p95_pagina = lista_equipos.percentil(e.tiempos_nuestra, 95)
        p95_api = lista_equipos.percentil(e.tiempos_admin, 95)
        filas.append({
            "escenario": e.nombre, "url_pagina": e.nuestra, "url_api": e.admin,
            "pagina_p50_ms": round(lista_equipos.percentil(e.tiempos_nuestra, 50), 2),
            "pagina_p95_ms": round(p95_pagina, 2),
            "api_p50_ms": round(lista_equipos.percentil(e.tiempos_admin, 50), 2),
            "api_p95_ms": round(p95_api, 2),
            "razon_p95": round(p95_api / p95_pagina, 3),
            "consultas_pagina": len(e.consultas_nuestra), "consultas_api": len(e.consultas_admin),
            "filas_api": e.resultados_admin,
        })
    ancho = max(len(f["escenario"]) for f in filas)
    print(f"\n{'Escenario'.ljust(ancho)}  Página p50   p95   API p50   p95  Razón p95  Consultas  Filas")
    for f in filas:
        print(f"{f['escenario'].ljust(ancho)}  {f['pagina_p50_ms']:10.1f} {f['pagina_p95_ms']:5.1f} "
              f"{f['api_p50_ms']:9.1f} {f['api_p95_ms']:5.1f} {f['razon_p95']:10.2f} "
              f"{f['consultas_pagina']:>4} / {f['consultas_api']:<3} {f['filas_api']:>6,}")
    todas_pagina = [t for e in escenarios for t in e.tiempos_nuestra]
    todas_api = [t for e in escenarios for t in e.tiempos_admin]
    p95_pagina, p95_api = (lista_equipos.percentil(todas_pagina, 95), lista_equipos.percentil(todas_api, 95))
    razon = p95_api / p95_pagina
    veredicto = "CUMPLE" if razon <= OBJETIVO_RAZON else "NO CUMPLE"
    print(f"\nGlobal: p95 página {p95_pagina:.1f} ms · p95 API {p95_api:.1f} ms · razón {razon:.2f} "
          f"(objetivo ≤ {OBJETIVO_RAZON}) → {veredicto} · {duracion:.0f} s")
    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({"base": _entorno.describir_url(url), "motor": lista_equipos.version_motor(), "equipos": total,
                       "escenarios": filas, "p95_pagina_ms": round(p95_pagina, 2), "p95_api_ms": round(p95_api, 2),
                       "razon_p95": round(razon, 3)}, archivo, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
