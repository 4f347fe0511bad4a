"""Los seis servicios del manual (con sus textos) y los permisos de la mesa de servicio por rol."""
from django.db import migrations

from comun.roles import asignar_permisos

LUGAR = (
    "Para la recepción de quejas y denuncias podrá acudir a la oficina de Innovación Gubernamental, o vía "
    "telefónica al 925 99 40 ext. 1004. Domicilio: Hidalgo #65 al interior Presidencia Municipal (planta alta). "
    "Colonia: Centro. Horario: De lunes a viernes de 09:00 a 15:00 horas."
)
SOLICITUD_DIG = (
    "1. Solicitud: Presentar o formular la solicitud vía telefónica o por escrito, a la Dirección de "
    "Innovación Gubernamental."
)
QUEJA_COORDINACION = "Acudir a Coordinación general de innovación gubernamental a levantar la queja o reporte."
QUEJA_DIRECCION = "Acudir a Dirección General de Innovación Gubernamental a levantar la queja o reporte."
PREVENTIVA = (
    "Manera eficiente a través de la cual el usuario puede ejecutar la solución preventiva al área en cuestión "
    "para una problemática técnica que pueda disminuir o eliminar la interrupción de las actividades."
)
DERIVACION = "Atención inmediata para su derivación a las áreas que correspondan."

# «Atención inmediata» se mide como 30 minutos hábiles; soporte técnico lleva además una meta interna de
# resolución de 2 días hábiles (12 h hábiles). Ambas son editables por el Administrador.
SERVICIOS = [
    {
        "clave": "mantenimiento-preventivo", "nombre": "Mantenimiento preventivo", "orden": 1,
        "descripcion": "Realizar actividades de mantenimiento programadas regularmente para ayudar a prevenir "
                       "fallos inesperados en el futuro.",
        "requisitos": SOLICITUD_DIG, "vigencia": "No aplica.", "caracteristicas": PREVENTIVA,
        "temporalidad": DERIVACION, "costo": "No aplica.", "mecanismo_incumplimiento": QUEJA_COORDINACION,
        "reloj_inicial": "asignacion", "minutos_iniciales": 30, "tipo_resolucion": "ninguno",
    },
    {
        "clave": "soporte-tecnico", "nombre": "Soporte técnico", "orden": 2,
        "descripcion": "Brindar asistencia técnica para dar solución a problemas técnicos en equipos de cómputo "
                       "y software.",
        "requisitos": SOLICITUD_DIG, "vigencia": "No aplica.",
        "caracteristicas": "Manera eficiente a través de la cual el usuario puede ejecutar la solución al área en "
                           "cuestión una problemática técnica que le aqueje en particular.",
        "temporalidad": DERIVACION, "costo": "No aplica", "mecanismo_incumplimiento": QUEJA_COORDINACION,
        "reloj_inicial": "asignacion", "minutos_iniciales": 30, "tipo_resolucion": "fijo",
        "minutos_resolucion": 720,
    },
    {
        "clave": "impresion-credenciales", "nombre": "Impresión de credenciales", "orden": 3,
        "descripcion": "Impresión de credenciales oficiales para los empleados del Gobierno Municipal de Ocotlán "
                       "Jalisco y elementos adscritos a la Comisaría de la Policía Preventiva y Vialidad Municipal, "
                       "para su identificación.",
        "requisitos": "1. Solicitud: Presentar o formular la solicitud por escrito, a la Dirección de "
                      "Administración y Recurso Humanos.",
        "vigencia": "Al final de la administración.",
        "caracteristicas": "Manera eficiente a través de la cual el usuario puede ejecutar la expedición de las "
                           "credenciales al área en cuestión.",
        "temporalidad": "5 minutos por cada credencial.", "costo": "No aplica",
        "mecanismo_incumplimiento": QUEJA_DIRECCION,
        "reloj_inicial": "asignacion", "minutos_iniciales": 30, "tipo_resolucion": "por_unidad",
        "minutos_resolucion": 5, "unidad": "credencial",
    },
    {
        "clave": "plataformas-web", "nombre": "Desarrollo de plataformas web", "orden": 4,
        "descripcion": "Proceso que involucra la planificación, el diseño, la programación y el mantenimiento de "
                       "sitios web. Su objetivo principal es crear una página web que sea visualmente atractiva, "
                       "funcional y accesible para los usuarios.",
        "requisitos": "1. Solicitud: Presentar o formular la solicitud por escrito, a la Dirección de Innovación "
                      "Gubernamental.",
        "vigencia": "No aplica.",
        "caracteristicas": "Manera eficiente a través de la cual el usuario puede ejecutar la solución al área en "
                           "cuestión una problemática que le aqueje en particular.",
        "temporalidad": "Puede variar 1 semana a 3 meses aproximadamente (depende del proyecto).",
        "costo": "Gratuito", "mecanismo_incumplimiento": QUEJA_DIRECCION,
        "reloj_inicial": "asignacion", "minutos_iniciales": 30, "tipo_resolucion": "rango",
        "rango_min_dias": 7, "rango_max_dias": 92, "con_fases": True,
    },
    {
        "clave": "asesorias", "nombre": "Asesorías", "orden": 5,
        "descripcion": "Brindar asesorías técnicas para facilitar y mejorar las habilidades en el trabajo del "
                       "usuario y a la vez ellos puedan dar un mejor servicio a la ciudadanía.",
        "requisitos": "1. Solicitud: Notificar el problema técnico o tema competente al área de innovación y "
                      "solicitar la asesoría, por vía telefónica o presencial al área de Innovación Gubernamental.",
        "vigencia": "No aplica.",
        "caracteristicas": "Manera eficiente a través de la cual el usuario puede ejecutar la solución al área en "
                           "cuestión una problemática técnica, o solicitud de asesoría que le aqueje en particular, "
                           "temas competentes a innovación.",
        "temporalidad": "Atención inmediata.", "costo": "Gratuito", "mecanismo_incumplimiento": QUEJA_DIRECCION,
        "reloj_inicial": "atencion", "minutos_iniciales": 30, "tipo_resolucion": "ninguno", "es_asesoria": True,
    },
    {
        # El manual rotula este texto como un segundo «Mantenimiento preventivo»; por su contenido y por el
        # inventario de servicios es la implementación de soluciones tecnológicas (proyectos).
        "clave": "proyectos", "nombre": "Implementación de solución tecnológica (proyectos)", "orden": 6,
        "descripcion": "Proceso que involucra la planificación, el diseño, la programación, Implementación y "
                       "mantenimiento del proyecto. Su objetivo principal es implementar soluciones tecnológicas "
                       "para mejorar, facilitar los procesos, actividades y/o funciones, de las diferentes "
                       "dependencias de gobierno del H. Ayuntamiento de Ocotlán Jalisco funcional y accesible para "
                       "los usuarios.",
        "requisitos": SOLICITUD_DIG, "vigencia": "No aplica.", "caracteristicas": PREVENTIVA,
        "temporalidad": "Según lo acordado en cada proyecto.", "costo": "No aplica",
        "mecanismo_incumplimiento": QUEJA_DIRECCION,
        "reloj_inicial": "asignacion", "minutos_iniciales": 30, "tipo_resolucion": "rango",
        "rango_min_dias": 7, "rango_max_dias": 365, "con_fases": True,
    },
]

