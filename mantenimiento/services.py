"""Acciones de mantenimiento preventivo: generar órdenes, mantener el alcance, trabajar y cerrar órdenes.

Cada acción es atómica. Las reglas de fechas viven en programacion.py (funciones puras).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from comun.calendario import Calendario
from comun.roles import TECNICO
from inventario.choices import Categoria
from inventario.choices import Estado as EstadoEquipo

from . import programacion
from .choices import ABIERTAS, CERRADAS_CON_FECHA, EstadoOrden, OrigenOrden, Resultado, TipoItem
from .models import OrdenMantenimiento, PlanMantenimiento, PlantillaChecklist, RefaccionOrden, ResultadoItem
from .signals import orden_completada

LOTE = 2000
MOTIVO_BAJA = "El equipo se dio de baja."
MOTIVO_FUERA = "El equipo salió del alcance del plan."
MOTIVO_PLAN_INACTIVO = "El plan se desactivó."
FIRMA_MAX_BYTES = 300 * 1024
FIRMA_MAX_LADO = 2000
PNG_FIRMA = b"\x89PNG\r\n\x1a\n"


class OperacionNoPermitida(Exception):
    """La acción no aplica a la orden en su estado actual (mensaje en español para el usuario)."""


# --------------------------------------------------------------------------------------------------
# Alcance y generación
# --------------------------------------------------------------------------------------------------


def _cancelar(consulta, motivo, hoy):
    return consulta.update(estado=EstadoOrden.CANCELADA, motivo_cierre=motivo, fecha_cierre=hoy,
                           actualizado=timezone.now())


def sincronizar_alcance(planes=None, hoy=None) -> int:
    """Cancela, con su motivo, las órdenes abiertas de equipos dados de baja o que salieron del alcance de su plan,
    y las programadas de planes inactivos. Devuelve cuántas canceló. Consultas: 1 + 1 por plan."""
    hoy = hoy or timezone.localdate()
    abiertas = OrdenMantenimiento.objects.filter(estado__in=ABIERTAS)
    total = _cancelar(abiertas.filter(equipo__estado=EstadoEquipo.BAJA), MOTIVO_BAJA, hoy)
    for plan in (PlanMantenimiento.objects.all() if planes is None else planes):
        del_plan = abiertas.filter(plan=plan)
        if not plan.activo:
            total += _cancelar(del_plan.filter(estado=EstadoOrden.PROGRAMADA), MOTIVO_PLAN_INACTIVO, hoy)
        else:
            total += _cancelar(del_plan.exclude(equipo__in=plan.equipos_en_alcance().values("pk")), MOTIVO_FUERA, hoy)
    return total


def _candidatos(plan):
    """[(equipo_id, última fecha programada cerrada, último cierre)] de los equipos del alcance sin orden abierta del
    plan, ordenados por ubicación. Dos consultas, lineales en el número de equipos: la historia sale de un GROUP BY
    (MAX de fecha programada y MAX de cierre: por equipo y plan las dos crecen juntas, porque la orden siguiente solo
    se genera cuando la anterior ya se cerró) y los equipos de un anti-join (NOT EXISTS)."""
    del_plan = OrdenMantenimiento.objects.filter(plan_id=plan.pk)
    historia = {
        f["equipo_id"]: (f["ultima_programada"], f["ultimo_cierre"])
        for f in del_plan.filter(estado__in=CERRADAS_CON_FECHA).values("equipo_id")
        .annotate(ultima_programada=Max("fecha_programada"), ultimo_cierre=Max("fecha_cierre")).order_by()
    }
    ids = (plan.equipos_en_alcance()
           .filter(~Exists(del_plan.filter(equipo_id=OuterRef("pk"), estado__in=ABIERTAS)))
           .order_by("ubicacion_id", "pk").values_list("pk", flat=True))
    return [(pk, *historia.get(pk, (None, None))) for pk in ids]


def ordenes_por_crear(plan, calendario, hoy, hasta, tecnicos=None) -> list[OrdenMantenimiento]:
    """Las órdenes (sin guardar) que el plan debe tener abiertas para ``hasta``."""
    regla = plan.regla
    if tecnicos is None:
        tecnicos = sorted(t.pk for t in plan.tecnicos.all())
    filas = _candidatos(plan)
    nuevas = []
    # Muchos equipos de un plan comparten historia (mismas fechas): el cálculo se hace una vez por combinación.
    vencimientos = {}
    for equipo_id, ultima_programada, ultimo_cierre in filas:
        clave = (ultima_programada, ultimo_cierre)
        v = vencimientos.get(clave)
        if v is None:
            v = vencimientos[clave] = programacion.siguiente_vencimiento(
                regla, calendario, hoy, ultima_programada, ultimo_cierre)
        if v.fecha_generacion > hasta:
            continue
        nuevas.append(OrdenMantenimiento(
            plan_id=plan.pk, origen=OrigenOrden.PROGRAMADA, equipo_id=equipo_id, plantilla_id=plan.plantilla_id,
            fecha_programada=v.fecha_programada, fecha_limite=v.fecha_limite, ventana_hasta=v.ventana_hasta,
            fecha_generacion=v.fecha_generacion,
            fechas_omitidas=v.omitidas, estado=EstadoOrden.PROGRAMADA,
        ))
    # Equipos contiguos por ubicación van al mismo técnico: una caminata cubre un piso.
    if tecnicos:
        for i, orden in enumerate(nuevas):
            orden.tecnico_id = tecnicos[i * len(tecnicos) // len(nuevas)]
    return nuevas


def generar_ordenes(hoy: dt.date | None = None, hasta: dt.date | None = None, planes=None) -> dict[str, int]:
    """Crea las órdenes que ya deben estar en las listas (hoy ≥ fecha límite − anticipación, con «hoy» = ``hasta``).

    Idempotente y segura en paralelo: la restricción única parcial (una orden abierta por plan y equipo) y
    ``bulk_create(ignore_conflicts=True)`` hacen que una segunda corrida, o dos a la vez, no creen nada nuevo.
    Consultas: 2 (calendario) + 2 por plan + 1 por plan (alcance) + inserciones por lotes + 2 (conteo).
    """
    hoy = hoy or timezone.localdate()
    hasta = max(hasta or hoy, hoy)
    calendario = Calendario.cargar()
    if planes is None:
        planes = list(PlanMantenimiento.objects.all().prefetch_related("tecnicos"))
    canceladas = sincronizar_alcance(planes, hoy)
    activos = [p for p in planes if p.activo]
    abiertas = OrdenMantenimiento.objects.filter(estado__in=ABIERTAS, plan__in=[p.pk for p in activos])
    antes = abiertas.count()
    for plan in activos:
        nuevas = ordenes_por_crear(plan, calendario, hoy, hasta)
        if nuevas:
            OrdenMantenimiento.objects.bulk_create(nuevas, batch_size=LOTE, ignore_conflicts=True)
    creadas = abiertas.count() - antes
    return {"creadas": max(creadas, 0), "canceladas": canceladas, "planes": len(activos)}


@transaction.atomic
def guardar_plan(form):
    """Guarda el plan (con sus listas) y aplica de inmediato las salidas del alcance."""
    plan = form.save()
    sincronizar_alcance([plan])
    return plan


def cancelar_ordenes_de_equipo(equipo, motivo=MOTIVO_BAJA) -> int:
    return _cancelar(OrdenMantenimiento.objects.filter(equipo=equipo, estado__in=ABIERTAS), motivo,
                     timezone.localdate())


def plantilla_para(equipo):
    """Plantilla predeterminada según la categoría del tipo de equipo (para órdenes a demanda)."""
    nombre = {
        Categoria.COMPUTO: "PC de escritorio / laptop",
        Categoria.IMPRESION: "Impresora",
        Categoria.RED: "Equipo de red",
    }.get(equipo.tipo.categoria)
    return PlantillaChecklist.objects.filter(nombre=nombre).first() if nombre else None


@transaction.atomic
def crear_orden_a_demanda(equipo, fecha_limite, checklist=None, tecnico=None, usuario=None):
    """Orden de mantenimiento que pide una dependencia (servicio del catálogo), sin plan.

    La ventana a tiempo es la fecha límite + 1 día hábil. ``checklist`` por omisión: la plantilla de la
    categoría del equipo. ``usuario`` queda para la bitácora del llamador (soporte)."""
    if equipo.estado == EstadoEquipo.BAJA:
        raise OperacionNoPermitida("El equipo está dado de baja: no se le programa mantenimiento.")
    calendario = Calendario.cargar()
    limite = calendario.dia_habil_siguiente(fecha_limite)
    return OrdenMantenimiento.objects.create(
        plan=None, origen=OrigenOrden.A_DEMANDA, equipo=equipo, plantilla=checklist or plantilla_para(equipo),
        fecha_programada=fecha_limite, fecha_limite=limite, ventana_hasta=calendario.sumar_dias_habiles(limite, 1),
        fecha_generacion=timezone.localdate(), tecnico=tecnico,
    )


# --------------------------------------------------------------------------------------------------
# Trabajo de la orden
# --------------------------------------------------------------------------------------------------


def es_supervisor(usuario):
    return usuario.has_perm("mantenimiento.supervisar_ordenes")


def puede_trabajar(usuario, orden) -> bool:
    """El técnico trabaja sus órdenes y las sin asignar; un supervisor con permiso de cambio, cualquiera."""
    if not usuario.has_perm("mantenimiento.change_ordenmantenimiento"):
        return False
    return es_supervisor(usuario) or orden.tecnico_id in (None, usuario.pk)


def _bloquear(orden):
    return OrdenMantenimiento.objects.select_for_update().get(pk=orden.pk)


@transaction.atomic
def iniciar_orden(orden, usuario, ahora=None):
    """Programada → en proceso: toma la orden (si no tenía técnico) y prepara sus resultados. Repetirlo no hace
    nada; una orden cerrada no se inicia."""
    orden = _bloquear(orden)
    if orden.estado == EstadoOrden.EN_PROCESO:
        return orden
    if orden.estado != EstadoOrden.PROGRAMADA:
        raise OperacionNoPermitida(f"La orden ya está {orden.get_estado_display().lower()}: no se puede iniciar.")
    orden.estado = EstadoOrden.EN_PROCESO
    orden.inicio = ahora or timezone.now()
    if orden.tecnico_id is None:
        orden.tecnico = usuario
    orden.save(update_fields=["estado", "inicio", "tecnico", "actualizado"])
    if orden.plantilla_id and not orden.resultados.exists():
        ResultadoItem.objects.bulk_create([
            ResultadoItem(orden=orden, item=item, posicion=item.orden, texto=item.texto, tipo=item.tipo)
            for item in orden.plantilla.items.all()
        ])
    return orden


def evaluar(item, valor):
    """Resultado automático de un valor según el tipo del punto (o None si lo decide el técnico)."""
    if item.tipo == TipoItem.CHECK:
        return Resultado.PASA if valor else Resultado.PENDIENTE
    if item.tipo == TipoItem.NUMERO:
        if valor is None:
            return Resultado.PENDIENTE
        if (item.minimo is not None and valor < item.minimo) or (item.maximo is not None and valor > item.maximo):
            return Resultado.FALLA
        return Resultado.PASA
    if item.tipo == TipoItem.OPCION:
        if not valor:
            return Resultado.PENDIENTE
        return Resultado.FALLA if valor in item.lista_opciones_falla() else Resultado.PASA
    if item.tipo == TipoItem.TEXTO:
        return Resultado.NO_APLICA
    return None


def leer_firma(dato: str) -> bytes:
    """Valida la firma (data URL «data:image/png;base64,…» del lienzo) y devuelve los bytes PNG.

    Rechaza lo que no sea un PNG real, de más de 300 KB o de más de 2000 px por lado, y la firma vacía."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    prefijo = "data:image/png;base64,"
    if not dato or not dato.startswith(prefijo):
        raise OperacionNoPermitida("Falta la firma de conformidad (debe dibujarse en el recuadro).")
    texto = dato[len(prefijo):]
    if len(texto) > FIRMA_MAX_BYTES * 4 // 3 + 8:
        raise OperacionNoPermitida("La firma es demasiado grande (más de 300 KB).")
    try:
        contenido = base64.b64decode(texto, validate=True)
    except (binascii.Error, ValueError):
        raise OperacionNoPermitida("La firma no es una imagen válida.")
    if not contenido.startswith(PNG_FIRMA):
        raise OperacionNoPermitida("La firma debe ser una imagen PNG.")
    try:
        with Image.open(io.BytesIO(contenido)) as imagen:
            imagen.verify()
        with Image.open(io.BytesIO(contenido)) as imagen:
            if imagen.format != "PNG" or max(imagen.size) > FIRMA_MAX_LADO:
                raise OperacionNoPermitida("La firma debe ser un PNG de hasta 2000 px por lado.")
            rgba = imagen.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise OperacionNoPermitida("La firma no es una imagen PNG válida.")
    alfa = rgba.getchannel("A")
    opaca_en_blanco = alfa.getextrema()[0] == 255 and ImageOps.invert(rgba.convert("L")).getbbox() is None
    if alfa.getbbox() is None or opaca_en_blanco:
        raise OperacionNoPermitida("La firma está en blanco: pida al usuario que firme en el recuadro.")
    return contenido


