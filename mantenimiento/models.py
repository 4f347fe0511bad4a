"""Mantenimiento preventivo: plantillas de lista de verificación, planes, órdenes de trabajo y sus resultados."""
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from comun.models import Dependencia
from inventario.choices import Estado as EstadoEquipo
from inventario.models import Equipo, TipoEquipo

from . import programacion
from .choices import ABIERTAS, AjusteInhabil, EstadoOrden, Modo, OrigenOrden, Resultado, TipoItem, Unidad


class PlantillaChecklist(models.Model):
    nombre = models.CharField("nombre", max_length=120, unique=True)
    descripcion = models.TextField("descripción", blank=True)
    activa = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "plantilla de lista de verificación"
        verbose_name_plural = "plantillas de lista de verificación"

    def __str__(self):
        return self.nombre


class ItemChecklist(models.Model):
    """Un punto de la lista. En «número», mínimo/máximo son el criterio para pasar (fuera de ellos: falla);
    con unidad «%» además se rechaza un valor fuera de 0–100."""

    plantilla = models.ForeignKey(PlantillaChecklist, on_delete=models.CASCADE, related_name="items",
                                  verbose_name="plantilla")
    orden = models.PositiveSmallIntegerField("orden", default=0)
    texto = models.CharField("actividad", max_length=200)
    tipo = models.CharField("tipo", max_length=12, choices=TipoItem.choices, default=TipoItem.PASA_FALLA)
    minimo = models.DecimalField("mínimo", max_digits=10, decimal_places=2, null=True, blank=True)
    maximo = models.DecimalField("máximo", max_digits=10, decimal_places=2, null=True, blank=True)
    unidad = models.CharField("unidad", max_length=20, blank=True, help_text="p. ej. %, GB, °C")
    opciones = models.TextField("opciones", blank=True, help_text="Para «opción»: una por línea.")
    opciones_falla = models.TextField(
        "opciones que cuentan como falla", blank=True, help_text="Para «opción»: una por línea."
    )
    obligatorio = models.BooleanField("obligatorio", default=True)
    ayuda = models.CharField("ayuda", max_length=200, blank=True)

    class Meta:
        ordering = ["plantilla", "orden", "id"]
        verbose_name = "punto de la lista"
        verbose_name_plural = "puntos de la lista"

    def __str__(self):
        return self.texto

    def lista_opciones(self):
        return [o.strip() for o in self.opciones.splitlines() if o.strip()]

    def lista_opciones_falla(self):
        return {o.strip() for o in self.opciones_falla.splitlines() if o.strip()}

    def clean(self):
        if self.tipo == TipoItem.OPCION and not self.lista_opciones():
            raise ValidationError({"opciones": "Un punto de tipo «opción» necesita al menos una opción."})
        if self.minimo is not None and self.maximo is not None and self.minimo > self.maximo:
            raise ValidationError({"maximo": "El máximo no puede ser menor que el mínimo."})


MAXIMO_INTERVALO = {Unidad.DIAS: 3650, Unidad.SEMANAS: 520, Unidad.MESES: 120, Unidad.ANIOS: 10}
FECHA_MINIMA, FECHA_MAXIMA = date(2000, 1, 1), date(2100, 12, 31)


class PlanQuerySet(models.QuerySet):
    def activos(self):
        return self.filter(activo=True)


