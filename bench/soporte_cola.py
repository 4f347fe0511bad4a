"""Benchmark de la cola de la mesa de servicio (/soporte/) contra el changelist del admin, en la misma corrida.

    python bench/soporte_datos.py        # primero: 200,000 solicitudes (una vez)
    python bench/soporte_cola.py [--iteraciones 30] [--json resultados.json] [--consultas] [--explicar]

Cada escenario es un filtro de la cola (estado, servicio) con los relojes de nivel de servicio de las 50 filas
de la página, y el mismo filtro en /admin/soporte/solicitud/. Peticiones con django.test.Client en el mismo
proceso (pila completa de Django, sin red), intercaladas y alternando cuál va primero; el mismo usuario
(Administrador + staff) pide las dos páginas.

Además muestra que los relojes de una página no cuestan una consulta por fila: cuenta las consultas de la
cola con páginas de 50 y de 25 filas (deben ser las mismas) y cuántos relojes se calcularon.

Objetivo: p95 de la cola ≤ p95 del admin (razón ≤ 1.0) y consultas constantes en el tamaño de la página.
Termina con 0 si pudo medir (es un reporte); 1 si no hay datos o una página no responde 200.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime

import _entorno
import lista_equipos as base  # mismas utilidades de medición que el benchmark de la lista de equipos
import soporte_datos

OBJETIVO_RAZON = 1.0
COLA, ADMIN = "/soporte/", "/admin/soporte/solicitud/"


def elegir_escenarios():
    from django.db.models import Count

    from soporte.choices import ABIERTOS
    from soporte.models import Solicitud

    servicio = (Solicitud.objects.filter(estado="en_proceso").values("servicio").annotate(n=Count("pk"))
                .order_by("-n").values_list("servicio", flat=True).first())
    abiertos = ",".join(sorted(ABIERTOS))
    profundo = max(1, min(100, Solicitud.objects.filter(estado="cerrada").count() // 100))
    u = base._url
    return [
        base.Escenario("asignadas, por vencimiento",
                       u(COLA, vista="todas", estado="asignada", orden="vence"), u(ADMIN, estado__exact="asignada")),
        base.Escenario("abiertas, por vencimiento",
                       u(COLA, vista="todas", estado="abiertas", orden="vence"), u(ADMIN, estado__in=abiertos)),
        base.Escenario("en proceso de un servicio",
                       u(COLA, vista="todas", estado="en_proceso", servicio=servicio),
                       u(ADMIN, estado__exact="en_proceso", servicio__id__exact=servicio)),
        base.Escenario("en espera, por prioridad", u(COLA, vista="todas", estado="en_espera", orden="prioridad"),
                       u(ADMIN, estado__exact="en_espera")),
        base.Escenario("todas, página 1", u(COLA, vista="todas"), ADMIN),
        # La misma profundidad: la cola da 50 filas por página y el admin 100.
        base.Escenario(f"cerradas, fila {100 * profundo:,}",
                       u(COLA, vista="todas", estado="cerrada", pagina=2 * profundo),
                       u(ADMIN, estado__exact="cerrada", p=profundo)),
    ]


def contar_resultados(escenario, usuario):
    from urllib.parse import urlsplit

    from django.contrib import admin
    from django.http import QueryDict
    from django.test import RequestFactory

    from soporte.filters import SolicitudFilter, aplicar_vista
    from soporte.models import Solicitud

    datos = QueryDict(urlsplit(escenario.nuestra).query)
    consulta = aplicar_vista(Solicitud.objects.all(), datos.get("vista", "todas"), usuario)
    escenario.resultados_nuestra = SolicitudFilter(datos, queryset=consulta).qs.count()
    peticion = RequestFactory().get(escenario.admin)
    peticion.user = usuario
    escenario.resultados_admin = admin.site.get_model_admin(Solicitud).get_changelist_instance(peticion).result_count


def relojes_por_pagina(cliente, url, por_pagina):
    """(consultas, filas, relojes calculados) de la cola con ``por_pagina`` filas por página."""
    from soporte import sla, views

    llamadas = []
    original_relojes, original_pagina = sla.relojes, views.POR_PAGINA

    def contar(solicitud, *args, **kwargs):
        resultado = original_relojes(solicitud, *args, **kwargs)
        llamadas.append(len(resultado))
        return resultado

    sla.relojes, views.POR_PAGINA = contar, por_pagina
    try:
        consultas = base.capturar_consultas(cliente, url)
    finally:
        sla.relojes, views.POR_PAGINA = original_relojes, original_pagina
    return len(consultas), len(llamadas), sum(llamadas)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iteraciones", "--repeticiones", type=int, default=30,
                        help="Mediciones por página y escenario (30).")
    parser.add_argument("--calentamiento", type=int, default=3, help="Peticiones previas sin medir (3).")
    parser.add_argument("--json", metavar="ARCHIVO", help="Guardar los resultados en JSON.")
    parser.add_argument("--consultas", action="store_true", help="Imprimir el SQL y el tiempo de cada consulta.")
    parser.add_argument("--explicar", action="store_true",
                        help="Imprimir el plan de la consulta más lenta de cada página.")
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=soporte_datos.BD_SOPORTE)
    opciones = parser.parse_args(argv)
    if opciones.iteraciones < 2:
        parser.error("--iteraciones debe ser al menos 2")

    url = _entorno.url_bd(opciones)
    _entorno.arrancar_para_paginas(url)

    from django.test import Client

    from soporte.choices import ABIERTOS
    from soporte.models import Solicitud

    total = Solicitud.objects.count()
    if not total:
        print(f"No hay solicitudes en {_entorno.describir_url(url)}. Corra primero: python bench/soporte_datos.py")
        return 1

    usuario = base.usuario_bench()
    cliente = Client()
    cliente.force_login(usuario)
    for pagina in (COLA, ADMIN):
        respuesta = cliente.get(pagina)
        if respuesta.status_code != 200:
            print(f"{pagina} respondió {respuesta.status_code} al usuario Administrador+staff.")
            return 1

    escenarios = elegir_escenarios()
    for escenario in escenarios:
        contar_resultados(escenario, usuario)

    import django

    abiertas = Solicitud.objects.filter(estado__in=ABIERTOS).count()
    print(f"SIGMA — cola de la mesa de servicio contra el admin de Django · {datetime.now():%Y-%m-%d %H:%M}")
    print(f"Base: {_entorno.describir_url(url)} ({base.version_motor()}) · {total:,} solicitudes "
          f"({abiertas:,} abiertas) · Django {django.get_version()} · Python {platform.python_version()}")
    codigo = base.version_codigo()
    print(f"Código: commit {codigo}")
    print(f"Máquina: {os.cpu_count()} núcleos · carga (1/5/15 min) al empezar: "
          f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{opciones.iteraciones} iteraciones por página tras {opciones.calentamiento} de calentamiento")
    print()

    # Consultas constantes: la misma página con 50 y con 25 filas.
    abiertas_url = escenarios[1].nuestra
    constancia = {n: relojes_por_pagina(cliente, abiertas_url, n) for n in (50, 25)}
    for n, (consultas, filas, relojes) in constancia.items():
        print(f"Cola «abiertas» con {n} filas por página: {consultas} consultas, {filas} filas con relojes, "
              f"{relojes} relojes calculados")
    constante = len({c for c, _, _ in constancia.values()}) == 1
    print("Consultas constantes en el tamaño de la página: " + ("sí" if constante else "NO"))
    print()

    inicio = time.perf_counter()
    for escenario in escenarios:
        print(f"  midiendo: {escenario.nombre}…", flush=True)
        base.medir(cliente, escenario, opciones.iteraciones, opciones.calentamiento)
    duracion = time.perf_counter() - inicio
    print()

    filas = [base.resumen(e) for e in escenarios]
    base.imprimir_tabla(filas)

    p95_nuestra = base.percentil([t for e in escenarios for t in e.tiempos_nuestra], 95)
    p95_admin = base.percentil([t for e in escenarios for t in e.tiempos_admin], 95)
    razon_global = p95_nuestra / p95_admin
    razon_geometrica = statistics.geometric_mean([f["razon_p95"] for f in filas])
    max_consultas = max(f["consultas_nuestra"] for f in filas)
    print()
    print(f"Global (todas las peticiones): p95 cola {p95_nuestra:.1f} ms, admin {p95_admin:.1f} ms → "
          f"razón {razon_global:.2f}")
    print(f"Media geométrica de las razones por escenario: {razon_geometrica:.2f}")
    print(f"Máximo de consultas por página (cola): {max_consultas}")
    print(f"Medición: {duracion:.0f} s · carga al terminar: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    peores = [f["escenario"] for f in filas if f["razon_p95"] > OBJETIVO_RAZON]
    if peores:
        print(f"Escenarios con razón > {OBJETIVO_RAZON}: {', '.join(peores)}")
    cumplido = razon_global <= OBJETIVO_RAZON and constante
    print()
    print(("OBJETIVO CUMPLIDO" if cumplido else "OBJETIVO NO CUMPLIDO")
          + f" (razón p95 ≤ {OBJETIVO_RAZON} y consultas constantes en el tamaño de la página)")

    if opciones.consultas or opciones.explicar:
        for escenario in escenarios:
            print(f"\n=== {escenario.nombre}")
            if opciones.consultas:
                base.imprimir_consultas(escenario, cuantas=400)
            if opciones.explicar:
                for titulo, consultas in (("cola", escenario.consultas_nuestra), ("admin", escenario.consultas_admin)):
                    ms, sql, params = max(consultas, key=lambda c: c[0])
                    print(f"\n  [{titulo}] la más lenta ({ms:.2f} ms): {base.sql_legible(sql, params)[:600]}")
                    for paso in base.explicar(sql, params):
                        print(f"     {paso}")

    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({
                "fecha": datetime.now().isoformat(timespec="seconds"),
                "base": _entorno.describir_url(url),
                "motor": base.version_motor(),
                "codigo": codigo,
                "solicitudes": total,
                "abiertas": abiertas,
                "nucleos": os.cpu_count(),
                "iteraciones": opciones.iteraciones,
                "calentamiento": opciones.calentamiento,
                "consultas_por_tamano_de_pagina": {
                    str(n): {"consultas": c, "filas": f, "relojes": r} for n, (c, f, r) in constancia.items()},
                "escenarios": filas,
                "global": {"cola_p95_ms": round(p95_nuestra, 2), "admin_p95_ms": round(p95_admin, 2),
                           "razon_p95": round(razon_global, 3), "razon_media_geometrica": round(razon_geometrica, 3),
                           "max_consultas_cola": max_consultas, "objetivo_cumplido": cumplido},
            }, archivo, ensure_ascii=False, indent=2)
        print(f"\nResultados guardados en {opciones.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
