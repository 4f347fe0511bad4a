"""Crea los cuatro roles con los permisos de comun y el horario de oficina del manual (L–V 09:00–15:00)."""
import datetime

from django.db import migrations

from comun.roles import asignar_permisos

VER = ["comun.view_dependencia", "comun.view_ubicacion", "comun.view_empleado"]
PERMISOS = {
    "Mesa de ayuda": VER + ["comun.add_empleado", "comun.change_empleado"],
    "Técnico": VER,
    "Director": VER + ["comun.view_horariooficina", "comun.view_diainhabil"],
    "Administrador": [
        f"comun.{accion}_{modelo}"
        for modelo in ("dependencia", "ubicacion", "empleado", "horariooficina", "diainhabil")
        for accion in ("add", "change", "delete", "view")
    ] + ["auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group"],
}


def crear(apps, schema_editor):
    asignar_permisos(apps, PERMISOS)
    HorarioOficina = apps.get_model("comun", "HorarioOficina")
    for dia in range(5):
        HorarioOficina.objects.get_or_create(
            dia_semana=dia,
            defaults={"hora_inicio": datetime.time(9, 0), "hora_fin": datetime.time(15, 0)},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comun", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