class PlanMantenimiento(models.Model):
    """Plan preventivo. Alcance: un equipo entra si está en la lista explícita, o si cumple el filtro de tipo
    (si hay) Y el de dependencia (si hay). Sin ningún filtro ni lista, el plan no abarca nada. Los equipos dados
    de baja nunca entran. Las reglas de calendario están en mantenimiento/programacion.py."""

    nombre = models.CharField("nombre", max_length=150, unique=True,
                              error_messages={"unique": "Ya existe un plan con este nombre."})
    descripcion = models.TextField("descripción", blank=True)
    tipos = models.ManyToManyField(TipoEquipo, blank=True, related_name="planes_mantenimiento",
                                   verbose_name="tipos de equipo")
    dependencias = models.ManyToManyField(Dependencia, blank=True, related_name="planes_mantenimiento",
                                          verbose_name="dependencias")
    equipos = models.ManyToManyField(Equipo, blank=True, related_name="planes_mantenimiento",
                                     verbose_name="equipos (lista explícita)")
    plantilla = models.ForeignKey(PlantillaChecklist, on_delete=models.PROTECT, related_name="planes",
                                  verbose_name="lista de verificación")
    modo = models.CharField("modo", max_length=10, choices=Modo.choices, default=Modo.FIJO)
    intervalo = models.PositiveSmallIntegerField("cada", validators=[MinValueValidator(1, "El intervalo debe ser "
                                                                                            "de al menos 1.")])
    unidad = models.CharField("unidad", max_length=10, choices=Unidad.choices, default=Unidad.MESES)
    fecha_inicio = models.DateField("fecha de inicio")
    dias_anticipacion = models.PositiveSmallIntegerField(
        "días de anticipación", default=7, help_text="La orden aparece en la lista estos días antes de su fecha."
    )
    ajuste_inhabil = models.CharField("si cae en día inhábil", max_length=10, choices=AjusteInhabil.choices,
                                      default=AjusteInhabil.ANTERIOR)
    tecnicos = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="planes_mantenimiento",
                                      verbose_name="técnicos responsables")
    activo = models.BooleanField("activo", default=True)
    creado = models.DateTimeField("creado", auto_now_add=True)
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["nombre"]
        verbose_name = "plan de mantenimiento"
        verbose_name_plural = "planes de mantenimiento"
        permissions = [
            ("generar_ordenes", "Puede generar las órdenes ahora"),
        ]

    def __str__(self):
        return self.nombre

    def get_absolute_url(self):
        return reverse("mantenimiento:plan_editar", args=[self.pk])

    @property
    def regla(self):
        return programacion.Regla.de_plan(self)

    def descripcion_intervalo(self):
        unidad = self.get_unidad_display()
        if self.intervalo == 1:
            unidad = {"días": "día", "semanas": "semana", "meses": "mes", "años": "año"}[unidad]
        return f"cada {self.intervalo} {unidad}"

    def clean(self):
        maximo = MAXIMO_INTERVALO.get(self.unidad)
        if self.intervalo and maximo and self.intervalo > maximo:
            extra = "" if self.unidad == Unidad.ANIOS else " (10 años)"
            raise ValidationError({"intervalo": f"El intervalo puede ser de hasta {maximo} "
                                                f"{self.get_unidad_display()}{extra}."})
        if self.fecha_inicio and not (FECHA_MINIMA <= self.fecha_inicio <= FECHA_MAXIMA):
            raise ValidationError({"fecha_inicio": "La fecha de inicio debe estar entre 2000 y 2100."})
        if self.intervalo and self.unidad and self.dias_anticipacion is not None:
            minimo = programacion.dias_minimos(self.intervalo, self.unidad)
            if self.dias_anticipacion >= minimo:
                raise ValidationError({"dias_anticipacion": (
                    f"Los días de anticipación ({self.dias_anticipacion}) deben ser menores que el intervalo "
                    f"({self.descripcion_intervalo()} = {minimo} días como mínimo)."
                )})

    def equipos_en_alcance(self):
        """QuerySet de los equipos del alcance (3 subconsultas, sin traer ids a Python)."""
        return Equipo.objects.exclude(estado=EstadoEquipo.BAJA).filter(self.condicion_alcance())

    def condicion_alcance(self):
        """Q sobre Equipo que describe el alcance (subconsultas EXISTS)."""
        tm = PlanMantenimiento.tipos.through
        dm = PlanMantenimiento.dependencias.through
        em = PlanMantenimiento.equipos.through
        tiene_tipos = tm.objects.filter(planmantenimiento_id=self.pk)
        tiene_deps = dm.objects.filter(planmantenimiento_id=self.pk)
        explicito = Exists(em.objects.filter(planmantenimiento_id=self.pk, equipo_id=OuterRef("pk")))
        por_tipo = ~Exists(tiene_tipos) | Exists(tiene_tipos.filter(tipoequipo_id=OuterRef("tipo_id")))
        por_dep = ~Exists(tiene_deps) | Exists(tiene_deps.filter(dependencia_id=OuterRef("dependencia_id")))
        hay_filtro = Exists(tiene_tipos) | Exists(tiene_deps)
        return explicito | (hay_filtro & por_tipo & por_dep)


