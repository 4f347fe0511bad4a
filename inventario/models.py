"""Registro de equipos del municipio: tipos, marcas, modelos, equipos, interfaces de red y resguardos."""
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from comun.models import Dependencia, Empleado, Ubicacion
from comun.normalizacion import es_serie_basura, normalizar_mac

from .choices import Categoria, Condicion, Estado, Origen


class TipoEquipo(models.Model):
    nombre = models.CharField("nombre", max_length=60, unique=True)
    categoria = models.CharField("categoría", max_length=20, choices=Categoria.choices, default=Categoria.OTRO)
    vida_util_meses = models.PositiveSmallIntegerField(
        "vida útil (meses)", default=36, help_text="CONAC: 36 meses para equipo de cómputo."
    )

    class Meta:
        ordering = ["nombre"]
        verbose_name = "tipo de equipo"
        verbose_name_plural = "tipos de equipo"

    def __str__(self):
        return self.nombre


class Marca(models.Model):
    nombre = models.CharField("nombre", max_length=80, unique=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "marca"
        verbose_name_plural = "marcas"

    def __str__(self):
        return self.nombre


class Modelo(models.Model):
    marca = models.ForeignKey(Marca, on_delete=models.PROTECT, related_name="modelos", verbose_name="marca")
    nombre = models.CharField("modelo", max_length=120)
    tipo = models.ForeignKey(
        TipoEquipo, on_delete=models.PROTECT, related_name="modelos", verbose_name="tipo", null=True, blank=True
    )
    vida_util_meses = models.PositiveSmallIntegerField(
        "vida útil (meses)", null=True, blank=True,
        help_text="Si se deja vacío se usa la del tipo de equipo.",
    )

    class Meta:
        ordering = ["marca__nombre", "nombre"]
        verbose_name = "modelo"
        verbose_name_plural = "modelos"
        constraints = [models.UniqueConstraint(fields=["marca", "nombre"], name="modelo_unico_por_marca")]

    def __str__(self):
        return f"{self.marca} {self.nombre}"


class EquipoQuerySet(models.QuerySet):
    def para_lista(self):
        return self.select_related("tipo", "modelo__marca", "dependencia", "resguardante")

    def vigentes(self):
        return self.exclude(estado=Estado.BAJA)


class Equipo(models.Model):
    numero_inventario = models.CharField(
        "número de inventario", max_length=40, unique=True,
        error_messages={"unique": "Ya existe un equipo con este número de inventario."},
    )
    tipo = models.ForeignKey(TipoEquipo, on_delete=models.PROTECT, related_name="equipos", verbose_name="tipo")
    modelo = models.ForeignKey(
        Modelo, on_delete=models.PROTECT, related_name="equipos", verbose_name="marca y modelo",
        null=True, blank=True,
    )
    numero_serie = models.CharField("número de serie", max_length=80, blank=True, db_index=True)
    estado = models.CharField(
        "estado administrativo", max_length=20, choices=Estado.choices, default=Estado.ACTIVO, db_index=True
    )
    condicion = models.CharField(
        "condición física", max_length=10, choices=Condicion.choices, default=Condicion.BUENO
    )
    dependencia = models.ForeignKey(
        Dependencia, on_delete=models.PROTECT, related_name="equipos", verbose_name="dependencia"
    )
    ubicacion = models.ForeignKey(
        Ubicacion, on_delete=models.SET_NULL, related_name="equipos", verbose_name="ubicación",
        null=True, blank=True,
    )
    resguardante = models.ForeignKey(
        Empleado, on_delete=models.PROTECT, related_name="equipos_resguardo", verbose_name="resguardante",
        null=True, blank=True,
    )
    fecha_adquisicion = models.DateField("fecha de adquisición", null=True, blank=True)
    costo = models.DecimalField(
        "costo", max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0, "El costo no puede ser negativo.")],
    )
    proveedor = models.CharField("proveedor", max_length=150, blank=True)
    factura = models.CharField("factura", max_length=60, blank=True)
    garantia_hasta = models.DateField("fin de garantía", null=True, blank=True)
    procesador = models.CharField("procesador", max_length=120, blank=True)
    ram_gb = models.PositiveSmallIntegerField("RAM (GB)", null=True, blank=True)
    almacenamiento_gb = models.PositiveIntegerField("almacenamiento (GB)", null=True, blank=True)
    sistema_operativo = models.CharField("sistema operativo", max_length=80, blank=True, db_index=True)
    hostname = models.CharField("nombre de equipo (hostname)", max_length=63, blank=True, db_index=True)
    notas = models.TextField("notas", blank=True)
    origen = models.CharField("origen del registro", max_length=12, choices=Origen.choices, default=Origen.MANUAL)
    ultima_vez_visto = models.DateTimeField("visto en la red por última vez", null=True, blank=True)
    motivo_baja = models.TextField("motivo de la baja", blank=True)
    fecha_baja = models.DateField("fecha de baja", null=True, blank=True)
    creado = models.DateTimeField("registrado", auto_now_add=True)
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    history = HistoricalRecords(excluded_fields=["actualizado", "creado"])
    objects = EquipoQuerySet.as_manager()

    class Meta:
        ordering = ["numero_inventario"]
        verbose_name = "equipo"
        verbose_name_plural = "equipos"
        permissions = [
            ("transferir_equipo", "Puede transferir el resguardo de un equipo"),
            ("dar_baja_equipo", "Puede dar de baja un equipo"),
        ]
        indexes = [
            models.Index(fields=["dependencia", "numero_inventario"], name="equipo_dep_inv_idx"),
            models.Index(fields=["fecha_adquisicion"], name="equipo_adq_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(costo__gte=0) | models.Q(costo__isnull=True),
                                   name="equipo_costo_no_negativo"),
        ]

    def __str__(self):
        return f"{self.numero_inventario} — {self.tipo}"

    def get_absolute_url(self):
        return reverse("inventario:detalle", args=[self.pk])

    def clean(self):
        errores = {}
        self.numero_inventario = (self.numero_inventario or "").strip().upper()
        if self.numero_serie and es_serie_basura(self.numero_serie):
            # Un serial de relleno ("To Be Filled By O.E.M.", "S/N") se guarda vacío: no identifica nada.
            self.numero_serie = ""
        self.numero_serie = (self.numero_serie or "").strip().upper()
        self.hostname = (self.hostname or "").strip().lower()
        hoy = date.today()
        if self.fecha_adquisicion and self.fecha_adquisicion > hoy:
            errores["fecha_adquisicion"] = "La fecha de adquisición no puede estar en el futuro."
        if self.fecha_adquisicion and self.fecha_adquisicion.year < 1980:
            errores["fecha_adquisicion"] = "La fecha de adquisición es anterior a 1980; revísela."
        if self.garantia_hasta and self.fecha_adquisicion and self.garantia_hasta < self.fecha_adquisicion:
            errores["garantia_hasta"] = "La garantía no puede terminar antes de la adquisición."
        if self.estado == Estado.BAJA and not (self.motivo_baja or "").strip():
            errores["motivo_baja"] = "Una baja necesita su motivo."
        if self.modelo_id and self.tipo_id and self.modelo.tipo_id and self.modelo.tipo_id != self.tipo_id:
            errores["modelo"] = f"El modelo {self.modelo} es de tipo {self.modelo.tipo}, no {self.tipo}."
        if errores:
            raise ValidationError(errores)

    @property
    def vida_util_meses(self):
        if self.modelo_id and self.modelo.vida_util_meses:
            return self.modelo.vida_util_meses
        return self.tipo.vida_util_meses

    def edad_meses(self, hoy=None):
        if not self.fecha_adquisicion:
            return None
        hoy = hoy or date.today()
        return (hoy.year - self.fecha_adquisicion.year) * 12 + hoy.month - self.fecha_adquisicion.month

    def fin_vida_util(self):
        if not self.fecha_adquisicion:
            return None
        meses = self.fecha_adquisicion.month - 1 + self.vida_util_meses
        anio = self.fecha_adquisicion.year + meses // 12
        mes = meses % 12 + 1
        dia = min(self.fecha_adquisicion.day, 28)
        return date(anio, mes, dia)

    def vida_util_agotada(self, hoy=None):
        fin = self.fin_vida_util()
        return bool(fin and fin <= (hoy or date.today()))

    def valor_en_libros(self, hoy=None):
        """Valor depreciado en línea recta según la vida útil (CONAC: 33.3 % anual en cómputo)."""
        if self.costo is None or not self.fecha_adquisicion:
            return None
        edad = max(self.edad_meses(hoy) or 0, 0)
        restante = max(self.vida_util_meses - edad, 0) / self.vida_util_meses
        return round(self.costo * type(self.costo)(str(restante)), 2)


