"""Benchmark de la lista de equipos (/inventario/) contra el changelist del admin de Django, en la misma corrida.

    python bench/generar_datos.py        # primero: los datos (una vez)
    python bench/lista_equipos.py [--iteraciones 30] [--json resultados.json] [--consultas] [--explicar]

Cada escenario es una búsqueda de texto con filtro de dependencia (o una página sin filtros). Las peticiones
se hacen con django.test.Client en el mismo proceso: se mide la pila completa de Django (middleware, sesión,
permisos, vista, consultas, plantillas) sin ruido de red. Nuestra página y la del admin se piden
intercaladas (alternando cuál va primero) para que compartan el ruido de la máquina.

Objetivo: p95 de nuestra página ≤ p95 del admin (razón ≤ 1.0) y ≤ 11 consultas por página (10 de la lista y 1
de la campana de avisos de la barra).
Siempre termina con código 0 si pudo medir (es un reporte); 1 si no hay datos o una página no responde 200.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urlencode

import _entorno

OBJETIVO_RAZON = 1.0
OBJETIVO_CONSULTAS = 11
USUARIO_BENCH = "bench-administrador"


@dataclass
class Escenario:
    nombre: str
    nuestra: str  # URL de nuestra página
    admin: str  # URL del changelist del admin
    q: str = ""
    resultados_nuestra: int | None = None
    resultados_admin: int | None = None
    tiempos_nuestra: list = field(default_factory=list)  # ms
    tiempos_admin: list = field(default_factory=list)
    consultas_nuestra: list = field(default_factory=list)  # [(ms, sql, params)]
    consultas_admin: list = field(default_factory=list)


def percentil(valores, p):
    """Percentil con interpolación lineal (el mismo método que numpy por omisión)."""
    datos = sorted(valores)
    if not datos:
        return math.nan
    k = (len(datos) - 1) * p / 100
    abajo, arriba = math.floor(k), math.ceil(k)
    return datos[abajo] + (datos[arriba] - datos[abajo]) * (k - abajo)


# --------------------------------------------------------------------------------------------------
# Preparación
# --------------------------------------------------------------------------------------------------


def usuario_bench():
    """Administrador (grupo) y staff: el admin exige is_staff; los permisos vienen del grupo, no de superusuario."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comun.roles import ADMINISTRADOR

    usuario, _ = get_user_model().objects.get_or_create(
        username=USUARIO_BENCH, defaults={"first_name": "Benchmark", "last_name": "SIGMA"}
    )
    usuario.is_staff = True
    usuario.is_superuser = False
    usuario.is_active = True
    usuario.set_unusable_password()  # se entra con force_login
    usuario.save()
    usuario.groups.set([Group.objects.get(name=ADMINISTRADOR)])
    return usuario


