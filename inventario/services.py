"""Acciones sobre equipos: cada una atómica, con su movimiento de resguardo y su historial."""
from django.db import transaction
from django.utils import timezone

from .choices import Estado
from .models import Equipo, MovimientoResguardo


class AccionNoPermitida(Exception):
    """La acción no aplica al equipo en su estado actual (mensaje en español para el usuario)."""


def _con_autor(equipo, usuario, motivo=""):
    equipo._history_user = usuario
    if motivo:
        equipo._change_reason = motivo[:100]
    return equipo


@transaction.atomic
def registrar_equipo(form, formset, usuario):
    """Alta de un equipo nuevo con sus interfaces de red y su movimiento de alta."""
    equipo = _con_autor(form.save(commit=False), usuario, "Alta")
    equipo.save()
    formset.instance = equipo
    _guardar_interfaces(formset, usuario)
    MovimientoResguardo.objects.create(
        equipo=equipo,
        tipo=MovimientoResguardo.Tipo.ALTA,
        fecha=timezone.localdate(),
        resguardante_nuevo=equipo.resguardante,
        dependencia_nueva=equipo.dependencia,
        motivo="Alta en el inventario",
        registrado_por=usuario,
    )
    return equipo


@transaction.atomic
def actualizar_equipo(form, formset, usuario):
    equipo = _con_autor(form.save(commit=False), usuario)
    if form.has_changed():
        equipo.save()
    _guardar_interfaces(formset, usuario)
    return equipo


def _guardar_interfaces(formset, usuario):
    interfaces = formset.save(commit=False)
    for interfaz in formset.deleted_objects:
        interfaz._history_user = usuario
        interfaz.delete()
    for interfaz in interfaces:
        interfaz._history_user = usuario
        interfaz.save()


@transaction.atomic
def transferir_resguardo(equipo, usuario, *, fecha, motivo, resguardante=None, dependencia=None,
                         ubicacion=None):
    """Cambia el resguardante y/o la dependencia (y la ubicación) de un equipo, dejando constancia."""
    equipo = Equipo.objects.select_for_update().get(pk=equipo.pk)
    if equipo.estado == Estado.BAJA:
        raise AccionNoPermitida("Un equipo dado de baja no se puede transferir.")
    nuevo_resguardante = resguardante or equipo.resguardante
    nueva_dependencia = dependencia or (resguardante.dependencia if resguardante else equipo.dependencia)
    if nuevo_resguardante == equipo.resguardante and nueva_dependencia == equipo.dependencia and (
        ubicacion is None or ubicacion == equipo.ubicacion
    ):
        raise AccionNoPermitida("La transferencia no cambia nada: elija otro resguardante, dependencia o ubicación.")
    movimiento = MovimientoResguardo.objects.create(
        equipo=equipo,
        tipo=MovimientoResguardo.Tipo.TRANSFERENCIA,
        fecha=fecha,
        resguardante_anterior=equipo.resguardante,
        resguardante_nuevo=nuevo_resguardante,
        dependencia_anterior=equipo.dependencia,
        dependencia_nueva=nueva_dependencia,
        motivo=motivo,
        registrado_por=usuario,
    )
    equipo.resguardante = nuevo_resguardante
    equipo.dependencia = nueva_dependencia
    if ubicacion is not None:
        equipo.ubicacion = ubicacion
    _con_autor(equipo, usuario, f"Transferencia: {motivo}").save()
    return movimiento


@transaction.atomic
def dar_de_baja(equipo, usuario, *, fecha, motivo, dictamen=""):
    equipo = Equipo.objects.select_for_update().select_related("tipo").get(pk=equipo.pk)
    if equipo.estado == Estado.BAJA:
        raise AccionNoPermitida("Este equipo ya está dado de baja.")
    texto = motivo.strip()
    if dictamen.strip():
        texto += f"\n\nDictamen técnico: {dictamen.strip()}"
    movimiento = MovimientoResguardo.objects.create(
        equipo=equipo,
        tipo=MovimientoResguardo.Tipo.BAJA,
        fecha=fecha,
        resguardante_anterior=equipo.resguardante,
        dependencia_anterior=equipo.dependencia,
        dependencia_nueva=equipo.dependencia,
        motivo=texto,
        registrado_por=usuario,
    )
    equipo.estado = Estado.BAJA
    equipo.motivo_baja = texto
    equipo.fecha_baja = fecha
    _con_autor(equipo, usuario, "Baja").save()
    return movimiento
