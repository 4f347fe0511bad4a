"""Acciones sobre credenciales: una función por acción, atómica, con su historial (simple_history).

Decisiones:
- Un lote se crea para una solicitud abierta del servicio «impresion-credenciales». Los empleados llegan
  elegidos de una lista o pegados como números; si algún número no existe o el empleado está inactivo, no se
  escribe nada y se informa renglón por renglón (nunca un lote a medias).
- La cantidad de la solicitud pasa a ser el total de credenciales de sus lotes (sin contar reimpresiones) y su
  meta de resolución se recalcula (5 min × cantidad) con ``soporte.services.ajustar_cantidad``.
- La reimpresión revoca la anterior («Reimpresión: motivo») y emite otra con token nuevo en el mismo lote; el
  PDF del lote imprime solo las vigentes. No cambia la cantidad de la solicitud.
- Un empleado que pasa a inactivo pierde sus credenciales vigentes (signals.py).
"""
from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from comun.models import Empleado
from soporte import services as soporte
from soporte.choices import ABIERTOS
from soporte.choices import Estado as EstadoSolicitud
from soporte.models import ContadorFolio, Solicitud

from . import fotos
from .choices import MOTIVO_BAJA, MOTIVO_REIMPRESION, SERVICIO, Diseno, Estado
from .models import Credencial, LoteImpresion

PREFIJO_FOLIO = "CRED"
MAX_POR_LOTE = 500

AccionNoPermitida = soporte.AccionNoPermitida


def vigencia_configurada() -> date:
    """Fecha de fin de vigencia (SIGMA_CREDENCIALES_VIGENCIA, AAAA-MM-DD); mal escrita → mensaje claro al usar."""
    valor = getattr(settings, "SIGMA_CREDENCIALES_VIGENCIA", "2027-09-30")
    if isinstance(valor, date):
        return valor
    try:
        return date.fromisoformat(str(valor).strip())
    except ValueError:
        raise AccionNoPermitida(
            f"El ajuste SIGMA_CREDENCIALES_VIGENCIA ({valor!r}) no es una fecha AAAA-MM-DD: pida al administrador "
            "que lo corrija. No se emitió ninguna credencial."
        ) from None


def validar_solicitud(solicitud):
    if solicitud.servicio.clave != SERVICIO:
        raise AccionNoPermitida(
            f"La solicitud {solicitud.folio} es de «{solicitud.servicio.nombre}», no de impresión de credenciales."
        )
    if solicitud.estado not in ABIERTOS:
        raise AccionNoPermitida(
            f"La solicitud {solicitud.folio} está {solicitud.get_estado_display().lower()}: ya no admite lotes."
        )


_SEPARADORES = re.compile(r"[\s,;]+")


def leer_numeros(texto):
    """Números de empleado pegados (uno por renglón, o separados por comas) → (empleados, errores).

    Cada error dice el renglón y el motivo; el orden de los empleados es el del texto, sin repetidos.
    """
    vistos, orden, errores = set(), [], []
    renglones = []
    for numero_renglon, renglon in enumerate((texto or "").splitlines(), start=1):
        for numero in _SEPARADORES.split(renglon.strip()):
            if numero:
                renglones.append((numero_renglon, numero))
    existentes = {
        e.numero_mayus: e
        for e in Empleado.objects.annotate(numero_mayus=Upper("numero_empleado"))
        .filter(numero_mayus__in={n.upper() for _, n in renglones}).select_related("dependencia")
    }
    for numero_renglon, numero in renglones:
        empleado = existentes.get(numero.upper())
        if empleado is None:
            errores.append(f"Renglón {numero_renglon}: no existe el empleado número «{numero}».")
        elif not empleado.activo:
            errores.append(f"Renglón {numero_renglon}: {empleado.nombre_completo} ({numero}) está dado de baja.")
        elif empleado.pk in vistos:
            errores.append(f"Renglón {numero_renglon}: el empleado {numero} está repetido.")
        else:
            vistos.add(empleado.pk)
            orden.append(empleado)
    return orden, errores


