"""Importaciones de inventario desde Excel/CSV: el registro de cada una y los mapeos de columnas recordados."""
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse


class Importacion(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ANALIZANDO = "analizando", "Analizando"
        ANALIZADA = "analizada", "Lista para confirmar"
        APLICANDO = "aplicando", "Importando"
        APLICADA = "aplicada", "Importada"
        FALLIDA = "fallida", "Fallida"

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="usuario",
    )
    creado = models.DateTimeField("creada", auto_now_add=True)
    aplicada = models.DateTimeField("aplicada", null=True, blank=True)
    archivo_nombre = models.CharField("nombre del archivo", max_length=255)
    archivo = models.FileField("archivo", upload_to="importaciones/", blank=True)
    estado = models.CharField("estado", max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    progreso = models.PositiveSmallIntegerField("progreso (%)", default=0)
    resumen = models.JSONField("resumen", default=dict, blank=True)
    opciones = models.JSONField("opciones", default=dict, blank=True)
    error = models.TextField("error", blank=True)
    # Quién la procesa y su último signo de vida (inventario.trabajos): un trabajador muerto no la deja «en curso».
    proceso = models.CharField("proceso", max_length=120, blank=True)
    latido = models.DateTimeField("último latido", null=True, blank=True)
    intento = models.PositiveIntegerField("intento", default=0)

    class Meta:
        ordering = ["-creado", "-id"]
        verbose_name = "importación"
        verbose_name_plural = "importaciones"

    def __str__(self):
        return f"Importación #{self.pk} ({self.archivo_nombre})"

    def get_absolute_url(self):
        return reverse("inventario:importacion", args=[self.pk])

    @property
    def clave_progreso(self):
        return f"sigma:importacion:{self.pk}:progreso"

    @property
    def clave_latido(self):
        return f"sigma:importacion:{self.pk}:latido"

    @property
    def reintentable(self):
        """Se interrumpió (trabajador muerto) y puede volver a encolarse: «reanudar» dice qué paso repetir."""
        return self.estado == self.Estado.FALLIDA and bool((self.opciones or {}).get("reanudar"))

    @property
    def progreso_visible(self):
        """Al confirmar, el avance va a la caché compartida: dentro de la transacción nadie lo vería en la base."""
        if self.estado == self.Estado.APLICANDO:
            return cache.get(self.clave_progreso, self.progreso)
        return self.progreso

    @property
    def en_proceso(self):
        return self.estado in (self.Estado.PENDIENTE, self.Estado.ANALIZANDO, self.Estado.APLICANDO)


class ImportacionEquipo(models.Model):
    class Accion(models.TextChoices):
        NUEVO = "nuevo", "Alta"
        CAMBIADO = "cambiado", "Cambio"

    importacion = models.ForeignKey(Importacion, on_delete=models.CASCADE, related_name="equipos",
                                    verbose_name="importación")
    equipo = models.ForeignKey("inventario.Equipo", on_delete=models.CASCADE, related_name="importaciones",
                               verbose_name="equipo")
    accion = models.CharField("acción", max_length=10, choices=Accion.choices)

    class Meta:
        ordering = ["-importacion_id"]
        verbose_name = "equipo importado"
        verbose_name_plural = "equipos importados"
        constraints = [models.UniqueConstraint(fields=["importacion", "equipo"], name="importacion_equipo_unico")]

    def __str__(self):
        return f"{self.get_accion_display()} en la importación #{self.importacion_id}"


class MapeoColumnas(models.Model):
    """Lo que el usuario decidió para un encabezado no reconocido: una columna de SIGMA o ignorarlo ("")."""

    encabezado = models.CharField("encabezado (clave)", max_length=200, unique=True)
    columna = models.CharField("columna de SIGMA", max_length=40, blank=True)
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "mapeo de columna"
        verbose_name_plural = "mapeos de columnas"

    def __str__(self):
        return f"{self.encabezado} → {self.columna or 'ignorar'}"
