"""Juego de datos pequeño, calculado a mano, para la salud de los equipos (reportes/salud.py).

Hoy: 15-jun-2026. Ajustes: RAM mínima 8 GB, almacenamiento mínimo 240 GB, umbral 60. Correctivas desde
15-jun-2025. Edad en meses cumplidos = (2026·12 + 6) − (año·12 + mes) − (1 si el día de compra > 15).
Costo de reposición: PC de escritorio $20,000 (catálogo); Impresora sin costo en catálogo (usa el del equipo).

E1 (A, HP ProDesk 400, PC): compra 10-ene-2019 → 89 meses ≥ 2×36 → −35; Windows 7 → −20; RAM 4 → −10;
    2 correctivas → −10; orden vencida → −10; condición mala → −25. Suma 110 → puntaje 0. Candidato, $20,000.
E2 (A, HP ProDesk 400, PC): compra 20-jun-2023 → 35 meses (≥ 27 = 75 % de 36) → −10; Windows 11 con build
    22631 (del agente) sin soporte desde 11-nov-2025 → −20; RAM 8 (no es menor) → 0; disco 128 → −10;
    correctivas: 1 en 2026 (otra de 2025-05 es vieja, otra cancelada, una asesoría no cuenta) → −5.
    Suma 45 → 55. Candidato, $20,000.
E3 (B, Dell OptiPlex 3000 con vida útil de 48 meses, PC): compra 1-mar-2023 → 39 meses (≥ 36 = 75 % de 48;
    con la vida del tipo sería «cumplida») → −10; Ubuntu → sin dato de soporte → 0; RAM y disco desconocidos
    → 0; orden vencida → −10 (otra completada no cuenta); condición regular → −10. Suma 30 → 70.
E4 (B, Epson L3250, Impresora): sin fecha de compra → −10; RAM 2 pero no es cómputo → 0; 3 correctivas → −15;
    condición mala → −25. Suma 50 → 50. Candidato, costo del propio equipo $7,500.
E5 (B, Epson L3250, Impresora): compra 10-ene-2024 → 29 meses (< 45) → 0. Puntaje 100, sin costo.
E6 (A, HP ProDesk 400): de baja; no se evalúa.
E7 (A, sin modelo, PC, en almacén): compra 1-feb-2020 → 76 meses ≥ 72 → −35; «Microsoft Windows 10 Pro» → −20.
    Suma 55 → 45. Candidato, $20,000.

Totales: 6 equipos, puntaje (0+55+70+50+100+45)/6 = 53.3; vida útil cumplida E1, E7 = 2; SO sin soporte E1, E2,
E7 = 3; correctivas 6 en 3 equipos; mantenimiento vencido E1, E3 = 2; candidatos E1, E2, E4, E7 = 4 por $67,500.
A: 3 equipos, puntaje 33.3, 3 candidatos, $60,000, 3 correctivas. B: 3 equipos, 73.3, 1 candidato, $7,500, 3.
Por modelo (tasa = correctivas ÷ equipos): Epson 3/2 = 1.5 (puntaje 75), HP 3/2 = 1.5 (27.5), Dell 0, sin modelo 0.
Lista de candidatos: E1 (0), E7 (45), E4 (50), E2 (55); todos: además E3 (70), E5 (100).
"""
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from agentes.models import Agente
from inventario.models import TipoEquipo
from mantenimiento.choices import EstadoOrden
from reportes.models import CostoReposicion
from soporte.models import Solicitud
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, MarcaFactory, ModeloFactory, tipo
from tests.mantenimiento.factories import OrdenFactory
from tests.soporte import factories as sf

ZONA = ZoneInfo("America/Mexico_City")
HOY = dt.date(2026, 6, 15)


def _solicitud(equipo, fecha, clave="soporte-tecnico", estado=None):
    s = sf.solicitud(clave, empleado=EmpleadoFactory(dependencia=equipo.dependencia), dependencia=equipo.dependencia,
                     recibida=dt.datetime.combine(fecha, dt.time(10), tzinfo=ZONA))
    s.equipos.add(equipo)
    if estado:
        Solicitud.objects.filter(pk=s.pk).update(estado=estado)
    return s


