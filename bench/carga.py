"""Prueba de carga acotada: gunicorn (2 workers) sobre PostgreSQL, atacado con wrk desde 127.0.0.1.

    .venv/bin/python bench/carga.py                        # base h_fallas_bench en 127.0.0.1:54330
    .venv/bin/python bench/carga.py --database-url postgres://u:c@127.0.0.1:5432/otra --duracion 20

Prepara la base (crea la base si falta, migra y genera 20,000 equipos con generar_datos.py; idempotente) y unas
solicitudes; un usuario de la Mesa de ayuda; collectstatic a bench/var/static. Arranca gunicorn en un puerto libre
de 127.0.0.1, entra (cookie de sesión + token CSRF) y corre wrk (2 hilos, 8 conexiones, ≤ 30 s) con bench/carga.lua:
45 % lista de equipos, 45 % cola de solicitudes, 10 % alta de solicitud. Antes, 5 s de base de comparación contra
la página de entrada (sin consultas): las razones se miden en la misma corrida.

Imprime peticiones/s, p50/p95/p99, respuestas fuera de 2xx/3xx y 5xx; sale con código 1 si hubo algún 5xx o error
de conexión. Solo loopback, acotado en tiempo. Requiere `wrk` (apt-get install wrk).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

import _entorno

URL_POR_OMISION = "postgres://sigma:sigma@127.0.0.1:54330/h_fallas_bench"
USUARIO, CLAVE = "carga-mesa", "carga-clave-2026"
SOLICITUDES = 300


def _puerto_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _crear_base(url):
    import psycopg

    partes = urllib.parse.urlsplit(url)
    nombre = partes.path.lstrip("/")
    with psycopg.connect(host=partes.hostname, port=partes.port or 5432, user=partes.username,
                         password=partes.password, dbname="postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre]).fetchone():
            con.execute(f'CREATE DATABASE "{nombre}"')
            print(f"Base {nombre} creada")


def _preparar(url, equipos):
    _crear_base(url)
    subprocess.run([sys.executable, str(_entorno.BENCH_DIR / "generar_datos.py"), "--database-url", url,  # noqa: S603
                    "--equipos", str(equipos), "--sin-historial"], check=True)


def _entorno_web(url, estaticos):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url, "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "clave-solo-para-benchmarks"),
            "SIGMA_VAR_DIR": str(_entorno.VAR_BENCH), "STATIC_ROOT": str(estaticos),
            "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}


def _datos_de_prueba():
    """Usuario de la Mesa, ~300 solicitudes y el cuerpo del POST de alta (servicio + solicitante existentes)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comun.models import Empleado
    from comun.roles import MESA_AYUDA
    from soporte import services
    from soporte.models import Servicio, Solicitud

    usuario, _ = get_user_model().objects.get_or_create(username=USUARIO)
    usuario.set_password(CLAVE)
    usuario.save()
    usuario.groups.add(Group.objects.get(name=MESA_AYUDA))
    servicio = Servicio.objects.get(clave="soporte-tecnico")
    empleados = list(Empleado.objects.filter(activo=True).order_by("pk")[:50])
    for n in range(max(SOLICITUDES - Solicitud.objects.count(), 0)):
        services.crear_solicitud(servicio=servicio, solicitante=empleados[n % len(empleados)],
                                 asunto=f"Carga: equipo no enciende {n}", usuario=usuario)
    cuerpo = urllib.parse.urlencode({
        "solicitante": empleados[0].pk, "servicio": servicio.pk, "canal": "telefono",
        "asunto": "Carga: la impresora no imprime", "urgencia": "media", "impacto": "media", "cantidad": 1,
    })
    return cuerpo, Solicitud.objects.count()


def _entrar(base):
    import requests

    sesion = requests.Session()
    pagina = sesion.get(f"{base}/entrar/", timeout=30)
    pagina.raise_for_status()
    token = sesion.cookies["csrftoken"]
    respuesta = sesion.post(f"{base}/entrar/", data={"username": USUARIO, "password": CLAVE,
                                                     "csrfmiddlewaretoken": token},
                            headers={"Referer": f"{base}/entrar/"}, allow_redirects=False, timeout=30)
    if respuesta.status_code != 302 or "sessionid" not in sesion.cookies:
        raise SystemExit(f"No se pudo entrar como {USUARIO}: HTTP {respuesta.status_code}")
    token = sesion.cookies["csrftoken"]
    return f"sessionid={sesion.cookies['sessionid']}; csrftoken={token}", token


