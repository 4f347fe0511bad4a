"""Benchmark de un escaneo de red a través de SIGMA contra el comando nmap solo, con los mismos argumentos.

    sudo python bench/agentes_escaneo.py [--hosts 30] [--repeticiones 5]

Requiere root: arma su propia LAN en espacios de nombres (198.18.200.0/24, la red reservada para pruebas; nada
sale de la máquina) con --hosts hosts de MAC fija, y corre nmap dentro del espacio escáner (DESIGN §8).
Intercala, en la misma corrida, el nmap solo (el mismo comando que SIGMA ejecuta) y el escaneo completo de SIGMA
(tarea: nmap + análisis del XML + cotejo con el inventario + escritura). Objetivo: razón de medianas ≤ 1.2.
Base propia en bench/var/agentes_escaneo.sqlite3. Destruye los espacios de nombres al terminar, pase lo que pase.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _entorno

OBJETIVO = 1.2


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--repeticiones", type=int, default=5)
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=_entorno.VAR_BENCH / "agentes_escaneo.sqlite3")
    opciones = parser.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("Este benchmark arma espacios de nombres de red: córralo como root.")
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)
    sys.path.insert(0, str(_entorno.RAIZ))
    from django.conf import settings
    from django.core.management import call_command

    from agentes import escaner, services
    from agentes.models import Escaneo, Segmento
    from tests.agentes.lan import Lan

    call_command("migrate", interactive=False, verbosity=0)
    lan = Lan("198.18.200", Path(tempfile.mkdtemp(prefix="sigma-bench-")))
    try:
        lan.crear(opciones.hosts)
        settings.SIGMA_NMAP_RUTA = lan.envoltorio("nmap")
        settings.SIGMA_IP_RUTA = lan.envoltorio("ip")
        segmento, _ = Segmento.objects.update_or_create(
            nombre="Bench 198.18.200.0/24", defaults={"cidr": "198.18.200.0/24", "activo": True, "intervalo_horas": 0})
        args = escaner.argumentos(segmento.perfil, segmento.lista_exclusiones())
        comando = [settings.SIGMA_NMAP_RUTA, *args, "-oX", "-", "--stats-every", "2s", segmento.cidr]
        solo, sigma = [], []
        for r in range(opciones.repeticiones):
            for turno in ((0, 1) if r % 2 == 0 else (1, 0)):
                inicio = time.perf_counter()
                if turno == 0:
                    resultado = subprocess.run(comando, capture_output=True, check=True)  # noqa: S603
                    solo.append(time.perf_counter() - inicio)
                    assert resultado.stdout.count(b"<status state=\"up\"") >= opciones.hosts
                else:
                    escaneo = services.crear_escaneo(segmento)
                    services.ejecutar_escaneo(escaneo.pk)
                    sigma.append(time.perf_counter() - inicio)
                    escaneo = Escaneo.objects.get(pk=escaneo.pk)
                    assert escaneo.estado == "completado", escaneo.error
                    assert escaneo.hosts_activos >= opciones.hosts, escaneo.hosts_activos
    finally:
        lan.destruir()
    razon = statistics.median(sigma) / statistics.median(solo)
    print(f"Base: {_entorno.describir_url(url)}; LAN 198.18.200.0/24 con {opciones.hosts} hosts; "
          f"{opciones.repeticiones} repeticiones intercaladas")
    print(f"Comando: nmap {' '.join(comando[1:])}")
    print(f"  nmap solo: mediana {statistics.median(solo):.2f} s ({', '.join(f'{x:.2f}' for x in solo)})")
    print(f"  SIGMA:     mediana {statistics.median(sigma):.2f} s ({', '.join(f'{x:.2f}' for x in sigma)})")
    veredicto = "CUMPLE" if razon <= OBJETIVO else "NO CUMPLE"
    print(f"Razón SIGMA / nmap solo: {razon:.3f} (objetivo ≤ {OBJETIVO}: {veredicto})")


if __name__ == "__main__":
    main()
