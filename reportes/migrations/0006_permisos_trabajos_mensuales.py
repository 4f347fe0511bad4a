from django.db import migrations

from comun.roles import asignar_permisos

MODELOS = ("trabajoexportacion", "reportemensual")
PERMISOS = {"Administrador": [f"reportes.{accion}_{m}" for m in MODELOS
                              for accion in ("add", "change", "delete", "view")]}


def asignar(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [("reportes", "0005_trabajoexportacion_reportemensual")]

    operations = [migrations.RunPython(asignar, migrations.RunPython.noop)]
