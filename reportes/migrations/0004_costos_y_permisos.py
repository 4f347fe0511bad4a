"""Costos de reposición iniciales (MXN con IVA, referencia de compras municipales 2025-2026; editables en el
admin) y permisos del Administrador sobre ellos."""
from decimal import Decimal

from django.db import migrations

from comun.roles import asignar_permisos

COSTOS = [
    ("PC de escritorio", "18000"),
    ("Laptop", "22000"),
    ("Servidor", "95000"),
    ("Impresora", "6500"),
    ("Multifuncional", "14000"),
    ("Switch", "9000"),
    ("Router", "7000"),
    ("Access point", "3500"),
    ("UPS", "3000"),
    ("Teléfono IP", "2800"),
    ("Proyector", "12000"),
]
REFERENCIA = "Valor inicial de SIGMA (precio típico 2026); actualícelo con una cotización."
PERMISOS = {"Administrador": [f"reportes.{accion}_costoreposicion" for accion in ("add", "change", "delete", "view")]}


def crear(apps, schema_editor):
    TipoEquipo = apps.get_model("inventario", "TipoEquipo")
    CostoReposicion = apps.get_model("reportes", "CostoReposicion")
    tipos = dict(TipoEquipo.objects.filter(nombre__in=[n for n, _ in COSTOS]).values_list("nombre", "pk"))
    for nombre, costo in COSTOS:
        if nombre in tipos:
            CostoReposicion.objects.get_or_create(tipo_id=tipos[nombre],
                                                  defaults={"costo": Decimal(costo), "referencia": REFERENCIA})
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("reportes", "0003_costo_reposicion"),
        ("comun", "0002_roles_y_horario"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
