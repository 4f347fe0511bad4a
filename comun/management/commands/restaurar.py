"""Restaura un respaldo de SIGMA (base de datos + media), verificándolo antes de tocar nada."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from comun import respaldos
from comun.management.commands.respaldar import resumen

PALABRA = "restaurar"


class Command(BaseCommand):
    help = (
        "Restaura un respaldo hecho con «respaldar»: verifica sumas sha256, motor y migraciones; si algo no cuadra "
        "se niega sin tocar nada. Reemplaza TODA la base de datos y media/. Detenga antes gunicorn y qcluster."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Archivo .tar.gz del respaldo (o «ultimo»: el más nuevo del directorio).")
        parser.add_argument("--si", action="store_true", help="No pedir confirmación.")
        parser.add_argument(
            "--comprobar", action="store_true",
            help="Solo comprobar que el respaldo está íntegro y se puede restaurar aquí (no cambia nada).",
        )
        parser.add_argument(
            "--sin-respaldo-previo", action="store_true",
            help="No respaldar el estado actual antes de restaurar (por omisión se guarda en el directorio de "
                 "respaldos como sigma-antes-de-restaurar-*.tar.gz).",
        )

    def _archivo(self, nombre):
        if nombre != "ultimo":
            return Path(nombre)
        archivos = respaldos.listar(Path(settings.SIGMA_RESPALDOS_DIR))
        if not archivos:
            raise CommandError(f"No hay respaldos en {settings.SIGMA_RESPALDOS_DIR}.")
        return archivos[-1]

    def _confirmar(self, manifiesto, avisos):
        self.stdout.write(f"Respaldo: {resumen(manifiesto)}.")
        for aviso in avisos:
            self.stdout.write(self.style.WARNING(aviso))
        if self.si:
            return True
        self.stdout.write(self.style.WARNING(
            "Esto REEMPLAZA toda la base de datos y los archivos de media por los del respaldo."
        ))
        try:
            respuesta = input(f"Escriba «{PALABRA}» para continuar: ")
        except EOFError:
            return False
        return respuesta.strip().lower() == PALABRA

    def handle(self, *args, **opciones):
        archivo = self._archivo(opciones["archivo"])
        self.si = opciones["si"]
        try:
            if opciones["comprobar"]:
                manifiesto, avisos = respaldos.comprobar(archivo)
                for aviso in avisos:
                    self.stdout.write(self.style.WARNING(aviso))
                self.stdout.write(self.style.SUCCESS(f"Respaldo íntegro y restaurable aquí: {resumen(manifiesto)}."))
                return
            previo = None if opciones["sin_respaldo_previo"] else Path(settings.SIGMA_RESPALDOS_DIR)
            resultado = respaldos.restaurar(archivo, confirmar=self._confirmar, respaldo_previo_en=previo)
        except respaldos.RespaldoInvalido as exc:
            raise CommandError(str(exc))
        except DatabaseError as exc:
            raise CommandError(f"No se pudo usar la base de datos: {exc}".strip())
        if resultado["previo"]:
            self.stdout.write(f"Estado anterior guardado en {resultado['previo']}.")
        self.stdout.write(self.style.SUCCESS(
            f"Respaldo restaurado en {resultado['segundos']} s: {resultado['tablas']} tablas y "
            f"{resultado['filas']:,} filas, iguales al manifiesto."
        ))
        for aviso in resultado["avisos"]:
            self.stdout.write(self.style.WARNING(aviso))
