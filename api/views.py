"""Vistas de la API (delgadas): permisos por rol, filtros compartidos con las páginas y escrituras por services."""
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from comun.models import Dependencia, Empleado
from inventario.filters import EquipoFilter
from inventario.filters import ordenar as ordenar_equipos
from inventario.models import Equipo
from mantenimiento import services as mantenimiento
from mantenimiento.forms import leer_checklist
from mantenimiento.models import OrdenMantenimiento
from mantenimiento.views import VER_ORDEN, _asignadas_a
from soporte import services as soporte
from soporte.filters import SolicitudFilter
from soporte.filters import ordenar as ordenar_solicitudes
from soporte.models import Solicitud

from . import serializers as s
from .errores import Conflicto
from .filters import DependenciaFilter, EmpleadoFilter, OrdenFilter
from .permissions import PermisosDelRol

ORDEN_EQUIPOS = OpenApiParameter(
    "orden", OpenApiTypes.STR, description="Orden de la lista de la página: inventario, tipo, dependencia, "
    "resguardante, adquisicion, estado, condicion o hostname (con «-» delante, descendente).")
ORDEN_SOLICITUDES = OpenApiParameter(
    "orden", OpenApiTypes.STR, enum=["vence", "recibida", "antiguas", "prioridad", "folio"],
    description="Orden de la cola (por omisión, por vencimiento).")


@extend_schema_view(
    list=extend_schema(summary="Equipos (mismos filtros que /inventario/)", parameters=[ORDEN_EQUIPOS]),
    retrieve=extend_schema(summary="Un equipo"),
)
class EquipoViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.EquipoSerializer
    filterset_class = EquipoFilter
    permission_classes = [PermisosDelRol]
    permisos = {"*": ("inventario.view_equipo",)}
    queryset = Equipo.objects.para_lista()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            queryset, _ = ordenar_equipos(queryset, self.request.query_params.get("orden", "inventario"))
        return queryset


@extend_schema_view(list=extend_schema(summary="Empleados"), retrieve=extend_schema(summary="Un empleado"))
class EmpleadoViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.EmpleadoSerializer
    filterset_class = EmpleadoFilter
    permission_classes = [PermisosDelRol]
    permisos = {"*": ("comun.view_empleado",)}
    queryset = Empleado.objects.select_related("dependencia").order_by("apellidos", "nombre", "pk")


@extend_schema_view(list=extend_schema(summary="Dependencias"), retrieve=extend_schema(summary="Una dependencia"))
class DependenciaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DependenciaSerializer
    filterset_class = DependenciaFilter
    permission_classes = [PermisosDelRol]
    permisos = {"*": ("comun.view_dependencia",)}
    queryset = Dependencia.objects.order_by("nombre", "pk")


