"""Genera (si no existe) el reporte mensual de un mes cerrado: ``manage.py generar_reporte_mensual 2026-10``."""
import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError

from reportes import services
from reportes.trabajos import ErrorExportacion


def mes_de_texto(texto: str) -> dt.date:
    coincide = re.fullmatch(r"(\d{4})-(\d{1,2})", (texto or "").strip())
    if not coincide or not 1 <= int(coincide[2]) <= 12 or int(coincide[1]) < 2000:
        raise CommandError(f"Mes inválido «{texto}»: use AAAA-MM, por ejemplo 2026-10.")
    return dt.date(int(coincide[1]), int(coincide[2]), 1)


class Command(BaseCommand):
    help = "Genera el reporte mensual (Excel y PDF del tablero) de un mes ya cerrado; sin mes, el anterior."

    def add_arguments(self, parser):
        parser.add_argument("mes", nargs="?", help="AAAA-MM (por omisión, el mes anterior)")

    def handle(self, *args, mes=None, **options):
        try:
            if mes is None:
                reporte, creado = services.generar_mes_anterior()
            else:
                reporte, creado = services.generar_mensual(mes_de_texto(mes))
        except ErrorExportacion as exc:
            raise CommandError(str(exc)) from None
        if creado:
            self.stdout.write(self.style.SUCCESS(f"{reporte}: generado."))
        else:
            self.stdout.write(f"{reporte}: ya existía (generado el {reporte.generado:%d/%m/%Y %H:%M}); no se cambia.")
