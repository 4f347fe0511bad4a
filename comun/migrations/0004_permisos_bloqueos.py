"""El Administrador (sin ser superusuario) ve y borra los bloqueos de inicio de sesión de django-axes en /admin/:
borrar el intento desbloquea al usuario antes de que venza el enfriamiento. Los registros de accesos, solo verlos."""
from django.db import migrations

from comun.roles import asignar_permisos

PERMISOS = {
    "Administrador": ["axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accesslog",
                      "axes.view_accessfailurelog"],
}


def dar(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("comun", "0003_dia_calendario"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(dar, migrations.RunPython.noop)]
