"""Lotes de impresión (ligados a una solicitud de la mesa de servicio) y credenciales de empleados.

La credencial guarda una copia de los datos del empleado al emitirse (nombre, puesto, dependencia, número):
lo impreso y lo que muestra la verificación no cambian si después se edita el empleado. El QR lleva un token
aleatorio de 32 caracteres (secrets.token_urlsafe(24)), nunca el id.
"""
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from comun.models import Empleado

from .choices import Diseno, Estado, EstadoMostrado


def nuevo_token():
    return secrets.token_urlsafe(24)


def _ruta_foto(instancia, nombre):
    # Nombre aleatorio: aunque MEDIA se sirviera en público, la ruta no se adivina.
    return f"credenciales/fotos/{uuid.uuid4().hex}.jpg"


class LoteImpresion(models.Model):
    solicitud = models.ForeignKey(
        "soporte.Solicitud", on_delete=models.PROTECT, related_name="lotes_credenciales", verbose_name="solicitud",
    )
    creado = models.DateTimeField("creado", default=timezone.now)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="creado por",
    )
    notas = models.TextField("notas", blank=True)
    entregado_en = models.DateTimeField("entregado", null=True, blank=True)
    entregado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="entregado por",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-creado", "-pk"]
        verbose_name = "lote de impresión"
        verbose_name_plural = "lotes de impresión"

    def __str__(self):
        return f"Lote #{self.pk}"

    def get_absolute_url(self):
        return reverse("credenciales:lote", args=[self.pk])


class CredencialQuerySet(models.QuerySet):
    def vigentes(self):
        return self.filter(estado=Estado.VIGENTE)

    def para_lista(self):
        return self.select_related("empleado", "lote__solicitud")


class Credencial(models.Model):
    lote = models.ForeignKey(
        LoteImpresion, on_delete=models.PROTECT, null=True, blank=True, related_name="credenciales",
        verbose_name="lote",
    )
    empleado = models.ForeignKey(Empleado, on_delete=models.PROTECT, related_name="credenciales",
                                 verbose_name="empleado")
    folio = models.CharField("folio", max_length=20, unique=True, editable=False)
    token = models.CharField("token de verificación", max_length=64, unique=True, default=nuevo_token, editable=False)
    foto = models.ImageField("fotografía", upload_to=_ruta_foto, blank=True)
    # Copia de los datos al emitir.
    nombre = models.CharField("nombre", max_length=250)
    puesto = models.CharField("puesto", max_length=120, blank=True)
    dependencia = models.CharField("dependencia", max_length=150)
    numero_empleado = models.CharField("número de empleado", max_length=20)
    diseno = models.CharField("diseño", max_length=20, choices=Diseno.choices, default=Diseno.ADMINISTRATIVO)
    vigencia = models.DateField("vigente hasta")
    estado = models.CharField("estado", max_length=10, choices=Estado.choices, default=Estado.VIGENTE, db_index=True)
    motivo_revocacion = models.CharField("motivo de revocación", max_length=200, blank=True)
    revocada_en = models.DateTimeField("revocada", null=True, blank=True)
    revocada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="revocada por",
    )
    reemplaza = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reemplazada_por",
        verbose_name="reemplaza a",
    )
    emitida = models.DateTimeField("emitida", default=timezone.now)
    emitida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="emitida por",
    )
    history = HistoricalRecords()

    objects = CredencialQuerySet.as_manager()

    class Meta:
        ordering = ["-emitida", "-pk"]
        verbose_name = "credencial"
        verbose_name_plural = "credenciales"
        permissions = [
            ("imprimir_credencial", "Puede imprimir credenciales (PDF)"),
            ("revocar_credencial", "Puede revocar y reimprimir credenciales"),
        ]

    def __str__(self):
        return f"{self.folio} · {self.nombre}"

    def get_absolute_url(self):
        return reverse("credenciales:credencial", args=[self.pk])

    def estado_en(self, fecha=None):
        """Vigente, revocada o vencida (vencida: la vigencia ya pasó; revocada pesa más)."""
        if self.estado == Estado.REVOCADA:
            return EstadoMostrado.REVOCADA
        if self.vigencia < (fecha or timezone.localdate()):
            return EstadoMostrado.VENCIDA
        return EstadoMostrado.VIGENTE

    @property
    def estado_mostrado(self):
        return self.estado_en()

    @property
    def es_policia(self):
        return self.diseno == Diseno.POLICIA

    @property
    def url_verificacion(self):
        return settings.SIGMA_URL_BASE.rstrip("/") + reverse("verificacion:verificar", args=[self.token])