MODELOS = ["servicio", "solicitud", "queja", "incumplimiento", "encuesta", "proyecto", "aviso"]
VER = ["soporte.view_servicio", "soporte.view_solicitud", "soporte.view_queja", "soporte.view_encuesta",
       "soporte.view_proyecto", "soporte.view_incumplimiento"]
PERMISOS = {
    "Mesa de ayuda": VER + ["soporte.add_solicitud", "soporte.change_solicitud", "soporte.asignar_solicitud",
                            "soporte.atender_solicitud", "soporte.add_queja", "soporte.change_encuesta"],
    "Técnico": VER + ["soporte.change_solicitud", "soporte.atender_solicitud", "soporte.change_proyecto"],
    "Director": VER + ["soporte.asignar_solicitud", "soporte.responder_queja", "soporte.change_queja"],
    "Administrador": [f"soporte.{accion}_{modelo}" for modelo in MODELOS for accion in ("add", "change", "delete",
                                                                                          "view")]
    + ["soporte.asignar_solicitud", "soporte.atender_solicitud", "soporte.responder_queja"],
}


def crear(apps, schema_editor):
    Servicio = apps.get_model("soporte", "Servicio")
    for datos in SERVICIOS:
        datos = {"lugar_horario": LUGAR, **datos}
        Servicio.objects.update_or_create(clave=datos.pop("clave"), defaults=datos)
    asignar_permisos(apps, PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("soporte", "0001_inicial"),
        ("inventario", "0004_permisos_importacion"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
