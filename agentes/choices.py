from django.db import models


class Perfil(models.TextChoices):
    DESCUBRIMIENTO = "descubrimiento", "Descubrimiento (ping)"
    DETALLADO = "detallado", "Detallado (sistema operativo y puertos)"


class EstadoEscaneo(models.TextChoices):
    PENDIENTE = "pendiente", "Pendiente"
    EN_CURSO = "en_curso", "En curso"
    COMPLETADO = "completado", "Completado"
    FALLIDO = "fallido", "Fallido"
    CANCELADO = "cancelado", "Cancelado"


ESTADOS_ABIERTOS = (EstadoEscaneo.PENDIENTE, EstadoEscaneo.EN_CURSO)


class Cotejo(models.TextChoices):
    MAC = "mac", "Coincide por MAC"
    HOSTNAME = "hostname", "Coincide por nombre"
    IP = "ip", "Posible por IP (indicio débil)"
    NUEVO = "nuevo", "Nuevo (no está en el inventario)"
    IGNORADO = "ignorado", "Ignorado"
    CONFLICTO = "conflicto", "Conflicto"


class TipoRevision(models.TextChoices):
    NUEVO = "nuevo", "Dispositivo nuevo"
    AUSENTE = "ausente", "Equipo no visto"
    IP_CAMBIADA = "ip_cambiada", "IP cambiada"
    HOSTNAME_CAMBIADO = "hostname_cambiado", "Nombre cambiado"
    MAC_DUPLICADA = "mac_duplicada", "MAC reclamada por dos equipos"
    AGENTE_DESCONOCIDO = "agente_desconocido", "Agente de un equipo desconocido"


class EstadoRevision(models.TextChoices):
    PENDIENTE = "pendiente", "Pendiente"
    ACEPTADA = "aceptada", "Aceptada"
    DESCARTADA = "descartada", "Descartada"


class TipoAgente(models.TextChoices):
    FUSION = "fusion", "FusionInventory (OCS/XML)"
    GLPI = "glpi", "GLPI Agent (JSON)"
