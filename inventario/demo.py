"""Datos de demostración: un Ayuntamiento de Ocotlán creíble para enseñar SIGMA y para los benchmarks.

`generar()` arma primero, solo en memoria, el plan completo a partir de la semilla (mismas entradas →
mismos datos, sin importar lo que ya haya en la base) y luego guarda únicamente lo que falta,
identificando cada fila por su clave natural:

- Dependencia por su clave de comparación (nombre sin acentos ni mayúsculas),
- Ubicacion por (edificio, piso, oficina),
- Marca por nombre y Modelo por (marca, nombre), sin distinguir mayúsculas,
- Empleado por numero_empleado y Equipo por numero_inventario.

Así una segunda corrida con los mismos argumentos no crea ni cambia nada. Las interfaces de red y los
movimientos de resguardo solo se crean para los equipos nuevos de la corrida.

Las IP son solo datos (192.168.x.y): nada en este módulo abre conexiones de red.
"""
from __future__ import annotations

import itertools
import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from comun.models import Dependencia, Empleado, Ubicacion
from comun.normalizacion import clave_nombre

from .choices import Condicion, Estado, Origen
from .models import Equipo, InterfazRed, Marca, Modelo, MovimientoResguardo, TipoEquipo

LOTE = 1000
DOMINIO_CORREO = "ocotlan.gob.mx"
# Fechas generadas hasta aquí (fijo, para que el contenido no dependa del día en que se corre);
# después solo se recortan a hoy por si el reloj de la máquina va atrasado.
FECHA_CORTE = date(2026, 10, 31)
MOTIVO_HISTORIAL = "Datos de demostración"

# --------------------------------------------------------------------------------------------------
# Organización del municipio
# --------------------------------------------------------------------------------------------------

PRES = "Presidencia Municipal (Hidalgo #65)"
UA = "Unidad Administrativa Municipal"
COMISARIA = "Comisaría de Seguridad Pública"
PCB = "Base de Protección Civil y Bomberos"
DIF = "Sistema DIF Ocotlán"
CULTURA = "Casa de la Cultura"
OBRAS = "Edificio de Obras Públicas"
AGUA = "Oficinas del SAPAO"
TALLER = "Taller y Bodega de Servicios Municipales"
DEPORTIVA = "Unidad Deportiva Municipal"
RASTRO = "Rastro Municipal"
PANTEON = "Panteón Municipal"
SALUD = "Centro de Salud Municipal"
PB, PA = "Planta baja", "Planta alta"

# Puestos: "masculino|femenino" (o uno solo si no cambia) y su peso.
PUESTOS_GENERALES = [
    ("Auxiliar administrativo|Auxiliar administrativa", 30),
    ("Secretario|Secretaria", 10),
    ("Jefe de departamento|Jefa de departamento", 7),
    ("Analista", 8),
    ("Capturista", 8),
    ("Recepcionista", 4),
    ("Coordinador de área|Coordinadora de área", 5),
    ("Encargado de archivo|Encargada de archivo", 3),
    ("Asistente", 6),
    ("Notificador|Notificadora", 3),
    ("Chofer", 2),
    ("Intendente", 2),
]
PUESTOS_POLICIA = [
    ("Policía", 45),
    ("Policía tercero|Policía tercera", 15),
    ("Policía segundo|Policía segunda", 10),
    ("Policía primero|Policía primera", 6),
    ("Suboficial", 4),
    ("Oficial", 2),
    ("Agente de vialidad", 10),
    ("Radio operador|Radio operadora", 5),
    ("Analista de información", 3),
]


@dataclass
class _Dep:
    nombre: str
    siglas: str
    codigo: str  # para hostnames: oco-<codigo>-pc012
    corto: str
    edificio: str
    piso: str
    peso: int
    titular: str = "Director|Directora"
    especiales: tuple = ()
    policia: bool = False
    oficinas: list = field(default_factory=list)  # [(edificio, piso, oficina)]


def _d(nombre, siglas, codigo, corto, edificio, piso, peso, titular="Director|Directora", especiales=(),
       policia=False):
    return _Dep(nombre, siglas, codigo, corto, edificio, piso, peso, titular, especiales, policia)


