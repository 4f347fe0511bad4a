"""Tipos de equipo iniciales y los permisos de inventario de cada rol."""
from django.db import migrations

from comun.roles import asignar_permisos

TIPOS = [
    ("PC de escritorio", "computo", 36),
    ("Laptop", "computo", 36),
    ("Servidor", "computo", 36),
    ("Impresora", "impresion", 60),
    ("Multifuncional", "impresion", 60),
    ("Switch", "red", 60),
    ("Router", "red", 60),
    ("Access point", "red", 60),
    ("UPS", "otro", 60),
    ("Teléfono IP", "red", 60),
    ("Proyector", "otro", 60),
    ("Otro", "otro", 60),
]

VER = ["inventario.view_equipo", "inventario.view_tipoequipo", "inventario.view_marca",
       "inventario.view_modelo", "inventario.view_interfazred", "inventario.view_movimientoresguardo"]
PERMISOS = {
    "Mesa de ayuda": VER,
    "Técnico": VER + ["inventario.change_equipo", "inventario.add_interfazred",
                      "inventario.change_interfazred", "inventario.delete_interfazred"],
    "Director": VER,
    "Administrador": [
        f"inventario.{accion}_{modelo}"
        for modelo in ("equipo", "tipoequipo", "marca", "modelo", "interfazred", "movimientoresguardo")
        for accion in ("add", "change", "delete", "view")
    ] + ["inventario.transferir_equipo", "inventario.dar_baja_equipo"],
}


def crear(apps, schema_editor):
    TipoEquipo = apps.get_model("inventario", "TipoEquipo")
    for nombre, categoria, meses in TIPOS:
        TipoEquipo.objects.get_or_create(
            nombre=nombre, defaults={"categoria": categoria, "vida_util_meses": meses}
        )
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("inventario", "0001_initial"),
        ("comun", "0002_roles_y_horario"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