def _datos_empleado(empleado):
    return {
        "nombre": empleado.nombre_completo,
        "puesto": empleado.puesto,
        "dependencia": empleado.dependencia.nombre,
        "numero_empleado": empleado.numero_empleado,
        "diseno": Diseno.POLICIA if empleado.tipo == Empleado.Tipo.POLICIA else Diseno.ADMINISTRATIVO,
    }


def _foto_de_empleado(empleado):
    """La foto del expediente, ya recortada; None si no hay o no sirve (se sube después en la credencial)."""
    if not empleado.foto:
        return None
    try:
        with empleado.foto.open("rb") as archivo:
            return fotos.procesar(archivo)
    except (fotos.FotoInvalida, OSError, ValueError):
        return None


def emitir(empleado, usuario=None, *, lote=None, foto=None, reemplaza=None, vigencia=None, ahora=None):
    """Crea una credencial vigente; ``foto`` es un archivo subido (se valida) o None (la del expediente)."""
    if not empleado.activo:
        raise AccionNoPermitida(f"{empleado.nombre_completo} está dado de baja: no puede recibir credencial.")
    vigencia = vigencia or vigencia_configurada()
    ahora = ahora or timezone.now()
    if vigencia < timezone.localdate(ahora):
        raise AccionNoPermitida(
            f"La vigencia configurada ({vigencia:%d/%m/%Y}) ya pasó: actualice SIGMA_CREDENCIALES_VIGENCIA."
        )
    contenido = fotos.procesar(foto) if foto is not None else _foto_de_empleado(empleado)
    with transaction.atomic():
        credencial = Credencial(
            lote=lote, empleado=empleado, vigencia=vigencia, reemplaza=reemplaza, emitida=ahora,
            emitida_por=usuario, folio=ContadorFolio.siguiente(PREFIJO_FOLIO, timezone.localdate(ahora).year),
            **_datos_empleado(empleado),
        )
        if contenido is not None:
            credencial.foto.save("foto.jpg", contenido, save=False)
        credencial._history_user = usuario
        credencial.save()
    return credencial


def crear_lote(solicitud, empleados, usuario=None, notas=""):
    """Lote con una credencial por empleado; todo o nada. Devuelve el lote."""
    empleados = list(dict.fromkeys(empleados))
    if not empleados:
        raise AccionNoPermitida("Elija o pegue al menos un empleado para el lote.")
    if len(empleados) > MAX_POR_LOTE:
        raise AccionNoPermitida(f"Un lote admite hasta {MAX_POR_LOTE} credenciales; divídalo en varios.")
    inactivos = [e for e in empleados if not e.activo]
    if inactivos:
        nombres = ", ".join(f"{e.nombre_completo} ({e.numero_empleado})" for e in inactivos)
        raise AccionNoPermitida(f"Estos empleados están dados de baja y no pueden recibir credencial: {nombres}.")
    vigencia = vigencia_configurada()
    with transaction.atomic():
        solicitud = Solicitud.objects.select_for_update().select_related("servicio").get(pk=solicitud.pk)
        validar_solicitud(solicitud)
        lote = LoteImpresion(solicitud=solicitud, creado_por=usuario, notas=(notas or "").strip())
        lote._history_user = usuario
        lote.save()
        for empleado in empleados:
            emitir(empleado, usuario, lote=lote, vigencia=vigencia)
        total = Credencial.objects.filter(lote__solicitud=solicitud, reemplaza__isnull=True).count()
        soporte.ajustar_cantidad(solicitud, total, usuario)
    return lote


def revocar(credencial, motivo, usuario=None, *, ahora=None):
    motivo = (motivo or "").strip()
    if not motivo:
        raise AccionNoPermitida("Escriba el motivo de la revocación.")
    with transaction.atomic():
        credencial = Credencial.objects.select_for_update().get(pk=credencial.pk)
        if credencial.estado == Estado.REVOCADA:
            raise AccionNoPermitida(f"La credencial {credencial.folio} ya estaba revocada.")
        credencial.estado = Estado.REVOCADA
        credencial.motivo_revocacion = motivo[:200]
        credencial.revocada_en = ahora or timezone.now()
        credencial.revocada_por = usuario
        credencial._history_user = usuario
        credencial._change_reason = f"Revocada: {motivo}"[:100]
        credencial.save()
    return credencial


