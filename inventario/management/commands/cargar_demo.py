"""Carga un municipio de demostración (dependencias, empleados, equipos, interfaces y resguardos)."""
import time

from django.core.management.base import BaseCommand, CommandError

from comun import demo
from inventario.demo import generar

ETIQUETAS = [
    ("dependencias", "Dependencias"),
    ("ubicaciones", "Ubicaciones"),
    ("marcas", "Marcas"),
    ("modelos", "Modelos"),
    ("empleados", "Empleados"),
    ("equipos", "Equipos"),
    ("interfaces", "Interfaces de red"),
    ("movimientos", "Movimientos de resguardo"),
]


def _no_negativo(texto):
    valor = int(texto)
    if valor < 0:
        raise ValueError(texto)
    return valor


class Command(BaseCommand):
    help = (
        "Carga datos de demostración de un Ayuntamiento de Ocotlán. Con los mismos argumentos genera "
        "siempre los mismos datos y una segunda corrida no crea ni cambia nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("--semilla", type=int, default=2026, help="Semilla aleatoria (por omisión 2026).")
        parser.add_argument(
            "--empleados", type=_no_negativo, default=300, help="Empleados (por omisión 300)."
        )
        parser.add_argument("--equipos", type=_no_negativo, default=800, help="Equipos (por omisión 800).")
        parser.add_argument(
            "--dependencias", type=_no_negativo, default=None,
            help="Dependencias (por omisión el catálogo completo; más agrega delegaciones y agencias).",
        )
        parser.add_argument(
            "--sin-historial", action="store_true",
            help="No registrar el historial «Creado» de equipos e interfaces (más rápido).",
        )

    def handle(self, *args, **opciones):
        if opciones["dependencias"] == 0:
            raise CommandError("Se necesita al menos una dependencia.")
        inicio = time.monotonic()
        creados = generar(
            semilla=opciones["semilla"],
            dependencias=opciones["dependencias"],
            empleados=opciones["empleados"],
            equipos=opciones["equipos"],
            stdout=self.stdout if opciones["verbosity"] >= 2 else None,
            con_historial=not opciones["sin_historial"],
        )
        # Después del municipio, lo de las demás apps (solicitudes, planes, escaneos...), en su orden.
        etiquetas = list(ETIQUETAS)
        for generador in demo.generadores():
            for etiqueta, nuevos in generador.funcion(semilla=opciones["semilla"]).items():
                creados[etiqueta] = nuevos
                etiquetas.append((etiqueta, etiqueta))
        segundos = time.monotonic() - inicio
        if not any(creados.values()):
            self.stdout.write(self.style.WARNING(
                "Los datos de demostración ya existían: no se creó ni se cambió nada."
            ))
            return
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración cargados en {segundos:.1f} s:"))
        ancho = max(len(etiqueta) for _, etiqueta in etiquetas)
        for clave, etiqueta in etiquetas:
            self.stdout.write(f"  {etiqueta:<{ancho}}  {creados[clave]:>7,} nuevos")