# Las más importantes primero: con `dependencias=N` pequeño se toman las N primeras.
DEPENDENCIAS_BASE = [
    _d("Presidencia Municipal", "PM", "pres", "Presidencia", PRES, PA, 6,
       "Presidente Municipal|Presidenta Municipal", ("Secretario particular|Secretaria particular",)),
    _d("Dirección de Innovación Gubernamental", "DIG", "dig", "Innovación Gubernamental", PRES, PA, 5,
       especiales=("Técnico de soporte|Técnica de soporte", "Administrador de redes|Administradora de redes",
                   "Desarrollador|Desarrolladora")),
    _d("Comisaría de la Policía Preventiva y Vialidad Municipal", "CPPVM", "com", "Comisaría", COMISARIA,
       PB, 24, "Comisario|Comisaria", policia=True),
    _d("Hacienda Municipal (Tesorería)", "HM", "tes", "Tesorería", PRES, PB, 10,
       "Encargado de la Hacienda Municipal|Encargada de la Hacienda Municipal",
       ("Cajero|Cajera", "Contador|Contadora")),
    _d("Sindicatura Municipal", "SIND", "sind", "Sindicatura", PRES, PA, 3,
       "Síndico Municipal|Síndica Municipal", ("Abogado|Abogada",)),
    _d("Secretaría General del Ayuntamiento", "SG", "sgral", "Secretaría General", PRES, PA, 5,
       "Secretario General|Secretaria General"),
    _d("Contraloría Municipal", "CM", "cont", "Contraloría", PRES, PA, 3,
       "Contralor Municipal|Contralora Municipal", ("Auditor|Auditora",)),
    _d("Oficialía Mayor Administrativa", "OMA", "ofm", "Oficialía Mayor", PRES, PA, 5, "Oficial Mayor"),
    _d("Dirección de Administración y Recursos Humanos", "DARH", "rh", "Recursos Humanos", PRES, PB, 4,
       especiales=("Encargado de nómina|Encargada de nómina",)),
    _d("Dirección de Obras Públicas", "DOP", "obp", "Obras Públicas", OBRAS, PB, 8,
       especiales=("Ingeniero residente|Ingeniera residente", "Arquitecto|Arquitecta", "Dibujante")),
    _d("Dirección de Servicios Públicos Municipales", "DSPM", "spm", "Servicios Públicos", TALLER, PB, 6,
       especiales=("Supervisor de cuadrilla|Supervisora de cuadrilla",)),
    _d("Sistema de Agua Potable y Alcantarillado de Ocotlán", "SAPAO", "agua", "Agua Potable", AGUA, PB, 8,
       especiales=("Lecturista", "Cajero|Cajera", "Fontanero|Fontanera")),
    _d("Dirección del Registro Civil", "RC", "rc", "Registro Civil", PRES, PB, 5,
       "Oficial del Registro Civil", ("Auxiliar de ventanilla",)),
    _d("Dirección de Catastro", "CAT", "cat", "Catastro", UA, PB, 6,
       especiales=("Valuador|Valuadora", "Topógrafo|Topógrafa")),
    _d("Padrón y Licencias", "PYL", "pyl", "Padrón y Licencias", UA, PB, 4,
       "Jefe de Padrón y Licencias|Jefa de Padrón y Licencias", ("Inspector|Inspectora",)),
    _d("Dirección de Desarrollo Social", "DDS", "dsoc", "Desarrollo Social", UA, PA, 5,
       especiales=("Promotor social|Promotora social",)),
    _d("Sistema para el Desarrollo Integral de la Familia (DIF Municipal)", "DIF", "dif", "DIF Municipal",
       DIF, PB, 8, especiales=("Trabajador social|Trabajadora social", "Psicólogo|Psicóloga")),
    _d("Unidad Municipal de Protección Civil y Bomberos", "UMPCB", "pc", "Protección Civil", PCB, PB, 5,
       especiales=("Bombero|Bombera", "Paramédico|Paramédica", "Radio operador|Radio operadora")),
    _d("Juzgado Municipal", "JM", "juz", "Juzgado Municipal", COMISARIA, PA, 2,
       "Juez Municipal|Jueza Municipal", ("Secretario de acuerdos|Secretaria de acuerdos",)),
    _d("Dirección de Ecología y Medio Ambiente", "ECO", "eco", "Ecología", UA, PA, 2,
       especiales=("Inspector ambiental|Inspectora ambiental",)),
    _d("Dirección de Desarrollo Económico", "DDE", "deco", "Desarrollo Económico", UA, PA, 3),
    _d("Dirección de Turismo", "TUR", "tur", "Turismo", CULTURA, PB, 2),
    _d("Dirección de Cultura", "CUL", "cul", "Cultura", CULTURA, PA, 3,
       especiales=("Instructor de taller|Instructora de taller",)),
    _d("Consejo Municipal del Deporte (COMUDE)", "COMUDE", "dep", "Deportes", DEPORTIVA, PB, 3,
       especiales=("Entrenador deportivo|Entrenadora deportiva",)),
    _d("Dirección de Educación", "EDU", "edu", "Educación", UA, PA, 2),
    _d("Dirección de Participación Ciudadana", "DPC", "parc", "Participación Ciudadana", UA, PA, 2,
       especiales=("Promotor vecinal|Promotora vecinal",)),
    _d("Unidad de Transparencia", "UT", "transp", "Transparencia", PRES, PB, 2,
       "Titular de la Unidad de Transparencia"),
    _d("Dirección de Comunicación Social", "DCS", "cso", "Comunicación Social", PRES, PA, 3,
       especiales=("Diseñador gráfico|Diseñadora gráfica", "Fotógrafo|Fotógrafa", "Community manager")),
    _d("Dirección Jurídica", "DJ", "jur", "Jurídico", PRES, PA, 3, especiales=("Abogado|Abogada",)),
    _d("Dirección de Salud Municipal", "DSM", "sal", "Salud Municipal", SALUD, PB, 3,
       especiales=("Médico general|Médica general", "Enfermero|Enfermera")),
    _d("Dirección de Ordenamiento Territorial y Desarrollo Urbano", "DOTDU", "dur", "Desarrollo Urbano",
       OBRAS, PA, 4, especiales=("Arquitecto|Arquitecta", "Inspector de obra|Inspectora de obra")),
    _d("Proveeduría Municipal", "PROV", "prov", "Proveeduría", PRES, PB, 3,
       "Proveedor Municipal|Proveedora Municipal", ("Comprador|Compradora",)),
    _d("Rastro Municipal", "RAS", "ras", "Rastro", RASTRO, PB, 2,
       "Administrador del Rastro|Administradora del Rastro", ("Médico veterinario|Médica veterinaria",)),
    _d("Cementerios Municipales", "CEM", "cem", "Cementerios", PANTEON, PB, 1,
       "Administrador de Cementerios|Administradora de Cementerios"),
    _d("Parques y Jardines", "PYJ", "pyj", "Parques y Jardines", TALLER, PB, 2, "Jefe de Parques y Jardines|"
       "Jefa de Parques y Jardines"),
    _d("Aseo Público", "ASEO", "aseo", "Aseo Público", TALLER, PB, 3,
       "Jefe de Aseo Público|Jefa de Aseo Público"),
    _d("Alumbrado Público", "ALUM", "alum", "Alumbrado Público", TALLER, PA, 2,
       "Jefe de Alumbrado Público|Jefa de Alumbrado Público", ("Electricista",)),
]

# Para llegar a más dependencias (escala de benchmark): delegaciones, agencias y áreas internas.
_LOCALIDADES = [
    ("Delegación", "San Martín de Zula"), ("Delegación", "Santa Clara de Zula"),
    ("Agencia Municipal", "El Joconoxtle"), ("Agencia Municipal", "Rancho Viejo"),
    ("Agencia Municipal", "Labor Vieja"), ("Agencia Municipal", "San Andrés"),
    ("Agencia Municipal", "Paso de la Comunidad"), ("Agencia Municipal", "La Estanzuela"),
]
_AREAS = [
    ("Dirección de Ingresos", "ING", "ing", PRES, PB), ("Dirección de Egresos", "EGR", "egr", PRES, PB),
    ("Departamento de Apremios", "APR", "apr", PRES, PB), ("Archivo Municipal", "ARCH", "arch", UA, PB),
    ("Instituto Municipal de las Mujeres", "IMM", "imm", UA, PA),
    ("Instituto Municipal de Atención a la Juventud", "IMAJ", "imaj", CULTURA, PB),
    ("Biblioteca Pública Municipal", "BPM", "bib", CULTURA, PB),
    ("Unidad Básica de Rehabilitación", "UBR", "ubr", DIF, PA),
    ("Centro de Atención Infantil", "CAI", "cai", DIF, PB),
    ("Taller Municipal de Mantenimiento Vehicular", "TMV", "tmv", TALLER, PB),
    ("Dirección de Planeación y Evaluación", "DPE", "plan", PRES, PA),
    ("Dirección de Programas Sociales", "DPS", "psoc", UA, PA),
    ("Coordinación de Gabinete", "CG", "gab", PRES, PA),
    ("Sala de Regidores", "REG", "reg", PRES, PA),
    ("Dirección de Mercados", "MER", "mer", UA, PB),
    ("Dirección de Movilidad y Transporte", "DMT", "mov", UA, PA),
    ("Unidad de Igualdad de Género", "UIG", "uig", UA, PA),
    ("Coordinación de Giras y Eventos", "CGE", "gir", PRES, PB),
    ("Dirección de Fomento Agropecuario", "DFA", "agro", UA, PA),
    ("Unidad de Mejora Regulatoria", "UMR", "umr", PRES, PB),
]


def _dependencias_plan(n: int | None) -> list[_Dep]:
    if n is None:
        deps = [_clonar(d) for d in DEPENDENCIAS_BASE]
    else:
        if n < 1:
            raise ValueError("Se necesita al menos una dependencia.")
        deps = [_clonar(d) for d in DEPENDENCIAS_BASE[:n]]
        for tipo, lugar in _LOCALIDADES:
            if len(deps) >= n:
                break
            es_delegacion = tipo == "Delegación"
            edificio = f"{tipo} {lugar}"
            deps.append(_d(
                f"{tipo} {lugar}", ("DEL" if es_delegacion else "AG") + _iniciales(lugar),
                ("del" if es_delegacion else "ag") + clave_nombre(lugar).replace(" ", "")[:8],
                lugar, edificio, PB, 2 if es_delegacion else 1,
                "Delegado municipal|Delegada municipal" if es_delegacion else "Agente municipal",
            ))
        for nombre, siglas, codigo, edificio, piso in _AREAS:
            if len(deps) >= n:
                break
            deps.append(_d(nombre, siglas, codigo, nombre.split(" ", 2)[-1] if nombre.startswith("Dirección")
                           else nombre, edificio, piso, 2))
        numero = 1
        while len(deps) < n:
            nombre = f"Módulo de Atención Ciudadana {numero}"
            deps.append(_d(nombre, f"MAC{numero}", f"mac{numero}", nombre, nombre, PB, 1,
                           "Coordinador|Coordinadora"))
            numero += 1
    for dep in deps:
        dep.oficinas = [(dep.edificio, dep.piso, dep.corto),
                        (dep.edificio, dep.piso, f"{dep.corto} — Recepción")]
        if dep.codigo == "dig":
            dep.oficinas += [(dep.edificio, dep.piso, "Site de telecomunicaciones"),
                             (dep.edificio, PB, "Almacén de Tecnologías de la Información")]
        elif dep.policia:
            dep.oficinas += [(dep.edificio, dep.piso, "Cabina de radio (C2)"),
                             (dep.edificio, PA, f"{dep.corto} — Área administrativa")]
        elif dep.peso >= 6:
            dep.oficinas.append((dep.edificio, dep.piso, f"{dep.corto} — Ventanilla"))
    return deps


