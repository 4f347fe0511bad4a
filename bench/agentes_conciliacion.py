"""Benchmark del cotejo de un escaneo con el inventario: 4 096 hosts contra 20 000 equipos.

    python bench/agentes_conciliacion.py [--equipos 20000] [--repeticiones 5] [--database-url URL]

Usa su propia base (bench/var/agentes.sqlite3 por omisión); crea los equipos la primera vez. Cada corrida coteja
1 024 y luego 4 096 hosts (mitad coinciden por MAC, un cuarto por nombre, un cuarto nuevos) dentro de una
transacción que se deshace al final, así todas parten del mismo estado. Reporta la mediana del tiempo y las
consultas; objetivo: ≤ 1 s con 4 096 hosts y las mismas lecturas (SELECT) con 1 024 que con 4 096.
Nada de red: los hosts se construyen en memoria.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import _entorno

OBJETIVO_SEGUNDOS = 1.0


class _Deshacer(Exception):
    pass


def _mac(i):
    return f"3c:d9:2b:{i >> 16 & 0xFF:02x}:{i >> 8 & 0xFF:02x}:{i & 0xFF:02x}"


def preparar(equipos):
    from comun.models import Dependencia
    from inventario.models import Equipo, InterfazRed, TipoEquipo

    if Equipo.objects.filter(numero_inventario__startswith="BCH-").count() >= equipos:
        return
    Equipo.objects.filter(numero_inventario__startswith="BCH-").delete()
    dependencia, _ = Dependencia.objects.get_or_create(nombre="Benchmark de red")
    tipo = TipoEquipo.objects.get(nombre="PC de escritorio")
    lote = Equipo.objects.bulk_create(
        [Equipo(numero_inventario=f"BCH-{i:06d}", tipo=tipo, dependencia=dependencia, hostname=f"pc-{i:06d}")
         for i in range(equipos)], batch_size=2000)
    # Las IP de los equipos caen en 198.18.0.0/16 (dentro de la /20 escaneada solo las primeras).
    InterfazRed.objects.bulk_create(
        [InterfazRed(equipo=e, nombre="Ethernet", mac=_mac(i) if i % 2 == 0 else None,
                     ip=f"198.18.{i // 250 % 256}.{i % 250 + 1}") for i, e in enumerate(lote)], batch_size=2000)


def hosts(n):
    from agentes.escaner import Host

    resultado = []
    for k in range(n):
        ip = f"198.18.{k // 250}.{k % 250 + 1}"
        if k % 4 == 0:  # coincide por MAC, misma IP o casi (los equipos pares tienen MAC)
            resultado.append(Host(ip=ip, mac=_mac(k), hostname=f"pc-{k:06d}"))
        elif k % 4 == 1:  # por MAC, con otra IP
            resultado.append(Host(ip=ip, mac=_mac(k + 1), hostname=f"pc-{k + 1:06d}"))
        elif k % 4 == 2:  # por nombre (equipos impares, sin MAC)
            resultado.append(Host(ip=ip, mac=f"02:bb:00:00:{k >> 8 & 0xFF:02x}:{k & 0xFF:02x}",
                                  hostname=f"pc-{k + 1:06d}.ocotlan.local"))
        else:  # nuevo
            resultado.append(Host(ip=ip, mac=f"02:cc:00:00:{k >> 8 & 0xFF:02x}:{k & 0xFF:02x}"))
    return resultado


def medir(n, repeticiones):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from agentes.conciliacion import conciliar
    from agentes.models import Escaneo, Segmento

    lista = hosts(n)
    tiempos, cpu, consultas, lecturas = [], [], [], []
    for _ in range(repeticiones):
        try:
            with transaction.atomic():
                segmento, _ = Segmento.objects.get_or_create(nombre="Bench /20", defaults={"cidr": "198.18.0.0/20"})
                escaneo = Escaneo.objects.create(segmento=segmento, perfil="descubrimiento")
                with CaptureQueriesContext(connection) as capturadas:
                    inicio, inicio_cpu = time.perf_counter(), time.process_time()
                    resumen = conciliar(escaneo, lista)
                    tiempos.append(time.perf_counter() - inicio)
                    cpu.append(time.process_time() - inicio_cpu)
                consultas.append(len(capturadas))
                lecturas.append(sum(1 for c in capturadas if c["sql"].lstrip().upper().startswith("SELECT")))
                raise _Deshacer
        except _Deshacer:
            pass
    return statistics.median(tiempos), statistics.median(cpu), consultas[-1], lecturas[-1], resumen


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--equipos", type=int, default=20000)
    parser.add_argument("--repeticiones", type=int, default=5)
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=_entorno.VAR_BENCH / "agentes.sqlite3")
    opciones = parser.parse_args(argv)
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    carga = os.getloadavg()[0]
    print(f"Base: {_entorno.describir_url(url)}; carga de la máquina {carga:.1f} en {os.cpu_count()} núcleos "
          "(con carga > núcleos el tiempo de reloj incluye la espera por CPU)")
    preparar(opciones.equipos)
    resultados = {}
    for n in (1024, 4096):
        segundos, cpu, consultas, lecturas = medir(n, opciones.repeticiones)[:4]
        resumen = medir(n, 1)[4]
        resultados[n] = (segundos, consultas, lecturas)
        print(f"{n:>5} hosts × {opciones.equipos} equipos: {segundos * 1000:7.1f} ms de reloj, {cpu * 1000:7.1f} ms "
              f"de CPU (medianas de {opciones.repeticiones}), {consultas} consultas ({lecturas} lecturas); "
              f"vistos {resumen.get('vistos')}, nuevos {resumen.get('revision_nuevo', 0)}")
    segundos = resultados[4096][0]
    veredicto = "CUMPLE" if segundos <= OBJETIVO_SEGUNDOS else "NO CUMPLE"
    print(f"Objetivo ≤ {OBJETIVO_SEGUNDOS:.1f} s con 4 096 hosts: {veredicto}"
          f" ({segundos:.3f} s). Lecturas 1 024 vs 4 096: {resultados[1024][2]} vs {resultados[4096][2]} "
          f"({'iguales' if resultados[1024][2] == resultados[4096][2] else 'CRECEN'}); escrituras en lotes "
          f"({resultados[1024][1]} vs {resultados[4096][1]} sentencias en total).")


if __name__ == "__main__":
    main()
