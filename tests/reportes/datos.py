"""Juego de datos pequeño, calculado a mano, para los indicadores de la Dirección.

Calendario: lunes a viernes de 9:00 a 15:00 (360 min hábiles por día), sin festivos. Marzo de 2026:
el lunes es el día 2. Todas las horas son locales (America/Mexico_City).

S1 (dep. A): recibida lun 2-mar 10:00, atendida 10:30 (30 min), resuelta 14:00 (240 min). Encuesta 5 (3-mar).
S2 (dep. A): recibida lun 2-mar 14:00, atendida mar 3-mar 10:00 (60+60 = 120 min), resuelta mié 4-mar 9:30
    (60+360+30 = 450 min), cerrada. Incumplimiento inicial. Encuesta 2 (6-mar). Queja Q1 (5-mar) respondida.
S3 (dep. B): recibida vie 6-mar 14:30, abierta, sin atender, vence_inicial 9-mar (vencida).
S4 (dep. B): recibida vie 27-feb 14:00, atendida 14:10, resuelta lun 2-mar 10:00 (60+60 = 120 min). Encuesta 4
    (28-feb).
Q2 sobre S1 presentada el 10-mar, sin responder.
Metas: 60 min inicial, 480 min resolución en todas.
Equipos en servicio: A 4 (más 1 de baja), B 3.
Órdenes de mantenimiento con límite 5-mar (ventana al 8-mar): A completada 6-mar (a tiempo), A completada
20-mar (tarde), B no realizada.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from comun.calendario import Calendario
from mantenimiento.choices import EstadoOrden
from soporte.models import Encuesta, Incumplimiento, Queja, Solicitud
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory
from tests.mantenimiento.factories import OrdenFactory
from tests.soporte import factories as sf

ZONA = ZoneInfo("America/Mexico_City")
CALENDARIO = Calendario(horario={d: (dt.time(9), dt.time(15)) for d in range(5)}, festivos=False)
MARZO = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
HOY = dt.date(2026, 4, 15)
NOMBRE_QUEJOSO = "Rigoberta Quejosa Zamudio"


def t(dia, hora, minuto=0, mes=3):
    return dt.datetime(2026, mes, dia, hora, minuto, tzinfo=ZONA)


def _solicitud(dep, nombre, **campos):
    s = sf.solicitud("soporte-tecnico", empleado=EmpleadoFactory(dependencia=dep, nombre=nombre),
                     dependencia=dep, recibida=campos["recibida"])
    campos.setdefault("atendida_en", None)
    campos.setdefault("resuelta_en", None)
    campos.setdefault("vence_inicial", None)
    Solicitud.objects.filter(pk=s.pk).update(meta_inicial_min=60, meta_resolucion_min=480, vence_resolucion=None,
                                             **campos)
    s.refresh_from_db()
    return s


def crear():
    a, b = DependenciaFactory(nombre="Dependencia A"), DependenciaFactory(nombre="Dependencia B")
    s1 = _solicitud(a, "Ana", recibida=t(2, 10), atendida_en=t(2, 10, 30), resuelta_en=t(2, 14), estado="resuelta")
    s2 = _solicitud(a, "Beto", recibida=t(2, 14), atendida_en=t(3, 10), resuelta_en=t(4, 9, 30), cerrada_en=t(5, 9),
                    estado="cerrada")
    s3 = _solicitud(b, "Caro", recibida=t(6, 14, 30), estado="nueva", vence_inicial=t(9, 10))
    s4 = _solicitud(b, "Dani", recibida=t(27, 14, mes=2), atendida_en=t(27, 14, 10, mes=2), resuelta_en=t(2, 10),
                    estado="resuelta")
    Incumplimiento.objects.all().delete()
    Incumplimiento.objects.create(solicitud=s2, compromiso="inicial", meta_min=60, vencio_en=t(3, 9))
    Queja.objects.create(folio="Q-T-1", solicitud=s2, compromiso="inicial", descripcion="Tardaron",
                         presentada_por=NOMBRE_QUEJOSO, estado="cerrada", creada=t(5, 11), respondida_en=t(6, 11),
                         respuesta="Disculpe")
    Queja.objects.create(folio="Q-T-2", solicitud=s1, compromiso="resolucion", descripcion="Otra",
                         presentada_por=NOMBRE_QUEJOSO, creada=t(10, 11))
    Encuesta.objects.all().delete()
    for s, calificacion, respondida in ((s1, 5, t(3, 9)), (s2, 2, t(6, 9)), (s4, 4, t(28, 9, mes=2))):
        Encuesta.objects.create(solicitud=s, calificacion=calificacion, respondida_en=respondida)
    for dep, n in ((a, 4), (b, 3)):
        for _ in range(n):
            EquipoFactory(dependencia=dep, estado="activo")
    EquipoFactory(dependencia=a, estado="baja")
    limite = dt.date(2026, 3, 5)
    OrdenFactory(equipo=EquipoFactory(dependencia=a, estado="en_almacen"), fecha_programada=limite,
                 estado=EstadoOrden.COMPLETADA, fecha_cierre=dt.date(2026, 3, 6))
    OrdenFactory(equipo=EquipoFactory(dependencia=a, estado="en_almacen"), fecha_programada=limite,
                 estado=EstadoOrden.COMPLETADA, fecha_cierre=dt.date(2026, 3, 20))
    OrdenFactory(equipo=EquipoFactory(dependencia=b, estado="en_almacen"), fecha_programada=limite,
                 estado=EstadoOrden.NO_REALIZADA, fecha_cierre=dt.date(2026, 3, 9))
    return {"a": a, "b": b, "s1": s1, "s2": s2, "s3": s3, "s4": s4}
