from django.db import models


class Estado(models.TextChoices):
    ACTIVO = "activo", "Activo"
    EN_REPARACION = "en_reparacion", "En reparación"
    EN_ALMACEN = "en_almacen", "En almacén"
    BAJA = "baja", "Baja"


class Condicion(models.TextChoices):
    BUENO = "bueno", "Bueno"
    REGULAR = "regular", "Regular"
    MALO = "malo", "Malo"


class Origen(models.TextChoices):
    MANUAL = "manual", "Captura manual"
    IMPORTADO = "importado", "Importado de Excel"
    ESCANEO = "escaneo", "Escaneo de red"
    AGENTE = "agente", "Agente de inventario"


class Categoria(models.TextChoices):
    COMPUTO = "computo", "Cómputo"
    IMPRESION = "impresion", "Impresión"
    RED = "red", "Red"
    OTRO = "otro", "Otro"