def _iniciales(texto: str) -> str:
    return "".join(p[0] for p in texto.split() if p.lower() not in {"de", "la", "del", "los", "las"}).upper()


def _clonar(dep: _Dep) -> _Dep:
    return _Dep(dep.nombre, dep.siglas, dep.codigo, dep.corto, dep.edificio, dep.piso, dep.peso, dep.titular,
                dep.especiales, dep.policia)


# --------------------------------------------------------------------------------------------------
# Personas
# --------------------------------------------------------------------------------------------------

NOMBRES_H = [
    "José", "Juan", "Luis", "Carlos", "Miguel", "Jesús", "Francisco", "Alejandro", "Jorge", "Roberto",
    "Ricardo", "Eduardo", "Fernando", "Javier", "Daniel", "Sergio", "Raúl", "Arturo", "Manuel", "Antonio",
    "Martín", "Héctor", "Óscar", "Rafael", "Pedro", "Alfredo", "Salvador", "Gerardo", "Enrique", "Ramón",
    "Gustavo", "Adrián", "Víctor", "Hugo", "Iván", "Diego", "Emmanuel", "Rubén", "Alberto", "Ignacio",
    "Armando", "Ernesto", "Guillermo", "Abraham", "Omar", "Edgar", "Cristian", "Brandon", "Kevin", "Mauricio",
    "José Luis", "Juan Carlos", "Luis Fernando", "Juan Manuel", "José Antonio", "Miguel Ángel",
    "Jesús Alberto", "José de Jesús", "Juan Pablo", "Carlos Alberto",
]
NOMBRES_M = [
    "María", "Guadalupe", "Patricia", "Verónica", "Alejandra", "Claudia", "Gabriela", "Adriana", "Leticia",
    "Rosa", "Mónica", "Laura", "Martha", "Silvia", "Elizabeth", "Araceli", "Sandra", "Yolanda", "Norma",
    "Teresa", "Lorena", "Karla", "Diana", "Brenda", "Daniela", "Fernanda", "Andrea", "Paola", "Mariana",
    "Sofía", "Ximena", "Valeria", "Jessica", "Liliana", "Erika", "Cecilia", "Rocío", "Beatriz", "Carmen",
    "Alicia", "Josefina", "Irma", "Esmeralda", "Yesenia", "Nancy", "Miriam", "Berenice", "Itzel", "Citlali",
    "María Guadalupe", "María del Carmen", "Ana Karen", "María Fernanda", "Ana María", "María Elena",
    "Rosa María", "María de los Ángeles", "Luz María", "María José",
]
APELLIDOS = [
    "González", "Hernández", "López", "Martínez", "Ramírez", "Pérez", "García", "Sánchez", "Rodríguez",
    "Flores", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz", "Ruiz", "Jiménez", "Mendoza",
    "Aguilar", "Castillo", "Álvarez", "Romero", "Vázquez", "Chávez", "Ramos", "Torres", "Rivera", "Domínguez",
    "Vargas", "Muñoz", "Moreno", "Castro", "Medina", "Guzmán", "Salazar", "Herrera", "Rojas", "Delgado",
    "Contreras", "Figueroa", "Navarro", "Estrada", "Ávila", "Orozco", "Padilla", "Villaseñor", "Cervantes",
    "Macías", "Íñiguez", "Anaya", "Barajas", "Lara", "Ochoa", "Magaña", "Zúñiga", "Arias", "Ceja",
    "Plascencia", "Ríos", "Valdivia", "Camarena", "Jáuregui", "Partida", "Cárdenas", "Cortés", "Núñez",
    "Pulido", "Becerra", "Cuevas", "Arellano", "Sandoval", "Mora", "Nava", "Velázquez", "Robles", "Carrillo",
    "Espinoza", "Bautista", "Serrano", "Vega", "León", "Rosales", "Mejía", "Solís", "Gallegos", "Fuentes",
    "Trujillo", "Hurtado", "Tapia", "Quezada", "Maldonado", "Limón", "Topete", "Casillas", "Villanueva",
    "Zepeda", "Aceves", "Gudiño", "Huerta", "Lomelí", "Preciado", "Valencia", "Alcalá", "Ponce", "Arana",
    "De la Torre", "Del Toro", "Marmolejo", "Cisneros", "Ibarra", "Montes", "Rentería", "Sahagún",
]


def _puesto(texto: str, mujer: bool) -> str:
    if "|" not in texto:
        return texto
    masculino, femenino = texto.split("|", 1)
    return femenino if mujer else masculino


def _usuario_correo(nombre: str, apellidos: str) -> str:
    primero = clave_nombre(nombre).split(" ")[0].replace("ñ", "n")
    apellido = clave_nombre(apellidos).replace("ñ", "n").replace("de la ", "dela").replace("del ", "del")
    apellido = apellido.split(" ")[0]
    return f"{primero}.{apellido}"


# --------------------------------------------------------------------------------------------------
# Catálogo de equipos
# --------------------------------------------------------------------------------------------------

# Marca: prefijos OUI reales (el resto de la MAC es aleatorio) y formato del número de serie.
MARCAS = {
    "HP": {"oui": ["3c:d9:2b", "9c:8e:99", "f4:39:09", "a0:d3:c1", "70:5a:0f"], "serie": ("MXL", 7)},
    "Dell": {"oui": ["f8:bc:12", "18:66:da", "d4:be:d9", "b8:ca:3a", "54:bf:64"], "serie": ("", 7)},
    "Lenovo": {"oui": ["54:ee:75", "8c:16:45", "98:fa:9b", "e8:6a:64"], "serie": ("MJ0", 5)},
    "Epson": {"oui": ["64:eb:8c", "38:1a:52", "a4:ee:57", "00:26:ab"], "serie": ("X5E", 7)},
    "Brother": {"oui": ["00:80:77", "30:05:5c", "3c:2a:f4"], "serie": ("U6", 8)},
    "Kyocera": {"oui": ["00:c0:ee"], "serie": ("VCF", 7)},
    "Canon": {"oui": ["00:1e:8f", "18:0c:ac"], "serie": ("QVW", 5)},
    "Cisco": {"oui": ["00:1b:54", "00:26:0b", "58:97:bd", "f4:cf:e2"], "serie": ("FOC", 8)},
    "TP-Link": {"oui": ["50:c7:bf", "ec:08:6b", "98:da:c4", "b0:4e:26"], "serie": ("22", 11, string.digits)},
    "Ubiquiti": {"oui": ["24:a4:3c", "78:8a:20", "fc:ec:da", "b4:fb:e4"], "serie": "mac"},
    "MikroTik": {"oui": ["4c:5e:0c", "6c:3b:6b", "cc:2d:e0", "b8:69:f4"], "serie": ("HE", 9)},
    "APC": {"oui": ["00:c0:b7"], "serie": ("3B", 10, string.digits)},
    "CyberPower": {"oui": [], "serie": ("CRQ", 9)},
    "Tripp Lite": {"oui": [], "serie": ("2", 12, string.digits)},
    "Grandstream": {"oui": ["00:0b:82", "c0:74:ad"], "serie": ("20EZ", 10)},
    "Yealink": {"oui": ["80:5e:c0", "00:15:65", "44:db:d2"], "serie": ("5317", 12, string.digits)},
    "BenQ": {"oui": [], "serie": ("PD", 8)},
    "ViewSonic": {"oui": [], "serie": ("VYM", 9)},
    "Fujitsu": {"oui": [], "serie": ("A2", 6)},
    "Zebra": {"oui": [], "serie": ("1J", 8)},
}
OUI_WIFI = ["3c:a9:f4", "a0:88:b4", "7c:b2:7d", "f8:94:c2", "dc:53:60"]  # Intel Wireless


