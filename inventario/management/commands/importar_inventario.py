"""Importa el inventario desde un .xlsx o .csv: sin --confirmar solo muestra la vista previa."""
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inventario import importacion as servicio


class Command(BaseCommand):
    help = "Importa equipos desde una hoja de Excel (.xlsx) o CSV. Sin --confirmar no escribe nada."

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Ruta del .xlsx o .csv")
        parser.add_argument("--confirmar", action="store_true", help="Escribir los cambios (todo o nada).")
        parser.add_argument("--solo-validas", action="store_true",
                            help="Con --confirmar: escribir solo las filas válidas aunque haya rechazadas.")
        parser.add_argument("--crear-catalogos", action="store_true",
                            help="Dar de alta las dependencias y resguardantes que no existan.")
        parser.add_argument("--usuario", help="Usuario al que se atribuye la importación (historial).")
        parser.add_argument("--json", action="store_true", help="Imprimir el resultado como un objeto JSON.")

    def handle(self, *args, **opciones):
        ruta = Path(opciones["archivo"])
        if not ruta.is_file():
            raise CommandError(f"No existe el archivo {ruta}.")
        limite = settings.SIGMA_IMPORTACION_MAX_MB * 1024 * 1024
        if ruta.stat().st_size > limite:
            raise CommandError(f"El archivo pesa más de {settings.SIGMA_IMPORTACION_MAX_MB} MB, el límite permitido.")
        usuario = None
        if opciones["usuario"]:
            usuario = get_user_model().objects.filter(username=opciones["usuario"]).first()
            if usuario is None:
                raise CommandError(f"No existe el usuario «{opciones['usuario']}».")
        # Sin guardar un Plan por fila: la vista previa solo cuenta; --confirmar analiza y escribe por bloques.
        analisis = servicio.Analisis()
        aplicada = None
        try:
            hojas = servicio.leer_libro(ruta.read_bytes(), ruta.name)
            if opciones["confirmar"]:
                aplicada = servicio.importar(hojas, usuario, solo_validas=opciones["solo_validas"],
                                             crear_catalogos=opciones["crear_catalogos"], archivo_nombre=ruta.name,
                                             analisis=analisis)
            else:
                analisis = servicio.analizar(hojas, crear_catalogos=opciones["crear_catalogos"],
                                             conservar_planes=False)
        except servicio.ArchivoInvalido as exc:
            raise CommandError(str(exc)) from exc
        except servicio.ImportacionRechazada as exc:
            if opciones["json"]:
                self.stdout.write(json.dumps(analisis.como_json(), ensure_ascii=False))
            raise CommandError(str(exc)) from exc
        if opciones["json"]:
            self.stdout.write(json.dumps(analisis.como_json(), ensure_ascii=False))
            return
        self._resumen(analisis, aplicada, opciones)

    def _resumen(self, analisis, aplicada, opciones):
        c = analisis.conteos()
        self.stdout.write(f"Nuevos: {c['nuevos']} · Cambiados: {c['cambiados']} · Sin cambios: {c['sin_cambios']} "
                          f"· Rechazados: {c['rechazados']}")
        for aviso in analisis.avisos:
            self.stdout.write(self.style.WARNING(f"Aviso: {aviso}"))
        for p in analisis.problemas:
            self.stdout.write(f"  Hoja «{p.hoja}», fila {p.fila}, columna «{p.columna}» ({p.valor!s}): {p.motivo}")
        nuevos = analisis.catalogos
        if nuevos["dependencias"] or nuevos["empleados"]:
            self.stdout.write("Se crearán: " + ", ".join(
                [f"dependencia «{d['nombre']}»" for d in nuevos["dependencias"].values()]
                + [f"resguardante «{e['nombre']}»" for e in nuevos["empleados"].values()]))
        if aplicada:
            self.stdout.write(self.style.SUCCESS(f"Importación #{aplicada.pk} aplicada."))
        elif not opciones["confirmar"]:
            self.stdout.write("Vista previa: no se escribió nada. Use --confirmar para importar.")
