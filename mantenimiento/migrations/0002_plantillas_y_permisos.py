"""Plantillas de lista de verificación iniciales y los permisos de mantenimiento de cada rol."""
from django.db import migrations

from comun.roles import asignar_permisos

# (texto, tipo, mínimo, máximo, unidad, opciones, opciones_falla, ayuda)
PLANTILLAS = {
    "PC de escritorio / laptop": (
        "Mantenimiento preventivo de equipo de cómputo (manual de servicios de la DIG).",
        [
            ("Limpieza física externa (gabinete, teclado, ratón, monitor)", "check", None, None, "", "", "", ""),
            ("Limpieza física interna (polvo en tarjeta madre, disipador y fuente)", "check", None, None, "", "", "",
             "Con aire comprimido y brocha antiestática; equipo apagado y desconectado."),
            ("Revisión de ventiladores (giran sin ruido)", "pasa_falla", None, None, "", "", "", ""),
            ("Actualización del sistema operativo", "pasa_falla", None, None, "", "", "",
             "Windows Update / apt sin actualizaciones pendientes."),
            ("Antivirus actualizado y análisis completo sin amenazas", "pasa_falla", None, None, "", "", "", ""),
            ("Espacio libre en disco", "numero", 15, None, "%", "", "", "Mínimo 15 % libre en la unidad del sistema."),
            ("Estado del disco (SMART)", "opcion", None, None, "", "Bueno\nAdvertencia\nFalla", "Advertencia\nFalla",
             ""),
            ("Respaldo de información del usuario", "opcion", None, None, "",
             "Realizado\nNo requerido\nEl usuario no lo autorizó", "", ""),
            ("Revisión de cables de corriente y de red", "pasa_falla", None, None, "", "", "", ""),
            ("Revisión del no-break (UPS): batería y respaldo", "pasa_falla", None, None, "", "", "", ""),
            ("Temperatura del procesador en reposo", "numero", None, 70, "°C", "", "", ""),
            ("Hallazgos o recomendaciones", "texto", None, None, "", "", "", ""),
        ],
    ),
    "Impresora": (
        "Mantenimiento preventivo de impresoras y multifuncionales.",
        [
            ("Limpieza externa y de bandejas", "check", None, None, "", "", "", ""),
            ("Limpieza interna (rodillos, trayecto del papel)", "check", None, None, "", "", "", ""),
            ("Nivel de tóner o tinta", "numero", 10, 100, "%", "", "",
             "Si está por debajo de 10 % se solicita consumible."),
            ("Estado de rodillos de arrastre", "opcion", None, None, "", "Bueno\nDesgastado\nDañado", "Dañado", ""),
            ("Página de prueba sin defectos", "pasa_falla", None, None, "", "", "", ""),
            ("Conexión de red o USB y cola de impresión", "pasa_falla", None, None, "", "", "", ""),
            ("Contador de páginas", "numero", None, None, "páginas", "", "", ""),
            ("Observaciones", "texto", None, None, "", "", "", ""),
        ],
    ),
    "Equipo de red": (
        "Mantenimiento preventivo de switches, routers y puntos de acceso.",
        [
            ("Limpieza de polvo y revisión de ventilación del gabinete", "check", None, None, "", "", "", ""),
            ("Revisión de cableado y etiquetado de puertos", "pasa_falla", None, None, "", "", "", ""),
            ("LEDs de estado y puertos sin errores", "pasa_falla", None, None, "", "", "", ""),
            ("Firmware en versión vigente", "pasa_falla", None, None, "", "", "", ""),
            ("Respaldo de la configuración", "check", None, None, "", "", "", ""),
            ("Temperatura del equipo", "numero", None, 60, "°C", "", "", ""),
            ("No-break del rack", "opcion", None, None, "", "Bueno\nBatería baja\nSin no-break", "Batería baja", ""),
            ("Observaciones", "texto", None, None, "", "", "", ""),
        ],
    ),
}

MODELOS = ["plantillachecklist", "itemchecklist", "planmantenimiento", "ordenmantenimiento", "resultadoitem",
           "refaccionorden"]
VER = [f"mantenimiento.view_{m}" for m in MODELOS]
PERMISOS = {
    "Mesa de ayuda": VER,
    "Técnico": VER + [
        "mantenimiento.change_ordenmantenimiento",
        "mantenimiento.change_resultadoitem",
        "mantenimiento.add_refaccionorden", "mantenimiento.change_refaccionorden",
        "mantenimiento.delete_refaccionorden",
    ],
    "Director": VER + [
        "mantenimiento.supervisar_ordenes", "mantenimiento.reasignar_ordenes", "mantenimiento.generar_ordenes",
    ],
    "Administrador": [
        f"mantenimiento.{accion}_{modelo}" for modelo in MODELOS for accion in ("add", "change", "delete", "view")
    ] + ["mantenimiento.supervisar_ordenes", "mantenimiento.reasignar_ordenes", "mantenimiento.generar_ordenes"],
}


def crear(apps, schema_editor):
    Plantilla = apps.get_model("mantenimiento", "PlantillaChecklist")
    Item = apps.get_model("mantenimiento", "ItemChecklist")
    for nombre, (descripcion, items) in PLANTILLAS.items():
        plantilla, creada = Plantilla.objects.get_or_create(nombre=nombre, defaults={"descripcion": descripcion})
        if not creada:
            continue
        Item.objects.bulk_create([
            Item(plantilla=plantilla, orden=n, texto=texto, tipo=tipo, minimo=minimo, maximo=maximo, unidad=unidad,
                 opciones=opciones, opciones_falla=falla, ayuda=ayuda, obligatorio=tipo != "texto")
            for n, (texto, tipo, minimo, maximo, unidad, opciones, falla, ayuda) in enumerate(items, start=1)
        ])
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("mantenimiento", "0001_initial"),
        ("comun", "0002_roles_y_horario"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
