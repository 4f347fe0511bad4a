"""Proyectos (plataformas web y soluciones tecnológicas) y asesorías: acciones y lecturas.

Un proyecto nace con su solicitud: ``crear_proyecto`` se conecta a la señal
``services.solicitud_registrada`` (en SoporteConfig.ready) y crea el ``Proyecto`` cuando el servicio
se gestiona por fases. Es idempotente: llamarla dos veces no crea nada nuevo.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .choices import Estado, Fase
from .models import Asesoria, Hito, Proyecto, Solicitud
from .services import AccionNoPermitida

_SIN_CAMBIOS = {Estado.CANCELADA}
_IGUAL = object()


def crear_proyecto(sender=None, solicitud=None, usuario=None, **kwargs):
    """Receptor de ``solicitud_registrada``: crea el proyecto de una solicitud de servicio por fases."""
    if solicitud is None or not solicitud.servicio.con_fases:
        return None
    return proyecto_de(solicitud, usuario)


def proyecto_de(solicitud, usuario=None):
    """El proyecto de la solicitud; lo crea si aún no existe (solicitudes anteriores a la señal)."""
    existente = Proyecto.objects.filter(solicitud=solicitud).first()
    if existente is not None:
        return existente
    proyecto = Proyecto(solicitud=solicitud, responsable_id=solicitud.tecnico_id)
    proyecto._history_user = usuario
    proyecto._change_reason = "Proyecto creado con la solicitud"
    try:
        with transaction.atomic():
            proyecto.save()
    except IntegrityError:  # otra petición lo creó al mismo tiempo
        return Proyecto.objects.get(solicitud=solicitud)
    return proyecto


def _revisar_abierto(proyecto):
    if proyecto.solicitud.estado in _SIN_CAMBIOS:
        raise AccionNoPermitida(
            f"La solicitud {proyecto.solicitud.folio} está cancelada: su proyecto ya no se modifica."
        )


@transaction.atomic
def actualizar_proyecto(proyecto, *, fase, avance, usuario=None, responsable=_IGUAL, nota=""):
    """Cambia fase, avance y responsable; cada cambio queda en el historial del proyecto."""
    proyecto = Proyecto.objects.select_for_update().select_related("solicitud").get(pk=proyecto.pk)
    _revisar_abierto(proyecto)
    if fase not in Fase.values:
        raise AccionNoPermitida("Elija una fase válida.")
    if avance is None or not 0 <= int(avance) <= 100:
        raise AccionNoPermitida("El avance va de 0 a 100 %.")
    proyecto.fase = fase
    proyecto.avance = int(avance)
    if responsable is not _IGUAL:
        proyecto.responsable = responsable
    proyecto._history_user = usuario
    proyecto._change_reason = (nota or "").strip()[:100]
    proyecto.save()
    return proyecto


def agregar_hito(proyecto, *, nombre, fecha_objetivo, fase="", usuario=None):
    _revisar_abierto(proyecto)
    nombre = (nombre or "").strip()
    if not nombre or fecha_objetivo is None:
        raise AccionNoPermitida("El hito necesita nombre y fecha objetivo.")
    return Hito.objects.create(proyecto=proyecto, nombre=nombre, fase=fase or "", fecha_objetivo=fecha_objetivo)


def cumplir_hito(hito, fecha=None, usuario=None):
    _revisar_abierto(hito.proyecto)
    if hito.cumplido_en is not None:
        raise AccionNoPermitida(f"El hito «{hito.nombre}» ya estaba cumplido desde el {hito.cumplido_en:%d/%m/%Y}.")
    fecha = fecha or timezone.localdate()
    if fecha > timezone.localdate():
        raise AccionNoPermitida("Un hito no se puede marcar cumplido en una fecha futura.")
    hito.cumplido_en = fecha
    hito.save(update_fields=["cumplido_en"])
    return hito


def registrar_asesoria(solicitud, *, tema, fecha, duracion_minutos, asistentes, usuario=None):
    """Crea o corrige los datos de la asesoría de una solicitud del servicio de asesorías."""
    if not solicitud.servicio.es_asesoria:
        raise AccionNoPermitida(f"La solicitud {solicitud.folio} no es de un servicio de asesorías.")
    asesoria, _ = Asesoria.objects.update_or_create(
        solicitud=solicitud,
        defaults={"tema": tema.strip(), "fecha": fecha, "duracion_minutos": duracion_minutos,
                  "asistentes": asistentes},
    )
    return asesoria


# Lecturas -----------------------------------------------------------------------------------------

def proyectos_para_lista():
    """Proyectos con su solicitud, conteo de hitos y el siguiente hito pendiente (consultas fijas)."""
    pendientes = Hito.objects.filter(cumplido_en__isnull=True).order_by("fecha_objetivo", "pk")
    return (
        Proyecto.objects.select_related(
            "solicitud__servicio", "solicitud__dependencia", "solicitud__solicitante", "responsable"
        )
        .annotate(
            hitos_total=Count("hitos"),
            hitos_cumplidos=Count("hitos", filter=Q(hitos__cumplido_en__isnull=False)),
        )
        .prefetch_related(Prefetch("hitos", queryset=pendientes, to_attr="hitos_pendientes"))
        .order_by("solicitud__fecha_compromiso", "pk")
    )


def dias_restantes(fecha_compromiso, hoy=None):
    """Días naturales hasta la fecha acordada (negativo: vencida), o None sin fecha."""
    if fecha_compromiso is None:
        return None
    return (fecha_compromiso - (hoy or timezone.localdate())).days


def asesorias_para_lista():
    return (
        Solicitud.objects.filter(servicio__es_asesoria=True)
        .select_related("asesoria", "dependencia", "solicitante", "servicio", "tecnico")
        .order_by("-recibida", "-pk")
    )


def minutos_primera_atencion(solicitud, calendario):
    """Minutos hábiles entre la recepción y la primera atención (None si aún no se atiende)."""
    if solicitud.atendida_en is None:
        return None
    return calendario.minutos_habiles(solicitud.recibida, solicitud.atendida_en)


_CAMPOS_HISTORIAL = (("fase", "Fase"), ("avance", "Avance"), ("responsable_id", "Responsable"))


def historial_proyecto(proyecto):
    """Entradas del historial (más reciente primero): fecha, usuario, motivo y cambios (campo, antes, después)."""
    from django.contrib.auth import get_user_model

    registros = list(proyecto.history.select_related("history_user").order_by("history_date", "history_id"))
    ids = {r.responsable_id for r in registros if r.responsable_id}
    usuarios = {u.pk: (u.get_full_name() or u.username) for u in get_user_model().objects.filter(pk__in=ids)}
    fases = dict(Fase.choices)

    def mostrar(campo, valor):
        if valor in (None, ""):
            return "—"
        if campo == "fase":
            return fases.get(valor, valor)
        if campo == "avance":
            return f"{valor} %"
        return usuarios.get(valor, f"#{valor}")

    entradas = []
    anterior = None
    for registro in registros:
        cambios = []
        for campo, etiqueta in _CAMPOS_HISTORIAL:
            nuevo = getattr(registro, campo)
            viejo = getattr(anterior, campo) if anterior is not None else None
            if anterior is None or nuevo != viejo:
                if anterior is None and nuevo in (None, ""):
                    continue
                cambios.append({"campo": etiqueta, "antes": mostrar(campo, viejo) if anterior else "",
                                "despues": mostrar(campo, nuevo)})
        if cambios or anterior is None:
            entradas.append({
                "fecha": registro.history_date, "usuario": registro.history_user,
                "motivo": registro.history_change_reason or "", "cambios": cambios,
                "alta": anterior is None,
            })
        anterior = registro
    entradas.reverse()
    return entradas

