"""Escaneos de red, cola de revisión e inventario que reportan los agentes instalados en las PC.

Decisiones:
- Cada Segmento lleva su propia periodicidad (`intervalo_horas`) y la fecha de su `proximo_escaneo`;
  una sola tarea programada (agentes.tasks.lanzar_escaneos_programados, cada 5 minutos) lanza los
  segmentos vencidos. Así la programación es idempotente y no hace falta una Schedule por segmento.
- Los datos que el agente reporta y que el modelo Equipo no tiene (UUID, versión del SO, usuario,
  discos…) viven en Agente; el software en Software/InstalacionSoftware.
- Campos bloqueados: CampoAgente guarda, por (equipo, campo), el último valor que el agente reportó
  (`valor`) y el último que escribió en el equipo (`escrito`). Si el valor actual del equipo no es el
  que escribió el agente (o el agente nunca lo escribió y el campo ya tenía datos), lo cambió una
  persona: el campo queda bloqueado y el valor del agente se muestra al lado, sin pisar nada.
"""
import ipaddress

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from comun.models import Dependencia
from inventario.models import Equipo

from .choices import (
    ESTADOS_ABIERTOS,
    Cotejo,
    EstadoEscaneo,
    EstadoRevision,
    Perfil,
    TipoAgente,
    TipoRevision,
)

MAX_PREFIJO = 16  # un segmento abarca a lo más una /16 (65 534 direcciones)


def validar_cidr(texto):
    """Devuelve la red IPv4 normalizada o lanza ValidationError con un mensaje claro."""
    texto = (texto or "").strip()
    try:
        red = ipaddress.ip_network(texto, strict=False)
    except ValueError:
        raise ValidationError(
            f"«{texto}» no es una red válida. Escríbala en notación CIDR, p. ej. 192.168.10.0/24."
        ) from None
    if red.version != 4:
        raise ValidationError("Solo se pueden escanear redes IPv4.")
    if red.prefixlen < MAX_PREFIJO:
        raise ValidationError(
            f"La red {red} es demasiado grande ({red.num_addresses:,} direcciones): "
            f"el máximo es una /{MAX_PREFIJO}. Divídala en varios segmentos."
        )
    return red


def separar_exclusiones(texto):
    return [p for p in (texto or "").replace(",", " ").split() if p]


class Segmento(models.Model):
    nombre = models.CharField("nombre", max_length=80, unique=True,
                              error_messages={"unique": "Ya existe un segmento con este nombre."})
    cidr = models.CharField("red (CIDR)", max_length=43, help_text="p. ej. 192.168.10.0/24 (a lo más una /16)")
    exclusiones = models.TextField(
        "exclusiones", blank=True,
        help_text="Direcciones o redes que no se escanean, separadas por comas o espacios.",
    )
    dependencia = models.ForeignKey(
        Dependencia, on_delete=models.SET_NULL, null=True, blank=True, related_name="segmentos",
        verbose_name="dependencia o sitio",
    )
    perfil = models.CharField("perfil", max_length=16, choices=Perfil.choices, default=Perfil.DESCUBRIMIENTO)
    intervalo_horas = models.PositiveSmallIntegerField(
        "cada cuántas horas", default=24, help_text="Escaneo automático cada N horas (0 = solo a mano).",
    )
    proximo_escaneo = models.DateTimeField("próximo escaneo", null=True, blank=True)
    limite_minutos = models.PositiveSmallIntegerField("tiempo límite (minutos)", default=30)
    activo = models.BooleanField("activo", default=True)
    creado = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "segmento de red"
        verbose_name_plural = "segmentos de red"
        permissions = [("escanear_segmento", "Puede lanzar y cancelar escaneos de red")]

    def __str__(self):
        return f"{self.nombre} ({self.cidr})"

    def get_absolute_url(self):
        return reverse("agentes:segmento", args=[self.pk])

    @property
    def red(self):
        return ipaddress.ip_network(self.cidr, strict=False)

    def lista_exclusiones(self):
        return separar_exclusiones(self.exclusiones)

    def clean(self):
        errores = {}
        try:
            self.cidr = str(validar_cidr(self.cidr))
        except ValidationError as exc:
            errores["cidr"] = exc.messages
        malas = []
        for parte in self.lista_exclusiones():
            try:
                ipaddress.ip_network(parte, strict=False)
            except ValueError:
                malas.append(parte)
        if malas:
            errores["exclusiones"] = f"No son direcciones ni redes válidas: {', '.join(malas)}."
        if self.limite_minutos is not None and not 1 <= self.limite_minutos <= 720:
            errores["limite_minutos"] = "El tiempo límite va de 1 a 720 minutos."
        if errores:
            raise ValidationError(errores)


