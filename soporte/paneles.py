"""Paneles de la mesa de servicio para la página de inicio de cada rol."""
from django.db.models import Count, Q
from django.utils import timezone

from comun import paneles
from comun.roles import ADMINISTRADOR, DIRECTOR, MESA_AYUDA, TECNICO

from .choices import ABIERTOS, EstadoQueja
from .models import Queja, Solicitud


def _resumen(consulta):
    ahora = timezone.now()
    return consulta.filter(estado__in=ABIERTOS).aggregate(
        abiertas=Count("pk"),
        sin_asignar=Count("pk", filter=Q(tecnico__isnull=True)),
        vencidas=Count("pk", filter=Q(vence_resolucion__lt=ahora) | Q(vence_inicial__lt=ahora)),
        en_espera=Count("pk", filter=Q(estado="en_espera")),
    )


@paneles.registrar("soporte/paneles/mesa.html", [MESA_AYUDA, DIRECTOR, ADMINISTRADOR], orden=5)
def mesa(request):
    if not request.user.has_perm("soporte.view_solicitud"):
        return None
    return {
        "resumen": _resumen(Solicitud.objects.all()),
        "quejas_abiertas": Queja.objects.filter(estado=EstadoQueja.RECIBIDA).count(),
    }


@paneles.registrar("soporte/paneles/mias.html", [TECNICO], orden=5)
def mias(request):
    if not request.user.has_perm("soporte.view_solicitud"):
        return None
    solicitudes = list(
        Solicitud.objects.para_cola().filter(tecnico=request.user, estado__in=ABIERTOS)
        .order_by("vence_resolucion", "recibida")[:8]
    )
    return {"solicitudes": solicitudes}
