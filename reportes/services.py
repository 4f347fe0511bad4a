"""Servicios de reportes: los archivos del tablero y de técnicos (.xlsx y PDF), las exportaciones en segundo plano
(reportes.trabajos) y el reporte mensual que se guarda tal como se generó.

Decisiones:
- Los generadores del tablero se registran aquí; la vista decide si el archivo se arma en la petición o como
  trabajo según ``UMBRAL_DIRECTO`` (solicitudes recibidas en el periodo: el único cálculo que crece con los datos
  son los minutos hábiles, en Python, una vez por solicitud).
- Un trabajo corre una sola vez por intento: si la tarea llega cuando ya no está «pendiente», no hace nada.
- El reporte mensual es idempotente: si el mes ya existe se devuelve el guardado, sin regenerarlo.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_q.tasks import async_task

from comun.roles import ADMINISTRADOR, roles_de

from . import exportacion, pdf, selectors
from .forms import PeriodoForm
from .models import ReporteMensual, TrabajoExportacion
from .trabajos import ErrorExportacion, obtener, registrar

logger = logging.getLogger(__name__)

# Hasta 3000 solicitudes recibidas en el periodo el archivo se arma en la petición (ver bench/reportes_pdf.py).
UMBRAL_DIRECTO = 3000
# Las exportaciones en segundo plano (y sus archivos) se borran a los 7 días; los reportes mensuales se conservan.
DIAS_VIGENCIA = 7

COLUMNAS_SLA = [
    ("nombre", "Servicio"), ("inicial_decidibles", "Atención inicial: evaluadas"),
    ("inicial_incumplidas", "Atención inicial: incumplidas"), ("inicial_pct", "Atención inicial: cumplimiento (%)"),
    ("resolucion_decidibles", "Resolución: evaluadas"), ("resolucion_incumplidas", "Resolución: incumplidas"),
    ("resolucion_pct", "Resolución: cumplimiento (%)"),
]
COLUMNAS_DEPENDENCIA = [("nombre", "Dependencia"), ("solicitudes", "Solicitudes"), ("equipos", "Equipos en servicio"),
                        ("por_100", "Solicitudes por 100 equipos")]
COLUMNAS_TENDENCIA = [("mes", "Mes"), ("recibidas", "Recibidas"), ("resueltas", "Resueltas"),
                      ("cumplimiento_pct", "Compromisos cumplidos (%)")]


# ---------------------------------------------------------------------------------------------------------------
# Archivos del tablero y de técnicos
# ---------------------------------------------------------------------------------------------------------------

def resumen(k):
    """Los indicadores principales como filas {i: indicador, v: valor, d: detalle} (Excel y PDF)."""
    return [
        {"i": "Cumplimiento de mantenimiento preventivo (%)", "v": k["pm"]["porcentaje"],
         "d": f"{k['pm']['a_tiempo']} a tiempo de {k['pm']['vencidas']}"},
        {"i": "Órdenes de mantenimiento abiertas", "v": k["rezago_pm"]["abiertas"],
         "d": f"{k['rezago_pm']['vencidas']} vencidas"},
        {"i": "Solicitudes abiertas", "v": k["rezago"]["abiertas"],
         "d": f"{k['rezago']['vencidas']} con compromiso vencido"},
        {"i": "Tiempo para derivar, promedio (min hábiles)", "v": k["derivacion"]["promedio"],
         "d": f"{k['derivacion']['n']} solicitudes"},
        {"i": "Tiempo medio de resolución (min hábiles)", "v": k["mttr"]["promedio"],
         "d": f"{k['mttr']['n']} resueltas"},
        {"i": "Reapertura (%)", "v": k["reapertura"]["porcentaje"],
         "d": f"{k['reapertura']['reabiertas']} de {k['reapertura']['resueltas']} resueltas"},
        {"i": "Quejas por cada 100 resueltas", "v": k["quejas"]["por_100"],
         "d": f"{k['quejas']['recibidas']} recibidas, {k['quejas']['respondidas']} respondidas"},
        {"i": "Satisfacción promedio (1 a 5)", "v": k["csat"]["promedio"], "d": f"{k['csat']['n']} encuestas"},
    ]


def libro_tablero(desde, hasta, dependencia=None, k=None) -> bytes:
    """El .xlsx del tablero: resumen, compromisos, por dependencia y tendencia, con gráficas nativas."""
    k = k or selectors.tablero(desde, hasta, dependencia)
    encabezado = [f"{settings.SIGMA_DEPENDENCIA} — Reportes de la Dirección",
                  f"Periodo: {desde:%d/%m/%Y} a {hasta:%d/%m/%Y}" + (f" · {dependencia}" if dependencia else ""),
                  f"Generado: {timezone.localtime():%d/%m/%Y %H:%M}"]
    libro = exportacion.libro_nuevo()
    exportacion.hoja(libro, "Resumen", [("i", "Indicador"), ("v", "Valor"), ("d", "Detalle")], resumen(k), encabezado)
    exportacion.hoja(libro, "Compromisos", COLUMNAS_SLA, k["sla"], encabezado)
    ws, fila = exportacion.hoja(libro, "Por dependencia", COLUMNAS_DEPENDENCIA, k["por_dependencia"], encabezado)
    exportacion.grafica_barras(ws, fila, len(k["por_dependencia"]), 4, "Solicitudes por cada 100 equipos", "F2")
    tendencia = [{**m, "mes": f"{m['mes']:%Y-%m}"} for m in k["tendencia"]]
    ws, fila = exportacion.hoja(libro, "Tendencia", COLUMNAS_TENDENCIA, tendencia, encabezado)
    exportacion.grafica_barras(ws, fila, len(tendencia), 2, "Solicitudes recibidas por mes", "F2", columnas=2)
    return exportacion.a_bytes(libro)


def pdf_tablero(desde, hasta, dependencia=None, k=None) -> bytes:
    k = k or selectors.tablero(desde, hasta, dependencia)
    return pdf.renderizar("reportes/pdf/tablero.html", {"k": k, "resumen": resumen(k)},
                          "Reportes de la Dirección", pdf.texto_periodo(desde, hasta, dependencia))


def pdf_tecnicos(desde, hasta, dependencia=None) -> bytes:
    filas = selectors.tecnicos(desde, hasta, dependencia)
    return pdf.renderizar("reportes/pdf/tecnicos.html", {"filas": filas},
                          "Técnicos: carga y resultados", pdf.texto_periodo(desde, hasta, dependencia))


def nombre_archivo(prefijo, desde, hasta, extension):
    return f"{prefijo}-{desde:%Y-%m-%d}-{hasta:%Y-%m-%d}.{extension}"


def solicitudes_en_periodo(desde, hasta, dependencia=None) -> int:
    from soporte.models import Solicitud

    inicio, fin = selectors.limites(desde, hasta)
    consulta = Solicitud.objects.filter(recibida__gte=inicio, recibida__lt=fin)
    return (consulta.filter(dependencia=dependencia) if dependencia else consulta).count()


def es_grande(desde, hasta, dependencia=None) -> bool:
    return solicitudes_en_periodo(desde, hasta, dependencia) > UMBRAL_DIRECTO


def _periodo(parametros):
    """Los filtros (texto) ya validados: (desde, hasta, dependencia)."""
    form = PeriodoForm(parametros)
    if not form.is_valid():
        errores = " ".join(e for lista in form.errors.values() for e in lista)
        raise ErrorExportacion(f"Filtros inválidos: {errores}")
    datos = form.cleaned_data
    return datos["desde"], datos["hasta"], datos["dependencia"]


def _registrar_del_periodo(clave, titulo, prefijo, extension, construir):
    """Registra un generador que valida el periodo, arma el archivo con ``construir(desde, hasta, dependencia)``
    y lo nombra ``prefijo-desde-hasta.extension``."""
    @registrar(clave, titulo, formulario=PeriodoForm)
    def generar(parametros, avance):
        desde, hasta, dependencia = _periodo(parametros)
        avance(10)
        contenido = construir(desde, hasta, dependencia)
        avance(90)
        return contenido, nombre_archivo(prefijo, desde, hasta, extension)
    return generar


generar_tablero_xlsx = _registrar_del_periodo(
    "tablero_xlsx", "Tablero de la Dirección (Excel)", "reportes", "xlsx", libro_tablero)
generar_tablero_pdf = _registrar_del_periodo(
    "tablero_pdf", "Tablero de la Dirección (PDF)", "reportes", "pdf", pdf_tablero)
generar_tecnicos_pdf = _registrar_del_periodo(
    "tecnicos_pdf", "Técnicos: carga y resultados (PDF)", "tecnicos", "pdf", pdf_tecnicos)


# ---------------------------------------------------------------------------------------------------------------
# Exportaciones en segundo plano
# ---------------------------------------------------------------------------------------------------------------

def _encolar(trabajo):
    pk = trabajo.pk
    transaction.on_commit(lambda: async_task("reportes.tasks.ejecutar_trabajo", pk,
                                             task_name=f"Exportación de reportes {pk}"))


def crear_trabajo(usuario, clave, parametros) -> TrabajoExportacion:
    """Valida la exportación y sus parámetros (ErrorExportacion si no) y la encola al confirmar la transacción."""
    generador = obtener(clave)
    parametros = generador.validar(parametros)
    with transaction.atomic():
        trabajo = TrabajoExportacion.objects.create(usuario=usuario, clave=clave, parametros=parametros)
        _encolar(trabajo)
    return trabajo


def reintentar(trabajo) -> TrabajoExportacion:
    """Vuelve a encolar una exportación fallida (con los mismos parámetros)."""
    with transaction.atomic():
        filas = TrabajoExportacion.objects.filter(pk=trabajo.pk, estado=TrabajoExportacion.Estado.FALLIDO).update(
            estado=TrabajoExportacion.Estado.PENDIENTE, progreso=0, error="", iniciado=None, terminado=None,
            intentos=trabajo.intentos + 1)
        if not filas:
            raise ErrorExportacion("Solo se puede reintentar una exportación fallida.")
        trabajo.refresh_from_db()
        _encolar(trabajo)
    return trabajo


def puede_ver(usuario, trabajo) -> bool:
    return trabajo.usuario_id == usuario.pk or ADMINISTRADOR in roles_de(usuario)


def ejecutar_trabajo(pk) -> str:
    """Corre el generador de la exportación ``pk``, guarda el archivo o el error. Nunca lanza excepción."""
    E = TrabajoExportacion.Estado
    tomado = TrabajoExportacion.objects.filter(pk=pk, estado=E.PENDIENTE).update(
        estado=E.EN_CURSO, iniciado=timezone.now(), progreso=0)
    if not tomado:
        return "sin cambios: la exportación no existe o ya no está pendiente"
    trabajo = TrabajoExportacion.objects.get(pk=pk)
    ultimo = [0]

    def avance(porcentaje):
        porcentaje = max(0, min(99, int(porcentaje)))
        if porcentaje > ultimo[0]:
            ultimo[0] = porcentaje
            TrabajoExportacion.objects.filter(pk=pk).update(progreso=porcentaje)

    try:
        contenido, nombre = obtener(trabajo.clave).funcion(dict(trabajo.parametros), avance)
        trabajo.archivo.save(nombre, ContentFile(contenido), save=False)
    except ErrorExportacion as exc:
        return _fallo(trabajo, str(exc))
    except Exception as exc:  # noqa: BLE001  el usuario ve un mensaje claro; el detalle queda en el log
        logger.exception("Falló la exportación de reportes %s", pk)
        return _fallo(trabajo, "No se pudo generar el archivo por un error interno "
                               f"({type(exc).__name__}). Vuelva a intentarlo; si se repite, avise a soporte.")
    trabajo.nombre_archivo = nombre
    trabajo.estado, trabajo.progreso, trabajo.terminado = E.TERMINADO, 100, timezone.now()
    trabajo.save(update_fields=["archivo", "nombre_archivo", "estado", "progreso", "terminado"])
    return f"terminado: {nombre}"


def limpiar_trabajos(dias=DIAS_VIGENCIA, ahora=None) -> int:
    """Borra las exportaciones (y sus archivos) pedidas hace más de ``dias`` días; las en curso se quedan."""
    limite = (ahora or timezone.now()) - dt.timedelta(days=dias)
    viejas = TrabajoExportacion.objects.filter(creado__lt=limite).exclude(estado=TrabajoExportacion.Estado.EN_CURSO)
    borradas = 0
    for trabajo in viejas.only("pk", "archivo").iterator():
        if trabajo.archivo:
            trabajo.archivo.delete(save=False)
        trabajo.delete()
        borradas += 1
    return borradas


def _fallo(trabajo, mensaje):
    trabajo.estado, trabajo.error, trabajo.terminado = TrabajoExportacion.Estado.FALLIDO, mensaje, timezone.now()
    trabajo.save(update_fields=["estado", "error", "terminado"])
    return f"fallido: {mensaje}"


# ---------------------------------------------------------------------------------------------------------------
# Reporte mensual
# ---------------------------------------------------------------------------------------------------------------

def primer_dia(fecha: dt.date) -> dt.date:
    return fecha.replace(day=1)


def ultimo_dia(mes: dt.date) -> dt.date:
    siguiente = dt.date(mes.year + mes.month // 12, mes.month % 12 + 1, 1)
    return siguiente - dt.timedelta(days=1)


def mes_anterior(hoy: dt.date | None = None) -> dt.date:
    hoy = hoy or timezone.localdate()
    return primer_dia(primer_dia(hoy) - dt.timedelta(days=1))


def generar_mensual(mes: dt.date, hoy: dt.date | None = None) -> tuple[ReporteMensual, bool]:
    """El reporte del mes ``mes`` (todas las dependencias): (reporte, creado). Si ya existe no se toca."""
    mes = primer_dia(mes)
    hoy = hoy or timezone.localdate()
    if mes > mes_anterior(hoy):
        raise ErrorExportacion(f"El mes {mes:%Y-%m} aún no termina; solo se generan meses cerrados.")
    existente = ReporteMensual.objects.filter(mes=mes).first()
    if existente:
        return existente, False
    desde, hasta = mes, ultimo_dia(mes)
    k = selectors.tablero(desde, hasta, None, hoy=hoy)
    reporte = ReporteMensual(mes=mes, generado=timezone.now())
    nombre = f"reporte-mensual-{mes:%Y-%m}"
    reporte.archivo_xlsx.save(f"{nombre}.xlsx", ContentFile(libro_tablero(desde, hasta, None, k)), save=False)
    reporte.archivo_pdf.save(f"{nombre}.pdf", ContentFile(pdf_tablero(desde, hasta, None, k)), save=False)
    try:
        with transaction.atomic():
            reporte.save()
    except IntegrityError:  # otro proceso lo generó al mismo tiempo: se queda el suyo
        reporte.archivo_xlsx.delete(save=False)
        reporte.archivo_pdf.delete(save=False)
        return ReporteMensual.objects.get(mes=mes), False
    return reporte, True


def generar_mes_anterior(hoy: dt.date | None = None) -> tuple[ReporteMensual, bool]:
    hoy = hoy or timezone.localdate()
    return generar_mensual(mes_anterior(hoy), hoy=hoy)
