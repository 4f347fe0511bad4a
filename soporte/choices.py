"""Opciones de la mesa de servicio: estados, canales, prioridades y compromisos."""
from django.db import models


class Estado(models.TextChoices):
    NUEVA = "nueva", "Nueva"
    ASIGNADA = "asignada", "Asignada"
    EN_PROCESO = "en_proceso", "En proceso"
    EN_ESPERA = "en_espera", "En espera"
    RESUELTA = "resuelta", "Resuelta"
    CERRADA = "cerrada", "Cerrada"
    CANCELADA = "cancelada", "Cancelada"
    REABIERTA = "reabierta", "Reabierta"


# Transiciones legales (DESIGN §4). Cerrada y cancelada son finales.
TRANSICIONES = {
    Estado.NUEVA: {Estado.ASIGNADA, Estado.EN_PROCESO, Estado.RESUELTA, Estado.CANCELADA},
    Estado.ASIGNADA: {Estado.EN_PROCESO, Estado.EN_ESPERA, Estado.RESUELTA, Estado.CANCELADA},
    Estado.EN_PROCESO: {Estado.EN_ESPERA, Estado.RESUELTA, Estado.CANCELADA},
    Estado.EN_ESPERA: {Estado.EN_PROCESO, Estado.RESUELTA, Estado.CANCELADA},
    Estado.RESUELTA: {Estado.CERRADA, Estado.REABIERTA},
    Estado.REABIERTA: {Estado.ASIGNADA, Estado.EN_PROCESO, Estado.EN_ESPERA, Estado.RESUELTA, Estado.CANCELADA},
    Estado.CERRADA: set(),
    Estado.CANCELADA: set(),
}

# Estados en los que corre el reloj de resolución; en espera se pausa; los demás lo detienen.
CORRE = {Estado.NUEVA, Estado.ASIGNADA, Estado.EN_PROCESO, Estado.REABIERTA}
ABIERTOS = CORRE | {Estado.EN_ESPERA}
TERMINADOS = {Estado.RESUELTA, Estado.CERRADA, Estado.CANCELADA}


class TipoEspera(models.TextChoices):
    SOLICITANTE = "solicitante", "Del solicitante"
    PROVEEDOR = "proveedor", "De proveedor"


class Canal(models.TextChoices):
    TELEFONO = "telefono", "Teléfono"
    ESCRITO = "escrito", "Escrito / oficio"
    PRESENCIAL = "presencial", "Presencial"
    PORTAL = "portal", "Portal"
    CORREO = "correo", "Correo"


class Nivel(models.TextChoices):
    ALTA = "alta", "Alta"
    MEDIA = "media", "Media"
    BAJA = "baja", "Baja"


class Prioridad(models.IntegerChoices):
    CRITICA = 1, "Crítica"
    ALTA = 2, "Alta"
    MEDIA = 3, "Media"
    BAJA = 4, "Baja"


_PESO = {Nivel.ALTA: 0, Nivel.MEDIA: 1, Nivel.BAJA: 2}


def prioridad_de(urgencia, impacto):
    """Matriz urgencia × impacto: alta×alta es crítica; cada nivel por debajo baja un escalón."""
    return Prioridad(min(1 + _PESO[Nivel(urgencia)] + _PESO[Nivel(impacto)], 4))


class TipoResolucion(models.TextChoices):
    NINGUNO = "ninguno", "Sin compromiso de resolución"
    FIJO = "fijo", "Tiempo fijo"
    POR_UNIDAD = "por_unidad", "Tiempo por unidad × cantidad"
    RANGO = "rango", "Fecha acordada dentro de un rango"


class RelojInicial(models.TextChoices):
    ASIGNACION = "asignacion", "Tiempo para derivar (primera asignación)"
    ATENCION = "atencion", "Tiempo para la primera atención"


class Compromiso(models.TextChoices):
    INICIAL = "inicial", "Atención inicial (derivación o primera atención)"
    RESOLUCION = "resolucion", "Resolución"
    OTRO = "otro", "Otro"


class EstadoQueja(models.TextChoices):
    RECIBIDA = "recibida", "Recibida"
    CERRADA = "cerrada", "Respondida y cerrada"


class CanalQueja(models.TextChoices):
    MESA = "mesa", "Mesa de ayuda"
    PUBLICO = "publico", "Consulta pública"


class Fase(models.TextChoices):
    PLANIFICACION = "planificacion", "Planificación"
    DISENO = "diseno", "Diseño"
    PROGRAMACION = "programacion", "Programación"
    IMPLEMENTACION = "implementacion", "Implementación"
    MANTENIMIENTO = "mantenimiento", "Mantenimiento"
