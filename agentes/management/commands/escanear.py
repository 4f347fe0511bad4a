"""`manage.py escanear SEGMENTO`: escanea ahora un segmento (por nombre o id), en primer plano."""
from django.core.management.base import BaseCommand, CommandError

from agentes import services
from agentes.models import Escaneo, Segmento


class Command(BaseCommand):
    help = "Escanea un segmento de red (por nombre o id) con nmap y coteja el resultado con el inventario."

    def add_arguments(self, parser):
        parser.add_argument("segmento", help="nombre o id del segmento")

    def handle(self, *args, **options):
        clave = options["segmento"].strip()
        segmento = Segmento.objects.filter(nombre__iexact=clave).first()
        if segmento is None and clave.isdigit():
            segmento = Segmento.objects.filter(pk=int(clave)).first()
        if segmento is None:
            nombres = ", ".join(Segmento.objects.values_list("nombre", flat=True)[:20]) or "ninguno"
            raise CommandError(f"No existe el segmento «{clave}». Segmentos: {nombres}.")
        try:
            escaneo = services.crear_escaneo(segmento)
        except services.AccionNoPermitida as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Escaneando {segmento} (escaneo {escaneo.pk})…")
        services.ejecutar_escaneo(escaneo.pk)
        escaneo = Escaneo.objects.get(pk=escaneo.pk)
        if escaneo.estado != "completado":
            raise CommandError(f"Escaneo {escaneo.get_estado_display().lower()}: {escaneo.error}")
        self.stdout.write(self.style.SUCCESS(
            f"{escaneo.hosts_activos} hosts activos; resumen: {escaneo.resumen}"))
        if escaneo.advertencias:
            self.stdout.write(self.style.WARNING(escaneo.advertencias))