def _url(base, **params):
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def elegir_escenarios(dependencia_pk=None):
    """Búsquedas realistas tomadas de los datos, para que todas devuelvan resultados en la dependencia."""
    from django.db.models import Count

    from comun.models import Dependencia, Empleado
    from inventario.models import Equipo

    if dependencia_pk is None:
        # La dependencia con más equipos: el peor caso del filtro.
        dependencia_pk = (
            Equipo.objects.values("dependencia").annotate(n=Count("pk")).order_by("-n", "dependencia")
            .values_list("dependencia", flat=True).first()
        )
    dep = Dependencia.objects.get(pk=dependencia_pk)
    de_dep = Equipo.objects.filter(dependencia=dep).order_by("numero_inventario")

    # Apellido de resguardante: el más frecuente en la dependencia (sin acentos, para que la comparación
    # sea justa: nuestra búsqueda ignora acentos; la del admin, no).
    apellidos = Counter(
        a.split()[0]
        for a in Empleado.objects.filter(equipos_resguardo__dependencia=dep).values_list("apellidos", flat=True)
        if a and a.split()[0].isascii()
    )
    apellido = apellidos.most_common(1)[0][0] if apellidos else "Morales"

    # Número de inventario parcial: «2019-00» si hay, si no el año-00 del primer equipo de la dependencia.
    if de_dep.filter(numero_inventario__contains="2019-00").exists():
        inventario = "2019-00"
    else:
        primero = de_dep.values_list("numero_inventario", flat=True).first() or "OCO-2019-00001"
        inventario = primero[4:11]

    # Fragmento de hostname: oco-com-pc004 -> «com-pc0».
    host = de_dep.filter(hostname__startswith="oco-").values_list("hostname", flat=True).first()
    hostname = host[4:-2] if host else "pc0"

    # Modelo: «ProDesk» (HP) si la dependencia tiene alguno; si no, el primer nombre del modelo más común.
    if de_dep.filter(modelo__nombre__icontains="ProDesk").exists():
        modelo = "ProDesk"
    else:
        nombre = (
            de_dep.exclude(modelo=None).values("modelo__nombre").annotate(n=Count("pk")).order_by("-n")
            .values_list("modelo__nombre", flat=True).first()
        )
        modelo = nombre.split()[0] if nombre else "ProDesk"

    nuestra, admin = "/inventario/", "/admin/inventario/equipo/"
    escenarios = []
    for etiqueta, q in [("apellido", apellido), ("inventario parcial", inventario),
                        ("hostname", hostname), ("modelo", modelo)]:
        escenarios.append(Escenario(
            nombre=f"{etiqueta} «{q}» + dependencia", q=q,
            nuestra=_url(nuestra, q=q, dependencia=dep.pk),
            admin=_url(admin, q=q, dependencia__id__exact=dep.pk),
        ))
    escenarios.append(Escenario(nombre="sin filtros, página 1", nuestra=nuestra, admin=admin))
    escenarios.append(Escenario(
        nombre="sin filtros, página 100", nuestra=_url(nuestra, pagina=100), admin=_url(admin, p=100)
    ))
    return dep, escenarios


def contar_resultados(escenario, usuario):
    """Filas que devuelve cada página (por el ORM, fuera de la medición): prueba que la búsqueda encuentra algo."""
    from urllib.parse import urlsplit

    from django.contrib import admin
    from django.http import QueryDict
    from django.test import RequestFactory

    from inventario.filters import EquipoFilter
    from inventario.models import Equipo

    datos = QueryDict(urlsplit(escenario.nuestra).query)
    escenario.resultados_nuestra = EquipoFilter(datos, queryset=Equipo.objects.all()).qs.count()
    peticion = RequestFactory().get(escenario.admin)
    peticion.user = usuario
    cambio = admin.site.get_model_admin(Equipo).get_changelist_instance(peticion)
    escenario.resultados_admin = cambio.result_count


# --------------------------------------------------------------------------------------------------
# Medición
# --------------------------------------------------------------------------------------------------


def pedir(cliente, url):
    inicio = time.perf_counter()
    respuesta = cliente.get(url)
    _ = respuesta.content  # la respuesta ya viene renderizada; se lee completa por si acaso
    ms = (time.perf_counter() - inicio) * 1000
    if respuesta.status_code != 200:
        raise SystemExit(f"{url} respondió {respuesta.status_code}; el benchmark no puede seguir.")
    return ms


class _Registro:
    """execute_wrapper que cuenta y cronometra (perf_counter) cada consulta, con su SQL y parámetros."""

    def __init__(self):
        self.consultas = []  # [(ms, sql, params)]

    def __call__(self, execute, sql, params, many, context):
        inicio = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.consultas.append(((time.perf_counter() - inicio) * 1000, sql, params))