class OrdenQuerySet(models.QuerySet):
    def abiertas(self):
        return self.filter(estado__in=ABIERTAS)

    def para_lista(self):
        return self.select_related("plan", "tecnico", "equipo__tipo", "equipo__ubicacion", "equipo__dependencia",
                                   "equipo__resguardante")


class OrdenMantenimiento(models.Model):
    """Orden de trabajo preventiva.

    - ``fecha_programada``: fecha de la rejilla (o calculada en modo flotante) antes de moverla por día inhábil;
      ``fecha_limite``: la fecha en que vence, ya en día hábil; ``ventana_hasta``: último día a tiempo.
    - Una orden abierta (programada o en proceso) sigue abierta hasta que se completa o se cancela: no se marca
      sola como «no realizada». El cumplimiento se mide por fechas (selectors.py); un supervisor puede cerrarla
      como «no realizada» con motivo (el equipo no estaba, etc.).
    - Como mucho una orden abierta por (plan, equipo): restricción única parcial (SQLite y PostgreSQL).
    - ``plan`` es nulo en las órdenes a demanda (``origen`` = a_demanda), que pide una dependencia con una
      solicitud del servicio «Mantenimiento preventivo» (``solicitud``).
    """

    plan = models.ForeignKey(PlanMantenimiento, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="ordenes", verbose_name="plan")
    origen = models.CharField("origen", max_length=12, choices=OrigenOrden.choices, default=OrigenOrden.PROGRAMADA)
    solicitud = models.ForeignKey("soporte.Solicitud", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="ordenes_mantenimiento", verbose_name="solicitud que la pidió")
    equipo = models.ForeignKey(Equipo, on_delete=models.PROTECT, related_name="ordenes_mantenimiento",
                               verbose_name="equipo")
    plantilla = models.ForeignKey(PlantillaChecklist, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="ordenes", verbose_name="lista de verificación")
    fecha_programada = models.DateField("fecha programada")
    fecha_limite = models.DateField("fecha límite")
    ventana_hasta = models.DateField("a tiempo hasta")
    fecha_generacion = models.DateField("generada para el")
    estado = models.CharField("estado", max_length=14, choices=EstadoOrden.choices, default=EstadoOrden.PROGRAMADA)
    tecnico = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="ordenes_mantenimiento", verbose_name="técnico")
    inicio = models.DateTimeField("inicio", null=True, blank=True)
    fin = models.DateTimeField("fin", null=True, blank=True)
    fecha_cierre = models.DateField("fecha de cierre", null=True, blank=True)
    minutos = models.PositiveIntegerField("minutos trabajados", null=True, blank=True)
    observaciones = models.TextField("observaciones", blank=True)
    conformidad_nombre = models.CharField("nombre de quien da conformidad", max_length=150, blank=True)
    firma_png = models.BinaryField("firma (PNG)", null=True, blank=True, editable=False)
    fechas_omitidas = models.PositiveSmallIntegerField(
        "fechas omitidas", default=0, help_text="Modo fijo: fechas de la rejilla saltadas por un cierre tardío."
    )
    motivo_cierre = models.TextField("motivo de cancelación o no realización", blank=True)
    creado = models.DateTimeField("creada", auto_now_add=True)
    actualizado = models.DateTimeField("actualizada", auto_now=True)

    objects = OrdenQuerySet.as_manager()

    class Meta:
        ordering = ["fecha_limite", "id"]
        verbose_name = "orden de mantenimiento"
        verbose_name_plural = "órdenes de mantenimiento"
        permissions = [
            ("supervisar_ordenes", "Puede ver las órdenes de todos los técnicos y el calendario"),
            ("reasignar_ordenes", "Puede reasignar órdenes y cerrarlas como no realizadas"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "equipo"], condition=Q(estado__in=["programada", "en_proceso"]),
                name="orden_abierta_unica_por_plan_equipo",
            ),
        ]
        indexes = [
            models.Index(fields=["estado", "fecha_limite"], name="orden_estado_limite_idx"),
            models.Index(fields=["tecnico", "estado", "fecha_limite"], name="orden_tecnico_idx"),
            models.Index(fields=["plan", "equipo", "estado"], name="orden_plan_equipo_idx"),
        ]

    def __str__(self):
        return f"OM-{self.pk:06d} {self.equipo.numero_inventario}" if self.pk else "Orden nueva"

    def get_absolute_url(self):
        return reverse("mantenimiento:orden", args=[self.pk])

    @property
    def folio(self):
        return f"OM-{self.pk:06d}"

    @property
    def abierta(self):
        return self.estado in ABIERTAS

    @property
    def a_tiempo(self):
        return self.estado == EstadoOrden.COMPLETADA and self.fecha_cierre and self.fecha_cierre <= self.ventana_hasta


