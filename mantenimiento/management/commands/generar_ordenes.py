"""Genera las órdenes de mantenimiento preventivo que ya deben estar en las listas (idempotente)."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mantenimiento import services


def leer_fecha(texto):
    for formato in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(texto.strip(), formato).date()
        except ValueError:
            continue
    raise CommandError(f"Fecha inválida «{texto}»: use AAAA-MM-DD o dd/mm/aaaa.")


class Command(BaseCommand):
    help = "Crea las órdenes preventivas que vencen (menos su anticipación) hasta hoy o hasta --hasta."

    def add_arguments(self, parser):
        parser.add_argument("--hasta", help="Generar como si hoy fuera esta fecha (AAAA-MM-DD); no antes de hoy.")

    def handle(self, *args, hasta=None, **options):
        hoy = timezone.localdate()
        limite = leer_fecha(hasta) if hasta else hoy
        if limite < hoy:
            raise CommandError(f"--hasta ({limite:%d/%m/%Y}) no puede ser anterior a hoy ({hoy:%d/%m/%Y}).")
        resumen = services.generar_ordenes(hoy=hoy, hasta=limite)
        self.stdout.write(
            f"Planes activos: {resumen['planes']}. Órdenes creadas: {resumen['creadas']}. "
            f"Canceladas (baja o fuera del alcance): {resumen['canceladas']}."
        )
