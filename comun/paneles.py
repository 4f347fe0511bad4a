"""Paneles de la página de inicio por rol.

comun no importa a las demás apps: cada app registra aquí sus paneles (en su AppConfig.ready) y la
página de inicio muestra los que corresponden a los roles del usuario.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    plantilla: str
    roles: frozenset
    orden: int
    contexto: Callable


_PANELES: list[Panel] = []


def registrar(plantilla, roles, orden=50):
    """Decorador: la función recibe la petición y devuelve el contexto del panel (o None para ocultarlo)."""

    def decorador(funcion):
        panel = Panel(plantilla, frozenset(roles), orden, funcion)
        if panel not in _PANELES:
            _PANELES.append(panel)
            _PANELES.sort(key=lambda p: p.orden)
        return funcion

    return decorador


def paneles_para(request, roles_usuario):
    resultado = []
    for panel in _PANELES:
        if panel.roles.isdisjoint(roles_usuario):
            continue
        datos = panel.contexto(request)
        if datos is not None:
            resultado.append({"plantilla": panel.plantilla, "datos": datos})
    return resultado
