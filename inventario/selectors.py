"""Lecturas del historial de un equipo: quién, cuándo, antes → después."""
from collections import defaultdict

from django.db import models

from .models import Equipo, InterfazRed

_IGNORAR = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user",
            "history_user_id", "equipo"}


def _campos(modelo):
    excluir = _IGNORAR | {"creado", "actualizado"}
    return [f for f in modelo._meta.concrete_fields if f.name not in excluir]


def _mostrar(campo, valor, etiquetas):
    if valor in (None, ""):
        return "—"
    if isinstance(campo, models.ForeignKey):
        return etiquetas.get((campo.related_model, valor), f"#{valor}")
    if campo.choices:
        return dict(campo.flatchoices).get(valor, valor)
    if isinstance(campo, models.DateField) and not isinstance(campo, models.DateTimeField):
        return valor.strftime("%d/%m/%Y")
    if isinstance(campo, models.BooleanField):
        return "Sí" if valor else "No"
    return str(valor)


def historial_equipo(equipo, limite=200):
    """Entradas de historial del equipo y sus interfaces, de la más reciente a la más antigua.

    Cada entrada: fecha, usuario, acción, motivo y una lista de cambios (campo, antes, después).
    Consultas fijas: registros del equipo, de sus interfaces y una por cada modelo referido.
    """
    registros_equipo = list(
        equipo.history.select_related("history_user").order_by("history_date", "history_id")
    )
    registros_interfaz = list(
        InterfazRed.history.filter(equipo_id=equipo.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    campos_equipo = _campos(Equipo)
    campos_interfaz = _campos(InterfazRed)

    # Reunir los ids de llaves foráneas para traducirlos a nombres con una consulta por modelo.
    ids = defaultdict(set)
    for registro in registros_equipo:
        for campo in campos_equipo:
            if isinstance(campo, models.ForeignKey):
                valor = getattr(registro, campo.attname)
                if valor is not None:
                    ids[campo.related_model].add(valor)
    etiquetas = {}
    for modelo, conjunto in ids.items():
        consulta = modelo._default_manager.filter(pk__in=conjunto)
        if modelo._meta.model_name == "modelo":
            consulta = consulta.select_related("marca")
        for objeto in consulta:
            etiquetas[(modelo, objeto.pk)] = str(objeto)

    entradas = []
    entradas += _diferencias(registros_equipo, campos_equipo, etiquetas, lambda r: "Equipo", "Alta del equipo")
    entradas += _diferencias(
        registros_interfaz, campos_interfaz, etiquetas,
        lambda r: f"Interfaz de red {r.nombre or r.mac or r.ip or ''}".strip(), "Interfaz agregada",
        agrupar_por="id",
    )
    entradas.sort(key=lambda e: e["fecha"], reverse=True)
    return entradas[:limite]


def _diferencias(registros, campos, etiquetas, objeto, texto_alta, agrupar_por=None):
    entradas = []
    anterior_por = {}
    for registro in registros:
        clave = getattr(registro, agrupar_por) if agrupar_por else None
        anterior = anterior_por.get(clave)
        cambios = []
        if registro.history_type == "~" and anterior is not None:
            for campo in campos:
                antes, despues = getattr(anterior, campo.attname), getattr(registro, campo.attname)
                if antes != despues:
                    cambios.append({
                        "campo": campo.verbose_name,
                        "antes": _mostrar(campo, antes, etiquetas),
                        "despues": _mostrar(campo, despues, etiquetas),
                    })
            accion = "Cambio"
        elif registro.history_type == "+":
            accion = texto_alta
        else:
            accion = "Eliminación" if registro.history_type == "-" else "Cambio"
        anterior_por[clave] = registro
        if registro.history_type == "~" and not cambios:
            continue
        entradas.append({
            "fecha": registro.history_date,
            "usuario": registro.history_user,
            "objeto": objeto(registro),
            "accion": accion,
            "motivo": registro.history_change_reason or "",
            "cambios": cambios,
        })
    return entradas
