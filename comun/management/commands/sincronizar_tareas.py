"""Sincroniza las tareas programadas de django-q2 con las declaradas en el código.

Cada app puede tener en `<app>/tasks.py` una lista PROGRAMADAS; esta orden crea o actualiza cada
una (por nombre) y borra las que ya no están declaradas. Idempotente: se corre en cada despliegue.
Claves: nombre, funcion, tipo (D diaria, H cada hora, I cada «minutos», M mensual...), hora «HH:MM», minutos,
cron y, para tipo M, dia (1–28): la primera ejecución cae ese día del mes y django-q2 suma un mes cada vez.
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


def _siguiente(hora: str | None, dia: int | None = None, ahora: datetime | None = None):
    """Próxima ejecución: hoy (o mañana) a ``hora``; con ``dia`` (1–28), ese día del mes (este o el siguiente)."""
    ahora = ahora or datetime.now(ZoneInfo(settings.TIME_ZONE))
    if not hora and not dia:
        return ahora
    hh, mm = (int(x) for x in (hora or "00:00").split(":"))
    momento = ahora.replace(hour=hh, minute=mm, second=0, microsecond=0)
    if dia is None:
        return momento if momento > ahora else momento + timedelta(days=1)
    momento = momento.replace(day=dia)
    if momento <= ahora:
        anio, mes = (ahora.year + 1, 1) if ahora.month == 12 else (ahora.year, ahora.month + 1)
        momento = momento.replace(year=anio, month=mes)
    return momento


def _validar(decl):
    """Un error claro si una declaración no tiene sentido (p. ej. «dia» sin tipo mensual)."""
    dia = decl.get("dia")
    if dia is not None and (decl["tipo"] != Schedule.MONTHLY or not isinstance(dia, int) or not 1 <= dia <= 28):
        raise CommandError(f"La tarea «{decl['nombre']}»: «dia» va de 1 a 28 y solo con tipo mensual (\"M\").")


def _fuera_de_dia(programacion, decl):
    """Una programación mensual cuya próxima ejecución no cae en el «dia» declarado (p. ej. si cambió el día)."""
    dia = decl.get("dia")
    if not dia or programacion.next_run is None:
        return False
    return programacion.next_run.astimezone(ZoneInfo(settings.TIME_ZONE)).day != dia


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
            _validar(decl)
            valores = {
                "func": decl["funcion"],
                "schedule_type": decl["tipo"],
                "minutes": decl.get("minutos"),
                "cron": decl.get("cron"),
                "repeats": -1,
            }
            programacion = Schedule.objects.filter(name=nombre).first()
            if programacion is None:
                Schedule.objects.create(name=nombre, next_run=_siguiente(decl.get("hora"), decl.get("dia")),
                                        **valores)
                self.stdout.write(f"Creada: {nombre}")
            elif any(getattr(programacion, k) != v for k, v in valores.items()) or _fuera_de_dia(programacion, decl):
                if programacion.schedule_type != decl["tipo"] or _fuera_de_dia(programacion, decl):
                    programacion.next_run = _siguiente(decl.get("hora"), decl.get("dia"))
                for campo, valor in valores.items():
                    setattr(programacion, campo, valor)
                programacion.save()
                self.stdout.write(f"Actualizada: {nombre}")
        huerfanas = Schedule.objects.filter(name__startswith=PREFIJO).exclude(name__in=nombres)
        for programacion in huerfanas:
            self.stdout.write(f"Borrada (ya no declarada): {programacion.name}")
        huerfanas.delete()
        self.stdout.write(self.style.SUCCESS(f"{len(nombres)} tareas programadas al día."))
