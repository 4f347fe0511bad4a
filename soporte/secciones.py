"""Solicitudes en la página del equipo y en la del empleado."""
from comun import secciones

from .models import Solicitud

MAXIMO = 20


def _solicitudes(request, **filtro):
    if not request.user.has_perm("soporte.view_solicitud"):
        return None
    consulta = Solicitud.objects.filter(**filtro).select_related("servicio").order_by("-recibida")
    filas = list(consulta[:MAXIMO + 1])  # una consulta; la fila de más solo dice que hay más
    return {"solicitudes": filas[:MAXIMO], "hay_mas": len(filas) > MAXIMO}


@secciones.registrar(secciones.EQUIPO, "soporte/secciones/solicitudes.html", orden=20)
def del_equipo(request, equipo):
    return _solicitudes(request, equipos=equipo)


@secciones.registrar(secciones.EMPLEADO, "soporte/secciones/solicitudes.html", orden=20)
def del_empleado(request, empleado):
    return _solicitudes(request, solicitante=empleado)
