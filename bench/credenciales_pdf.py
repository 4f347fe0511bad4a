"""Benchmark: PDF de un lote de 200 credenciales (CR80 y hoja carta) contra el compromiso de 5 min por credencial.

    python bench/credenciales_pdf.py [--credenciales 200] [--bd RUTA | --database-url URL] [--json archivo]

Prepara (una vez; idempotente) una solicitud de «impresion-credenciales» con un lote de N credenciales con foto,
en la base propia de bench/var. Mide, en la misma corrida, un lote pequeño (10, la referencia) y el lote de N:
segundos por credencial, razón contra el compromiso (300 s por credencial) y contra la referencia (¿escala
lineal?), y memoria pico (ru_maxrss: máximo del proceso; con --tracemalloc, además la memoria de Python del
render, en una pasada aparte porque tracemalloc lo hace 2-3 veces más lento).
Objetivo: segundos por credencial ≪ 300 (razón ≤ 0.01) y crecimiento lineal (razón contra la referencia ≈ 1).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc

import _entorno

COMPROMISO_S = 5 * 60
REFERENCIA = 10


def preparar(n):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from comun.models import Dependencia, Empleado
    from credenciales import fotos, services
    from credenciales.models import Credencial, LoteImpresion
    from soporte.models import Servicio

    lote = LoteImpresion.objects.filter(notas=f"bench-{n}").first()
    if lote is not None:
        return lote
    dependencia, _ = Dependencia.objects.get_or_create(nombre="Dirección de Administración y Recursos Humanos")
    empleados = []
    for i in range(n):
        empleado, _ = Empleado.objects.get_or_create(
            numero_empleado=f"BCH-{n}-{i:04d}",
            defaults={"nombre": f"Nombre{i} Segundo", "apellidos": "Apellido Paterno Materno",
                      "puesto": "Auxiliar administrativo", "dependencia": dependencia,
                      "tipo": Empleado.Tipo.POLICIA if i % 5 == 0 else Empleado.Tipo.ADMINISTRATIVO},
        )
        empleados.append(empleado)
    from soporte import services as soporte

    solicitud = soporte.crear_solicitud(servicio=Servicio.objects.get(clave="impresion-credenciales"),
                                        solicitante=empleados[0], asunto=f"Benchmark de {n} credenciales",
                                        cantidad=n)
    lote = services.crear_lote(solicitud, empleados, notas=f"bench-{n}")
    for i, c in enumerate(Credencial.objects.filter(lote=lote)):
        c.foto.save("f.jpg", ContentFile(fotos.silueta(i)), save=True)
    return lote


def _maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def medir(credenciales, formato, con_tracemalloc=False):
    """Tiempo sin tracemalloc (lo haría 2-3 veces más lento); la memoria de Python, en una pasada aparte."""
    from credenciales import documentos

    inicio = time.perf_counter()
    pdf = documentos.credenciales_pdf(credenciales, formato)
    segundos = time.perf_counter() - inicio
    resultado = {"segundos": segundos, "por_credencial": segundos / len(credenciales), "pdf_kb": len(pdf) / 1024,
                 "maxrss_mb": _maxrss_mb(), "pico_mb": None}
    if con_tracemalloc:
        del pdf
        tracemalloc.start()
        documentos.credenciales_pdf(credenciales, formato)
        resultado["pico_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return resultado


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--credenciales", type=int, default=200)
    parser.add_argument("--json", metavar="ARCHIVO")
    parser.add_argument("--formatos", default="cr80,carta", help="cr80, carta o ambos (por omisión).")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="Además, la memoria pico de Python (tracemalloc) en una pasada aparte.")
    _entorno.agregar_argumentos_bd(parser)
    opciones = parser.parse_args()
    url = _entorno.url_bd(opciones)
    _entorno.arrancar_django(url, debug=False)
    from credenciales.models import Credencial

    n = opciones.credenciales
    lote = preparar(n)
    todas = list(Credencial.objects.filter(lote=lote, estado="vigente").order_by("pk"))
    print(f"Base: {_entorno.describir_url(url)} · lote #{lote.pk} con {len(todas)} credenciales")
    from credenciales import documentos

    documentos.credenciales_pdf(todas[:1], "cr80")  # calentamiento: carga de WeasyPrint y fuentes
    resultados = {}
    print(f"Memoria del proceso antes de generar: {_maxrss_mb():.0f} MB")
    for formato in opciones.formatos.split(","):
        referencia = medir(todas[:REFERENCIA], formato)
        grande = medir(todas, formato, opciones.tracemalloc)
        resultados[formato] = {"referencia": referencia, "lote": grande}
        print(f"\n{formato.upper()}: referencia {REFERENCIA} → {referencia['segundos']:.2f} s "
              f"({referencia['por_credencial']:.3f} s/cred.)")
        pico = f" · pico Python {grande['pico_mb']:.0f} MB" if grande["pico_mb"] is not None else ""
        print(f"  {len(todas)} credenciales → {grande['segundos']:.1f} s · {grande['por_credencial']:.3f} s/cred. · "
              f"PDF {grande['pdf_kb'] / 1024:.1f} MB · máx. proceso {grande['maxrss_mb']:.0f} MB{pico}")
        print(f"  razón contra el compromiso (300 s/cred.): {grande['por_credencial'] / COMPROMISO_S:.5f}")
        print(f"  razón por credencial lote/referencia: {grande['por_credencial'] / referencia['por_credencial']:.2f}")
    if opciones.json:
        with open(opciones.json, "w", encoding="utf-8") as archivo:
            json.dump(resultados, archivo, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