@transaction.atomic
def guardar_avance(orden, usuario, valores: dict, observaciones=None, refacciones=None):
    """Guarda resultados (dict resultado_id → {valor, valor_numero, resultado, notas}) y refacciones."""
    orden = _bloquear(orden)
    if orden.estado != EstadoOrden.EN_PROCESO:
        raise OperacionNoPermitida(_mensaje_estado(orden))
    resultados = {r.pk: r for r in orden.resultados.all()}
    cambiados = []
    for pk, datos in valores.items():
        resultado = resultados.get(pk)
        if resultado is None:
            continue
        for campo, valor in datos.items():
            setattr(resultado, campo, valor)
        cambiados.append(resultado)
    ResultadoItem.objects.bulk_update(cambiados, ["valor", "valor_numero", "resultado", "notas"])
    if observaciones is not None:
        orden.observaciones = observaciones
        orden.save(update_fields=["observaciones", "actualizado"])
    if refacciones is not None:
        orden.refacciones.all().delete()
        RefaccionOrden.objects.bulk_create([
            RefaccionOrden(orden=orden, descripcion=r["descripcion"], cantidad=r.get("cantidad") or Decimal(1),
                           costo=r.get("costo") or Decimal(0))
            for r in refacciones
        ])
    return orden


def _mensaje_estado(orden):
    if orden.estado == EstadoOrden.PROGRAMADA:
        return "Primero inicie la orden."
    return f"La orden ya está {orden.get_estado_display().lower()}: no se puede modificar."