class EscaneoQuerySet(models.QuerySet):
    def abiertos(self):
        return self.filter(estado__in=ESTADOS_ABIERTOS)


class Escaneo(models.Model):
    segmento = models.ForeignKey(Segmento, on_delete=models.CASCADE, related_name="escaneos", verbose_name="segmento")
    estado = models.CharField("estado", max_length=12, choices=EstadoEscaneo.choices,
                              default=EstadoEscaneo.PENDIENTE, db_index=True)
    perfil = models.CharField("perfil", max_length=16, choices=Perfil.choices)
    solicitado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="solicitado por",
    )
    creado = models.DateTimeField("solicitado", default=timezone.now, db_index=True)
    inicio = models.DateTimeField("inicio", null=True, blank=True)
    fin = models.DateTimeField("fin", null=True, blank=True)
    progreso = models.PositiveSmallIntegerField("progreso (%)", default=0)
    hosts_activos = models.PositiveIntegerField("hosts activos", default=0)
    comando = models.TextField("comando", blank=True)
    error = models.TextField("error", blank=True)
    advertencias = models.TextField("advertencias", blank=True)
    cancelar = models.BooleanField("cancelación solicitada", default=False)
    limite_segundos = models.PositiveIntegerField("tiempo límite (s)", default=1800)
    resumen = models.JSONField("resumen del cotejo", default=dict, blank=True)
    # Proceso que lo corre y su último signo de vida (inventario.trabajos): detecta trabajadores muertos.
    proceso = models.CharField("proceso", max_length=120, blank=True)
    latido = models.DateTimeField("último latido", null=True, blank=True)

    objects = EscaneoQuerySet.as_manager()

    class Meta:
        ordering = ["-creado", "-id"]
        verbose_name = "escaneo"
        verbose_name_plural = "escaneos"

    def __str__(self):
        return f"Escaneo {self.pk} de {self.segmento.nombre}"

    def get_absolute_url(self):
        return reverse("agentes:escaneo", args=[self.pk])

    @property
    def abierto(self):
        return self.estado in ESTADOS_ABIERTOS

    @property
    def duracion(self):
        if self.inicio and self.fin:
            return self.fin - self.inicio
        return None


class HostDescubierto(models.Model):
    escaneo = models.ForeignKey(Escaneo, on_delete=models.CASCADE, related_name="hosts", verbose_name="escaneo")
    ip = models.GenericIPAddressField("IP", protocol="IPv4")
    mac = models.CharField("MAC", max_length=17, blank=True)
    mac_de_vecinos = models.BooleanField("MAC tomada de la tabla de vecinos", default=False)
    fabricante = models.CharField("fabricante", max_length=120, blank=True)
    hostname = models.CharField("nombre", max_length=255, blank=True)
    sistema_operativo = models.CharField("sistema operativo (estimado)", max_length=200, blank=True)
    puertos = models.JSONField("puertos abiertos", default=list, blank=True)
    equipo = models.ForeignKey(Equipo, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name="equipo")
    cotejo = models.CharField("resultado del cotejo", max_length=10, choices=Cotejo.choices, blank=True)

    class Meta:
        ordering = ["escaneo", "id"]
        verbose_name = "host descubierto"
        verbose_name_plural = "hosts descubiertos"

    def __str__(self):
        return f"{self.ip} {self.mac}".strip()


class RevisionQuerySet(models.QuerySet):
    def pendientes(self):
        return self.filter(estado=EstadoRevision.PENDIENTE)

    def para_lista(self):
        return self.select_related("equipo", "escaneo__segmento", "agente")


