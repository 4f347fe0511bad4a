"""Serializadores de la API. Solo traducen JSON ↔ argumentos: toda escritura va por los services de cada app."""
from decimal import Decimal

from django.contrib.auth import get_user_model
from rest_framework import serializers

from comun.models import Dependencia, Empleado
from inventario.models import Equipo
from mantenimiento.choices import Resultado
from mantenimiento.models import OrdenMantenimiento, RefaccionOrden, ResultadoItem
from soporte.choices import Canal, Estado, Nivel, TipoEspera
from soporte.forms import tecnicos
from soporte.models import Servicio, Solicitud


class Referencia(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nombre = serializers.CharField(read_only=True)


class EmpleadoResumen(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nombre = serializers.CharField(source="nombre_completo", read_only=True)


class UsuarioResumen(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    nombre = serializers.CharField(source="get_full_name", read_only=True)


class DependenciaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dependencia
        fields = ["id", "nombre", "siglas", "clave", "activa"]


class EmpleadoSerializer(serializers.ModelSerializer):
    nombre_completo = serializers.CharField(read_only=True)
    dependencia = Referencia(read_only=True)

    class Meta:
        model = Empleado
        fields = ["id", "numero_empleado", "nombre", "apellidos", "nombre_completo", "puesto", "dependencia",
                  "extension", "correo", "tipo", "activo"]


class EquipoSerializer(serializers.ModelSerializer):
    tipo = Referencia(read_only=True)
    marca = serializers.CharField(source="modelo.marca.nombre", read_only=True, allow_null=True)
    modelo = serializers.CharField(source="modelo.nombre", read_only=True, allow_null=True)
    dependencia = Referencia(read_only=True)
    resguardante = EmpleadoResumen(read_only=True, allow_null=True)

    class Meta:
        model = Equipo
        fields = ["id", "numero_inventario", "tipo", "marca", "modelo", "numero_serie", "estado", "condicion",
                  "dependencia", "ubicacion", "resguardante", "hostname", "sistema_operativo", "fecha_adquisicion",
                  "origen", "ultima_vez_visto", "actualizado"]


class SolicitudSerializer(serializers.ModelSerializer):
    servicio = serializers.SlugRelatedField(slug_field="clave", read_only=True)
    solicitante = EmpleadoResumen(read_only=True)
    dependencia = Referencia(read_only=True)
    tecnico = UsuarioResumen(read_only=True, allow_null=True)

    class Meta:
        model = Solicitud
        fields = ["folio", "servicio", "canal", "solicitante", "dependencia", "asunto", "descripcion", "urgencia",
                  "impacto", "prioridad", "cantidad", "fecha_compromiso", "estado", "tipo_espera", "tecnico",
                  "resolucion", "recibida", "vence_inicial", "vence_resolucion", "atendida_en", "resuelta_en",
                  "cerrada_en", "actualizada"]


class SolicitudNuevaSerializer(serializers.Serializer):
    """Los datos de una llamada u oficio; el alta la hace soporte.services.crear_solicitud."""

    servicio = serializers.SlugRelatedField(
        slug_field="clave", queryset=Servicio.objects.filter(activo=True),
        error_messages={"does_not_exist": "No existe un servicio activo con la clave «{value}».",
                        "invalid": "La clave del servicio no es válida."},
    )
    solicitante = serializers.PrimaryKeyRelatedField(
        queryset=Empleado.objects.select_related("dependencia"),
        error_messages={"does_not_exist": "No existe el empleado {pk_value}.",
                        "incorrect_type": "El solicitante es el id (número) de un empleado."},
    )
    asunto = serializers.CharField(max_length=200)
    descripcion = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    canal = serializers.ChoiceField(choices=Canal.choices, default=Canal.TELEFONO)
    urgencia = serializers.ChoiceField(choices=Nivel.choices, default=Nivel.MEDIA)
    impacto = serializers.ChoiceField(choices=Nivel.choices, default=Nivel.MEDIA)
    cantidad = serializers.IntegerField(min_value=1, max_value=10000, default=1)
    fecha_compromiso = serializers.DateField(required=False, allow_null=True, default=None)
    equipos = serializers.PrimaryKeyRelatedField(
        queryset=Equipo.objects.all(), many=True, required=False, default=list,
        error_messages={"does_not_exist": "No existe el equipo {pk_value}."},
    )
    tecnico = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(), required=False, allow_null=True, default=None,
        help_text="Asignar de una vez (solo quien puede asignar solicitudes).",
        error_messages={"does_not_exist": "El usuario {pk_value} no es un técnico activo."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tecnico"].queryset = tecnicos()

    def validate_asunto(self, valor):
        if not valor.strip():
            raise serializers.ValidationError("Escriba el asunto.")
        return valor

    def validate_equipos(self, valor):
        if len(valor) > 50:
            raise serializers.ValidationError("Una solicitud admite hasta 50 equipos.")
        return valor

    def validate_tecnico(self, valor):
        usuario = self.context["request"].user
        if valor is not None and not usuario.has_perm("soporte.asignar_solicitud"):
            raise serializers.ValidationError("Su rol no asigna solicitudes: deje el técnico vacío.")
        return valor


class CambioEstadoSerializer(serializers.Serializer):
    estado = serializers.ChoiceField(choices=Estado.choices)
    nota = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    tipo_espera = serializers.ChoiceField(choices=TipoEspera.choices, required=False, allow_blank=True, default="")
    resolucion = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ResultadoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultadoItem
        fields = ["id", "posicion", "texto", "tipo", "valor", "valor_numero", "resultado", "notas"]


class RefaccionSerializer(serializers.ModelSerializer):
    cantidad = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)
    costo = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)

    class Meta:
        model = RefaccionOrden
        fields = ["descripcion", "cantidad", "costo"]


class OrdenSerializer(serializers.ModelSerializer):
    folio = serializers.CharField(read_only=True)
    plan = Referencia(read_only=True, allow_null=True)
    equipo = serializers.SlugRelatedField(slug_field="numero_inventario", read_only=True)
    equipo_id = serializers.IntegerField(read_only=True)
    tecnico = UsuarioResumen(read_only=True, allow_null=True)

    class Meta:
        model = OrdenMantenimiento
        fields = ["id", "folio", "plan", "origen", "equipo", "equipo_id", "fecha_programada", "fecha_limite",
                  "ventana_hasta", "estado", "tecnico", "inicio", "fin", "fecha_cierre", "minutos", "observaciones",
                  "conformidad_nombre"]


class OrdenDetalleSerializer(OrdenSerializer):
    resultados = ResultadoSerializer(many=True, read_only=True)
    refacciones = RefaccionSerializer(many=True, read_only=True)

    class Meta(OrdenSerializer.Meta):
        fields = [*OrdenSerializer.Meta.fields, "resultados", "refacciones"]


class ResultadoCapturaSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=2**53, help_text="id del punto (ver «resultados» de la orden)")
    valor = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    resultado = serializers.ChoiceField(
        choices=[(Resultado.PASA, "Pasa"), (Resultado.FALLA, "Falla"), (Resultado.NO_APLICA, "No aplica")],
        required=False, allow_blank=True, default="", help_text="Solo para puntos «pasa/falla».",
    )
    notas = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RefaccionCapturaSerializer(serializers.Serializer):
    descripcion = serializers.CharField(max_length=200)
    cantidad = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01"), default=Decimal(1))
    costo = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0), default=Decimal(0))


class CompletarOrdenSerializer(serializers.Serializer):
    """Lo mismo que el formulario de cierre de la lista de verificación."""

    resultados = ResultadoCapturaSerializer(many=True, required=False, default=list, max_length=200)
    observaciones = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    refacciones = RefaccionCapturaSerializer(many=True, required=False, default=list, max_length=30)
    minutos = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=24 * 60)
    conformidad_nombre = serializers.CharField(max_length=150)
    firma = serializers.CharField(help_text="PNG como data URL: «data:image/png;base64,…» (hasta 300 KB).",
                                  max_length=500_000)

    def validate_resultados(self, valor):
        ids = [r["id"] for r in valor]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Un punto de la lista aparece más de una vez.")
        return valor