@extend_schema_view(
    list=extend_schema(summary="Cola de solicitudes (mismos filtros que /soporte/)", parameters=[ORDEN_SOLICITUDES]),
    retrieve=extend_schema(summary="Una solicitud por folio"),
    create=extend_schema(summary="Registrar una solicitud", request=s.SolicitudNuevaSerializer,
                         responses={201: s.SolicitudSerializer}),
    estado=extend_schema(summary="Cambiar el estado de una solicitud", request=s.CambioEstadoSerializer,
                         responses={200: s.SolicitudSerializer}),
)
class SolicitudViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SolicitudSerializer
    filterset_class = SolicitudFilter
    permission_classes = [PermisosDelRol]
    permisos = {
        "*": ("soporte.view_solicitud",),
        "create": ("soporte.add_solicitud",),
        "estado": ("soporte.atender_solicitud",),
    }
    lookup_field = "folio"
    lookup_value_regex = "[A-Za-z0-9-]{1,20}"
    queryset = Solicitud.objects.para_cola()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            queryset, _ = ordenar_solicitudes(queryset, self.request.query_params.get("orden", "vence"))
        return queryset

    def get_object(self):
        # Como la página: el folio se acepta en minúsculas.
        solicitud = get_object_or_404(self.get_queryset(), folio=self.kwargs["folio"].upper())
        self.check_object_permissions(self.request, solicitud)
        return solicitud

    def create(self, request, *args, **kwargs):
        entrada = s.SolicitudNuevaSerializer(data=request.data, context={"request": request})
        entrada.is_valid(raise_exception=True)
        datos = dict(entrada.validated_data)
        try:
            solicitud = soporte.crear_solicitud(usuario=request.user, **datos)
        except soporte.AccionNoPermitida as error:
            raise ValidationError({"detail": str(error)}) from error
        return Response(s.SolicitudSerializer(self._recargar(solicitud)).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def estado(self, request, folio=None):
        solicitud = self.get_object()
        # La misma regla que la página: el técnico asignado o quien puede asignar (supervisor, mesa de ayuda).
        if not request.user.has_perm("soporte.asignar_solicitud") and solicitud.tecnico_id != request.user.pk:
            raise PermissionDenied("Solo el técnico asignado o un supervisor cambia el estado de esta solicitud.")
        entrada = s.CambioEstadoSerializer(data=request.data)
        entrada.is_valid(raise_exception=True)
        datos = dict(entrada.validated_data)
        try:
            soporte.cambiar_estado(solicitud, datos.pop("estado"), request.user, **datos)
        except soporte.AccionNoPermitida as error:
            raise Conflicto(str(error)) from error
        return Response(s.SolicitudSerializer(self._recargar(solicitud)).data)

    def _recargar(self, solicitud):
        return Solicitud.objects.para_cola().get(pk=solicitud.pk)


@extend_schema_view(
    list=extend_schema(summary="Órdenes de mantenimiento (el técnico ve las suyas; el supervisor, todas)"),
    retrieve=extend_schema(summary="Una orden con su lista de verificación", responses=s.OrdenDetalleSerializer),
    iniciar=extend_schema(summary="Iniciar la orden (programada → en proceso)", request=None,
                          responses={200: s.OrdenDetalleSerializer}),
    completar=extend_schema(summary="Completar la orden (resultados, refacciones, conformidad y firma)",
                            request=s.CompletarOrdenSerializer, responses={200: s.OrdenDetalleSerializer}),
)
class OrdenViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OrdenSerializer
    filterset_class = OrdenFilter
    permission_classes = [PermisosDelRol]
    permisos = {
        "*": (VER_ORDEN,),
        "iniciar": ("mantenimiento.change_ordenmantenimiento",),
        "completar": ("mantenimiento.change_ordenmantenimiento",),
    }

    queryset = OrdenMantenimiento.objects.all()

    def get_queryset(self):
        consulta = OrdenMantenimiento.objects.select_related("plan", "tecnico", "equipo").order_by("fecha_limite", "pk")
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            # Como «Mi lista»: el técnico ve las suyas y las sin asignar de sus planes; el supervisor, todas.
            usuario = self.request.user
            if not mantenimiento.es_supervisor(usuario):
                if not usuario.has_perm("mantenimiento.change_ordenmantenimiento"):
                    raise PermissionDenied("Su rol no tiene permiso para esta página.")
                consulta = consulta.filter(_asignadas_a(usuario))
        elif self.action in ("retrieve", "iniciar", "completar"):
            consulta = consulta.prefetch_related("resultados", "refacciones")
        return consulta

    def get_serializer_class(self):
        return s.OrdenSerializer if self.action == "list" else s.OrdenDetalleSerializer

    def _orden_para_trabajar(self):
        orden = self.get_object()
        if not mantenimiento.puede_trabajar(self.request.user, orden):
            raise PermissionDenied("Esta orden está asignada a otro técnico.")
        return orden

    def _respuesta(self, orden):
        return Response(s.OrdenDetalleSerializer(self.get_queryset().get(pk=orden.pk)).data)

    @action(detail=True, methods=["post"])
    def iniciar(self, request, pk=None):
        orden = self._orden_para_trabajar()
        try:
            mantenimiento.iniciar_orden(orden, request.user)
        except mantenimiento.OperacionNoPermitida as error:
            raise Conflicto(str(error)) from error
        return self._respuesta(orden)

    @action(detail=True, methods=["post"])
    def completar(self, request, pk=None):
        orden = self._orden_para_trabajar()
        entrada = s.CompletarOrdenSerializer(data=request.data)
        entrada.is_valid(raise_exception=True)
        datos = entrada.validated_data
        resultados = list(orden.resultados.select_related("item"))
        propios = {r.pk for r in resultados}
        ajenos = [str(r["id"]) for r in datos["resultados"] if r["id"] not in propios]
        if ajenos:
            raise ValidationError({"resultados": f"Estos puntos no son de la orden {orden.folio}: "
                                                 f"{', '.join(ajenos[:10])}."})
        # Los valores pasan por la misma lectura que el formulario de la página (tipos, límites, opciones).
        campos = {}
        for r in datos["resultados"]:
            campos.update({f"r{r['id']}-valor": r["valor"], f"r{r['id']}-resultado": r["resultado"],
                           f"r{r['id']}-notas": r["notas"]})
        capturados = {r["id"] for r in datos["resultados"]}
        valores, errores = leer_checklist(campos, [r for r in resultados if r.pk in capturados])
        if errores:
            raise ValidationError({"resultados": {str(pk): mensaje for pk, mensaje in errores.items()}})
        try:
            firma = mantenimiento.leer_firma(datos["firma"])
        except mantenimiento.OperacionNoPermitida as error:
            raise ValidationError({"firma": str(error)}) from error
        try:
            with transaction.atomic():
                mantenimiento.completar_orden(
                    orden, request.user, valores=valores, observaciones=datos["observaciones"],
                    refacciones=[dict(r) for r in datos["refacciones"]],
                    conformidad_nombre=datos["conformidad_nombre"], firma_png=firma, minutos=datos["minutos"],
                )
        except mantenimiento.OperacionNoPermitida as error:
            raise Conflicto(str(error)) from error
        return self._respuesta(orden)
