"""Generadores de datos de demostración que cada app registra (en su AppConfig.ready).

`manage.py cargar_demo` crea primero el municipio (inventario) y luego llama a cada generador
registrado, en orden, con la semilla; cada uno devuelve {etiqueta: nuevos} y debe ser idempotente.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Generador:
    nombre: str
    orden: int
    funcion: Callable


_GENERADORES: list[Generador] = []


def registrar(nombre, orden=50):
    def decorador(funcion):
        generador = Generador(nombre, orden, funcion)
        if generador not in _GENERADORES:
            _GENERADORES.append(generador)
            _GENERADORES.sort(key=lambda g: g.orden)
        return funcion

    return decorador


def generadores():
    return list(_GENERADORES)
