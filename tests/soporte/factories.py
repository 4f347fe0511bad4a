"""Fábricas de la mesa de servicio. Las solicitudes se crean por el servicio (folio, bitácora, metas)."""
import factory

from soporte import services
from soporte.models import Servicio
from tests.factories import EmpleadoFactory


def servicio(clave="soporte-tecnico"):
    """Los seis servicios vienen de la migración: soporte-tecnico, mantenimiento-preventivo,
    impresion-credenciales, plataformas-web, asesorias, proyectos."""
    return Servicio.objects.get(clave=clave)


def solicitud(clave="soporte-tecnico", usuario=None, **campos):
    """Crea una solicitud por services.crear_solicitud; los campos que falten se inventan."""
    campos.setdefault("solicitante", campos.pop("empleado", None) or EmpleadoFactory())
    campos.setdefault("asunto", factory.Faker("sentence", nb_words=5, locale="es_MX").evaluate(None, None, {
        "locale": "es_MX"}))
    if clave in ("plataformas-web", "proyectos") and "fecha_compromiso" not in campos:
        from datetime import timedelta

        from django.utils import timezone

        campos["fecha_compromiso"] = timezone.localdate(campos.get("recibida")) + timedelta(days=30)
    return services.crear_solicitud(servicio=servicio(clave), usuario=usuario, **campos)
