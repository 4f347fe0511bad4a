"""Secciones que otras apps agregan a las páginas de detalle (equipo, empleado, solicitud).

inventario no importa a soporte ni a mantenimiento: ellas registran aquí, en su AppConfig.ready,
una función que recibe (request, objeto) y devuelve el contexto de su plantilla (o None para no
mostrar nada); la página de detalle pinta las de su «punto» con la etiqueta {% secciones %}.
"""
from collections.abc import Callable
from dataclasses import dataclass

EQUIPO = "equipo"
EMPLEADO = "empleado"
SOLICITUD = "solicitud"  # la ficha de una solicitud de la mesa de servicio


@dataclass(frozen=True)
class Seccion:
    punto: str
    plantilla: str
    orden: int
    contexto: Callable


_SECCIONES: list[Seccion] = []


def registrar(punto, plantilla, orden=50):
    def decorador(funcion):
        seccion = Seccion(punto, plantilla, orden, funcion)
        if seccion not in _SECCIONES:
            _SECCIONES.append(seccion)
            _SECCIONES.sort(key=lambda s: s.orden)
        return funcion

    return decorador


def secciones_de(punto, request, objeto):
    resultado = []
    for seccion in _SECCIONES:
        if seccion.punto != punto:
            continue
        datos = seccion.contexto(request, objeto)
        if datos is not None:
            resultado.append({"plantilla": seccion.plantilla, "datos": datos})
    return resultado
