"""Acciones de la app agentes: lanzar, ejecutar y cancelar escaneos; resolver la cola de revisión.

Un escaneo se crea «pendiente» y corre como tarea de django-q2 (o en primer plano con
`manage.py escanear`). Nunca se lanza un escaneo desde la demo ni al guardar un segmento: solo cuando
una persona lo pide o vence su programación (agentes.tasks.lanzar_escaneos_programados).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from inventario import trabajos
from inventario.models import Equipo, InterfazRed

from . import escaner
from .choices import EstadoEscaneo, EstadoRevision, TipoRevision
from .conciliacion import MOTIVO, conciliar
from .models import Escaneo, MacIgnorada, Revision, Segmento

log = logging.getLogger(__name__)
LATIDO_CADA = timedelta(seconds=15)


class AccionNoPermitida(Exception):
    """La acción no aplica (mensaje en español para el usuario)."""


# -- Escaneos ----------------------------------------------------------------------------------


@transaction.atomic
def crear_escaneo(segmento, usuario=None):
    segmento = Segmento.objects.select_for_update().get(pk=segmento.pk)
    abierto = Escaneo.objects.abiertos().filter(segmento=segmento).first()
    if abierto:
        raise AccionNoPermitida(
            f"El segmento {segmento.nombre} ya tiene un escaneo {abierto.get_estado_display().lower()} "
            f"(n.º {abierto.pk}); espere a que termine o cancélelo.")
    if not segmento.activo:
        raise AccionNoPermitida(f"El segmento {segmento.nombre} está inactivo: actívelo para escanearlo.")
    escaneo = Escaneo.objects.create(segmento=segmento, perfil=segmento.perfil, solicitado_por=usuario,
                                     limite_segundos=segmento.limite_minutos * 60)
    if segmento.intervalo_horas:
        segmento.proximo_escaneo = timezone.now() + timedelta(hours=segmento.intervalo_horas)
        segmento.save(update_fields=["proximo_escaneo"])
    return escaneo


def solicitar_escaneo(segmento, usuario=None):
    """Crea el escaneo y lo encola en django-q2 al confirmar la transacción."""
    escaneo = crear_escaneo(segmento, usuario)
    transaction.on_commit(lambda: async_task("agentes.tasks.ejecutar_escaneo", escaneo.pk,
                                             task_name=f"Escaneo {escaneo.pk} de {segmento.nombre}"))
    return escaneo


def _terminar(escaneo_id, **campos):
    campos.setdefault("fin", timezone.now())
    Escaneo.objects.filter(pk=escaneo_id).update(**campos)


def ejecutar_escaneo(escaneo_id):
    """Corre nmap para el escaneo pendiente, coteja los hosts y deja el resultado en el registro del escaneo."""
    escaneo = Escaneo.objects.select_related("segmento").filter(pk=escaneo_id).first()
    if escaneo is None or escaneo.estado != EstadoEscaneo.PENDIENTE:
        return "nada que hacer"
    if escaneo.cancelar:
        _terminar(escaneo.pk, estado=EstadoEscaneo.CANCELADO, error="Escaneo cancelado antes de empezar.")
        return "cancelado"
    inicio = timezone.now()
    tomado = Escaneo.objects.filter(pk=escaneo.pk, estado=EstadoEscaneo.PENDIENTE).update(
        estado=EstadoEscaneo.EN_CURSO, inicio=inicio, proceso=trabajos.marca_proceso(), latido=inicio)
    if not tomado:
        return "otro proceso lo tomó"
    segmento = escaneo.segmento
    args = escaner.argumentos(escaneo.perfil, segmento.lista_exclusiones())
    Escaneo.objects.filter(pk=escaneo.pk).update(comando=" ".join(["nmap", *args, segmento.cidr]))
    ultimo = [-1, inicio]

    def al_progresar(porcentaje):
        valor, ahora = min(int(porcentaje), 99), timezone.now()
        if valor != ultimo[0] or ahora - ultimo[1] > LATIDO_CADA:
            Escaneo.objects.filter(pk=escaneo.pk).update(progreso=valor, latido=ahora)
            ultimo[:] = [valor, ahora]
        return Escaneo.objects.filter(pk=escaneo.pk, cancelar=True).exists()

    try:
        resultado, _ = escaner.ejecutar(segmento.cidr, args, limite_segundos=escaneo.limite_segundos,
                                        al_progresar=al_progresar)
        hosts = escaner.hosts_de(resultado)
        advertencia = escaner.completar_macs(hosts)
        with transaction.atomic():
            resumen = conciliar(escaneo, hosts)
            _terminar(escaneo.pk, estado=EstadoEscaneo.COMPLETADO, progreso=100, hosts_activos=len(hosts),
                      advertencias=advertencia, resumen=resumen)
    except escaner.EscaneoInterrumpido as exc:
        _terminar(escaneo.pk, estado=EstadoEscaneo.CANCELADO if exc.cancelado else EstadoEscaneo.FALLIDO,
                  error=str(exc))
        return str(exc)
    except escaner.ErrorEscaneo as exc:
        _terminar(escaneo.pk, estado=EstadoEscaneo.FALLIDO, error=str(exc))
        return str(exc)
    except Exception as exc:  # un escaneo nunca queda «en curso» para siempre
        log.exception("Escaneo %s falló", escaneo.pk)
        _terminar(escaneo.pk, estado=EstadoEscaneo.FALLIDO,
                  error=f"Error inesperado al procesar el escaneo: {exc.__class__.__name__}: {exc}")
        return str(exc)
    return f"{len(hosts)} hosts activos"


def cancelar_escaneo(escaneo):
    if escaneo.estado == EstadoEscaneo.PENDIENTE:
        tomado = Escaneo.objects.filter(pk=escaneo.pk, estado=EstadoEscaneo.PENDIENTE).update(
            estado=EstadoEscaneo.CANCELADO, cancelar=True, fin=timezone.now(), error="Cancelado antes de empezar.")
        if tomado:
            return
    if escaneo.estado in (EstadoEscaneo.PENDIENTE, EstadoEscaneo.EN_CURSO):
        Escaneo.objects.filter(pk=escaneo.pk).update(cancelar=True)
        return
    raise AccionNoPermitida("El escaneo ya terminó: no hay nada que cancelar.")


INTERRUMPIDO = ("El escaneo se interrumpió: el proceso que lo corría se detuvo (se reinició el servidor o el "
                "trabajador de tareas); no se guardó ningún resultado. Puede reintentarlo.")
SIN_TRABAJADOR = ("Ningún trabajador de tareas tomó el escaneo a tiempo (¿está detenido el cluster de tareas?). "
                  "Puede reintentarlo.")


def recuperar_escaneos(ahora=None):
    """Marca como fallidos los escaneos cuyo proceso murió (inventario.trabajos) o que pasaron su límite.

    El cotejo escribe en una sola transacción, así que un proceso muerto no dejó resultados a medias.
    Devuelve cuántos recuperó."""
    ahora = ahora or timezone.now()
    recuperados = 0
    campos = ("pk", "estado", "creado", "inicio", "limite_segundos", "proceso", "latido")
    for escaneo in Escaneo.objects.abiertos().only(*campos):
        if escaneo.estado == EstadoEscaneo.PENDIENTE:
            motivo = SIN_TRABAJADOR if trabajos.abandonado("", escaneo.creado, ahora) else None
        elif trabajos.abandonado(escaneo.proceso, escaneo.latido or escaneo.inicio, ahora):
            motivo = INTERRUMPIDO
        elif escaneo.inicio and escaneo.inicio + timedelta(seconds=escaneo.limite_segundos + 600) < ahora:
            motivo = "El escaneo pasó su tiempo límite sin terminar y se dio por fallido. Puede reintentarlo."
        else:
            motivo = None
        if motivo:
            recuperados += Escaneo.objects.filter(pk=escaneo.pk, estado=escaneo.estado).update(
                estado=EstadoEscaneo.FALLIDO, error=motivo, fin=ahora)
    return recuperados


def lanzar_escaneos_programados(ahora=None):
    """Lanza los segmentos activos cuyo próximo escaneo ya venció y cierra escaneos colgados."""
    ahora = ahora or timezone.now()
    recuperar_escaneos(ahora)
    lanzados = 0
    vencidos = Segmento.objects.filter(activo=True, intervalo_horas__gt=0).exclude(proximo_escaneo__gt=ahora)
    for segmento in vencidos:
        try:
            solicitar_escaneo(segmento)
        except AccionNoPermitida:
            continue
        lanzados += 1
    return lanzados


# -- Cola de revisión --------------------------------------------------------------------------


def _con_motivo(objeto, usuario, motivo):
    objeto._history_user = usuario
    objeto._change_reason = motivo[:100]
    return objeto


def _aplicar_ip(revision, usuario):
    datos = revision.datos
    interfaz = InterfazRed.objects.filter(pk=datos.get("interfaz"), equipo_id=revision.equipo_id).first()
    if interfaz is None:
        mac = revision.mac or None
        if mac and InterfazRed.objects.filter(mac=mac).exists():
            raise AccionNoPermitida(f"La MAC {mac} ya está en otro equipo; revise el conflicto primero.")
        interfaz = InterfazRed(equipo_id=revision.equipo_id, nombre="Red", mac=mac)
    interfaz.ip = datos.get("nueva")
    _con_motivo(interfaz, usuario, f"{MOTIVO}: IP aceptada en la cola de revisión").save()


def _revertir_ip(revision, usuario):
    interfaz = InterfazRed.objects.filter(pk=revision.datos.get("interfaz"), equipo_id=revision.equipo_id).first()
    if interfaz is not None and interfaz.ip == revision.datos.get("nueva"):
        interfaz.ip = revision.datos.get("anterior") or None
        _con_motivo(interfaz, usuario, "Cola de revisión: se descartó la IP del escaneo").save()


def _aplicar_hostname(revision, usuario):
    equipo = Equipo.objects.get(pk=revision.equipo_id)
    equipo.hostname = revision.datos.get("nuevo", "")[:63]
    _con_motivo(equipo, usuario, f"{MOTIVO}: nombre aceptado en la cola de revisión").save()


ACEPTAR = {
    TipoRevision.IP_CAMBIADA: lambda r, u: None if r.datos.get("aplicada") else _aplicar_ip(r, u),
    TipoRevision.HOSTNAME_CAMBIADO: _aplicar_hostname,
    TipoRevision.AUSENTE: lambda r, u: None,
    TipoRevision.MAC_DUPLICADA: lambda r, u: None,
}
DESCARTAR = {
    TipoRevision.IP_CAMBIADA: lambda r, u: _revertir_ip(r, u) if r.datos.get("aplicada") else None,
}
REQUIEREN_REGISTRO = {TipoRevision.NUEVO, TipoRevision.AGENTE_DESCONOCIDO}


def resolver(revisiones, accion, usuario):
    """Acepta o descarta varias revisiones pendientes. Devuelve (resueltas, avisos)."""
    resueltas, avisos = 0, []
    for revision in revisiones:
        if revision.estado != EstadoRevision.PENDIENTE:
            continue
        if accion == "aceptar" and revision.tipo in REQUIEREN_REGISTRO:
            avisos.append(f"{revision.get_tipo_display()} {revision.descripcion()}: regístrelo con su formulario.")
            continue
        funcion = (ACEPTAR if accion == "aceptar" else DESCARTAR).get(revision.tipo)
        try:
            with transaction.atomic():
                if funcion is not None:
                    funcion(revision, usuario)
                _cerrar(revision, EstadoRevision.ACEPTADA if accion == "aceptar" else EstadoRevision.DESCARTADA,
                        usuario)
        except AccionNoPermitida as exc:
            avisos.append(str(exc))
            continue
        resueltas += 1
    return resueltas, avisos


def _cerrar(revision, estado, usuario):
    revision.estado = estado
    revision.resuelta = timezone.now()
    revision.resuelta_por = usuario
    revision.save(update_fields=["estado", "resuelta", "resuelta_por"])


@transaction.atomic
def ignorar_siempre(revision, usuario):
    if not revision.mac:
        raise AccionNoPermitida("Este dispositivo no tiene MAC: no se puede ignorar para siempre; descártelo.")
    MacIgnorada.objects.get_or_create(mac=revision.mac, defaults={
        "motivo": f"Ignorada desde la cola de revisión ({revision.ip or ''} {revision.hostname})".strip()[:200],
        "creada_por": usuario,
    })
    Revision.objects.pendientes().filter(tipo=TipoRevision.NUEVO, mac=revision.mac).update(
        estado=EstadoRevision.DESCARTADA, resuelta=timezone.now(), resuelta_por=usuario)


def marcar_registrada(revision, equipo, usuario):
    """Tras registrar el equipo desde la cola: cierra la revisión y, si venía de un agente, le aplica su reporte."""
    from .ingesta import aplicar_reporte_guardado

    _cerrar(revision, EstadoRevision.ACEPTADA, usuario)
    revision.datos = {**revision.datos, "equipo_registrado": equipo.pk}
    revision.equipo = equipo
    revision.save(update_fields=["datos", "equipo"])
    if revision.agente_id:
        aplicar_reporte_guardado(revision.agente, equipo)
