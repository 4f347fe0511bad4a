"""Enlace con la mesa de servicio (mantenimiento importa soporte; nunca al revés).

- Una solicitud del servicio «Mantenimiento preventivo» (una dependencia lo pide) se vuelve una orden a demanda
  por cada equipo ligado, con fecha límite a DIAS_HABILES_A_DEMANDA días hábiles de recibida; al asignarse la
  solicitud, sus órdenes sin técnico toman al técnico; cuando se completan todas, la solicitud queda resuelta.
- Un punto con falla de una orden abre, a petición del técnico, una solicitud correctiva de «Soporte técnico»
  a nombre del resguardante del equipo (la mesa de ayuda la deriva).
"""
from django.db import transaction
from django.utils import timezone

from comun.calendario import Calendario
from soporte import services as soporte
from soporte.choices import Canal, Estado
from soporte.models import Servicio, Solicitud

from . import services
from .choices import ABIERTAS, EstadoOrden, Resultado
from .models import OrdenMantenimiento

SERVICIO_PREVENTIVO = "mantenimiento-preventivo"
SERVICIO_CORRECTIVO = "soporte-tecnico"
DIAS_HABILES_A_DEMANDA = 5


class SinResguardante(services.OperacionNoPermitida):
    pass


def solicitud_registrada(sender, solicitud, usuario=None, **kwargs):
    """Receptor de soporte.services.solicitud_registrada: órdenes a demanda de mantenimiento preventivo."""
    if solicitud.servicio.clave != SERVICIO_PREVENTIVO:
        return
    equipos = list(solicitud.equipos.all())
    if not equipos:
        soporte.comentar(solicitud, "Sin equipos ligados: no se generó orden de mantenimiento. Ligue los equipos "
                                    "y genere la orden desde Mantenimiento.", usuario)
        return
    calendario = Calendario.cargar()
    limite = calendario.sumar_dias_habiles(timezone.localdate(solicitud.recibida), DIAS_HABILES_A_DEMANDA)
    creadas, omitidas = [], []
    with transaction.atomic():
        for equipo in equipos:
            try:
                orden = services.crear_orden_a_demanda(equipo, limite, tecnico=solicitud.tecnico, usuario=usuario)
            except services.OperacionNoPermitida:
                omitidas.append(equipo.numero_inventario)
                continue
            orden.solicitud = solicitud
            orden.save(update_fields=["solicitud"])
            creadas.append(f"#{orden.pk} ({equipo.numero_inventario})")
        texto = f"Órdenes de mantenimiento generadas: {', '.join(creadas) or 'ninguna'}; vencen el {limite:%d/%m/%Y}."
        if omitidas:
            texto += f" Sin orden por estar de baja: {', '.join(omitidas)}."
        soporte.comentar(solicitud, texto, usuario)


def solicitud_cambiada(sender, solicitud, nuevo=None, **kwargs):
    """Al asignarse la solicitud, sus órdenes abiertas sin técnico pasan al técnico asignado."""
    if nuevo == Estado.ASIGNADA and solicitud.tecnico_id:
        OrdenMantenimiento.objects.filter(
            solicitud=solicitud, tecnico__isnull=True, estado__in=ABIERTAS
        ).update(tecnico_id=solicitud.tecnico_id)


def orden_completada(sender, orden, usuario=None, **kwargs):
    """Cuando se completa la última orden de una solicitud a demanda, la solicitud queda resuelta."""
    if orden.solicitud_id is None:
        return
    pendientes = OrdenMantenimiento.objects.filter(
        solicitud_id=orden.solicitud_id, estado__in=ABIERTAS
    ).exclude(pk=orden.pk)
    if pendientes.exists():
        return
    ordenes = OrdenMantenimiento.objects.filter(solicitud_id=orden.solicitud_id, estado=EstadoOrden.COMPLETADA)
    resumen = ", ".join(f"#{o.pk}" for o in ordenes.order_by("pk"))
    try:
        soporte.cambiar_estado(
            orden.solicitud, Estado.RESUELTA, usuario,
            resolucion=f"Mantenimiento preventivo realizado (órdenes {resumen}); reporte de servicio en cada orden.",
        )
    except soporte.AccionNoPermitida:
        return  # ya resuelta, cancelada o en un estado desde el que no se resuelve: la mesa decide


@transaction.atomic
def abrir_correctiva(resultado, usuario):
    """Abre (una sola vez) la solicitud correctiva de un punto con falla y la deja ligada al resultado."""
    # Se bloquea solo el resultado (PostgreSQL no bloquea el lado nulo de un LEFT JOIN, p. ej. el resguardante).
    resultado = (
        type(resultado).objects.select_for_update(of=("self",)).select_related("orden__equipo__resguardante")
        .get(pk=resultado.pk)
    )
    if resultado.solicitud_correctiva_id:
        return resultado.solicitud_correctiva, False
    if resultado.resultado != Resultado.FALLA:
        raise services.OperacionNoPermitida("Solo un punto con falla abre una solicitud correctiva.")
    orden = resultado.orden
    equipo = orden.equipo
    if equipo.resguardante is None or not equipo.resguardante.activo:
        raise SinResguardante(
            f"{equipo.numero_inventario} no tiene resguardante activo: registre la solicitud desde la mesa de "
            "servicio indicando quién la pide."
        )
    detalle = [f"Detectado en la orden de mantenimiento #{orden.pk} ({timezone.localdate():%d/%m/%Y})."]
    if resultado.valor:
        detalle.append(f"Valor registrado: {resultado.valor}.")
    if resultado.notas:
        detalle.append(f"Notas del técnico: {resultado.notas}")
    solicitud = soporte.crear_solicitud(
        servicio=Servicio.objects.get(clave=SERVICIO_CORRECTIVO), solicitante=equipo.resguardante,
        dependencia=equipo.dependencia, asunto=f"Correctivo: {resultado.texto}"[:200],
        descripcion="\n".join(detalle), canal=Canal.PRESENCIAL, equipos=[equipo], usuario=usuario,
    )
    resultado.solicitud_correctiva = solicitud
    resultado.save(update_fields=["solicitud_correctiva"])
    return solicitud, True


def conectar():
    from soporte.services import solicitud_cambiada as cambiada
    from soporte.services import solicitud_registrada as registrada

    from .signals import orden_completada as completada

    registrada.connect(solicitud_registrada, sender=Solicitud, dispatch_uid="mantenimiento.a_demanda")
    cambiada.connect(solicitud_cambiada, sender=Solicitud, dispatch_uid="mantenimiento.asignacion")
    completada.connect(orden_completada, sender=OrdenMantenimiento, dispatch_uid="mantenimiento.resolver_solicitud")
