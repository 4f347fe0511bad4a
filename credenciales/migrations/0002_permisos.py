"""Permisos de credenciales por rol.

Mesa de ayuda y Técnico arman lotes, suben fotos, imprimen, entregan, revocan y reimprimen; el Director solo
consulta; el Administrador tiene todo (también los modelos en el admin).
"""
from django.db import migrations

from comun.roles import asignar_permisos

VER = ["credenciales.view_loteimpresion", "credenciales.view_credencial"]
OPERAR = VER + [
    "credenciales.add_loteimpresion", "credenciales.change_loteimpresion", "credenciales.change_credencial",
    "credenciales.imprimir_credencial", "credenciales.revocar_credencial",
]
PERMISOS = {
    "Mesa de ayuda": OPERAR,
    "Técnico": OPERAR,
    "Director": VER,
    "Administrador": [
        f"credenciales.{accion}_{modelo}"
        for modelo in ("loteimpresion", "credencial")
        for accion in ("add", "change", "delete", "view")
    ] + ["credenciales.imprimir_credencial", "credenciales.revocar_credencial"],
}


def dar_permisos(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("credenciales", "0001_inicial"),
        ("comun", "0002_roles_y_horario"),
    ]

    operations = [migrations.RunPython(dar_permisos, migrations.RunPython.noop)]
