"""Paneles de agentes en la página de inicio: la cola de revisión y los últimos escaneos."""
from django.db.models import Count

from comun import paneles
from comun.roles import ADMINISTRADOR, TECNICO

from .models import Escaneo, Revision


@paneles.registrar("agentes/paneles/revision.html", [TECNICO, ADMINISTRADOR], orden=45)
def cola_de_revision(request):
    if not request.user.has_perm("agentes.view_revision"):
        return None
    conteos = list(Revision.objects.pendientes().values("tipo").annotate(n=Count("pk")).order_by("-n"))
    escaneos = list(Escaneo.objects.select_related("segmento").order_by("-creado", "-id")[:3])
    if not conteos and not escaneos:
        return None
    etiquetas = dict(Revision._meta.get_field("tipo").choices)
    return {
        "total": sum(c["n"] for c in conteos),
        "conteos": [{"tipo": c["tipo"], "etiqueta": etiquetas.get(c["tipo"], c["tipo"]), "n": c["n"]} for c in conteos],
        "escaneos": escaneos,
    }
