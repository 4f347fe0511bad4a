from django.db import models


class TipoItem(models.TextChoices):
    CHECK = "check", "Casilla (hecho / no hecho)"
    PASA_FALLA = "pasa_falla", "Pasa / falla"
    NUMERO = "numero", "Número con límites"
    TEXTO = "texto", "Texto"
    OPCION = "opcion", "Opción de una lista"


class Modo(models.TextChoices):
    FIJO = "fijo", "Fijo (calendario)"
    FLOTANTE = "flotante", "Flotante (desde la última realización)"


class Unidad(models.TextChoices):
    DIAS = "dias", "días"
    SEMANAS = "semanas", "semanas"
    MESES = "meses", "meses"
    ANIOS = "anios", "años"


class AjusteInhabil(models.TextChoices):
    ANTERIOR = "anterior", "Día hábil anterior"
    SIGUIENTE = "siguiente", "Día hábil siguiente"


class EstadoOrden(models.TextChoices):
    PROGRAMADA = "programada", "Programada"
    EN_PROCESO = "en_proceso", "En proceso"
    COMPLETADA = "completada", "Completada"
    NO_REALIZADA = "no_realizada", "No realizada"
    CANCELADA = "cancelada", "Cancelada"


ABIERTAS = (EstadoOrden.PROGRAMADA, EstadoOrden.EN_PROCESO)
CERRADAS_CON_FECHA = (EstadoOrden.COMPLETADA, EstadoOrden.NO_REALIZADA)


class OrigenOrden(models.TextChoices):
    PROGRAMADA = "programada", "Plan preventivo"
    A_DEMANDA = "a_demanda", "A solicitud de la dependencia"


class Resultado(models.TextChoices):
    PENDIENTE = "", "Sin capturar"
    PASA = "pasa", "Pasa"
    FALLA = "falla", "Falla"
    NO_APLICA = "na", "No aplica"