@dataclass(frozen=True)
class _Mod:
    tipo: str
    marca: str
    nombre: str
    desde: int
    hasta: int
    precio: int
    cpu: tuple = ()
    red: bool = True  # tiene interfaz de red administrable


def _m(tipo, marca, nombre, desde, hasta, precio, cpu=(), red=True):
    return _Mod(tipo, marca, nombre, desde, hasta, precio, tuple(cpu), red)


PC, LAP, SRV = "PC de escritorio", "Laptop", "Servidor"
IMP, MFP = "Impresora", "Multifuncional"
SW, RT, AP = "Switch", "Router", "Access point"
UPS, TEL, PROY, OTRO = "UPS", "Teléfono IP", "Proyector", "Otro"

MODELOS = [
    _m(PC, "HP", "Compaq Pro 6300 SFF", 2012, 2013, 11500, ["Intel Core i3-3220", "Intel Core i5-3470"]),
    _m(PC, "HP", "ProDesk 400 G1 SFF", 2014, 2015, 11800, ["Intel Core i3-4130", "Intel Core i5-4570"]),
    _m(PC, "HP", "ProDesk 400 G3 SFF", 2016, 2017, 12500, ["Intel Core i3-6100", "Intel Core i5-6500"]),
    _m(PC, "HP", "ProDesk 400 G5 SFF", 2018, 2019, 13500, ["Intel Core i3-8100", "Intel Core i5-8500"]),
    _m(PC, "HP", "ProDesk 400 G7", 2020, 2022, 15200, ["Intel Core i3-10100", "Intel Core i5-10500"]),
    _m(PC, "HP", "ProDesk 400 G9", 2023, 2026, 17800, ["Intel Core i5-12500", "Intel Core i5-13500"]),
    _m(PC, "Dell", "OptiPlex 3010", 2012, 2014, 11200, ["Intel Core i3-3240", "Intel Core i5-3470"]),
    _m(PC, "Dell", "OptiPlex 3020", 2014, 2016, 11900, ["Intel Core i3-4160", "Intel Core i5-4590"]),
    _m(PC, "Dell", "OptiPlex 3050", 2017, 2019, 13200, ["Intel Core i3-7100", "Intel Core i5-7500"]),
    _m(PC, "Dell", "OptiPlex 3080", 2020, 2022, 15600, ["Intel Core i3-10105", "Intel Core i5-10505"]),
    _m(PC, "Dell", "OptiPlex 7010", 2023, 2026, 18900, ["Intel Core i5-13500", "Intel Core i7-13700"]),
    _m(PC, "Lenovo", "ThinkCentre M73", 2014, 2016, 11400, ["Intel Core i3-4150", "Intel Core i5-4590"]),
    _m(PC, "Lenovo", "ThinkCentre M710s", 2017, 2019, 12900, ["Intel Core i3-7100", "Intel Core i5-7400"]),
    _m(PC, "Lenovo", "ThinkCentre M70q", 2020, 2023, 14800, ["Intel Core i3-10100T", "Intel Core i5-10400T"]),
    _m(PC, "Lenovo", "ThinkCentre neo 50s", 2023, 2026, 16900,
       ["Intel Core i5-12400", "Intel Core i5-13400"]),
    _m(LAP, "HP", "ProBook 4440s", 2012, 2014, 13500, ["Intel Core i5-3210M"]),
    _m(LAP, "Dell", "Latitude E5440", 2014, 2016, 16500, ["Intel Core i5-4310U"]),
    _m(LAP, "Lenovo", "ThinkPad E470", 2017, 2018, 15400, ["Intel Core i5-7200U"]),
    _m(LAP, "HP", "ProBook 440 G5", 2018, 2019, 16900, ["Intel Core i5-8250U"]),
    _m(LAP, "Dell", "Vostro 3500", 2020, 2022, 15900, ["Intel Core i5-1135G7"]),
    _m(LAP, "Lenovo", "ThinkPad E14", 2020, 2026, 18500,
       ["Intel Core i5-10210U", "Intel Core i5-1135G7", "AMD Ryzen 5 5500U", "Intel Core i5-1235U"]),
    _m(LAP, "HP", "ProBook 440 G8", 2021, 2022, 18900, ["Intel Core i5-1135G7"]),
    _m(LAP, "Dell", "Latitude 3420", 2021, 2023, 19500, ["Intel Core i5-1135G7", "Intel Core i5-1145G7"]),
    _m(LAP, "HP", "ProBook 450 G10", 2023, 2026, 22900, ["Intel Core i5-1335U", "Intel Core i7-1355U"]),
    _m(LAP, "Lenovo", "IdeaPad 3", 2021, 2024, 13900, ["AMD Ryzen 5 5500U", "Intel Core i5-1135G7"]),
    _m(SRV, "HP", "ProLiant ML110 G7", 2012, 2014, 42000, ["Intel Xeon E3-1220"]),
    _m(SRV, "Dell", "PowerEdge T130", 2016, 2018, 38500, ["Intel Xeon E3-1220 v5"]),
    _m(SRV, "Dell", "PowerEdge T340", 2019, 2021, 62000, ["Intel Xeon E-2224"]),
    _m(SRV, "HP", "ProLiant ML30 Gen10", 2019, 2023, 54000, ["Intel Xeon E-2224"]),
    _m(SRV, "Dell", "PowerEdge T150", 2022, 2026, 68000, ["Intel Xeon E-2314"]),
    _m(IMP, "HP", "LaserJet P2055dn", 2012, 2014, 6900),
    _m(IMP, "HP", "LaserJet Pro M402dne", 2016, 2019, 5900),
    _m(IMP, "HP", "LaserJet Pro M404dn", 2019, 2023, 6400),
    _m(IMP, "HP", "LaserJet Pro 4003dn", 2023, 2026, 7200),
    _m(IMP, "Epson", "L120", 2014, 2018, 2900, red=False),
    _m(IMP, "Epson", "L1250", 2021, 2026, 3800),
    _m(IMP, "Brother", "HL-L2350DW", 2019, 2026, 3500),
    _m(IMP, "Kyocera", "ECOSYS P2235dn", 2019, 2023, 5600),
    _m(IMP, "Zebra", "GK420t", 2015, 2024, 6200, red=False),
    _m(MFP, "Brother", "MFC-L2750DW", 2018, 2023, 7400),
    _m(MFP, "Epson", "L575", 2016, 2019, 6200),
    _m(MFP, "Epson", "L3150", 2019, 2021, 4300),
    _m(MFP, "Epson", "L3250", 2021, 2026, 4600),
    _m(MFP, "Epson", "L4260", 2022, 2026, 5900),
    _m(MFP, "HP", "LaserJet Pro MFP M428fdw", 2019, 2023, 11900),
    _m(MFP, "Kyocera", "ECOSYS M2040dn", 2017, 2022, 9800),
    _m(MFP, "Canon", "imageRUNNER 2525", 2012, 2018, 24500),
    _m(SW, "Cisco", "Catalyst 2960", 2012, 2018, 21000),
    _m(SW, "Cisco", "Catalyst 1000-24T", 2019, 2026, 24500),
    _m(SW, "TP-Link", "TL-SG1024", 2014, 2026, 1900, red=False),
    _m(SW, "TP-Link", "TL-SG1016D", 2013, 2022, 1300, red=False),
    _m(SW, "HP", "1920S 24G", 2018, 2023, 7800),
    _m(SW, "Ubiquiti", "UniFi Switch 24", 2017, 2022, 8900),
    _m(RT, "MikroTik", "hEX (RB750Gr3)", 2017, 2026, 1500),
    _m(RT, "MikroTik", "RB4011", 2019, 2026, 4900),
    _m(RT, "Cisco", "ISR 1941", 2012, 2016, 28000),
    _m(RT, "Ubiquiti", "EdgeRouter X", 2016, 2022, 1400),
    _m(RT, "TP-Link", "ER605", 2021, 2026, 1600),
    _m(AP, "Ubiquiti", "UniFi AP AC Lite", 2016, 2022, 2300),
    _m(AP, "Ubiquiti", "UniFi U6 Lite", 2021, 2026, 2900),
    _m(AP, "TP-Link", "EAP225", 2018, 2024, 1700),
    _m(AP, "TP-Link", "TL-WA801ND", 2012, 2017, 700),
    _m(AP, "Cisco", "Aironet 1602i", 2013, 2016, 9500),
    _m(UPS, "APC", "Back-UPS 600", 2012, 2026, 1500, red=False),
    _m(UPS, "APC", "Back-UPS 750", 2016, 2026, 2300, red=False),
    _m(UPS, "APC", "Smart-UPS 1500", 2014, 2024, 14500, red=False),
    _m(UPS, "CyberPower", "CP1500AVRLCD", 2018, 2026, 4200, red=False),
    _m(UPS, "Tripp Lite", "SMART1500LCD", 2015, 2023, 5600, red=False),
    _m(TEL, "Grandstream", "GXP1610", 2014, 2020, 850),
    _m(TEL, "Grandstream", "GXP1625", 2015, 2026, 1100),
    _m(TEL, "Yealink", "SIP-T21P E2", 2016, 2021, 1200),
    _m(TEL, "Yealink", "SIP-T31P", 2020, 2026, 1300),
    _m(TEL, "Cisco", "IP Phone 7821", 2016, 2020, 2800),
    _m(PROY, "Epson", "PowerLite S39", 2017, 2019, 8900, red=False),
    _m(PROY, "Epson", "PowerLite X41+", 2017, 2021, 10900, red=False),
    _m(PROY, "Epson", "PowerLite E20", 2021, 2026, 11500, red=False),
    _m(PROY, "BenQ", "MS560", 2019, 2023, 8200, red=False),
    _m(PROY, "ViewSonic", "PA503S", 2018, 2022, 7600, red=False),
    _m(OTRO, "Fujitsu", "fi-7160", 2016, 2022, 21000, red=False),
    _m(OTRO, "Epson", "WorkForce DS-530 II", 2021, 2026, 14500, red=False),
]

