"""Línea de tiempo de una solicitud: estados, asignaciones, cambios de campos, comentarios y adjuntos."""
from django.contrib.auth import get_user_model

from .choices import Estado

# Campos cuyo cambio se muestra en la línea de tiempo (el resto es interno).
CAMPOS_VISIBLES = {"asunto", "descripcion", "urgencia", "impacto", "prioridad", "cantidad", "fecha_compromiso",
                   "tecnico", "resolucion", "canal"}


def _nombre(usuario):
    if usuario is None:
        return "sistema"
    return usuario.get_full_name() or usuario.username


def linea_de_tiempo(solicitud, publica=False):
    """Eventos ordenados por fecha. ``publica``: solo estados y comentarios públicos, sin nombres."""
    eventos = []
    for cambio in solicitud.cambios.select_related("usuario"):
        eventos.append({
            "fecha": cambio.en, "tipo": "estado", "estado": cambio.nuevo,
            "titulo": "Solicitud recibida" if not cambio.anterior else f"{Estado(cambio.nuevo).label}",
            "texto": "" if publica else cambio.nota, "usuario": None if publica else _nombre(cambio.usuario),
        })
    comentarios = solicitud.comentarios.select_related("autor")
    if publica:
        comentarios = comentarios.filter(publico=True)
    for comentario in comentarios:
        eventos.append({
            "fecha": comentario.creado, "tipo": "comentario", "publico": comentario.publico,
            "titulo": "Comentario" + ("" if publica or comentario.publico else " interno"),
            "texto": comentario.texto, "usuario": None if publica else _nombre(comentario.autor),
        })
    if not publica:
        for adjunto in solicitud.adjuntos.select_related("subido_por"):
            eventos.append({
                "fecha": adjunto.creado, "tipo": "adjunto", "titulo": "Archivo adjunto", "adjunto": adjunto,
                "texto": adjunto.descripcion, "usuario": _nombre(adjunto.subido_por),
            })
        eventos.extend(_cambios_de_campos(solicitud))
    eventos.sort(key=lambda e: e["fecha"])
    return eventos


def _cambios_de_campos(solicitud):
    registros = list(solicitud.history.select_related("history_user").order_by("history_date", "history_id"))
    usuarios = {}
    eventos = []
    for anterior, actual in zip(registros, registros[1:], strict=False):
        diferencia = actual.diff_against(anterior, included_fields=CAMPOS_VISIBLES)
        cambios = []
        for cambio in diferencia.changes:
            if cambio.field == "tecnico":
                ids = [i for i in (cambio.old, cambio.new) if i and i not in usuarios]
                if ids:
                    usuarios.update({u.pk: u for u in get_user_model().objects.filter(pk__in=ids)})
                cambios.append(("técnico", _nombre(usuarios.get(cambio.old)) if cambio.old else "—",
                                _nombre(usuarios.get(cambio.new)) if cambio.new else "—"))
            else:
                campo = solicitud._meta.get_field(cambio.field)
                etiquetas = dict(campo.flatchoices)
                antes, despues = (
                    etiquetas.get(v, v) if v not in (None, "") else "—" for v in (cambio.old, cambio.new)
                )
                cambios.append((campo.verbose_name, antes, despues))
        if cambios:
            eventos.append({
                "fecha": actual.history_date, "tipo": "campos", "titulo": "Datos modificados",
                "cambios": cambios, "usuario": _nombre(actual.history_user), "texto": "",
            })
    return eventos
