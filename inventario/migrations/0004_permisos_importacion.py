"""El Administrador consulta las importaciones y corrige los mapeos de columnas recordados."""
from django.db import migrations

from comun.roles import asignar_permisos

PERMISOS = {
    "Administrador": [
        "inventario.view_importacion",
        "inventario.view_importacionequipo",
        "inventario.view_mapeocolumnas",
        "inventario.change_mapeocolumnas",
        "inventario.delete_mapeocolumnas",
    ],
}


def asignar(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [("inventario", "0003_importacion")]

    operations = [migrations.RunPython(asignar, migrations.RunPython.noop)]