# Mezcla de tipos (peso relativo) y prefijo del hostname.
TIPOS_MEZCLA = [
    (PC, 40, "pc"), (LAP, 19, "lap"), (IMP, 9, "imp"), (MFP, 6, "mfp"), (UPS, 8, None), (TEL, 7, "tel"),
    (SW, 3, "sw"), (AP, 3, "ap"), (PROY, 2, None), (RT, 1, "rt"), (SRV, 1, "srv"), (OTRO, 1, None),
]
COMPUTO = {PC, LAP, SRV}
INFRA = {SRV, RT}  # van sobre todo al site de Innovación Gubernamental
RED = {SW, RT, AP}
# Peso por año de adquisición (más compras recientes; 2020 flojo; 2024 arranca administración).
PESO_ANIO = {2012: 3, 2013: 3, 2014: 4, 2015: 5, 2016: 5, 2017: 6, 2018: 7, 2019: 8, 2020: 5, 2021: 9,
             2022: 10, 2023: 10, 2024: 9, 2025: 9, 2026: 7}

PROVEEDORES = [
    "Cómputo y Redes de Occidente, S.A. de C.V.", "Sistemas Integrales de la Ciénega, S.A. de C.V.",
    "Tecnología Empresarial de Jalisco, S.A. de C.V.", "Papelería y Cómputo La Ribera",
    "Soluciones Digitales del Bajío, S.A. de C.V.", "Distribuidora de Equipo de Oficina de Ocotlán",
    "Telecomunicaciones y Energía de Guadalajara, S.A. de C.V.",
]
MOTIVOS_BAJA = [
    "Obsoleto: no cumple con los requerimientos mínimos del sistema.",
    "Daño en tarjeta madre; la reparación es incosteable según dictamen técnico.",
    "No enciende; fuente de poder y disco dañados. Dictamen de la Dirección de Innovación Gubernamental.",
    "Dañado por descarga eléctrica durante tormenta.",
    "Robo; se levantó denuncia ante la Fiscalía del Estado.",
    "Pantalla y teclado dañados; sin refacciones disponibles.",
    "Equipo siniestrado por inundación en temporada de lluvias.",
]
NOTAS = [
    "Se le cambió el disco duro por SSD.", "Pendiente de colocar etiqueta de inventario.",
    "Usa tóner compatible.", "Equipo compartido por el área.", "Se amplió la memoria RAM.",
    "Revisar batería: dura poco.", "Asignado temporalmente mientras se repara el equipo titular.",
    "Conectado al regulador del escritorio.", "Reinstalación de sistema operativo en 2025.",
]
ALFANUM = string.ascii_uppercase + string.digits


# --------------------------------------------------------------------------------------------------
# Plan en memoria
# --------------------------------------------------------------------------------------------------