class Revision(models.Model):
    """Algo que el escaneo o un agente no pudo decidir solo: espera a que una persona lo acepte o descarte."""

    # Un solo índice (estado, tipo) en Meta: cada escaneo inserta miles de filas y cada índice extra cuesta.
    tipo = models.CharField("tipo", max_length=20, choices=TipoRevision.choices)
    estado = models.CharField("estado", max_length=12, choices=EstadoRevision.choices,
                              default=EstadoRevision.PENDIENTE)
    equipo = models.ForeignKey(Equipo, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name="equipo")
    escaneo = models.ForeignKey(Escaneo, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="revisiones", verbose_name="escaneo")
    agente = models.ForeignKey("Agente", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="revisiones", verbose_name="agente")
    mac = models.CharField("MAC", max_length=17, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    hostname = models.CharField("nombre", max_length=255, blank=True)
    datos = models.JSONField("datos", default=dict, blank=True)
    creada = models.DateTimeField("creada", default=timezone.now)
    resuelta = models.DateTimeField("resuelta", null=True, blank=True)
    resuelta_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="resuelta por")

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-creada", "-id"]
        verbose_name = "revisión"
        verbose_name_plural = "cola de revisión"
        permissions = [("resolver_revision", "Puede aceptar o descartar elementos de la cola de revisión")]
        indexes = [models.Index(fields=["estado", "tipo"], name="revision_estado_tipo_idx")]

    def __str__(self):
        return f"{self.get_tipo_display()}: {self.descripcion()}"

    def descripcion(self):
        d = self.datos or {}
        if self.tipo == TipoRevision.NUEVO:
            return " · ".join(p for p in (self.ip, self.mac, self.hostname, d.get("fabricante")) if p)
        if self.tipo == TipoRevision.AUSENTE:
            return f"sin verse desde {d.get('ultima_vez', 'nunca')}"
        if self.tipo == TipoRevision.IP_CAMBIADA:
            return f"IP {d.get('anterior') or '—'} → {d.get('nueva')}"
        if self.tipo == TipoRevision.HOSTNAME_CAMBIADO:
            return f"nombre {d.get('anterior') or '—'} → {d.get('nuevo')}"
        if self.tipo == TipoRevision.MAC_DUPLICADA:
            return d.get("detalle") or f"MAC {self.mac}"
        if self.tipo == TipoRevision.AGENTE_DESCONOCIDO:
            return " · ".join(p for p in (self.hostname, d.get("serie"), d.get("modelo")) if p)
        return ""


class MacIgnorada(models.Model):
    mac = models.CharField("MAC", max_length=17, unique=True)
    motivo = models.CharField("motivo", max_length=200, blank=True)
    creada = models.DateTimeField("registrada", auto_now_add=True)
    creada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="registrada por")

    class Meta:
        ordering = ["mac"]
        verbose_name = "MAC ignorada"
        verbose_name_plural = "MACs ignoradas"

    def __str__(self):
        return self.mac