def capturar_consultas(cliente, url):
    """Consultas de una petición: CaptureQueriesContext da el conteo (el mismo que assertNumQueries); el
    execute_wrapper, el tiempo de cada una con perf_counter (el del contexto viene redondeado a 1 ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    registro = _Registro()
    with CaptureQueriesContext(connection) as capturadas, connection.execute_wrapper(registro):
        pedir(cliente, url)
    if len(capturadas) != len(registro.consultas):
        raise SystemExit(f"{url}: CaptureQueriesContext contó {len(capturadas)} consultas y el registro "
                         f"{len(registro.consultas)}.")
    return registro.consultas


def sql_legible(sql, params):
    """El SQL con los parámetros en su lugar, solo para leerlo (no para ejecutarlo)."""
    if not params:
        return sql
    try:
        return sql.replace("%s", "{}").format(*(repr(p) if isinstance(p, str) else p for p in params))
    except (IndexError, KeyError, ValueError):
        return f"{sql}  -- {params!r}"


def calentar(pares, veces):
    """Peticiones sin medir a cada URL de ``pares`` = [(cliente, url, tiempos)]."""
    for _ in range(veces):
        for cliente, url, _tiempos in pares:
            pedir(cliente, url)


def intercalar(pares, iteraciones):
    """Mide cada URL de ``pares`` = [(cliente, url, tiempos)] intercaladas y alternando cuál va primero: el ruido
    de la máquina les toca a todas por igual. Los milisegundos van a la lista ``tiempos`` de cada par."""
    gc.collect()
    for i in range(iteraciones):
        for cliente, url, tiempos in (pares if i % 2 == 0 else reversed(pares)):
            tiempos.append(pedir(cliente, url))


def medir(cliente, escenario, iteraciones, calentamiento):
    pares = [(cliente, escenario.nuestra, escenario.tiempos_nuestra),
             (cliente, escenario.admin, escenario.tiempos_admin)]
    calentar(pares, calentamiento)
    # Las consultas se cuentan en una petición aparte: registrar SQL no debe pesar en los tiempos.
    escenario.consultas_nuestra = capturar_consultas(cliente, escenario.nuestra)
    escenario.consultas_admin = capturar_consultas(cliente, escenario.admin)
    intercalar(pares, iteraciones)


def version_codigo():
    """Commit del código medido (y si hay cambios sin confirmar), para poder comparar corridas."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if not git:
        return "desconocido"
    try:
        commit = subprocess.run([git, "rev-parse", "--short", "HEAD"], cwd=_entorno.RAIZ, capture_output=True,  # noqa: S603
                                text=True, check=True, timeout=10).stdout.strip()
        cambios = subprocess.run([git, "status", "--porcelain", "--untracked-files=no"], cwd=_entorno.RAIZ,  # noqa: S603
                                 capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "desconocido"
    return f"{commit}{' con cambios sin confirmar' if cambios else ''}"


def version_motor():
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        v = connection.pg_version
        return f"PostgreSQL {v // 10000}.{v % 10000}"
    return connection.vendor


def explicar(sql, params):
    """EXPLAIN QUERY PLAN (SQLite) o EXPLAIN ANALYZE (PostgreSQL) de una consulta capturada."""
    from django.db import connection

    prefijo = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefijo + sql, params)
        filas = cursor.fetchall()
    if connection.vendor == "sqlite":  # (id, padre, no usado, detalle): se sangra por profundidad
        nivel = {0: -1}
        lineas = []
        for id_, padre, _, detalle in filas:
            nivel[id_] = nivel.get(padre, -1) + 1
            lineas.append(f"{'  ' * nivel[id_]}{detalle}")
        return lineas
    return [fila[0] for fila in filas]


# --------------------------------------------------------------------------------------------------
# Reporte
# --------------------------------------------------------------------------------------------------


def resumen(escenario):
    p50n, p95n = percentil(escenario.tiempos_nuestra, 50), percentil(escenario.tiempos_nuestra, 95)
    p50a, p95a = percentil(escenario.tiempos_admin, 50), percentil(escenario.tiempos_admin, 95)
    return {
        "escenario": escenario.nombre,
        "url_nuestra": escenario.nuestra,
        "url_admin": escenario.admin,
        "resultados_nuestra": escenario.resultados_nuestra,
        "resultados_admin": escenario.resultados_admin,
        "nuestra_p50_ms": round(p50n, 2),
        "nuestra_p95_ms": round(p95n, 2),
        "admin_p50_ms": round(p50a, 2),
        "admin_p95_ms": round(p95a, 2),
        "razon_p95": round(p95n / p95a, 3),
        "consultas_nuestra": len(escenario.consultas_nuestra),
        "consultas_admin": len(escenario.consultas_admin),
    }


