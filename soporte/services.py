"""Acciones de la mesa de servicio: una función por acción, atómica, con su bitácora.

Las apps que reaccionan a una solicitud (mantenimiento a demanda, credenciales) se conectan a la señal
``solicitud_registrada`` o ``solicitud_cambiada``: soporte nunca las importa.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from comun.calendario import Calendario
from comun.roles import DIRECTOR

from . import sla
from .choices import ABIERTOS, TRANSICIONES, Compromiso, Estado, EstadoQueja, TipoResolucion, prioridad_de
from .models import (
    Adjunto,
    Aviso,
    CambioEstado,
    Comentario,
    ContadorFolio,
    Encuesta,
    Incumplimiento,
    Queja,
    Solicitud,
)

log = logging.getLogger(__name__)

# Envían `solicitud` (y `usuario`); cambiada además `anterior` y `nuevo`. Se envían tras el commit.
solicitud_registrada = Signal()
solicitud_cambiada = Signal()

PREFIJO_SOLICITUD = "DIG"
PREFIJO_QUEJA = "QJ"


class AccionNoPermitida(Exception):
    """La acción no procede en el estado actual; el mensaje es para el usuario."""


def metas(servicio, recibida, cantidad=1, fecha_compromiso=None, calendario=None):
    """(meta inicial, meta de resolución) en minutos hábiles según los compromisos del servicio."""
    inicial = servicio.minutos_iniciales
    tipo = servicio.tipo_resolucion
    if tipo == TipoResolucion.FIJO:
        return inicial, servicio.minutos_resolucion
    if tipo == TipoResolucion.POR_UNIDAD:
        return inicial, servicio.minutos_resolucion * max(int(cantidad or 1), 1)
    if tipo == TipoResolucion.RANGO and fecha_compromiso:
        return inicial, sla.meta_por_rango(recibida, fecha_compromiso, calendario or Calendario.cargar())
    return inicial, None


def validar_fecha_compromiso(servicio, recibida, fecha_compromiso):
    """Para servicios de rango: la fecha acordada es obligatoria y cae dentro del rango del manual."""
    if servicio.tipo_resolucion != TipoResolucion.RANGO:
        return
    if not fecha_compromiso:
        raise AccionNoPermitida(
            f"«{servicio.nombre}» necesita una fecha compromiso acordada con el solicitante "
            f"(entre {servicio.rango_min_dias} y {servicio.rango_max_dias} días)."
        )
    dias = (fecha_compromiso - timezone.localdate(recibida)).days
    if not servicio.rango_min_dias <= dias <= servicio.rango_max_dias:
        raise AccionNoPermitida(
            f"La fecha compromiso debe quedar entre {servicio.rango_min_dias} y {servicio.rango_max_dias} "
            f"días después de recibida la solicitud (quedó a {dias} días)."
        )


@transaction.atomic
def crear_solicitud(
    *, servicio, solicitante, asunto, usuario=None, descripcion="", canal="telefono", equipos=(),
    urgencia="media", impacto="media", cantidad=1, fecha_compromiso=None, recibida=None, dependencia=None,
    tecnico=None, calendario=None,
):
    recibida = recibida or timezone.now()
    calendario = calendario or Calendario.cargar()
    if not solicitante.activo:
        raise AccionNoPermitida(f"{solicitante.nombre_completo} está dado de baja como empleado.")
    validar_fecha_compromiso(servicio, recibida, fecha_compromiso)
    meta_inicial, meta_resolucion = metas(servicio, recibida, cantidad, fecha_compromiso, calendario)
    solicitud = Solicitud(
        folio=ContadorFolio.siguiente(PREFIJO_SOLICITUD, timezone.localdate(recibida).year),
        servicio=servicio, canal=canal, solicitante=solicitante,
        dependencia=dependencia or solicitante.dependencia, asunto=asunto.strip(), descripcion=descripcion.strip(),
        urgencia=urgencia, impacto=impacto, prioridad=prioridad_de(urgencia, impacto), cantidad=cantidad or 1,
        fecha_compromiso=fecha_compromiso, recibida=recibida, registrada_por=usuario,
        meta_inicial_min=meta_inicial, meta_resolucion_min=meta_resolucion,
    )
    solicitud._history_user = usuario
    solicitud.save()
    if equipos:
        solicitud.equipos.set(equipos)
    CambioEstado.objects.create(solicitud=solicitud, anterior="", nuevo=Estado.NUEVA, en=recibida, usuario=usuario)
    if tecnico is not None:
        asignar(solicitud, tecnico, usuario, en=recibida, calendario=calendario)
    else:
        actualizar_relojes(solicitud, calendario=calendario)
    transaction.on_commit(lambda: solicitud_registrada.send(Solicitud, solicitud=solicitud, usuario=usuario))
    return solicitud


def _bitacora(solicitud):
    return list(solicitud.cambios.order_by("en", "pk").values_list("en", "nuevo"))


def actualizar_relojes(solicitud, calendario=None, ahora=None, bitacora=None):
    """Recalcula de la bitácora los vencimientos (índice de la cola) y registra incumplimientos nuevos.

    Devuelve (relojes, incumplimientos nuevos) para quien quiera avisar sin volver a calcularlos."""
    calendario = calendario or Calendario.cargar()
    ahora = ahora or timezone.now()
    bitacora = _bitacora(solicitud) if bitacora is None else bitacora
    relojes = sla.relojes(solicitud, bitacora, calendario, ahora)
    campos = {}
    nuevos = 0
    for reloj in relojes:
        if reloj.compromiso == Compromiso.INICIAL:
            campos["vence_inicial"] = reloj.vence
        else:
            campos["vence_resolucion"] = reloj.vence
        if reloj.incumplido:
            _, creado = Incumplimiento.objects.get_or_create(
                solicitud=solicitud, compromiso=reloj.compromiso,
                defaults={"meta_min": reloj.meta_min, "vencio_en": reloj.vencio_en, "detectado_en": ahora},
            )
            nuevos += creado
    cambiados = [c for c, v in campos.items() if getattr(solicitud, c) != v]
    for campo in cambiados:
        setattr(solicitud, campo, campos[campo])
    if cambiados:
        Solicitud.objects.filter(pk=solicitud.pk).update(**{c: campos[c] for c in cambiados})
    return relojes, nuevos


@transaction.atomic
def cambiar_estado(solicitud, nuevo, usuario=None, *, nota="", tipo_espera="", resolucion="", en=None,
                   calendario=None):
    solicitud = Solicitud.objects.select_for_update().select_related("servicio").get(pk=solicitud.pk)
    nuevo = Estado(nuevo)
    anterior = Estado(solicitud.estado)
    if nuevo not in TRANSICIONES[anterior]:
        permitidos = ", ".join(Estado(e).label.lower() for e in sorted(TRANSICIONES[anterior])) or "ninguno"
        raise AccionNoPermitida(
            f"Una solicitud {anterior.label.lower()} no puede pasar a «{nuevo.label.lower()}». "
            f"Estados posibles: {permitidos}."
        )
    if nuevo == Estado.EN_ESPERA and not tipo_espera:
        raise AccionNoPermitida("Indique de quién se espera: del solicitante o de un proveedor.")
    if nuevo == Estado.RESUELTA and not (resolucion or solicitud.resolucion).strip():
        raise AccionNoPermitida("Describa la resolución antes de marcar la solicitud como resuelta.")
    if nuevo in (Estado.ASIGNADA,) and solicitud.tecnico_id is None:
        raise AccionNoPermitida("Elija al técnico para asignar la solicitud.")
    if nuevo == Estado.CANCELADA and not nota.strip():
        raise AccionNoPermitida("Escriba el motivo de la cancelación.")
    en = en or timezone.now()
    solicitud.estado = nuevo
    solicitud.tipo_espera = tipo_espera if nuevo == Estado.EN_ESPERA else ""
    if resolucion:
        solicitud.resolucion = resolucion.strip()
    if nuevo == Estado.RESUELTA:
        solicitud.resuelta_en = en
    elif nuevo == Estado.CERRADA:
        solicitud.cerrada_en = en
    elif nuevo == Estado.REABIERTA:
        solicitud.resuelta_en = None
        solicitud.avisada_resolucion = False
    solicitud._history_user = usuario
    solicitud._change_reason = nota[:100] if nota else ""
    solicitud.save()
    CambioEstado.objects.create(solicitud=solicitud, anterior=anterior, nuevo=nuevo, en=en, usuario=usuario, nota=nota)
    _marcar_atencion(solicitud, en)
    actualizar_relojes(solicitud, calendario=calendario, ahora=en)
    if nuevo == Estado.RESUELTA:
        Encuesta.objects.get_or_create(solicitud=solicitud)
    transaction.on_commit(lambda: solicitud_cambiada.send(
        Solicitud, solicitud=solicitud, usuario=usuario, anterior=anterior, nuevo=nuevo
    ))
    return solicitud


@transaction.atomic
def ajustar_cantidad(solicitud, cantidad, usuario=None):
    """Fija la cantidad de una solicitud por unidad (p. ej. las credenciales de un lote) y recalcula su meta de
    resolución y sus relojes. Un incumplimiento ya registrado se queda."""
    solicitud = Solicitud.objects.select_for_update().select_related("servicio").get(pk=solicitud.pk)
    cantidad = max(int(cantidad), 1)
    _, meta = metas(solicitud.servicio, solicitud.recibida, cantidad, solicitud.fecha_compromiso)
    if solicitud.cantidad == cantidad and solicitud.meta_resolucion_min == meta:
        return solicitud
    solicitud.cantidad = cantidad
    solicitud.meta_resolucion_min = meta
    solicitud._history_user = usuario
    solicitud._change_reason = f"Cantidad ajustada a {cantidad}"
    solicitud.save(update_fields=["cantidad", "meta_resolucion_min", "actualizada"])
    actualizar_relojes(solicitud)
    return solicitud


def _marcar_atencion(solicitud, en):
    if solicitud.atendida_en is None and solicitud.estado in sla._FIN_INICIAL[solicitud.servicio.reloj_inicial]:
        solicitud.atendida_en = en
        Solicitud.objects.filter(pk=solicitud.pk).update(atendida_en=en)


@transaction.atomic
def asignar(solicitud, tecnico, usuario=None, *, en=None, calendario=None):
    """Asigna (o reasigna) al técnico; una solicitud nueva o reabierta pasa a asignada."""
    solicitud = Solicitud.objects.select_for_update().select_related("servicio").get(pk=solicitud.pk)
    if solicitud.estado not in ABIERTOS:
        raise AccionNoPermitida(f"Una solicitud {solicitud.get_estado_display().lower()} ya no se asigna.")
    if not tecnico.is_active:
        raise AccionNoPermitida("Ese usuario está desactivado.")
    solicitud.tecnico = tecnico
    solicitud._history_user = usuario
    solicitud.save(update_fields=["tecnico", "actualizada"])
    if solicitud.estado in (Estado.NUEVA, Estado.REABIERTA):
        return cambiar_estado(solicitud, Estado.ASIGNADA, usuario, en=en, calendario=calendario,
                              nota=f"Asignada a {tecnico.get_full_name() or tecnico.username}")
    avisar(tecnico, solicitud, f"Se le asignó la solicitud {solicitud.folio}: {solicitud.asunto}")
    return solicitud


def comentar(solicitud, texto, usuario=None, publico=False):
    texto = (texto or "").strip()
    if not texto:
        raise AccionNoPermitida("El comentario está vacío.")
    return Comentario.objects.create(solicitud=solicitud, texto=texto, autor=usuario, publico=publico)


def adjuntar(solicitud, archivo, tipo, usuario=None, descripcion=""):
    """``tipo`` ya verificado por el formulario (por contenido, no por extensión)."""
    return Adjunto.objects.create(
        solicitud=solicitud, archivo=archivo, nombre=archivo.name[:200], tipo=tipo, tamano=archivo.size,
        subido_por=usuario, descripcion=descripcion,
    )


@transaction.atomic
def presentar_queja(solicitud, *, compromiso, descripcion, presentada_por, canal, usuario=None):
    descripcion = (descripcion or "").strip()
    presentada_por = (presentada_por or "").strip()
    if not descripcion or not presentada_por:
        raise AccionNoPermitida("Escriba quién presenta la queja y el motivo.")
    ahora = timezone.now()
    queja = Queja.objects.create(
        folio=ContadorFolio.siguiente(PREFIJO_QUEJA, timezone.localdate(ahora).year),
        solicitud=solicitud, compromiso=compromiso, descripcion=descripcion, presentada_por=presentada_por,
        canal=canal, registrada_por=usuario, creada=ahora,
        incumplimiento=solicitud.incumplimientos.filter(compromiso=compromiso).first(),
    )
    for director in usuarios_del_rol(DIRECTOR):
        avisar(director, solicitud, f"Queja {queja.folio} sobre la solicitud {solicitud.folio}")
    return queja


@transaction.atomic
def responder_queja(queja, respuesta, usuario):
    queja = Queja.objects.select_for_update().get(pk=queja.pk)
    if queja.estado == EstadoQueja.CERRADA:
        raise AccionNoPermitida(f"La queja {queja.folio} ya fue respondida y cerrada.")
    respuesta = (respuesta or "").strip()
    if not respuesta:
        raise AccionNoPermitida("Escriba la respuesta de la Dirección.")
    queja.respuesta = respuesta
    queja.respondida_por = usuario
    queja.respondida_en = timezone.now()
    queja.estado = EstadoQueja.CERRADA
    queja.save()
    return queja


@transaction.atomic
def responder_encuesta(encuesta, calificacion, comentario="", medio=Encuesta.Medio.ENLACE, usuario=None):
    encuesta = Encuesta.objects.select_for_update().get(pk=encuesta.pk)
    if encuesta.respondida_en is not None:
        raise AccionNoPermitida("Esta encuesta ya fue contestada. ¡Gracias!")
    if calificacion not in range(1, 6):
        raise AccionNoPermitida("La calificación va de 1 a 5.")
    encuesta.calificacion = calificacion
    encuesta.comentario = (comentario or "").strip()
    encuesta.medio = medio
    encuesta.registrada_por = usuario
    encuesta.respondida_en = timezone.now()
    encuesta.save()
    return encuesta


def usuarios_del_rol(rol):
    return get_user_model().objects.filter(groups__name=rol, is_active=True).distinct()


def avisar(usuario, solicitud, texto):
    """Aviso en la aplicación y, si hay correo configurado y el usuario tiene correo, por correo."""
    Aviso.objects.create(usuario=usuario, solicitud=solicitud, texto=texto[:300])
    if getattr(settings, "EMAIL_HOST", "") and usuario.email:
        enlace = f"{settings.SIGMA_URL_BASE}{solicitud.get_absolute_url()}" if solicitud else settings.SIGMA_URL_BASE
        try:
            send_mail(f"SIGMA: {texto[:80]}", f"{texto}\n\n{enlace}", None, [usuario.email], fail_silently=False)
        except OSError:
            log.exception("No se pudo enviar el correo de aviso a %s", usuario.email)


def revisar_vencimientos(ahora=None):
    """Tarea programada: registra incumplimientos y avisa antes de que venza un compromiso.

    Mira las solicitudes abiertas con un reloj corriendo; la bitácora de todas ellas sale en una consulta.
    """
    ahora = ahora or timezone.now()
    calendario = Calendario.cargar()
    umbral = settings.SIGMA_SLA_AVISO_PCT
    candidatas = list(
        Solicitud.objects.abiertas().select_related("servicio", "tecnico")
        .filter(Q(vence_resolucion__isnull=False) | Q(vence_inicial__isnull=False, atendida_en__isnull=True))
    )
    bitacoras = bitacoras_de([s.pk for s in candidatas])
    directores = list(usuarios_del_rol(DIRECTOR))
    avisos = incumplidas = 0
    for solicitud in candidatas:
        with transaction.atomic():
            relojes, nuevos = actualizar_relojes(solicitud, calendario, ahora, bitacoras.get(solicitud.pk, []))
            incumplidas += nuevos
            for reloj in relojes:
                campo = "avisada_inicial" if reloj.compromiso == Compromiso.INICIAL else "avisada_resolucion"
                if not reloj.corriendo or getattr(solicitud, campo) or reloj.porcentaje < umbral:
                    continue
                texto = (f"{solicitud.folio}: {reloj.etiqueta.lower()} "
                         + ("vencido" if reloj.incumplido else f"al {reloj.porcentaje} % de su meta"))
                destinatarios = ([solicitud.tecnico] if solicitud.tecnico else []) + directores
                for usuario in {u.pk: u for u in destinatarios}.values():
                    avisar(usuario, solicitud, texto)
                    avisos += 1
                Solicitud.objects.filter(pk=solicitud.pk).update(**{campo: True})
    return {"revisadas": len(candidatas), "avisos": avisos, "incumplimientos": incumplidas}


def bitacoras_de(ids):
    """{solicitud_id: [(en, nuevo), ...]} en una consulta."""
    resultado = {}
    filas = CambioEstado.objects.filter(solicitud_id__in=ids).order_by("en", "pk")
    for solicitud_id, en, nuevo in filas.values_list("solicitud_id", "en", "nuevo"):
        resultado.setdefault(solicitud_id, []).append((en, nuevo))
    return resultado
