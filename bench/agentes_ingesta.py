"""Benchmark de la recepción de un reporte de agente con 750 programas instalados (GLPI Agent, JSON+zlib).

    python bench/agentes_ingesta.py [--reportes 20] [--database-url URL]

Cada reporte pasa por la pila completa (django.test.Client → /agentes/inventario/ → cotejo → equipo, interfaces,
software). Se miden tres casos, intercalados: alta de un equipo nuevo (con SIGMA_AGENTES_ALTA_AUTOMATICA), el
mismo reporte otra vez (nada cambia) y un reporte con 50 programas distintos. Reporta la mediana del tiempo por
reporte y las consultas por reporte (deben ser las mismas con 75 que con 750 programas).
Base propia en bench/var/agentes_ingesta.sqlite3; nada de red.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
import zlib

import _entorno


def contenido(n_equipo, programas, variante=0):
    return {
        "hardware": {"name": f"pc-bench-{n_equipo:04d}", "uuid": f"UUID-{n_equipo:08d}", "memory": 8066},
        "bios": {"ssn": f"BENCH{n_equipo:07d}", "smanufacturer": "Dell Inc.", "smodel": "OptiPlex 7080"},
        "operatingsystem": {"name": "Windows", "version": "10.0.19045", "full_name": "Microsoft Windows 10 Pro"},
        "cpus": [{"name": "Intel(R) Core(TM) i5-10500", "core": 6}],
        "storages": [{"disksize": 512000, "type": "disk"}],
        "networks": [{"description": "Ethernet", "macaddr": f"3c:d9:2b:7f:{n_equipo >> 8:02x}:{n_equipo & 0xFF:02x}",
                      "ipaddress": "192.168.5.20", "type": "ethernet"}],
        "users": [{"login": "usuario"}],
        "softwares": [{"name": f"Programa {k + (variante if k < 50 else 0)}", "publisher": "Editor",
                       "version": f"{k}.0"} for k in range(programas)],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reportes", type=int, default=20)
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=_entorno.VAR_BENCH / "agentes_ingesta.sqlite3")
    opciones = parser.parse_args(argv)
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agentes.models import Agente, InstalacionSoftware

    call_command("migrate", interactive=False, verbosity=0)
    settings.SIGMA_AGENTES_ALTA_AUTOMATICA = True
    settings.SIGMA_AGENTES_REDES = ["127.0.0.1/32"]
    cliente = Client(REMOTE_ADDR="127.0.0.1")
    base = Agente.objects.count() + 1000

    def enviar(n, programas, variante=0):
        cuerpo = json.dumps({"action": "inventory", "deviceid": f"bench-{n}",
                             "content": contenido(n, programas, variante), "partial": False}).encode()
        datos = zlib.compress(cuerpo)
        with CaptureQueriesContext(connection) as capturadas:
            inicio = time.perf_counter()
            respuesta = cliente.post("/agentes/inventario/", datos, content_type="application/x-compress-zlib")
            segundos = time.perf_counter() - inicio
        assert respuesta.status_code == 200, respuesta.content[:300]
        return segundos, len(capturadas), len(cuerpo), len(datos)

    casos = {"alta (750 programas)": [], "mismo reporte (750)": [], "50 programas distintos (750)": [],
             "alta (75 programas)": []}
    for r in range(opciones.reportes):
        n = base + r
        casos["alta (750 programas)"].append(enviar(n, 750))
        casos["mismo reporte (750)"].append(enviar(n, 750))
        casos["50 programas distintos (750)"].append(enviar(n, 750, variante=1000 + r))
        casos["alta (75 programas)"].append(enviar(n + 100000, 75))
    print(f"Base: {_entorno.describir_url(url)}; {opciones.reportes} reportes por caso")
    _, _, crudo, comprimido = casos["alta (750 programas)"][0]
    print(f"Reporte de 750 programas: {crudo / 1024:.0f} KB en JSON, {comprimido / 1024:.0f} KB con zlib")
    for nombre, medidas in casos.items():
        tiempos = [m[0] * 1000 for m in medidas]
        consultas = sorted({m[1] for m in medidas})
        print(f"  {nombre:<30} mediana {statistics.median(tiempos):7.1f} ms  p95 "
              f"{sorted(tiempos)[max(int(len(tiempos) * 0.95) - 1, 0)]:7.1f} ms  consultas {consultas}")
    print(f"Instalaciones guardadas: {InstalacionSoftware.objects.count():,}")


if __name__ == "__main__":
    main()
