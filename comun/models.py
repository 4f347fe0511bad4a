"""Organización del municipio (dependencias, ubicaciones, empleados) y calendario de la oficina."""
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

from .normalizacion import clave_nombre


class Dependencia(models.Model):
    nombre = models.CharField("nombre", max_length=150, unique=True)
    siglas = models.CharField("siglas", max_length=20, blank=True)
    clave = models.CharField(
        "clave de comparación", max_length=150, unique=True, editable=False,
        help_text="Nombre sin acentos, mayúsculas ni espacios; evita duplicados al importar.",
    )
    activa = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"

    def __str__(self):
        return self.nombre

    def save(self, *args, **kwargs):
        self.clave = clave_nombre(self.nombre)
        super().save(*args, **kwargs)


class Ubicacion(models.Model):
    edificio = models.CharField("edificio", max_length=120)
    piso = models.CharField("piso", max_length=40, blank=True)
    oficina = models.CharField("oficina", max_length=120, blank=True)
    dependencia = models.ForeignKey(
        Dependencia, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="ubicaciones", verbose_name="dependencia",
    )

    class Meta:
        ordering = ["edificio", "piso", "oficina"]
        verbose_name = "ubicación"
        verbose_name_plural = "ubicaciones"
        constraints = [
            models.UniqueConstraint(
                fields=["edificio", "piso", "oficina"], name="ubicacion_unica"
            )
        ]

    def __str__(self):
        return " / ".join(p for p in (self.edificio, self.piso, self.oficina) if p)


class Empleado(models.Model):
    class Tipo(models.TextChoices):
        ADMINISTRATIVO = "administrativo", "Administrativo"
        POLICIA = "policia", "Policía"

    numero_empleado = models.CharField(
        "número de empleado", max_length=20, unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9\-]+$", "Solo letras, números y guiones.")],
    )
    nombre = models.CharField("nombre(s)", max_length=120)
    apellidos = models.CharField("apellidos", max_length=120, blank=True)
    puesto = models.CharField("puesto", max_length=120, blank=True)
    dependencia = models.ForeignKey(
        Dependencia, on_delete=models.PROTECT, related_name="empleados", verbose_name="dependencia",
    )
    extension = models.CharField("extensión", max_length=10, blank=True)
    correo = models.EmailField("correo electrónico", blank=True)
    foto = models.ImageField("fotografía", upload_to="empleados/", blank=True)
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices, default=Tipo.ADMINISTRATIVO)
    activo = models.BooleanField("activo", default=True)
    clave = models.CharField("clave de comparación", max_length=250, editable=False, db_index=True)

    class Meta:
        ordering = ["apellidos", "nombre"]
        verbose_name = "empleado"
        verbose_name_plural = "empleados"
        indexes = [models.Index(Lower("apellidos"), Lower("nombre"), name="empleado_nombre_idx")]

    def __str__(self):
        return self.nombre_completo

    def save(self, *args, **kwargs):
        self.clave = clave_nombre(self.nombre_completo)
        super().save(*args, **kwargs)

    @property
    def nombre_completo(self):
        return f"{self.nombre} {self.apellidos}".strip()


class HorarioOficina(models.Model):
    """Horario de atención por día de la semana; un día sin fila no es laborable."""

    class Dia(models.IntegerChoices):
        LUNES = 0, "Lunes"
        MARTES = 1, "Martes"
        MIERCOLES = 2, "Miércoles"
        JUEVES = 3, "Jueves"
        VIERNES = 4, "Viernes"
        SABADO = 5, "Sábado"
        DOMINGO = 6, "Domingo"

    dia_semana = models.PositiveSmallIntegerField("día", choices=Dia.choices, unique=True)
    hora_inicio = models.TimeField("hora de inicio")
    hora_fin = models.TimeField("hora de fin")

    class Meta:
        ordering = ["dia_semana"]
        verbose_name = "horario de oficina"
        verbose_name_plural = "horario de oficina"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hora_fin__gt=models.F("hora_inicio")), name="horario_fin_despues_inicio"
            )
        ]

    def __str__(self):
        return f"{self.get_dia_semana_display()} {self.hora_inicio:%H:%M}–{self.hora_fin:%H:%M}"


class DiaInhabil(models.Model):
    """Día no laborable municipal (además de los festivos oficiales de México)."""

    fecha = models.DateField("fecha", unique=True)
    descripcion = models.CharField("descripción", max_length=150)

    class Meta:
        ordering = ["fecha"]
        verbose_name = "día inhábil municipal"
        verbose_name_plural = "días inhábiles municipales"

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} — {self.descripcion}"


class DiaCalendario(models.Model):
    """Una fila por día del calendario de la oficina, para contar minutos hábiles dentro de la base de datos.

    Los instantes van en microsegundos desde 1970 (UTC). ``acumulado`` son los microsegundos hábiles desde el
    primer día de la tabla hasta la apertura de este día; así, los minutos hábiles entre dos instantes son la
    resta de sus acumulados (ver ``comun/minutos_sql.py``). La tabla se rehace sola cuando cambia el
    calendario (``firma``) o se pide un rango que no cubre; no se edita a mano.
    """

    fecha = models.DateField("fecha", unique=True)
    inicio = models.BigIntegerField("inicio del día (µs UTC)", unique=True)
    apertura = models.BigIntegerField("apertura (µs UTC)")
    cierre = models.BigIntegerField("cierre (µs UTC)")
    acumulado = models.BigIntegerField("µs hábiles antes de la apertura")
    firma = models.CharField("firma del calendario", max_length=32)

    class Meta:
        ordering = ["fecha"]
        verbose_name = "día del calendario (cálculo)"
        verbose_name_plural = "días del calendario (cálculo)"

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y}"