class ResultadoItem(models.Model):
    """Resultado de un punto de la lista en una orden. Copia el texto y el tipo del punto (la plantilla puede
    cambiar después). Un punto con falla puede abrir una solicitud correctiva en la mesa de servicio
    (``solicitud_correctiva``)."""

    orden = models.ForeignKey(OrdenMantenimiento, on_delete=models.CASCADE, related_name="resultados",
                              verbose_name="orden")
    item = models.ForeignKey(ItemChecklist, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="punto de la plantilla")
    posicion = models.PositiveSmallIntegerField("posición", default=0)
    texto = models.CharField("actividad", max_length=200)
    tipo = models.CharField("tipo", max_length=12, choices=TipoItem.choices)
    valor = models.CharField("valor", max_length=500, blank=True)
    valor_numero = models.DecimalField("valor numérico", max_digits=12, decimal_places=2, null=True, blank=True)
    resultado = models.CharField("resultado", max_length=6, choices=Resultado.choices, blank=True)
    notas = models.TextField("notas", blank=True)
    solicitud_correctiva = models.ForeignKey("soporte.Solicitud", on_delete=models.SET_NULL, null=True, blank=True,
                                             related_name="+", verbose_name="solicitud correctiva")

    class Meta:
        ordering = ["orden", "posicion", "id"]
        verbose_name = "resultado de la lista"
        verbose_name_plural = "resultados de la lista"

    def __str__(self):
        return f"{self.texto}: {self.get_resultado_display()}"


class RefaccionOrden(models.Model):
    orden = models.ForeignKey(OrdenMantenimiento, on_delete=models.CASCADE, related_name="refacciones",
                              verbose_name="orden")
    descripcion = models.CharField("descripción", max_length=200)
    cantidad = models.DecimalField("cantidad", max_digits=8, decimal_places=2, default=1,
                                   validators=[MinValueValidator(0.01, "La cantidad debe ser mayor que cero.")])
    costo = models.DecimalField("costo unitario", max_digits=10, decimal_places=2, default=0,
                                validators=[MinValueValidator(0, "El costo no puede ser negativo.")])

    class Meta:
        ordering = ["orden", "id"]
        verbose_name = "refacción usada"
        verbose_name_plural = "refacciones usadas"

    def __str__(self):
        return f"{self.cantidad} × {self.descripcion}"

    @property
    def importe(self):
        return self.cantidad * self.costo