class _Planeador:
    def __init__(self, semilla, dependencias, empleados, equipos):
        self.rng = random.Random(semilla)
        self.deps = _dependencias_plan(dependencias)
        self.n_empleados = empleados
        self.n_equipos = equipos
        self.macs: set[str] = set()
        self.series: set[str] = set()
        self.correos: set[str] = set()
        self.tercer_octeto = 10
        self.subred: dict[str, list] = {}  # dependencia -> [tercer octeto, siguiente host]
        self.hostnames: dict[tuple, int] = {}
        self.edificios = list(dict.fromkeys(d.edificio for d in self.deps))

    # ---- empleados
    def planear_empleados(self):
        rng = self.rng
        deps = self.deps
        pesos = [d.peso for d in deps]
        asignacion = list(deps[: self.n_empleados])  # al menos uno (el titular) por dependencia
        faltan = self.n_empleados - len(asignacion)
        if faltan > 0:
            asignacion += rng.choices(deps, weights=pesos, k=faltan)
        con_titular = set()
        empleados = []
        for i, dep in enumerate(asignacion, start=1):
            mujer = rng.random() < 0.5
            nombre = rng.choice(NOMBRES_M if mujer else NOMBRES_H)
            apellidos = f"{rng.choice(APELLIDOS)} {rng.choice(APELLIDOS)}"
            titular = dep.nombre not in con_titular
            if titular:
                con_titular.add(dep.nombre)
                puesto = _puesto(dep.titular, mujer)
            elif dep.policia:
                puesto = _puesto(self._pesado(PUESTOS_POLICIA), mujer)
            elif dep.especiales and rng.random() < 0.35:
                puesto = _puesto(rng.choice(dep.especiales), mujer)
            else:
                puesto = _puesto(self._pesado(PUESTOS_GENERALES), mujer)
            extension = ""
            if rng.random() < (0.35 if dep.policia else 0.8):
                extension = f"{1 + self.edificios.index(dep.edificio) % 9}{rng.randint(0, 999):03d}"
            correo = ""
            if rng.random() < (0.4 if dep.policia else 0.85):
                correo = self._correo(nombre, apellidos)
            empleados.append({
                "numero_empleado": f"E-{i:05d}",
                "nombre": nombre,
                "apellidos": apellidos,
                "puesto": puesto,
                "dependencia": dep.nombre,
                "extension": extension,
                "correo": correo,
                "tipo": Empleado.Tipo.POLICIA if dep.policia else Empleado.Tipo.ADMINISTRATIVO,
                "activo": rng.random() >= 0.03 or titular,  # ~3 % dados de baja; el titular, activo
            })
        return empleados

    def _correo(self, nombre, apellidos):
        base = _usuario_correo(nombre, apellidos)
        usuario, n = base, 1
        while usuario in self.correos:
            n += 1
            usuario = f"{base}{n}"
        self.correos.add(usuario)
        return f"{usuario}@{DOMINIO_CORREO}"

    def _pesado(self, opciones):
        valores, pesos = zip(*opciones, strict=True)
        return self.rng.choices(valores, weights=pesos)[0]

    # ---- equipos
    def planear_equipos(self, empleados):
        rng = self.rng
        por_dep: dict[str, list] = {d.nombre: [] for d in self.deps}
        for e in empleados:
            por_dep[e["dependencia"]].append(e)
        activos_por_dep = {n: [e for e in lista if e["activo"]] or lista for n, lista in por_dep.items()}
        infra = next((d for d in self.deps if d.codigo == "dig"), self.deps[0])
        acumulado_dep = list(itertools.accumulate(len(por_dep[d.nombre]) + 1 for d in self.deps))
        tipos, pesos_tipo, prefijos = zip(*TIPOS_MEZCLA, strict=True)
        acumulado_tipo = list(itertools.accumulate(pesos_tipo))
        prefijo = dict(zip(tipos, prefijos, strict=True))
        anios, pesos_anio = zip(*PESO_ANIO.items(), strict=True)
        modelos_por_tipo: dict[str, list[_Mod]] = {}
        for m in MODELOS:
            modelos_por_tipo.setdefault(m.tipo, []).append(m)
        consecutivo: dict[int, int] = {}
        equipos = []
        for _ in range(self.n_equipos):
            tipo = rng.choices(tipos, cum_weights=acumulado_tipo)[0]
            if tipo in INFRA and rng.random() < 0.7:
                dep = infra
            else:
                dep = rng.choices(self.deps, cum_weights=acumulado_dep)[0]
            anio = rng.choices(anios, weights=pesos_anio)[0]
            fecha = date(anio, 1, 1) + timedelta(days=rng.randrange(365))
            fecha = min(fecha, FECHA_CORTE)
            consecutivo[anio] = consecutivo.get(anio, 0) + 1
            candidatos = [m for m in modelos_por_tipo[tipo] if m.desde <= anio <= m.hasta]
            modelo = rng.choice(candidatos or modelos_por_tipo[tipo])
            equipos.append(self._equipo(tipo, prefijo[tipo], dep, fecha, consecutivo[anio], modelo,
                                        activos_por_dep[dep.nombre], infra))
        return equipos

    def _equipo(self, tipo, prefijo, dep, fecha, consecutivo, modelo, activos, infra):
        rng = self.rng
        edad = FECHA_CORTE.year - fecha.year
        estado = self._estado(edad)
        condicion = self._condicion(edad, estado)
        es_dig = dep.codigo == "dig"
        oficina = dep.oficinas[2] if es_dig and tipo in INFRA | RED else rng.choice(dep.oficinas)
        if estado == Estado.EN_ALMACEN and infra.codigo == "dig" and rng.random() < 0.5:
            oficina = infra.oficinas[3]  # Almacén de Tecnologías de la Información
        custodio = rng.choice(activos)["numero_empleado"] if activos else None
        if tipo in RED and rng.random() < 0.6:
            custodio = None  # infraestructura: sin resguardante personal
        resguardante = None if estado in (Estado.BAJA, Estado.EN_ALMACEN) else custodio
        costo = Decimal(modelo.precio * rng.uniform(0.9, 1.15)).quantize(Decimal("0.01"))
        campos = {
            "numero_inventario": f"OCO-{fecha.year}-{consecutivo:05d}",
            "numero_serie": self._serie(modelo.marca, edad),
            "estado": estado,
            "condicion": condicion,
            "fecha_adquisicion": fecha,
            "costo": costo,
            "proveedor": "" if edad >= 10 and rng.random() < 0.4 else rng.choice(PROVEEDORES),
            "factura": ("" if edad >= 8 and rng.random() < 0.3
                        else f"{rng.choice('AF')}-{rng.randint(100, 99999)}"),
            "garantia_hasta": None,
            "notas": rng.choice(NOTAS) if rng.random() < 0.08 else "",
            "origen": self._pesado([(Origen.IMPORTADO, 60), (Origen.MANUAL, 36), (Origen.ESCANEO, 4)]),
            "hostname": "",
        }
        if rng.random() < 0.8:
            anios_garantia = 3 if tipo in COMPUTO and rng.random() < 0.6 else 1
            campos["garantia_hasta"] = fecha.replace(year=fecha.year + anios_garantia, day=min(fecha.day, 28))
        if tipo in COMPUTO:
            campos.update(self._computo(tipo, modelo, fecha.year))
        if prefijo and (tipo in COMPUTO or modelo.red):
            campos["hostname"] = self._hostname(dep, prefijo, tipo)
        if estado == Estado.BAJA:
            inicio = min(fecha + timedelta(days=3 * 365), FECHA_CORTE)
            campos["fecha_baja"] = inicio + timedelta(days=rng.randrange((FECHA_CORTE - inicio).days + 1))
            campos["motivo_baja"] = rng.choice(MOTIVOS_BAJA)
        interfaces = self._interfaces(tipo, modelo, dep, estado, campos)
        if campos["origen"] == Origen.ESCANEO and not interfaces:
            campos["origen"] = Origen.IMPORTADO  # un escaneo de red solo encuentra lo que tiene interfaz
        if campos["origen"] == Origen.ESCANEO and estado == Estado.ACTIVO:
            campos["ultima_vez_visto"] = datetime(
                FECHA_CORTE.year, FECHA_CORTE.month, rng.randint(1, FECHA_CORTE.day), rng.randint(8, 19),
                rng.randrange(60),
            )
        return {
            "campos": campos,
            "tipo": tipo,
            "modelo": (modelo.marca, modelo.nombre),
            "dependencia": dep.nombre,
            "ubicacion": oficina,
            "resguardante": resguardante,
            "custodio_original": custodio,
            "interfaces": interfaces,
        }

    def _estado(self, edad):
        r = self.rng.random()
        prob_baja = 0.22 if edad >= 8 else (0.06 if edad >= 4 else 0.005)
        if r < prob_baja:
            return Estado.BAJA
        r = self.rng.random()
        if r < 0.05:
            return Estado.EN_REPARACION
        if r < 0.11:
            return Estado.EN_ALMACEN
        return Estado.ACTIVO

    def _condicion(self, edad, estado):
        if estado == Estado.BAJA:
            opciones = [(Condicion.MALO, 85), (Condicion.REGULAR, 15)]
        elif estado == Estado.EN_REPARACION:
            opciones = [(Condicion.MALO, 55), (Condicion.REGULAR, 45)]
        elif edad <= 3:
            opciones = [(Condicion.BUENO, 80), (Condicion.REGULAR, 17), (Condicion.MALO, 3)]
        elif edad <= 7:
            opciones = [(Condicion.BUENO, 50), (Condicion.REGULAR, 38), (Condicion.MALO, 12)]
        else:
            opciones = [(Condicion.BUENO, 25), (Condicion.REGULAR, 45), (Condicion.MALO, 30)]
        return self._pesado(opciones)

    def _computo(self, tipo, modelo, anio):
        rng = self.rng
        if tipo == SRV:
            so = self._pesado([
                ("Windows Server 2012 R2", 3 if anio < 2017 else 0),
                ("Windows Server 2016", 3 if anio < 2020 else 0),
                ("Windows Server 2019", 4 if anio >= 2018 else 0),
                ("Windows Server 2022", 4 if anio >= 2021 else 0),
                ("Ubuntu Server 22.04 LTS", 3), ("Debian 12", 2), ("Proxmox VE 8", 2 if anio >= 2019 else 0),
            ])
            return {"procesador": rng.choice(modelo.cpu), "ram_gb": self._pesado([(16, 3), (32, 4), (64, 2)]),
                    "almacenamiento_gb": self._pesado([(1000, 3), (2000, 4), (4000, 2)]),
                    "sistema_operativo": so}
        if anio <= 2015:
            so_opc = [("Windows 7 Professional", 55), ("Windows 10 Pro", 40), ("Ubuntu 20.04 LTS", 5)]
            ram = [(4, 70), (8, 30)]
            disco = [(500, 60), (1000, 40)]
        elif anio <= 2020:
            so_opc = [("Windows 10 Pro", 88), ("Windows 7 Professional", 5), ("Ubuntu 22.04 LTS", 7)]
            ram = [(4, 25), (8, 60), (16, 15)]
            disco = [(240, 30), (500, 45), (1000, 25)]
        elif anio <= 2022:
            so_opc = [("Windows 10 Pro", 55), ("Windows 11 Pro", 40), ("Ubuntu 22.04 LTS", 5)]
            ram = [(8, 60), (16, 40)]
            disco = [(240, 30), (500, 60), (1000, 10)]
        else:
            so_opc = [("Windows 11 Pro", 94), ("Ubuntu 24.04 LTS", 6)]
            ram = [(8, 50), (16, 50)]
            disco = [(240, 25), (500, 65), (1000, 10)]
        return {"procesador": rng.choice(modelo.cpu), "ram_gb": self._pesado(ram),
                "almacenamiento_gb": self._pesado(disco), "sistema_operativo": self._pesado(so_opc)}

    def _hostname(self, dep, prefijo, tipo):
        rng = self.rng
        clave = (dep.codigo, prefijo)
        self.hostnames[clave] = self.hostnames.get(clave, 0) + 1
        if tipo in (PC, LAP) and rng.random() < 0.06:  # nadie le cambió el nombre de fábrica
            return "desktop-" + "".join(rng.choice(ALFANUM) for _ in range(7)).lower()
        return f"oco-{dep.codigo}-{prefijo}{self.hostnames[clave]:03d}"

    def _serie(self, marca, edad):
        rng = self.rng
        if rng.random() < (0.25 if edad >= 10 else 0.03):
            return ""  # sin serie o con serie de relleno: se guarda vacía, como lo hace Equipo.clean()
        formato = MARCAS[marca]["serie"]
        if formato == "mac":
            formato = ("", 12, "0123456789ABCDEF")
        prefijo, largo, *alfabeto = formato
        alfabeto = alfabeto[0] if alfabeto else ALFANUM
        while True:
            serie = prefijo + "".join(rng.choice(alfabeto) for _ in range(largo))
            if serie not in self.series:
                self.series.add(serie)
                return serie

    def _mac(self, ouis):
        rng = self.rng
        while True:
            cola = rng.getrandbits(24)
            mac = f"{rng.choice(ouis)}:{cola >> 16:02x}:{(cola >> 8) & 0xFF:02x}:{cola & 0xFF:02x}"
            if mac not in self.macs:
                self.macs.add(mac)
                return mac

    def _ip(self, dep):
        """Siguiente IP libre de la subred (/24) de la dependencia; None si ya no hay subredes."""
        actual = self.subred.get(dep.nombre)
        if actual is None or actual[1] > 250:
            if self.tercer_octeto > 254:
                return None
            actual = self.subred[dep.nombre] = [self.tercer_octeto, 10]
            self.tercer_octeto += 1
        ip = f"192.168.{actual[0]}.{actual[1]}"
        actual[1] += self.rng.choice((1, 1, 1, 2))
        return ip

    def _interfaces(self, tipo, modelo, dep, estado, campos):
        if not (tipo in COMPUTO or modelo.red):
            return []
        ouis = MARCAS[modelo.marca]["oui"]
        if not ouis:
            return []
        rng = self.rng
        en_uso = estado in (Estado.ACTIVO, Estado.EN_REPARACION)
        if tipo == LAP:
            nombres = [("Ethernet", ouis, 0.15), ("Wi-Fi", OUI_WIFI, 0.75)]
        elif tipo == SRV:
            nombres = [("NIC 1", ouis, 0.95), ("NIC 2", ouis, 0.3)]
        elif tipo == RT:
            nombres = [("LAN", ouis, 0.95), ("WAN", ouis, 0.0)]
        elif tipo in (SW, AP):
            nombres = [("Administración", ouis, 0.9)]
        elif tipo == TEL:
            nombres = [("LAN", ouis, 0.7)]
        else:
            nombres = [("Ethernet", ouis, 0.85 if tipo == PC else 0.9)]
        interfaces = []
        for nombre, prefijos, prob_ip in nombres:
            mac = self._mac(prefijos)
            ip = self._ip(dep) if en_uso and rng.random() < prob_ip else None
            interfaces.append({"nombre": nombre, "mac": mac, "ip": ip})
        if modelo.marca == "Ubiquiti" and campos["numero_serie"]:
            campos["numero_serie"] = interfaces[0]["mac"].replace(":", "").upper()
        return interfaces


