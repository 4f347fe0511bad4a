"""Registro de generadores de exportaciones que corren como tarea (django-q2) con avance.

Un generador es ``fn(parametros: dict, avance: callable(int)) -> (bytes, nombre_archivo)``; se registra con
``@registrar("clave", "Título legible")``. ``avance(p)`` informa el porcentaje (0–100). Un generador puede
lanzar ``ErrorExportacion("mensaje en español")``: el trabajo queda «fallido» con ese mensaje. Con
``formulario=`` (un Form de Django) los parámetros se validan al crear el trabajo, antes de encolarlo.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

# Módulos que registran generadores; se importan antes de buscar uno (el worker de django-q2 no carga vistas).
MODULOS = ("reportes.services", "reportes.salud")


class ErrorExportacion(Exception):
    """Error con un mensaje en español para el usuario (parámetros inválidos, datos que faltan...)."""


@dataclass(frozen=True)
class Generador:
    clave: str
    titulo: str
    funcion: Callable
    formulario: type | None = None

    def validar(self, parametros: dict) -> dict:
        """Los parámetros tal como se guardan (texto), o ErrorExportacion con los errores del formulario."""
        if not isinstance(parametros, dict):
            raise ErrorExportacion("Los parámetros de la exportación no son válidos.")
        if self.formulario is None:
            return parametros
        form = self.formulario(parametros)
        if not form.is_valid():
            errores = " ".join(e for lista in form.errors.values() for e in lista)
            raise ErrorExportacion(f"Filtros inválidos: {errores}")
        # Se guardan los valores ya resueltos (p. ej. el periodo por omisión): un reintento da el mismo archivo.
        return {k: _texto(form.cleaned_data.get(k)) for k in form.fields if form.cleaned_data.get(k) not in (None, "")}


def _texto(valor):
    if hasattr(valor, "pk"):
        return str(valor.pk)
    if hasattr(valor, "isoformat"):
        return valor.isoformat()
    return valor if isinstance(valor, bool | int | float) else str(valor)


GENERADORES: dict[str, Generador] = {}


def registrar(clave: str, titulo: str, formulario=None):
    def decorador(funcion):
        if clave in GENERADORES and GENERADORES[clave].funcion is not funcion:
            raise ValueError(f"El generador «{clave}» ya está registrado.")
        GENERADORES[clave] = Generador(clave, titulo, funcion, formulario)
        return funcion

    return decorador


def cargar():
    for nombre in MODULOS:
        try:
            import_module(nombre)
        except ModuleNotFoundError as exc:
            if exc.name != nombre:
                raise


def todos() -> list[Generador]:
    cargar()
    return sorted(GENERADORES.values(), key=lambda g: g.titulo)


def obtener(clave: str) -> Generador:
    if not isinstance(clave, str):
        raise ErrorExportacion("No se indicó qué exportación generar.")
    if clave not in GENERADORES:
        cargar()
    try:
        return GENERADORES[clave]
    except (KeyError, TypeError):
        raise ErrorExportacion(f"No existe la exportación «{clave}».") from None