class InterfazRed(models.Model):
    equipo = models.ForeignKey(Equipo, on_delete=models.CASCADE, related_name="interfaces", verbose_name="equipo")
    nombre = models.CharField("nombre", max_length=40, blank=True, help_text="p. ej. Ethernet, Wi-Fi, eth0")
    mac = models.CharField(
        "dirección MAC", max_length=17, null=True, blank=True, unique=True,
        error_messages={"unique": "Esta MAC ya está registrada en otro equipo."},
    )
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["equipo", "nombre", "id"]
        verbose_name = "interfaz de red"
        verbose_name_plural = "interfaces de red"

    def __str__(self):
        return " ".join(p for p in (self.nombre, self.mac, self.ip) if p) or "interfaz sin datos"

    def save(self, *args, **kwargs):
        # La MAC se guarda siempre normalizada, venga de un formulario, del admin o de un servicio.
        if self.mac:
            self.mac = normalizar_mac(self.mac) or self.mac
        else:
            self.mac = None
        super().save(*args, **kwargs)

    def clean(self):
        if self.mac:
            normalizada = normalizar_mac(self.mac)
            if not normalizada:
                raise ValidationError({"mac": f"«{self.mac}» no es una dirección MAC válida."})
            self.mac = normalizada
        else:
            self.mac = None
        if not self.mac and not self.ip:
            raise ValidationError("Indique al menos la MAC o la IP de la interfaz.")