def imprimir_tabla(filas):
    cab = ["Escenario", "Nuestra p50", "p95", "Admin p50", "p95", "Razón p95", "Consultas", "Filas"]
    datos = [
        [
            f["escenario"],
            f"{f['nuestra_p50_ms']:.1f}", f"{f['nuestra_p95_ms']:.1f}",
            f"{f['admin_p50_ms']:.1f}", f"{f['admin_p95_ms']:.1f}",
            f"{f['razon_p95']:.2f}",
            f"{f['consultas_nuestra']} / {f['consultas_admin']}",
            f"{f['resultados_nuestra']:,} / {f['resultados_admin']:,}",
        ]
        for f in filas
    ]
    anchos = [max(len(str(x)) for x in col) for col in zip(cab, *datos, strict=True)]
    izquierda = {0}

    def linea(valores):
        return "  ".join(
            str(v).ljust(a) if i in izquierda else str(v).rjust(a)
            for i, (v, a) in enumerate(zip(valores, anchos, strict=True))
        )

    print("Tiempos en ms (nuestra / admin). Consultas y filas encontradas: nuestra / admin.")
    print(linea(cab))
    print(linea(["-" * a for a in anchos]))
    for fila in datos:
        print(linea(fila))


def imprimir_consultas(escenario, cuantas=None):
    for titulo, consultas in (("nuestra", escenario.consultas_nuestra), ("admin", escenario.consultas_admin)):
        total = sum(c[0] for c in consultas)
        print(f"\n  [{titulo}] {len(consultas)} consultas, {total:.1f} ms en la base de datos")
        for i, (ms, sql, params) in enumerate(consultas, start=1):
            texto = sql_legible(sql, params)
            texto = texto if cuantas is None or len(texto) <= cuantas else texto[:cuantas] + "…"
            print(f"   {i:>2}. {ms:7.2f} ms  {texto}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iteraciones", type=int, default=30, help="Mediciones por página y escenario (30).")
    parser.add_argument("--calentamiento", type=int, default=3, help="Peticiones previas sin medir (3).")
    parser.add_argument("--dependencia", type=int, help="pk de la dependencia del filtro (la de más equipos).")
    parser.add_argument("--json", metavar="ARCHIVO", help="Guardar los resultados en JSON.")
    parser.add_argument("--consultas", action="store_true", help="Imprimir el SQL y el tiempo de cada consulta.")
    parser.add_argument(
        "--explicar", action="store_true",
        help="Imprimir el plan (EXPLAIN QUERY PLAN en SQLite) de la consulta más lenta de cada página.",
    )
    _entorno.agregar_argumentos_bd(parser)
    opciones = parser.parse_args(argv)
    if opciones.iteraciones < 2:
        parser.error("--iteraciones debe ser al menos 2")

    url = _entorno.url_bd(opciones)
    _entorno.arrancar_para_paginas(url)

    from django.test import Client

    from inventario.models import Equipo

    total_equipos = _entorno.contar_equipos(url)
    if not total_equipos:
        return 1

    usuario = usuario_bench()
    cliente = Client()
    cliente.force_login(usuario)
    for pagina in ("/inventario/", "/admin/inventario/equipo/"):
        respuesta = cliente.get(pagina)
        if respuesta.status_code != 200:
            print(f"{pagina} respondió {respuesta.status_code} al usuario Administrador+staff.")
            return 1

    dep, escenarios = elegir_escenarios(opciones.dependencia)
    for escenario in escenarios:
        contar_resultados(escenario, usuario)

    import django

    print(f"SIGMA — lista de equipos contra el admin de Django · {datetime.now():%Y-%m-%d %H:%M}")
    print(f"Base: {_entorno.describir_url(url)} ({version_motor()}) · {total_equipos:,} equipos · "
          f"Django {django.get_version()} · Python {platform.python_version()}")
    codigo = version_codigo()
    print(f"Código: commit {codigo}")
    carga = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Máquina: {os.cpu_count()} núcleos · carga (1/5/15 min) al empezar: {carga}")
    print(f"Dependencia del filtro: {dep.nombre} (pk {dep.pk}, {Equipo.objects.filter(dependencia=dep).count():,} "
          f"equipos) · {opciones.iteraciones} iteraciones por página tras {opciones.calentamiento} de calentamiento")
    print()

    inicio = time.perf_counter()
    for escenario in escenarios:
        print(f"  midiendo: {escenario.nombre}…", flush=True)
        medir(cliente, escenario, opciones.iteraciones, opciones.calentamiento)
    duracion = time.perf_counter() - inicio
    print()

    filas = [resumen(e) for e in escenarios]
    imprimir_tabla(filas)

    todas_nuestra = [t for e in escenarios for t in e.tiempos_nuestra]
    todas_admin = [t for e in escenarios for t in e.tiempos_admin]
    p95_nuestra, p95_admin = percentil(todas_nuestra, 95), percentil(todas_admin, 95)
    razon_global = p95_nuestra / p95_admin
    razon_geometrica = statistics.geometric_mean([f["razon_p95"] for f in filas])
    max_consultas = max(f["consultas_nuestra"] for f in filas)
    print()
    print(f"Global (todas las peticiones): p95 nuestra {p95_nuestra:.1f} ms, admin {p95_admin:.1f} ms → "
          f"razón {razon_global:.2f}")
    print(f"Media geométrica de las razones por escenario: {razon_geometrica:.2f}")
    print(f"Máximo de consultas por página (nuestra): {max_consultas}")
    print(f"Medición: {duracion:.0f} s · carga al terminar: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    peores = [f["escenario"] for f in filas if f["razon_p95"] > OBJETIVO_RAZON]
    if peores:
        print(f"Escenarios con razón > {OBJETIVO_RAZON}: {', '.join(peores)}")
    cumplido = razon_global <= OBJETIVO_RAZON and max_consultas <= OBJETIVO_CONSULTAS
    print()
    print(("OBJETIVO CUMPLIDO" if cumplido else "OBJETIVO NO CUMPLIDO")
          + f" (razón p95 ≤ {OBJETIVO_RAZON} y ≤ {OBJETIVO_CONSULTAS} consultas por página)")

    if opciones.consultas or opciones.explicar:
        for escenario in escenarios:
            print(f"\n=== {escenario.nombre}")
            if opciones.consultas:
                imprimir_consultas(escenario)
            if opciones.explicar:
                for titulo, consultas in (("nuestra", escenario.consultas_nuestra),
                                          ("admin", escenario.consultas_admin)):
                    ms, sql, params = max(consultas, key=lambda c: c[0])
                    print(f"\n  [{titulo}] la más lenta ({ms:.2f} ms): {sql_legible(sql, params)}")
                    for paso in explicar(sql, params):
                        print(f"     {paso}")

    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump({
                "fecha": datetime.now().isoformat(timespec="seconds"),
                "base": _entorno.describir_url(url),
                "motor": version_motor(),
                "codigo": codigo,
                "equipos": total_equipos,
                "nucleos": os.cpu_count(),
                "carga_al_terminar": os.getloadavg(),
                "dependencia": {"pk": dep.pk, "nombre": dep.nombre},
                "iteraciones": opciones.iteraciones,
                "calentamiento": opciones.calentamiento,
                "escenarios": filas,
                "global": {"nuestra_p95_ms": round(p95_nuestra, 2), "admin_p95_ms": round(p95_admin, 2),
                           "razon_p95": round(razon_global, 3), "razon_media_geometrica": round(razon_geometrica, 3),
                           "max_consultas_nuestra": max_consultas, "objetivo_cumplido": cumplido},
                "detalle": [
                    {**asdict(e),
                     "consultas_nuestra": [{"ms": round(c[0], 3), "sql": sql_legible(c[1], c[2])}
                                           for c in e.consultas_nuestra],
                     "consultas_admin": [{"ms": round(c[0], 3), "sql": sql_legible(c[1], c[2])}
                                         for c in e.consultas_admin]}
                    for e in escenarios
                ],
            }, archivo, ensure_ascii=False, indent=2)
        print(f"\nResultados guardados en {opciones.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