# --------------------------------------------------------------------------------------------------
# Guardado
# --------------------------------------------------------------------------------------------------


def generar(semilla=2026, dependencias=None, empleados=300, equipos=800, stdout=None, con_historial=True):
    """Crea (lo que falte de) un municipio de demostración y devuelve cuántas filas creó de cada cosa.

    - `semilla`: mismas entradas, mismos datos.
    - `dependencias`: None = las ~37 del catálogo; un número toma las N primeras o agrega delegaciones,
      agencias y áreas hasta llegar a N.
    - `con_historial`: registra la entrada «+ Creado» de django-simple-history de equipos e interfaces.
    """
    if empleados < 0 or equipos < 0:
        raise ValueError("Los conteos no pueden ser negativos.")

    def avisar(texto):
        if stdout is not None:
            stdout.write(texto + "\n")  # OutputWrapper de Django o cualquier archivo de texto

    avisar("Armando el plan de datos…")
    plan = _Planeador(semilla, dependencias, empleados, equipos)
    plan_empleados = plan.planear_empleados()
    plan_equipos = plan.planear_equipos(plan_empleados)

    creados = dict.fromkeys(
        ["dependencias", "ubicaciones", "marcas", "modelos", "empleados", "equipos", "interfaces",
         "movimientos"], 0)
    with transaction.atomic():
        avisar("Guardando organización…")
        deps = _guardar_dependencias(plan.deps, creados)
        ubicaciones = _guardar_ubicaciones(plan.deps, deps, creados)
        tipos = _tipos()
        modelos = _guardar_catalogo(tipos, creados)
        avisar("Guardando empleados…")
        emp = _guardar_empleados(plan_empleados, deps, creados)
        avisar("Guardando equipos…")
        nuevos = _guardar_equipos(
            plan_equipos, deps, ubicaciones, tipos, modelos, emp, con_historial, creados
        )
        avisar("Guardando interfaces de red y resguardos…")
        _guardar_interfaces(nuevos, con_historial, creados)
        _guardar_movimientos(nuevos, deps, emp, creados)
    return creados


