"""Permisos de agentes para cada rol."""
from django.db import migrations

from comun.roles import asignar_permisos

MODELOS = ["segmento", "escaneo", "hostdescubierto", "revision", "macignorada", "credencialagente", "agente",
           "software", "instalacionsoftware", "campoagente"]
VER = ["agentes.view_segmento", "agentes.view_escaneo", "agentes.view_hostdescubierto", "agentes.view_revision",
       "agentes.view_agente", "agentes.view_software", "agentes.view_instalacionsoftware"]
PERMISOS = {
    "Técnico": VER + ["agentes.resolver_revision", "agentes.add_macignorada"],
    "Director": VER,
    "Administrador": [f"agentes.{accion}_{modelo}" for modelo in MODELOS
                      for accion in ("add", "change", "delete", "view")]
    + ["agentes.escanear_segmento", "agentes.resolver_revision"],
}


def asignar(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("agentes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(asignar, migrations.RunPython.noop)]
