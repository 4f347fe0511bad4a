"""Paneles de inventario para la página de inicio de cada rol."""
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from comun import paneles
from comun.roles import ADMINISTRADOR, DIRECTOR, MESA_AYUDA, TECNICO

from .choices import Categoria, Estado
from .models import Equipo, MovimientoResguardo


@paneles.registrar("inventario/paneles/busqueda.html", [MESA_AYUDA, TECNICO, DIRECTOR, ADMINISTRADOR], orden=10)
def busqueda(request):
    if not request.user.has_perm("inventario.view_equipo"):
        return None
    return {}


@paneles.registrar("inventario/paneles/salud.html", [DIRECTOR, ADMINISTRADOR], orden=20)
def salud(request):
    hoy = timezone.localdate()
    limite_computo = date(hoy.year - 3, hoy.month, min(hoy.day, 28))
    vigentes = Equipo.objects.vigentes()
    totales = vigentes.aggregate(
        total=Count("pk"),
        activos=Count("pk", filter=Q(estado=Estado.ACTIVO)),
        reparacion=Count("pk", filter=Q(estado=Estado.EN_REPARACION)),
        almacen=Count("pk", filter=Q(estado=Estado.EN_ALMACEN)),
        malos=Count("pk", filter=Q(condicion="malo")),
        computo=Count("pk", filter=Q(tipo__categoria=Categoria.COMPUTO)),
        computo_viejo=Count(
            "pk", filter=Q(tipo__categoria=Categoria.COMPUTO, fecha_adquisicion__lte=limite_computo)
        ),
    )
    totales["pct_viejo"] = (
        round(100 * totales["computo_viejo"] / totales["computo"]) if totales["computo"] else 0
    )
    por_dependencia = (
        vigentes.values("dependencia__nombre")
        .annotate(n=Count("pk"), malos=Count("pk", filter=Q(condicion="malo")))
        .order_by("-n")[:8]
    )
    return {"totales": totales, "por_dependencia": list(por_dependencia)}


@paneles.registrar("inventario/paneles/reparacion.html", [TECNICO], orden=30)
def en_reparacion(request):
    equipos = Equipo.objects.para_lista().filter(estado=Estado.EN_REPARACION).order_by("-actualizado")[:10]
    return {"equipos": list(equipos)}


@paneles.registrar("inventario/paneles/movimientos.html", [ADMINISTRADOR], orden=40)
def movimientos_recientes(request):
    movimientos = MovimientoResguardo.objects.select_related(
        "equipo", "resguardante_nuevo", "dependencia_nueva"
    ).order_by("-registrado")[:8]
    return {"movimientos": list(movimientos)}
