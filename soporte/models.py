"""Mesa de servicio: catálogo del manual, solicitudes con folio, bitácora de estados, quejas y encuestas.

Los relojes de nivel de servicio se calculan de la bitácora de estados (``CambioEstado``) con el
calendario de la oficina (soporte/sla.py). ``vence_*`` son solo un índice para ordenar la cola por
tiempo restante: se recalculan de la bitácora en cada cambio. Un incumplimiento detectado queda en
``Incumplimiento`` y no se borra aunque después cambie el calendario o se cumpla la meta.
"""
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from comun.models import Dependencia, Empleado
from inventario.models import Equipo

from .choices import (
    ABIERTOS,
    Canal,
    CanalQueja,
    Compromiso,
    Estado,
    EstadoQueja,
    Fase,
    Nivel,
    Prioridad,
    RelojInicial,
    TipoEspera,
    TipoResolucion,
)

# Sin 0/O ni 1/I/L: el código se dicta por teléfono.
_ALFABETO_CODIGO = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def codigo_consulta():
    return "".join(secrets.choice(_ALFABETO_CODIGO) for _ in range(6))


def token_publico():
    return secrets.token_urlsafe(24)


class Servicio(models.Model):
    """Un servicio del manual, con sus textos publicados y sus compromisos medibles."""

    clave = models.SlugField("clave", max_length=40, unique=True)
    nombre = models.CharField("nombre", max_length=120)
    orden = models.PositiveSmallIntegerField("orden", default=0)
    descripcion = models.TextField("descripción y finalidad")
    requisitos = models.TextField("requisitos")
    vigencia = models.CharField("vigencia", max_length=120)
    lugar_horario = models.TextField("lugar, medios de gestión y horario")
    caracteristicas = models.TextField("características (compromisos de calidad)")
    temporalidad = models.CharField("temporalidad publicada", max_length=200)
    costo = models.CharField("costo", max_length=60)
    mecanismo_incumplimiento = models.TextField("mecanismos ante incumplimiento")
    beneficiario = models.CharField("beneficiario", max_length=120, default="Usuario(s) que requiere el servicio.")
    # Compromisos estructurados (minutos hábiles de la oficina).
    reloj_inicial = models.CharField(
        "primer compromiso", max_length=12, choices=RelojInicial.choices, default=RelojInicial.ASIGNACION
    )
    minutos_iniciales = models.PositiveIntegerField(
        "minutos hábiles para el primer compromiso", null=True, blank=True,
        help_text="«Atención inmediata» se mide como este tiempo hábil. Vacío: sin compromiso.",
    )
    tipo_resolucion = models.CharField(
        "compromiso de resolución", max_length=12, choices=TipoResolucion.choices, default=TipoResolucion.NINGUNO
    )
    minutos_resolucion = models.PositiveIntegerField(
        "minutos hábiles para resolver", null=True, blank=True,
        help_text="Tiempo fijo, o por unidad (se multiplica por la cantidad de la solicitud).",
    )
    rango_min_dias = models.PositiveSmallIntegerField("rango: mínimo (días naturales)", null=True, blank=True)
    rango_max_dias = models.PositiveSmallIntegerField("rango: máximo (días naturales)", null=True, blank=True)
    unidad = models.CharField("unidad", max_length=40, blank=True, help_text="p. ej. «credencial»")
    con_fases = models.BooleanField("se gestiona como proyecto (fases)", default=False)
    es_asesoria = models.BooleanField("se registra como asesoría", default=False)
    activo = models.BooleanField("activo", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["orden", "nombre"]
        verbose_name = "servicio"
        verbose_name_plural = "servicios del catálogo"

    def __str__(self):
        return self.nombre

    def get_absolute_url(self):
        return reverse("publico:servicio", args=[self.clave])

    def clean(self):
        from django.core.exceptions import ValidationError

        errores = {}
        if self.tipo_resolucion in (TipoResolucion.FIJO, TipoResolucion.POR_UNIDAD) and not self.minutos_resolucion:
            errores["minutos_resolucion"] = "Indique los minutos hábiles para resolver."
        if self.tipo_resolucion == TipoResolucion.RANGO:
            if not self.rango_min_dias or not self.rango_max_dias:
                errores["rango_max_dias"] = "Indique el rango en días (mínimo y máximo)."
            elif self.rango_min_dias > self.rango_max_dias:
                errores["rango_max_dias"] = "El máximo del rango debe ser mayor o igual al mínimo."
        if errores:
            raise ValidationError(errores)


class ContadorFolio(models.Model):
    """Contador por prefijo y año; se bloquea (select_for_update) para dar folios sin huecos."""

    prefijo = models.CharField(max_length=8)
    anio = models.PositiveSmallIntegerField()
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefijo", "anio"], name="contador_folio_unico")]

    def __str__(self):
        return f"{self.prefijo}-{self.anio}: {self.ultimo}"

    @classmethod
    def siguiente(cls, prefijo, anio):
        """Debe llamarse dentro de una transacción: el renglón queda bloqueado hasta el commit."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("ContadorFolio.siguiente() necesita una transacción abierta.")
        cls.objects.get_or_create(prefijo=prefijo, anio=anio)
        contador = cls.objects.select_for_update().get(prefijo=prefijo, anio=anio)
        contador.ultimo = models.F("ultimo") + 1
        contador.save(update_fields=["ultimo"])
        contador.refresh_from_db(fields=["ultimo"])
        return f"{prefijo}-{anio}-{contador.ultimo:06d}"


TEXTOS_DEL_MANUAL = ("descripcion", "requisitos", "vigencia", "lugar_horario", "caracteristicas", "temporalidad",
                     "costo", "mecanismo_incumplimiento", "beneficiario")


class SolicitudQuerySet(models.QuerySet):
    def abiertas(self):
        return self.filter(estado__in=ABIERTOS)

    def para_cola(self):
        # Del servicio solo lo que pinta la cola y piden los relojes (no los textos largos del manual).
        return self.select_related("servicio", "solicitante", "dependencia", "tecnico").defer(
            *(f"servicio__{campo}" for campo in TEXTOS_DEL_MANUAL)
        )


class Solicitud(models.Model):
    folio = models.CharField("folio", max_length=20, unique=True, editable=False)
    codigo = models.CharField(
        "código de consulta", max_length=6, default=codigo_consulta, editable=False,
        help_text="Se dicta al solicitante junto con el folio para consultar en /consulta/.",
    )
    servicio = models.ForeignKey(Servicio, on_delete=models.PROTECT, related_name="solicitudes")
    canal = models.CharField("canal", max_length=12, choices=Canal.choices, default=Canal.TELEFONO)
    solicitante = models.ForeignKey(
        Empleado, on_delete=models.PROTECT, related_name="solicitudes", verbose_name="solicitante"
    )
    dependencia = models.ForeignKey(
        Dependencia, on_delete=models.PROTECT, related_name="solicitudes", verbose_name="dependencia"
    )
    equipos = models.ManyToManyField(Equipo, blank=True, related_name="solicitudes", verbose_name="equipos")
    asunto = models.CharField("asunto", max_length=200)
    descripcion = models.TextField("descripción", blank=True)
    urgencia = models.CharField("urgencia", max_length=5, choices=Nivel.choices, default=Nivel.MEDIA)
    impacto = models.CharField("impacto", max_length=5, choices=Nivel.choices, default=Nivel.MEDIA)
    prioridad = models.PositiveSmallIntegerField("prioridad", choices=Prioridad.choices, default=Prioridad.MEDIA)
    cantidad = models.PositiveIntegerField("cantidad", default=1, validators=[MinValueValidator(1)])
    fecha_compromiso = models.DateField("fecha compromiso acordada", null=True, blank=True)
    estado = models.CharField("estado", max_length=12, choices=Estado.choices, default=Estado.NUEVA, db_index=True)
    tipo_espera = models.CharField("en espera de", max_length=12, choices=TipoEspera.choices, blank=True)
    tecnico = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="solicitudes_asignadas", verbose_name="técnico asignado",
    )
    resolucion = models.TextField("resolución", blank=True)
    recibida = models.DateTimeField("recibida", default=timezone.now, db_index=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="solicitudes_registradas", verbose_name="registrada por",
    )
    # Metas en minutos hábiles, fijadas al registrar (una edición posterior del catálogo no las cambia).
    meta_inicial_min = models.PositiveIntegerField("meta del primer compromiso (min hábiles)", null=True, blank=True)
    meta_resolucion_min = models.PositiveIntegerField("meta de resolución (min hábiles)", null=True, blank=True)
    # Índices para ordenar por tiempo restante (se recalculan de la bitácora en cada cambio).
    vence_inicial = models.DateTimeField("vence el primer compromiso", null=True, blank=True, db_index=True)
    vence_resolucion = models.DateTimeField("vence la resolución", null=True, blank=True, db_index=True)
    atendida_en = models.DateTimeField("primer compromiso cumplido en", null=True, blank=True)
    resuelta_en = models.DateTimeField("resuelta", null=True, blank=True)
    cerrada_en = models.DateTimeField("cerrada", null=True, blank=True)
    avisada_inicial = models.BooleanField(default=False, editable=False)
    avisada_resolucion = models.BooleanField(default=False, editable=False)
    actualizada = models.DateTimeField("actualizada", auto_now=True)
    history = HistoricalRecords(excluded_fields=["actualizada", "avisada_inicial", "avisada_resolucion",
                                                 "vence_inicial", "vence_resolucion"])

    objects = SolicitudQuerySet.as_manager()

    class Meta:
        ordering = ["-recibida"]
        verbose_name = "solicitud"
        verbose_name_plural = "solicitudes"
        indexes = [models.Index(fields=["estado", "vence_resolucion"], name="solicitud_estado_vence")]
        permissions = [
            ("atender_solicitud", "Puede atender solicitudes asignadas (cambiar su estado)"),
            ("asignar_solicitud", "Puede asignar solicitudes a técnicos"),
        ]

    def __str__(self):
        return f"{self.folio} · {self.asunto}"

    def get_absolute_url(self):
        return reverse("soporte:detalle", args=[self.folio])

    @property
    def abierta(self):
        return self.estado in ABIERTOS


class CambioEstado(models.Model):
    """Bitácora de estados: de aquí salen los relojes."""

    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="cambios")
    anterior = models.CharField("estado anterior", max_length=12, choices=Estado.choices, blank=True)
    nuevo = models.CharField("estado nuevo", max_length=12, choices=Estado.choices)
    en = models.DateTimeField("cuándo", default=timezone.now)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    nota = models.TextField("nota", blank=True)

    class Meta:
        ordering = ["en", "pk"]
        verbose_name = "cambio de estado"
        verbose_name_plural = "cambios de estado"

    def __str__(self):
        return f"{self.solicitud.folio}: {self.anterior or '—'} → {self.nuevo}"


class Incumplimiento(models.Model):
    """Un compromiso vencido. Se registra una vez y no se borra."""

    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="incumplimientos")
    compromiso = models.CharField(max_length=12, choices=Compromiso.choices)
    meta_min = models.PositiveIntegerField("meta (min hábiles)")
    vencio_en = models.DateTimeField("venció")
    detectado_en = models.DateTimeField("detectado", default=timezone.now)

    class Meta:
        ordering = ["vencio_en"]
        constraints = [models.UniqueConstraint(fields=["solicitud", "compromiso"], name="incumplimiento_unico")]
        verbose_name = "incumplimiento"
        verbose_name_plural = "incumplimientos"

    def __str__(self):
        return f"{self.solicitud.folio}: {self.get_compromiso_display()}"


class Comentario(models.Model):
    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="comentarios")
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    texto = models.TextField("comentario")
    publico = models.BooleanField(
        "público", default=False, help_text="Los públicos los ve el solicitante en la consulta por folio."
    )
    creado = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["creado", "pk"]

    def __str__(self):
        return f"Comentario en {self.solicitud_id}"


def _ruta_adjunto(instancia, nombre):
    from .validadores import nombre_seguro

    # La extensión sale del tipo verificado por contenido, no del nombre que mandó el navegador.
    return f"soporte/{instancia.solicitud.folio}/{secrets.token_hex(8)}-{nombre_seguro(nombre, instancia.tipo)}"


class Adjunto(models.Model):
    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="adjuntos")
    archivo = models.FileField("archivo", upload_to=_ruta_adjunto)
    nombre = models.CharField("nombre original", max_length=200)
    tipo = models.CharField("tipo", max_length=40)
    tamano = models.PositiveIntegerField("tamaño (bytes)")
    descripcion = models.CharField("descripción", max_length=200, blank=True)
    subido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    creado = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["creado", "pk"]

    def __str__(self):
        return self.nombre


class Queja(models.Model):
    """Queja por incumplimiento (mecanismo del manual): la responde y cierra la Dirección."""

    folio = models.CharField("folio", max_length=20, unique=True, editable=False)
    solicitud = models.ForeignKey(Solicitud, on_delete=models.PROTECT, related_name="quejas")
    compromiso = models.CharField("compromiso incumplido", max_length=12, choices=Compromiso.choices)
    incumplimiento = models.ForeignKey(
        Incumplimiento, on_delete=models.SET_NULL, null=True, blank=True, related_name="quejas"
    )
    descripcion = models.TextField("motivo de la queja")
    presentada_por = models.CharField("presentada por", max_length=200)
    canal = models.CharField("canal", max_length=10, choices=CanalQueja.choices, default=CanalQueja.MESA)
    estado = models.CharField(
        "estado", max_length=10, choices=EstadoQueja.choices, default=EstadoQueja.RECIBIDA, db_index=True
    )
    respuesta = models.TextField("respuesta de la Dirección", blank=True)
    respondida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    respondida_en = models.DateTimeField("respondida", null=True, blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    creada = models.DateTimeField("presentada", default=timezone.now)

    class Meta:
        ordering = ["-creada"]
        verbose_name = "queja"
        verbose_name_plural = "quejas"
        permissions = [("responder_queja", "Puede responder y cerrar quejas")]

    def __str__(self):
        return self.folio

    def get_absolute_url(self):
        return reverse("soporte:queja", args=[self.folio])


class Encuesta(models.Model):
    """Encuesta de satisfacción: se crea al resolver; se contesta por enlace público o por teléfono."""

    class Medio(models.TextChoices):
        ENLACE = "enlace", "Enlace público"
        TELEFONO = "telefono", "Por teléfono (mesa de ayuda)"

    solicitud = models.OneToOneField(Solicitud, on_delete=models.CASCADE, related_name="encuesta")
    token = models.CharField(max_length=64, unique=True, default=token_publico, editable=False)
    calificacion = models.PositiveSmallIntegerField(
        "calificación", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comentario = models.TextField("comentario", blank=True)
    medio = models.CharField("medio", max_length=10, choices=Medio.choices, blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    creada = models.DateTimeField(default=timezone.now)
    respondida_en = models.DateTimeField("respondida", null=True, blank=True)

    class Meta:
        verbose_name = "encuesta de satisfacción"
        verbose_name_plural = "encuestas de satisfacción"

    def __str__(self):
        return f"Encuesta de la solicitud {self.solicitud_id}"


class Asesoria(models.Model):
    solicitud = models.OneToOneField(Solicitud, on_delete=models.CASCADE, related_name="asesoria")
    tema = models.CharField("tema", max_length=200)
    fecha = models.DateTimeField("fecha de la asesoría", null=True, blank=True)
    duracion_minutos = models.PositiveIntegerField("duración (minutos)", null=True, blank=True)
    asistentes = models.PositiveIntegerField("asistentes", default=1)

    class Meta:
        verbose_name = "asesoría"
        verbose_name_plural = "asesorías"

    def __str__(self):
        return self.tema


class Proyecto(models.Model):
    """Plataformas web y soluciones tecnológicas: fases, avance e hitos sobre su solicitud."""

    solicitud = models.OneToOneField(Solicitud, on_delete=models.CASCADE, related_name="proyecto")
    fase = models.CharField("fase", max_length=15, choices=Fase.choices, default=Fase.PLANIFICACION)
    avance = models.PositiveSmallIntegerField(
        "avance (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="proyectos"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "proyecto"
        verbose_name_plural = "proyectos"

    def __str__(self):
        return f"Proyecto de la solicitud {self.solicitud_id}"


class Hito(models.Model):
    proyecto = models.ForeignKey(Proyecto, on_delete=models.CASCADE, related_name="hitos")
    nombre = models.CharField("hito", max_length=200)
    fase = models.CharField("fase", max_length=15, choices=Fase.choices, blank=True)
    fecha_objetivo = models.DateField("fecha objetivo")
    cumplido_en = models.DateField("cumplido", null=True, blank=True)

    class Meta:
        ordering = ["fecha_objetivo", "pk"]

    def __str__(self):
        return self.nombre


class Aviso(models.Model):
    """Aviso en la aplicación (y por correo si está configurado) a un usuario."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avisos")
    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    texto = models.CharField("aviso", max_length=300)
    creado = models.DateTimeField(default=timezone.now)
    leido = models.BooleanField("leído", default=False)

    class Meta:
        ordering = ["-creado"]
        indexes = [models.Index(fields=["usuario", "leido"], name="aviso_usuario_leido")]

    def __str__(self):
        return self.texto
