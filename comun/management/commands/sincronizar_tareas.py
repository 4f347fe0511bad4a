"""Sincroniza las tareas programadas de django-q2 con las declaradas en el código.

Cada app puede tener en `<app>/tasks.py` una lista PROGRAMADAS; esta orden crea o actualiza cada
una (por nombre) y borra las que ya no están declaradas. Idempotente: se corre en cada despliegue.
"""
from datetime import datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_q.models import Schedule

PREFIJO = "sigma · "


def programaciones_declaradas():
    declaradas = []
    for config in apps.get_app_configs():
        try:
            modulo = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
            continue
        declaradas.extend(getattr(modulo, "PROGRAMADAS", []))
    return declaradas


def _siguiente(hora: str | None):
    zona = ZoneInfo(settings.TIME_ZONE)
    ahora = datetime.now(zona)
    if not hora:
        return ahora
    hh, mm = (int(x) for x in hora.split(":"))
    momento = ahora.replace(hour=hh, minute=mm, second=0, microsecond=0)
    return momento if momento > ahora else momento + timedelta(days=1)


class Command(BaseCommand):
    help = "Crea, actualiza y borra las tareas programadas de django-q2 según lo declarado en el código."

    @transaction.atomic
    def handle(self, *args, **options):
        nombres = set()
        for decl in programaciones_declaradas():
            nombre = PREFIJO + decl["nombre"]
            if nombre in nombres:
                raise CommandError(f"La tarea «{decl['nombre']}» está declarada dos veces.")
            nombres.add(nombre)
            valores = {
                "func": decl["funcion"],
                "schedule_type": decl["tipo"],
                "minutes": decl.get("minutos"),
                "cron": decl.get("cron"),
                "repeats": -1,
            }
            programacion = Schedule.objects.filter(name=nombre).first()
            if programacion is None:
                Schedule.objects.create(name=nombre, next_run=_siguiente(decl.get("hora")), **valores)
                self.stdout.write(f"Creada: {nombre}")
            elif any(getattr(programacion, k) != v for k, v in valores.items()):
                for campo, valor in valores.items():
                    setattr(programacion, campo, valor)
                programacion.save()
                self.stdout.write(f"Actualizada: {nombre}")
        huerfanas = Schedule.objects.filter(name__startswith=PREFIJO).exclude(name__in=nombres)
        for programacion in huerfanas:
            self.stdout.write(f"Borrada (ya no declarada): {programacion.name}")
        huerfanas.delete()
        self.stdout.write(self.style.SUCCESS(f"{len(nombres)} tareas programadas al día."))
