from django.db import migrations

from comun.roles import asignar_permisos

PERMISOS = {"Director": ["reportes.ver_reportes"], "Administrador": ["reportes.ver_reportes"]}


def asignar(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("reportes", "0001_initial"),
        ("comun", "0002_roles_y_horario"),
    ]

    operations = [migrations.RunPython(asignar, migrations.RunPython.noop)]