class CredencialAgente(models.Model):
    """Usuario y contraseña (HTTP basic) con los que los agentes de un grupo de PC reportan a SIGMA."""

    nombre = models.CharField("usuario", max_length=60, unique=True,
                              error_messages={"unique": "Ya existe una credencial con este usuario."})
    secreto = models.CharField("contraseña (cifrada)", max_length=128, editable=False)
    dependencia = models.ForeignKey(
        Dependencia, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="dependencia de las altas automáticas",
    )
    activa = models.BooleanField("activa", default=True)
    creada = models.DateTimeField("creada", auto_now_add=True)
    ultimo_uso = models.DateTimeField("último uso", null=True, blank=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "credencial de agente"
        verbose_name_plural = "credenciales de agente"

    def __str__(self):
        return self.nombre

    def fijar_secreto(self, texto):
        self.secreto = make_password(texto)

    def verificar(self, texto):
        return bool(self.secreto) and check_password(texto, self.secreto)


class Agente(models.Model):
    """Un agente instalado en una PC (identificado por su deviceid) y lo último que reportó."""

    deviceid = models.CharField("identificador del agente", max_length=255, unique=True)
    tipo = models.CharField("tipo", max_length=8, choices=TipoAgente.choices)
    equipo = models.ForeignKey(Equipo, on_delete=models.SET_NULL, null=True, blank=True, related_name="agentes",
                               verbose_name="equipo")
    credencial = models.ForeignKey(CredencialAgente, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="agentes", verbose_name="credencial")
    version_agente = models.CharField("versión del agente", max_length=80, blank=True)
    ip_origen = models.GenericIPAddressField("IP de origen", null=True, blank=True)
    primer_contacto = models.DateTimeField("primer contacto", default=timezone.now)
    ultimo_contacto = models.DateTimeField("último contacto", default=timezone.now)
    ultimo_inventario = models.DateTimeField("último inventario", null=True, blank=True)
    nombre = models.CharField("nombre del equipo", max_length=255, blank=True)
    uuid = models.CharField("UUID", max_length=64, blank=True, db_index=True)
    numero_serie = models.CharField("número de serie reportado", max_length=120, blank=True)
    usuario = models.CharField("usuario con sesión", max_length=120, blank=True)
    so_nombre = models.CharField("sistema operativo", max_length=120, blank=True, db_index=True)
    so_version = models.CharField("versión del SO", max_length=80, blank=True)
    so_completo = models.CharField("SO (nombre completo)", max_length=200, blank=True)
    arquitectura = models.CharField("arquitectura", max_length=20, blank=True)
    procesador = models.CharField("procesador", max_length=200, blank=True)
    nucleos = models.PositiveSmallIntegerField("núcleos", null=True, blank=True)
    ram_mb = models.PositiveIntegerField("RAM (MB)", null=True, blank=True)
    discos = models.JSONField("discos y volúmenes", default=list, blank=True)
    interfaces = models.JSONField("interfaces reportadas", default=list, blank=True)
    reporte = models.JSONField("último reporte (normalizado)", default=dict, blank=True)
    num_software = models.PositiveIntegerField("programas instalados", default=0)

    class Meta:
        ordering = ["-ultimo_contacto"]
        verbose_name = "agente"
        verbose_name_plural = "agentes"

    def __str__(self):
        return f"{self.nombre or self.deviceid} ({self.get_tipo_display()})"


class Software(models.Model):
    nombre = models.CharField("nombre", max_length=255, db_index=True)
    editor = models.CharField("editor", max_length=255, blank=True)
    version = models.CharField("versión", max_length=100, blank=True)

    class Meta:
        ordering = ["nombre", "version"]
        verbose_name = "software"
        verbose_name_plural = "software"
        constraints = [models.UniqueConstraint(fields=["nombre", "editor", "version"], name="software_unico")]

    def __str__(self):
        return f"{self.nombre} {self.version}".strip()


class InstalacionSoftware(models.Model):
    equipo = models.ForeignKey(Equipo, on_delete=models.CASCADE, related_name="software_instalado",
                               verbose_name="equipo")
    software = models.ForeignKey(Software, on_delete=models.CASCADE, related_name="instalaciones",
                                 verbose_name="software")

    class Meta:
        verbose_name = "instalación de software"
        verbose_name_plural = "instalaciones de software"
        constraints = [models.UniqueConstraint(fields=["equipo", "software"], name="instalacion_unica")]

    def __str__(self):
        return f"{self.software} en {self.equipo_id}"


class CampoAgente(models.Model):
    """Lo que el agente reportó para un campo del equipo y si ese campo quedó bloqueado por una edición a mano."""

    equipo = models.ForeignKey(Equipo, on_delete=models.CASCADE, related_name="campos_agente",
                               verbose_name="equipo")
    campo = models.CharField("campo", max_length=40)
    valor = models.CharField("valor reportado", max_length=255, blank=True)
    escrito = models.CharField("último valor escrito por el agente", max_length=255, null=True, blank=True)
    bloqueado = models.BooleanField("bloqueado (editado a mano)", default=False)
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        ordering = ["equipo", "campo"]
        verbose_name = "campo reportado por agente"
        verbose_name_plural = "campos reportados por agentes"
        constraints = [models.UniqueConstraint(fields=["equipo", "campo"], name="campo_agente_unico")]

    def __str__(self):
        return f"{self.equipo_id}.{self.campo} = {self.valor}"
