"""Secciones «Credenciales»: en la ficha del empleado (sus credenciales, la vigente primero, en una consulta) y en
la de una solicitud de impresión de credenciales (sus lotes y el botón para crear uno)."""
from comun import secciones

from .models import Credencial


@secciones.registrar(secciones.EMPLEADO, "credenciales/secciones/empleado.html", orden=40)
def credenciales_del_empleado(request, empleado):
    if not request.user.has_perm("credenciales.view_credencial"):
        return None
    lista = list(Credencial.objects.filter(empleado=empleado).order_by("estado", "-emitida", "-pk")[:10])
    if not lista:
        return None
    return {"credenciales": lista}


@secciones.registrar(secciones.SOLICITUD, "credenciales/_detalle_solicitud.html", orden=40)
def lotes_de_la_solicitud(request, solicitud):
    if solicitud.servicio.clave != "impresion-credenciales" or not request.user.has_perm(
        "credenciales.view_loteimpresion"
    ):
        return None
    return {"solicitud": solicitud}