class MovimientoResguardo(models.Model):
    """Alta, transferencia o baja de un equipo: el documento de resguardo de cada cambio."""

    class Tipo(models.TextChoices):
        ALTA = "alta", "Alta"
        TRANSFERENCIA = "transferencia", "Transferencia"
        BAJA = "baja", "Baja"

    equipo = models.ForeignKey(Equipo, on_delete=models.CASCADE, related_name="movimientos", verbose_name="equipo")
    tipo = models.CharField("tipo", max_length=15, choices=Tipo.choices)
    fecha = models.DateField("fecha")
    resguardante_anterior = models.ForeignKey(
        Empleado, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="resguardante anterior",
    )
    resguardante_nuevo = models.ForeignKey(
        Empleado, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="resguardante nuevo",
    )
    dependencia_anterior = models.ForeignKey(
        Dependencia, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="dependencia anterior",
    )
    dependencia_nueva = models.ForeignKey(
        Dependencia, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="dependencia nueva",
    )
    motivo = models.TextField("motivo")
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="registrado por",
    )
    registrado = models.DateTimeField("registrado", auto_now_add=True)

    class Meta:
        ordering = ["-fecha", "-registrado"]
        verbose_name = "movimiento de resguardo"
        verbose_name_plural = "movimientos de resguardo"

    def __str__(self):
        return f"{self.get_tipo_display()} de {self.equipo.numero_inventario} ({self.fecha:%d/%m/%Y})"


# Los modelos de la importación viven en su propio módulo; se importan aquí para que Django los registre.
from .models_importacion import Importacion, ImportacionEquipo, MapeoColumnas  # noqa: E402,F401