def _wrk(base, segundos, hilos, conexiones, galleta="", token="", cuerpo="", modo="base"):
    """Corre wrk con carga.lua y devuelve {clave: entero} de sus líneas «SIGMA clave=valor»."""
    lua = _entorno.BENCH_DIR / "carga.lua"
    comando = ["wrk", f"-t{hilos}", f"-c{conexiones}", f"-d{segundos}s", "--timeout", "10s", "-s", str(lua), base,
               "--", galleta, token, cuerpo, modo]
    salida = subprocess.run(comando, capture_output=True, text=True, timeout=segundos + 60,  # noqa: S603
                            check=True).stdout
    medidas = {clave: int(valor) for clave, valor in re.findall(r"^SIGMA (\w+)=(-?\d+)$", salida, re.M)}
    if "peticiones" not in medidas:
        raise SystemExit(f"No se entendió la salida de wrk:\n{salida}")
    return medidas


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=URL_POR_OMISION, help=f"PostgreSQL (por omisión {URL_POR_OMISION}).")
    parser.add_argument("--duracion", type=int, default=25, help="Segundos de la mezcla (1–30, por omisión 25).")
    parser.add_argument("--hilos", type=int, default=2)
    parser.add_argument("--conexiones", type=int, default=8)
    parser.add_argument("--equipos", type=int, default=20_000)
    parser.add_argument("--sin-preparar", action="store_true", help="No migrar ni generar datos (ya existen).")
    opciones = parser.parse_args(argv)
    if not 1 <= opciones.duracion <= 30 or not 1 <= opciones.conexiones <= 32 or not 1 <= opciones.hilos <= 4:
        parser.error("Carga acotada: duración 1–30 s, 1–32 conexiones, 1–4 hilos.")
    if not opciones.database_url.startswith("postgres"):
        parser.error("La prueba de carga es sobre PostgreSQL.")
    if shutil.which("wrk") is None:
        raise SystemExit("Falta wrk: apt-get install -y wrk")
    url = opciones.database_url
    print(f"Base de datos: {_entorno.describir_url(url)}")
    if not opciones.sin_preparar:
        _preparar(url, opciones.equipos)
    _entorno.arrancar_django(url, debug=False)
    cuerpo, solicitudes_antes = _datos_de_prueba()
    from inventario.models import Equipo

    print(f"Datos: {Equipo.objects.count():,} equipos, {solicitudes_antes:,} solicitudes")
    from django.db import connections

    connections.close_all()

    estaticos = _entorno.VAR_BENCH / "static"
    entorno = _entorno_web(url, estaticos)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=_entorno.RAIZ,  # noqa: S603
                   env=entorno, check=True)
    puerto = _puerto_libre()
    base = f"http://127.0.0.1:{puerto}"
    bitacora_ruta = _entorno.VAR_BENCH / "carga-gunicorn.log"
    with open(bitacora_ruta, "wb") as bitacora:
        gunicorn = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{puerto}",
             "--timeout", "60"], cwd=_entorno.RAIZ, env=entorno, stdout=bitacora, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            for _ in range(150):
                try:
                    socket.create_connection(("127.0.0.1", puerto), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise SystemExit(f"gunicorn no arrancó; vea {bitacora_ruta}")
            galleta, token = _entrar(base)
            _wrk(base, 2, opciones.hilos, opciones.conexiones)  # calentar los workers
            b = _wrk(base, 5, opciones.hilos, opciones.conexiones)
            r = _wrk(base, opciones.duracion, opciones.hilos, opciones.conexiones, galleta, token, cuerpo, "mezcla")
            vivo = gunicorn.poll() is None
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)

    rps_base, p95_base = b["peticiones"] / (b["duracion_us"] / 1e6), b["p95_us"] / 1000
    from soporte.models import Solicitud

    creadas = Solicitud.objects.count() - solicitudes_antes
    segundos = r["duracion_us"] / 1e6
    rps = r["peticiones"] / segundos
    p50, p95, p99 = (r[f"p{p}_us"] / 1000 for p in (50, 95, 99))
    print(f"\nMezcla 45/45/10 (lista de equipos / cola / alta), {opciones.hilos} hilos, {opciones.conexiones} "
          f"conexiones, {segundos:.1f} s, gunicorn 2 workers:")
    print(f"  peticiones     {r['peticiones']:,} ({rps:.1f}/s)")
    print(f"  latencia       p50 {p50:.0f} ms · p95 {p95:.0f} ms · p99 {p99:.0f} ms · máx {r['max_us'] / 1000:.0f} ms")
    print(f"  respuestas     2xx {r['c2']:,} · 3xx {r['c3']:,} · 4xx {r['c4']:,} · 5xx {r['c5']:,} · "
          f"fuera de 2xx/3xx (wrk) {r['no_2xx_3xx']:,} · errores de conexión {r['errores_conexion']:,}")
    print(f"  altas          {creadas:,} solicitudes nuevas en la base (POST enviados ≈ {r['posts']:,})")
    print(f"Base de comparación (GET /entrar/, sin consultas, 5 s): {rps_base:.1f}/s, p95 {p95_base:.1f} ms")
    print(f"Razones: peticiones/s mezcla ÷ base = {rps / rps_base:.3f}; p95 mezcla ÷ base = {p95 / p95_base:.1f}")
    fallas = []
    if r["c5"]:
        fallas.append(f"{r['c5']} respuestas 5xx")
    if r["errores_conexion"]:
        fallas.append(f"{r['errores_conexion']} errores de conexión")
    if r["c4"]:
        fallas.append(f"{r['c4']} respuestas 4xx (¿sesión o CSRF?)")
    if not vivo:
        fallas.append("gunicorn murió durante la prueba")
    if fallas:
        print(f"FALLA: {', '.join(fallas)}; vea {bitacora_ruta}")
        return 1
    print("Sin 5xx.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