def _guardar_dependencias(plan_deps, creados):
    existentes = dict(Dependencia.objects.values_list("clave", "pk"))
    nuevas = []
    for d in plan_deps:
        clave = clave_nombre(d.nombre)
        if clave not in existentes:
            nuevas.append(Dependencia(nombre=d.nombre, siglas=d.siglas, clave=clave))
            existentes[clave] = None
    Dependencia.objects.bulk_create(nuevas, batch_size=LOTE)
    creados["dependencias"] = len(nuevas)
    por_clave = dict(Dependencia.objects.values_list("clave", "pk"))
    return {d.nombre: por_clave[clave_nombre(d.nombre)] for d in plan_deps}


def _guardar_ubicaciones(plan_deps, deps, creados):
    existentes = {
        (e, p, o): pk for pk, e, p, o in Ubicacion.objects.values_list("pk", "edificio", "piso", "oficina")
    }
    nuevas = []
    for d in plan_deps:
        for llave in d.oficinas:
            if llave not in existentes:
                existentes[llave] = None
                edificio, piso, oficina = llave
                nuevas.append(Ubicacion(
                    edificio=edificio, piso=piso, oficina=oficina, dependencia_id=deps[d.nombre]
                ))
    Ubicacion.objects.bulk_create(nuevas, batch_size=LOTE)
    creados["ubicaciones"] = len(nuevas)
    filas = Ubicacion.objects.values_list("pk", "edificio", "piso", "oficina")
    return {(e, p, o): pk for pk, e, p, o in filas}


def _tipos():
    tipos = dict(TipoEquipo.objects.values_list("nombre", "pk"))
    faltan = {m.tipo for m in MODELOS} - set(tipos)
    for nombre in sorted(faltan):  # solo si alguien borró un tipo que sembró la migración
        tipos[nombre] = TipoEquipo.objects.create(nombre=nombre).pk
    return tipos


def _guardar_catalogo(tipos, creados):
    marcas = {n.lower(): pk for pk, n in Marca.objects.values_list("pk", "nombre")}
    nuevas = []
    for nombre in dict.fromkeys(m.marca for m in MODELOS):
        if nombre.lower() not in marcas:
            nuevas.append(Marca(nombre=nombre))
            marcas[nombre.lower()] = None
    Marca.objects.bulk_create(nuevas, batch_size=LOTE)
    creados["marcas"] = len(nuevas)
    marcas = {n.lower(): pk for pk, n in Marca.objects.values_list("pk", "nombre")}

    def llaves_modelo():
        filas = Modelo.objects.values_list("pk", "marca_id", "nombre")
        return {(marca, n.lower()): pk for pk, marca, n in filas}

    existentes = llaves_modelo()
    nuevos = []
    for m in MODELOS:
        llave = (marcas[m.marca.lower()], m.nombre.lower())
        if llave not in existentes:
            nuevos.append(Modelo(marca_id=llave[0], nombre=m.nombre, tipo_id=tipos[m.tipo]))
            existentes[llave] = None
    Modelo.objects.bulk_create(nuevos, batch_size=LOTE)
    creados["modelos"] = len(nuevos)
    existentes = llaves_modelo()
    return {(m.marca, m.nombre): existentes[(marcas[m.marca.lower()], m.nombre.lower())] for m in MODELOS}


def _guardar_empleados(plan_empleados, deps, creados):
    existentes = set(Empleado.objects.values_list("numero_empleado", flat=True))
    nuevos = []
    for e in plan_empleados:
        if e["numero_empleado"] in existentes:
            continue
        datos = {**e, "dependencia_id": deps[e["dependencia"]]}
        del datos["dependencia"]
        empleado = Empleado(**datos)
        empleado.clave = clave_nombre(empleado.nombre_completo)  # bulk_create no llama a save()
        nuevos.append(empleado)
    Empleado.objects.bulk_create(nuevos, batch_size=LOTE)
    creados["empleados"] = len(nuevos)
    # numero -> (pk, dependencia_id): un empleado que ya existía en otra dependencia no se asigna.
    filas = Empleado.objects.values_list("numero_empleado", "pk", "dependencia_id")
    return {n: (pk, dep) for n, pk, dep in filas}


def _guardar_equipos(plan_equipos, deps, ubicaciones, tipos, modelos, emp, con_historial, creados):
    existentes = set(Equipo.objects.values_list("numero_inventario", flat=True))
    hoy = timezone.localdate()
    ahora = timezone.now()
    nuevos = []  # (Equipo, plan)
    for p in plan_equipos:
        campos = dict(p["campos"])
        if campos["numero_inventario"] in existentes:
            continue
        for nombre in ("fecha_adquisicion", "fecha_baja"):
            if campos.get(nombre):
                campos[nombre] = min(campos[nombre], hoy)
        if campos.get("ultima_vez_visto"):
            campos["ultima_vez_visto"] = min(timezone.make_aware(campos["ultima_vez_visto"]), ahora)
        dep_id = deps[p["dependencia"]]
        equipo = Equipo(
            **campos,
            tipo_id=tipos[p["tipo"]],
            modelo_id=modelos[p["modelo"]],
            dependencia_id=dep_id,
            ubicacion_id=ubicaciones[p["ubicacion"]],
            resguardante_id=_empleado_de(emp, p["resguardante"], dep_id),
        )
        nuevos.append((equipo, p))
    objetos = [e for e, _ in nuevos]
    if con_historial:
        bulk_create_with_history(objetos, Equipo, batch_size=LOTE, default_change_reason=MOTIVO_HISTORIAL)
    else:
        Equipo.objects.bulk_create(objetos, batch_size=LOTE)
    if objetos and objetos[0].pk is None:  # bases sin RETURNING: recuperar las llaves
        pks = dict(Equipo.objects.values_list("numero_inventario", "pk"))
        for e in objetos:
            e.pk = pks[e.numero_inventario]
    creados["equipos"] = len(objetos)
    return nuevos


def _empleado_de(emp, numero, dep_id):
    if not numero or numero not in emp:
        return None
    pk, dep_empleado = emp[numero]
    return pk if dep_empleado == dep_id else None


def _guardar_interfaces(nuevos, con_historial, creados):
    if not nuevos:
        return
    macs_existentes = set(InterfazRed.objects.exclude(mac=None).values_list("mac", flat=True))
    interfaces = []
    for equipo, p in nuevos:
        for i in p["interfaces"]:
            if i["mac"] in macs_existentes:
                continue  # MAC ya registrada (datos reales): no se duplica
            interfaces.append(InterfazRed(equipo_id=equipo.pk, nombre=i["nombre"], mac=i["mac"], ip=i["ip"]))
    if con_historial:
        bulk_create_with_history(
            interfaces, InterfazRed, batch_size=LOTE, default_change_reason=MOTIVO_HISTORIAL
        )
    else:
        InterfazRed.objects.bulk_create(interfaces, batch_size=LOTE)
    creados["interfaces"] = len(interfaces)


def _guardar_movimientos(nuevos, deps, emp, creados):
    movimientos = []
    for equipo, p in nuevos:
        custodio = _empleado_de(emp, p["custodio_original"], equipo.dependencia_id)
        factura = f" (factura {equipo.factura})" if equipo.factura else ""
        movimientos.append(MovimientoResguardo(
            equipo_id=equipo.pk, tipo=MovimientoResguardo.Tipo.ALTA,
            fecha=equipo.fecha_adquisicion, resguardante_nuevo_id=custodio,
            dependencia_nueva_id=equipo.dependencia_id, motivo=f"Alta por adquisición{factura}.",
        ))
        if equipo.estado == Estado.BAJA:
            movimientos.append(MovimientoResguardo(
                equipo_id=equipo.pk, tipo=MovimientoResguardo.Tipo.BAJA, fecha=equipo.fecha_baja,
                resguardante_anterior_id=custodio, dependencia_anterior_id=equipo.dependencia_id,
                motivo=equipo.motivo_baja,
            ))
    MovimientoResguardo.objects.bulk_create(movimientos, batch_size=LOTE)
    creados["movimientos"] = len(movimientos)
