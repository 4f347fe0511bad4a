"""Respaldo completo de SIGMA (base de datos + media + manifiesto) en un .tar.gz, con retención."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.template.defaultfilters import filesizeformat

from comun import respaldos


def resumen(manifiesto: dict) -> str:
    sigma = manifiesto.get("sigma") or {}
    version = sigma.get("version") or "?"
    if sigma.get("commit"):
        version += f" ({sigma['commit'][:12]})"
    return (
        f"creado {manifiesto['creado']} · SIGMA {version} · {manifiesto['motor']} · "
        f"{len(manifiesto['tablas'])} tablas, {sum(manifiesto['tablas'].values()):,} filas · "
        f"{manifiesto['media']['archivos']:,} archivos de media"
    )


class Command(BaseCommand):
    help = (
        "Respalda la base de datos (copia en línea de SQLite o pg_dump) y media/ en un solo archivo .tar.gz con "
        "manifiesto y sumas sha256; borra los más viejos y deja los N más nuevos. Con --verificar ARCHIVO solo "
        "revisa un respaldo existente."
    )
    requires_system_checks = []  # un respaldo no debe depender de que todo lo demás esté en orden

    def add_arguments(self, parser):
        parser.add_argument(
            "--destino", type=Path, default=None,
            help="Directorio de los respaldos (por omisión SIGMA_RESPALDOS_DIR).",
        )
        parser.add_argument(
            "--conservar", type=int, default=None,
            help="Cuántos respaldos conservar (por omisión SIGMA_RESPALDOS_CONSERVAR).",
        )
        parser.add_argument("--verificar", metavar="ARCHIVO", help="Solo verificar este respaldo (no crea nada).")
        parser.add_argument("--listar", action="store_true", help="Listar los respaldos del directorio.")

    def handle(self, *args, **opciones):
        destino = opciones["destino"] or Path(settings.SIGMA_RESPALDOS_DIR)
        try:
            if opciones["verificar"]:
                manifiesto = respaldos.verificar(opciones["verificar"])
                self.stdout.write(self.style.SUCCESS(f"Respaldo íntegro: {resumen(manifiesto)}."))
                return
            if opciones["listar"]:
                archivos = respaldos.listar(destino)
                for ruta in archivos:
                    self.stdout.write(f"{ruta}  {filesizeformat(ruta.stat().st_size)}")
                self.stdout.write(f"{len(archivos)} respaldos en {destino}.")
                return
            conservar = opciones["conservar"]
            if conservar is None:
                conservar = settings.SIGMA_RESPALDOS_CONSERVAR
            if conservar < 1:
                raise CommandError("--conservar debe ser 1 o mayor.")
            resultado = respaldos.crear(destino, conservar=conservar)
        except respaldos.RespaldoInvalido as exc:
            raise CommandError(str(exc))
        except DatabaseError as exc:
            raise CommandError(f"No se pudo usar la base de datos: {exc}".strip())
        tamano = filesizeformat(resultado.archivo.stat().st_size)
        self.stdout.write(self.style.SUCCESS(f"Respaldo creado: {resultado.archivo} ({tamano})."))
        self.stdout.write(f"  {resumen(resultado.manifiesto)}; {resultado.manifiesto['segundos']} s.")
        for ruta in resultado.borrados:
            self.stdout.write(f"  Borrado por retención: {ruta.name}")
