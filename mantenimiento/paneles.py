"""Panel de inicio del técnico: sus órdenes vencidas y de hoy."""
import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from comun import paneles
from comun.roles import TECNICO

from .choices import ABIERTAS
from .models import OrdenMantenimiento


@paneles.registrar("mantenimiento/paneles/hoy.html", [TECNICO], orden=5)
def hoy(request):
    if not request.user.has_perm("mantenimiento.change_ordenmantenimiento"):
        return None
    dia = timezone.localdate()
    return OrdenMantenimiento.objects.filter(tecnico=request.user, estado__in=ABIERTAS).aggregate(
        vencidas=Count("pk", filter=Q(fecha_limite__lt=dia)),
        hoy=Count("pk", filter=Q(fecha_limite=dia)),
        semana=Count("pk", filter=Q(fecha_limite__gt=dia, fecha_limite__lte=dia + dt.timedelta(days=7))),
    )
