"""Opciones de las credenciales: estado guardado y estado mostrado (la vencida se calcula de la vigencia)."""
from django.db import models


class Estado(models.TextChoices):
    VIGENTE = "vigente", "Vigente"
    REVOCADA = "revocada", "Revocada"


class EstadoMostrado(models.TextChoices):
    VIGENTE = "vigente", "Vigente"
    REVOCADA = "revocada", "Revocada"
    VENCIDA = "vencida", "Vencida"


class Diseno(models.TextChoices):
    ADMINISTRATIVO = "administrativo", "Servidor público"
    POLICIA = "policia", "Policía"


# Motivos de revocación más comunes (el formulario los ofrece; se puede escribir otro).
MOTIVO_BAJA = "El empleado causó baja"
MOTIVO_REIMPRESION = "Reimpresión"
MOTIVOS = [
    "Extravío o robo",
    MOTIVO_BAJA,
    "Cambio de puesto o de dependencia",
    "Credencial dañada",
    "Datos incorrectos",
]

# Servicio del catálogo de la mesa de servicio que pide credenciales.
SERVICIO = "impresion-credenciales"
