"""Reportes: sin tablas propias por ahora; el modelo solo lleva el permiso de ver los reportes."""
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse


class Reporte(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("ver_reportes", "Puede ver los reportes de la Dirección")]

    def __str__(self):
        return "Reportes"


class CostoReposicion(models.Model):
    """Costo estimado de reponer un equipo de un tipo (MXN con IVA); lo usa el reporte de salud de equipos."""

    tipo = models.OneToOneField("inventario.TipoEquipo", on_delete=models.CASCADE, related_name="costo_reposicion",
                                verbose_name="tipo de equipo")
    costo = models.DecimalField("costo de reposición (MXN)", max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(0, "El costo no puede ser negativo.")])
    referencia = models.CharField("referencia", max_length=200, blank=True,
                                  help_text="De dónde sale el costo, p. ej. cotización o compra reciente.")
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        ordering = ["tipo__nombre"]
        verbose_name = "costo de reposición"
        verbose_name_plural = "costos de reposición"
        constraints = [models.CheckConstraint(condition=models.Q(costo__gte=0), name="costo_reposicion_no_negativo")]

    def __str__(self):
        return f"{self.tipo}: ${self.costo:,.2f}"


class TrabajoExportacion(models.Model):
    """Una exportación que corre como tarea (reportes.trabajos): su avance, su archivo o su error."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        EN_CURSO = "en_curso", "En curso"
        TERMINADO = "terminado", "Terminado"
        FALLIDO = "fallido", "Fallido"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    clave = models.CharField("exportación", max_length=60)
    parametros = models.JSONField("parámetros", default=dict, blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    progreso = models.PositiveSmallIntegerField("progreso (%)", default=0)
    archivo = models.FileField(upload_to="reportes/trabajos/%Y/%m/", blank=True)
    nombre_archivo = models.CharField("nombre de descarga", max_length=200, blank=True)
    error = models.TextField(blank=True)
    intentos = models.PositiveSmallIntegerField(default=1)
    creado = models.DateTimeField(auto_now_add=True)
    iniciado = models.DateTimeField(null=True, blank=True)
    terminado = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "exportación en segundo plano"
        verbose_name_plural = "exportaciones en segundo plano"
        ordering = ["-creado", "-pk"]
        indexes = [models.Index(fields=["usuario", "-creado"])]

    def __str__(self):
        return f"{self.titulo} ({self.get_estado_display().lower()})"

    def get_absolute_url(self):
        return reverse("reportes:trabajo", args=[self.pk])

    @property
    def titulo(self):
        from .trabajos import ErrorExportacion, obtener

        try:
            return obtener(self.clave).titulo
        except ErrorExportacion:
            return self.clave

    @property
    def en_proceso(self):
        return self.estado in (self.Estado.PENDIENTE, self.Estado.EN_CURSO)


class ReporteMensual(models.Model):
    """El tablero de un mes cerrado (todas las dependencias), guardado tal como se generó."""

    mes = models.DateField("mes", unique=True, help_text="Primer día del mes.")
    archivo_xlsx = models.FileField("Excel", upload_to="reportes/mensuales/")
    archivo_pdf = models.FileField("PDF", upload_to="reportes/mensuales/")
    generado = models.DateTimeField("fecha de generación")

    class Meta:
        verbose_name = "reporte mensual"
        verbose_name_plural = "reportes mensuales"
        ordering = ["-mes"]

    def __str__(self):
        return f"Reporte mensual {self.mes:%Y-%m}"