def reimprimir(credencial, usuario=None, *, motivo="", foto=None):
    """Nueva credencial (token y folio nuevos, datos actuales del empleado) y la anterior revocada."""
    with transaction.atomic():
        anterior = Credencial.objects.select_for_update().select_related("empleado__dependencia").get(
            pk=credencial.pk)
        if hasattr(anterior, "reemplazada_por"):
            raise AccionNoPermitida(
                f"La credencial {anterior.folio} ya fue reimpresa como {anterior.reemplazada_por.folio}.")
        motivo = (motivo or "").strip()
        texto = f"{MOTIVO_REIMPRESION}: {motivo}" if motivo else MOTIVO_REIMPRESION
        if anterior.estado == Estado.VIGENTE:
            revocar(anterior, texto, usuario)
        nueva = emitir(anterior.empleado, usuario, lote=anterior.lote, foto=foto, reemplaza=anterior)
        if foto is None and not nueva.foto and anterior.foto:
            # Sin foto nueva ni en el expediente: se conserva la de la credencial anterior.
            with anterior.foto.open("rb") as archivo:
                nueva.foto.save("foto.jpg", fotos.procesar(archivo), save=True)
    return nueva


def cambiar_foto(credencial, archivo, usuario=None, recorte=None):
    contenido = fotos.procesar(archivo, recorte)
    with transaction.atomic():
        credencial = Credencial.objects.select_for_update().get(pk=credencial.pk)
        if credencial.estado != Estado.VIGENTE:
            raise AccionNoPermitida("La credencial está revocada: reimprímala para usar otra fotografía.")
        anterior = credencial.foto.name if credencial.foto else ""
        credencial.foto.save("foto.jpg", contenido, save=False)
        credencial._history_user = usuario
        credencial._change_reason = "Fotografía nueva"
        credencial.save()
    if anterior:
        transaction.on_commit(lambda: credencial.foto.storage.delete(anterior))
    return credencial


def revocar_de_empleado(empleado, motivo=MOTIVO_BAJA, usuario=None):
    """Revoca todas las credenciales vigentes del empleado; devuelve cuántas."""
    revocadas = 0
    with transaction.atomic():
        for credencial in Credencial.objects.select_for_update().filter(empleado=empleado, estado=Estado.VIGENTE):
            revocar(credencial, motivo, usuario)
            revocadas += 1
    return revocadas


def marcar_entregadas(lote, usuario=None):
    """Registra la entrega del lote y resuelve la solicitud («N credenciales impresas (lote #x)»)."""
    with transaction.atomic():
        lote = LoteImpresion.objects.select_for_update().select_related("solicitud").get(pk=lote.pk)
        if lote.entregado_en:
            raise AccionNoPermitida(f"El lote #{lote.pk} ya se había entregado el "
                                    f"{timezone.localtime(lote.entregado_en):%d/%m/%Y %H:%M}.")
        cuantas = lote.credenciales.filter(estado=Estado.VIGENTE).count()
        if not cuantas:
            raise AccionNoPermitida("El lote no tiene credenciales vigentes que entregar.")
        lote.entregado_en = timezone.now()
        lote.entregado_por = usuario
        lote._history_user = usuario
        lote.save()
        solicitud = lote.solicitud
        pendientes = solicitud.lotes_credenciales.filter(entregado_en__isnull=True).exclude(pk=lote.pk).exists()
        if not pendientes and solicitud.estado != EstadoSolicitud.RESUELTA:
            texto = f"{cuantas} credencial{'es' if cuantas != 1 else ''} impresa{'s' if cuantas != 1 else ''} " \
                    f"(lote #{lote.pk})"
            soporte.cambiar_estado(solicitud, EstadoSolicitud.RESUELTA, usuario, resolucion=texto,
                                   nota="Credenciales entregadas")
    return lote