@transaction.atomic
def completar_orden(orden, usuario, *, valores, observaciones, refacciones, conformidad_nombre, firma_png,
                    minutos=None, ahora=None):
    """En proceso → completada, con resultados, refacciones, tiempo y conformidad (nombre + firma PNG)."""
    guardar_avance(orden, usuario, valores, observaciones, refacciones)
    orden = _bloquear(orden)
    faltan = [r.texto for r in orden.resultados.all() if not r.resultado and _obligatorio(r)]
    if faltan:
        raise OperacionNoPermitida("Falta capturar: " + "; ".join(faltan) + ".")
    if not (conformidad_nombre or "").strip():
        raise OperacionNoPermitida("Escriba el nombre de quien da la conformidad.")
    ahora = ahora or timezone.now()
    orden.fin = ahora
    orden.fecha_cierre = timezone.localdate(ahora)
    transcurridos = max(int((ahora - (orden.inicio or ahora)).total_seconds() // 60), 1)
    orden.minutos = minutos or transcurridos
    orden.conformidad_nombre = conformidad_nombre.strip()
    orden.firma_png = firma_png
    orden.estado = EstadoOrden.COMPLETADA
    orden.save()
    fallas = [r for r in orden.resultados.all() if r.resultado == Resultado.FALLA]
    orden_completada.send(sender=OrdenMantenimiento, orden=orden, fallas=fallas, usuario=usuario)
    return orden


def _obligatorio(resultado):
    return resultado.item is None or resultado.item.obligatorio


@transaction.atomic
def marcar_no_realizada(orden, usuario, motivo, ahora=None):
    orden = _bloquear(orden)
    if orden.estado not in ABIERTAS:
        raise OperacionNoPermitida(_mensaje_estado(orden))
    if not (motivo or "").strip():
        raise OperacionNoPermitida("Indique el motivo por el que no se realizó.")
    orden.estado = EstadoOrden.NO_REALIZADA
    orden.motivo_cierre = motivo.strip()
    orden.fin = ahora or timezone.now()
    orden.fecha_cierre = timezone.localdate(orden.fin)
    orden.save()
    return orden


def tecnicos():
    return get_user_model().objects.filter(groups__name=TECNICO, is_active=True).order_by(
        "first_name", "last_name", "username")


@transaction.atomic
def reasignar(ids, tecnico, usuario=None) -> int:
    """Asigna al técnico las órdenes abiertas indicadas; devuelve cuántas cambió."""
    if not tecnicos().filter(pk=tecnico.pk).exists():
        raise OperacionNoPermitida(f"{tecnico} no tiene el rol Técnico.")
    return OrdenMantenimiento.objects.filter(pk__in=ids, estado__in=ABIERTAS).update(
        tecnico=tecnico, actualizado=timezone.now())