def crear():
    pc, impresora = tipo("PC de escritorio"), tipo("Impresora")
    CostoReposicion.objects.update_or_create(tipo=pc, defaults={"costo": Decimal("20000")})
    CostoReposicion.objects.filter(tipo=impresora).delete()
    a, b = DependenciaFactory(nombre="Salud A"), DependenciaFactory(nombre="Salud B")
    hp = ModeloFactory(marca=MarcaFactory(nombre="HP"), nombre="ProDesk 400", tipo=pc)
    dell = ModeloFactory(marca=MarcaFactory(nombre="Dell"), nombre="OptiPlex 3000", tipo=pc, vida_util_meses=48)
    epson = ModeloFactory(marca=MarcaFactory(nombre="Epson"), nombre="L3250", tipo=impresora)
    e = {}
    e[1] = EquipoFactory(numero_inventario="S-1", dependencia=a, modelo=hp, tipo=pc,
                         fecha_adquisicion=dt.date(2019, 1, 10), sistema_operativo="Windows 7 Professional",
                         ram_gb=4, almacenamiento_gb=500, condicion="malo")
    e[2] = EquipoFactory(numero_inventario="S-2", dependencia=a, modelo=hp, tipo=pc,
                         fecha_adquisicion=dt.date(2023, 6, 20), sistema_operativo="Windows 11 Pro", ram_gb=8,
                         almacenamiento_gb=128, condicion="bueno")
    e[3] = EquipoFactory(numero_inventario="S-3", dependencia=b, modelo=dell, tipo=pc,
                         fecha_adquisicion=dt.date(2023, 3, 1), sistema_operativo="Ubuntu 22.04 LTS", ram_gb=None,
                         almacenamiento_gb=None, condicion="regular")
    e[4] = EquipoFactory(numero_inventario="S-4", dependencia=b, modelo=epson, tipo=impresora, fecha_adquisicion=None,
                         sistema_operativo="", ram_gb=2, condicion="malo", costo=Decimal("7500"))
    e[5] = EquipoFactory(numero_inventario="S-5", dependencia=b, modelo=epson, tipo=impresora,
                         fecha_adquisicion=dt.date(2024, 1, 10), sistema_operativo="", condicion="bueno")
    e[6] = EquipoFactory(numero_inventario="S-6", dependencia=a, modelo=hp, tipo=pc, estado="baja",
                         motivo_baja="Quemado", fecha_adquisicion=dt.date(2015, 1, 1), condicion="malo")
    e[7] = EquipoFactory(numero_inventario="S-7", dependencia=a, modelo=None, tipo=pc, estado="en_almacen",
                         fecha_adquisicion=dt.date(2020, 2, 1), sistema_operativo="Microsoft Windows 10 Pro",
                         ram_gb=16, almacenamiento_gb=512, condicion="bueno")
    Agente.objects.create(deviceid="pc-s2", tipo="glpi", equipo=e[2], so_nombre="Windows 11 Pro",
                          so_version="10.0.22631")
    for fecha in (dt.date(2026, 2, 1), dt.date(2025, 9, 1)):
        _solicitud(e[1], fecha)
    _solicitud(e[2], dt.date(2026, 1, 10))
    _solicitud(e[2], dt.date(2025, 5, 1))
    _solicitud(e[2], dt.date(2026, 3, 1), estado="cancelada")
    _solicitud(e[2], dt.date(2026, 3, 2), clave="asesorias")
    for fecha in (dt.date(2025, 7, 1), dt.date(2025, 12, 1), dt.date(2026, 6, 1)):
        _solicitud(e[4], fecha)
    _solicitud(e[6], dt.date(2026, 1, 1))
    OrdenFactory(equipo=e[1], fecha_programada=dt.date(2026, 5, 4))
    OrdenFactory(equipo=e[3], fecha_programada=dt.date(2026, 6, 1), estado=EstadoOrden.EN_PROCESO)
    OrdenFactory(equipo=e[3], fecha_programada=dt.date(2026, 4, 1), estado=EstadoOrden.COMPLETADA,
                 fecha_cierre=dt.date(2026, 4, 2))
    OrdenFactory(equipo=e[5], fecha_programada=dt.date(2026, 7, 1))
    assert TipoEquipo.objects.get(pk=impresora.pk).categoria == "impresion"
    return {"a": a, "b": b, "hp": hp, "dell": dell, "epson": epson, "e": e}
