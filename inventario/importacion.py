"""Importación de inventario desde hojas municipales (.xlsx / .csv): leer, normalizar, previsualizar, aplicar.

Reglas: la clave es `numero_inventario`; una celda vacía deja el campo como está (así una hoja parcial
actualiza sin borrar); nada se escribe sin confirmar, y al confirmar se escribe todo o nada (o, si el
usuario lo elige, solo las filas válidas). Las dependencias y los resguardantes que no existen solo se
crean con `crear_catalogos`; marcas, modelos y ubicaciones nuevas se crean siempre.
"""
import csv
import io
import ipaddress
import itertools
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.utils import timezone

from comun.models import Dependencia, Empleado, Ubicacion
from comun.normalizacion import clave_nombre, es_mac_basura, normalizar_mac, normalizar_serie

from . import trabajos
from .choices import Condicion, Estado, Origen
from .columnas import COLUMNAS, POR_CLAVE
from .models import Equipo, InterfazRed, Marca, Modelo, MovimientoResguardo, TipoEquipo
from .models_importacion import Importacion, ImportacionEquipo, MapeoColumnas

MAX_FILAS_HOJA = 100_000
MAX_COLUMNAS = 80
FILAS_BUSCAR_ENCABEZADO = 30
MAX_PROBLEMAS_GUARDADOS = 5000
MAX_FILAS_RECHAZADAS_GUARDADAS = 20_000
EXTENSIONES = (".xlsx", ".xlsm", ".csv")
IGNORAR = ""


class ArchivoInvalido(Exception):
    """El archivo no se puede leer como hoja de inventario (mensaje en español para el usuario)."""


class ImportacionRechazada(Exception):
    """No se puede aplicar la importación tal como está (mensaje en español)."""


# ------------------------------------------------------------------------------------------------
# Lectura del archivo
# ------------------------------------------------------------------------------------------------

@dataclass
class Hoja:
    nombre: str
    filas_declaradas: int  # según la dimensión declarada (o contada en CSV)
    filas: object  # iterable de (número de fila como lo muestra Excel, tupla de valores)


def _contenido(archivo):
    if isinstance(archivo, (bytes, bytearray)):
        return bytes(archivo)
    if hasattr(archivo, "seek"):
        archivo.seek(0)
    datos = archivo.read()
    return datos


def leer_libro(archivo, nombre):
    """Abre el archivo y devuelve sus hojas con un iterador de filas. Levanta ArchivoInvalido si no sirve."""
    datos = _contenido(archivo)
    extension = "." + nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    if not datos:
        raise ArchivoInvalido("El archivo está vacío.")
    if datos[:4] == b"\xd0\xcf\x11\xe0":
        raise ArchivoInvalido(
            "El libro está protegido con contraseña o es un .xls antiguo: quite la contraseña y guárdelo "
            "como «Libro de Excel (.xlsx)» antes de importarlo."
        )
    if datos[:2] == b"PK" or extension in (".xlsx", ".xlsm"):
        if datos[:2] != b"PK":
            raise ArchivoInvalido(f"«{nombre}» no es un libro de Excel (.xlsx) válido; está dañado o es de otro tipo.")
        return _leer_xlsx(datos, nombre)
    if extension == ".csv" or extension == "":
        return _leer_csv(datos, nombre)
    raise ArchivoInvalido(f"«{nombre}» no es una hoja de cálculo: use un archivo .xlsx o .csv.")


def _leer_xlsx(datos, nombre):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        libro = load_workbook(io.BytesIO(datos), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError, EOFError,
            IndexError, AttributeError) as exc:
        raise ArchivoInvalido(
            f"No se pudo abrir «{nombre}» como libro de Excel: el archivo está dañado o no es un .xlsx "
            f"({type(exc).__name__})."
        ) from exc
    except Exception as exc:  # lxml/et parse errors y otros formatos corruptos
        raise ArchivoInvalido(f"No se pudo leer «{nombre}»: el libro está dañado.") from exc
    hojas = []
    for ws in libro.worksheets:
        try:
            declaradas = ws.max_row or 0
        except Exception:  # dimensión ilegible
            declaradas = 0
        if not declaradas:  # sin <dimension> (p. ej. los libros write-only que exporta SIGMA): contar en el XML
            declaradas = _contar_filas_xml(libro, ws)
        if declaradas > MAX_FILAS_HOJA:
            raise ArchivoInvalido(
                f"La hoja «{ws.title}» declara {declaradas:,} filas; el máximo por hoja es {MAX_FILAS_HOJA:,}. "
                "Divida el archivo o revise que la hoja no tenga formato aplicado a filas vacías."
            )
        hojas.append(Hoja(ws.title, declaradas, _filas_xlsx(ws, nombre)))
    if not hojas:
        raise ArchivoInvalido(f"«{nombre}» no tiene hojas.")
    return hojas


def _contar_filas_xml(libro, ws):
    """Filas (etiquetas <row>) del XML de la hoja, leído por bloques; 0 si no se puede saber.

    Nunca cuenta de más (una etiqueta con prefijo de espacio de nombres no se cuenta), así que sirve para el
    rechazo anticipado por MAX_FILAS_HOJA y para la barra de progreso; el conteo al iterar sigue siendo el límite.
    """
    try:
        archivo = libro._archive.open(ws._worksheet_path)
    except Exception:  # noqa: BLE001  hoja sin ruta conocida o zip ilegible: se sabrá al iterar
        return 0
    filas, cola = 0, b""
    try:
        with archivo:
            while bloque := archivo.read(1 << 18):
                datos = cola + bloque
                filas += datos.count(b"<row ") + datos.count(b"<row>")
                cola = bloque[-4:]  # una etiqueta partida entre dos bloques se cuenta una sola vez
    except Exception:  # noqa: BLE001
        return 0
    return filas


def _filas_xlsx(ws, nombre):
    numero = 0
    try:
        for numero, valores in enumerate(ws.iter_rows(max_col=MAX_COLUMNAS, values_only=True), start=1):
            if numero > MAX_FILAS_HOJA:
                raise ArchivoInvalido(f"La hoja «{ws.title}» tiene más de {MAX_FILAS_HOJA:,} filas.")
            yield numero, valores
    except ArchivoInvalido:
        raise
    except Exception as exc:
        raise ArchivoInvalido(f"El libro «{nombre}» está dañado: no se pudo leer la hoja «{ws.title}» "
                              f"después de la fila {numero}.") from exc


def _leer_csv(datos, nombre):
    if b"\x00" in datos[:4096]:
        raise ArchivoInvalido(f"«{nombre}» no es una hoja de cálculo (.xlsx) ni un texto CSV.")
    for codificacion in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            texto = datos.decode(codificacion)
            break
        except UnicodeDecodeError:
            continue
    # El separador es el que más columnas da en alguna de las primeras líneas (el encabezado).
    lineas_muestra = texto[:16384].splitlines()[:40]
    delimitador = max(";\t,|", key=lambda d: max((linea.count(d) for linea in lineas_muestra), default=0))
    lineas = texto.count("\n") + 1
    if lineas > MAX_FILAS_HOJA:
        raise ArchivoInvalido(f"«{nombre}» tiene {lineas:,} líneas; el máximo es {MAX_FILAS_HOJA:,}.")

    def filas():
        lector = csv.reader(io.StringIO(texto, newline=""), delimiter=delimitador)
        try:
            for numero, valores in enumerate(lector, start=1):
                yield numero, tuple(valores[:MAX_COLUMNAS])
        except csv.Error as exc:
            raise ArchivoInvalido(f"«{nombre}» no es un CSV válido: {exc}") from exc

    hoja = nombre.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "CSV"
    return [Hoja(hoja, lineas, filas())]


# ------------------------------------------------------------------------------------------------
# Encabezados
# ------------------------------------------------------------------------------------------------

_ABREVIATURAS = {"numero": "no", "num": "no", "nro": "no", "n": "no", "nº": "no", "no": "no", "o": "",
                 "dir": "direccion", "depto": "departamento", "dpto": "departamento", "coord": "coordinacion",
                 "anio": "ano", "adq": "adquisicion", "fec": "fecha"}
_VACIAS = {"de", "del", "la", "el", "los", "las", "y", "en", "a"}


def clave_encabezado(texto):
    """Clave de comparación de un encabezado: sin acentos, mayúsculas, puntuación, artículos ni abreviaturas."""
    palabras = []
    for palabra in clave_nombre(texto).split():
        palabra = _ABREVIATURAS.get(palabra, palabra)
        if palabra and palabra not in _VACIAS:
            palabras.append(palabra)
    return " ".join(palabras)


SINONIMOS_ENCABEZADO = {}
for _c in COLUMNAS:
    for _texto in (_c.encabezado, _c.clave.replace("_", " "), *_c.sinonimos):
        SINONIMOS_ENCABEZADO.setdefault(clave_encabezado(_texto), _c.clave)


@dataclass
class Encabezado:
    fila: int
    columnas: dict  # índice → clave de columna
    textos: list  # encabezados originales (para el archivo de rechazadas)
    sin_reconocer: dict  # índice → texto original


def detectar_encabezado(filas_iniciales, mapeo):
    """Busca la fila de encabezados entre las primeras filas: la que más columnas conocidas reconoce."""
    mejor = None
    for numero, valores in filas_iniciales:
        columnas, sin_reconocer = {}, {}
        for indice, valor in enumerate(valores):
            if valor is None or (isinstance(valor, str) and not valor.strip()):
                continue
            clave = clave_encabezado(str(valor))
            if not clave:
                continue
            destino = mapeo.get(clave, SINONIMOS_ENCABEZADO.get(clave))
            if destino is None:
                sin_reconocer[indice] = str(valor).strip()
            elif destino != IGNORAR and destino in POR_CLAVE and destino not in columnas.values():
                columnas[indice] = destino
        reconocido = "numero_inventario" in columnas.values() and len(columnas) >= 2
        if reconocido and (mejor is None or len(columnas) > len(mejor.columnas)):
                textos = ["" if v is None else str(v).strip() for v in valores]
                mejor = Encabezado(numero, columnas, textos, sin_reconocer)
    return mejor


def mapeo_recordado():
    return dict(MapeoColumnas.objects.values_list("encabezado", "columna"))


def recordar_mapeo(mapeo):
    """Guarda las decisiones del usuario (clave de encabezado → columna o "" para ignorar)."""
    for encabezado, columna in mapeo.items():
        MapeoColumnas.objects.update_or_create(encabezado=encabezado[:200], defaults={"columna": columna or ""})


# ------------------------------------------------------------------------------------------------
# Normalización de valores (funciones puras: devuelven un valor o levantan ErrorCelda)
# ------------------------------------------------------------------------------------------------

class ErrorCelda(ValueError):
    pass


def _es_vacio(valor):
    if valor is None:
        return True
    if isinstance(valor, str):
        return not valor.strip() or valor.strip() in ("-", "--", "—", "N/A", "n/a", "NA")
    return isinstance(valor, float) and math.isnan(valor)


def a_texto(valor, maximo=None):
    if isinstance(valor, bool):
        texto = "Sí" if valor else "No"
    elif isinstance(valor, float) and math.isfinite(valor) and valor.is_integer():
        texto = str(int(valor))
    elif isinstance(valor, datetime):
        texto = valor.strftime("%d/%m/%Y") if valor.time() == datetime.min.time() else valor.isoformat(" ")
    elif isinstance(valor, date):
        texto = valor.strftime("%d/%m/%Y")
    else:
        texto = str(valor)
    texto = texto.strip()
    if maximo and len(texto) > maximo:
        raise ErrorCelda(f"Texto demasiado largo ({len(texto)} caracteres; máximo {maximo}).")
    return texto


_FORMATOS_FECHA = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%d-%m-%y")


def a_fecha(valor, hoy=None):
    hoy = hoy or date.today()
    if isinstance(valor, bool):
        raise ErrorCelda("No es una fecha.")
    if isinstance(valor, datetime):
        fecha = valor.date()
    elif isinstance(valor, date):
        fecha = valor
    elif isinstance(valor, (int, float, Decimal)):
        if isinstance(valor, float) and not math.isfinite(valor):
            raise ErrorCelda("No es una fecha.")
        if float(valor).is_integer() and 1900 <= valor <= 2200:
            fecha = date(int(valor), 1, 1)  # año suelto
        elif 20000 <= valor <= 80000:  # número de serie de Excel sin formato de fecha
            fecha = date(1899, 12, 30) + timedelta(days=int(valor))
        else:
            raise ErrorCelda("No es una fecha.")
    else:
        texto = a_texto(valor).strip()
        texto = texto.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", texto) else texto
        if re.fullmatch(r"\d{4}", texto):
            fecha = date(int(texto), 1, 1)
        else:
            fecha = None
            for formato in _FORMATOS_FECHA:
                try:
                    fecha = datetime.strptime(texto, formato).date()
                    break
                except ValueError:
                    continue
            if fecha is None:
                if re.fullmatch(r"\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}", texto):
                    raise ErrorCelda("Fecha imposible (revise día y mes; se espera dd/mm/aaaa).")
                raise ErrorCelda("No es una fecha (use dd/mm/aaaa, una fecha de Excel o el año).")
    if fecha.year < 1980:
        raise ErrorCelda("La fecha es anterior a 1980; revísela.")
    if fecha > hoy + timedelta(days=366 * 10):
        raise ErrorCelda("La fecha está demasiado en el futuro.")
    return fecha


def a_costo(valor):
    if isinstance(valor, (bool, date, datetime)):
        raise ErrorCelda("No es un importe.")
    if isinstance(valor, (int, Decimal)):
        numero = Decimal(valor)
    elif isinstance(valor, float):
        if not math.isfinite(valor):
            raise ErrorCelda("No es un importe.")
        numero = Decimal(repr(valor))
    else:
        texto = re.sub(r"(?i)mxn|m\.n\.|pesos|\$|\s", "", str(valor))
        negativo = texto.startswith("(") and texto.endswith(")")
        texto = texto.strip("()")
        if "," in texto and "." in texto and texto.rfind(",") > texto.rfind("."):
            texto = texto.replace(".", "").replace(",", ".")  # 12.500,00
        elif re.fullmatch(r"-?\d+,\d{1,2}", texto):
            texto = texto.replace(",", ".")  # 1500,50
        else:
            texto = texto.replace(",", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", texto):
            raise ErrorCelda("No es un importe (use números, p. ej. 12500.00 o $12,500.00).")
        numero = Decimal(texto)
        if negativo:
            numero = -numero
    if not numero.is_finite():
        raise ErrorCelda("No es un importe.")
    if numero < 0:
        raise ErrorCelda("El costo no puede ser negativo.")
    if numero >= Decimal("10000000000"):
        raise ErrorCelda("El costo es demasiado grande.")
    return numero.quantize(Decimal("0.01"))


def a_gb(valor, maximo):
    if isinstance(valor, (bool, date, datetime)):
        raise ErrorCelda("No es una capacidad en GB.")
    if isinstance(valor, (int, float, Decimal)):
        if isinstance(valor, float) and not math.isfinite(valor):
            raise ErrorCelda("No es una capacidad en GB.")
        numero = float(valor)
    else:
        texto = re.sub(r"\s", "", str(valor)).lower().replace(",", ".")
        coincide = re.fullmatch(r"(\d+(?:\.\d+)?)(gb|g|gigas?|tb|t|mb)?", texto)
        if not coincide:
            raise ErrorCelda("No es una capacidad (use p. ej. 8, 8GB, 8 GB o 1 TB).")
        numero = float(coincide.group(1))
        unidad = coincide.group(2) or "gb"
        if unidad.startswith("t"):
            numero *= 1024
        elif unidad == "mb":
            numero /= 1024
    if numero < 0:
        raise ErrorCelda("La capacidad no puede ser negativa.")
    entero = int(round(numero))
    if entero > maximo:
        raise ErrorCelda(f"La capacidad es demasiado grande (máximo {maximo} GB).")
    return entero


_ESTADOS = {
    Estado.ACTIVO: ("activo", "activa", "en uso", "uso", "asignado", "operando", "funcionando", "alta", "vigente"),
    Estado.EN_REPARACION: ("en reparacion", "reparacion", "en mantenimiento", "mantenimiento", "en taller",
                           "descompuesto", "averiado"),
    Estado.EN_ALMACEN: ("en almacen", "almacen", "bodega", "en bodega", "disponible", "sin asignar", "resguardo"),
    Estado.BAJA: ("baja", "de baja", "dado de baja", "dada de baja", "desechado", "inservible baja"),
}
_CONDICIONES = {
    Condicion.BUENO: ("bueno", "buena", "b", "bien", "excelente", "nuevo", "optimo"),
    Condicion.REGULAR: ("regular", "r", "aceptable", "usado"),
    Condicion.MALO: ("malo", "mala", "m", "mal", "danado", "inservible", "descompuesto"),
}
ESTADO_POR_CLAVE = {clave_nombre(s): e for e, ss in _ESTADOS.items() for s in (*ss, e.label)}
CONDICION_POR_CLAVE = {clave_nombre(s): c for c, ss in _CONDICIONES.items() for s in (*ss, c.label)}

_TIPOS = {
    "PC de escritorio": ("cpu", "pc", "pc escritorio", "equipo de computo", "computadora", "computadora de escritorio",
                         "desktop", "escritorio", "computadora escritorio", "pc de escritorio", "all in one", "aio",
                         "equipo computo", "ordenador"),
    "Laptop": ("laptop", "lap top", "portatil", "computadora portatil", "notebook", "netbook"),
    "Servidor": ("servidor", "server"),
    "Impresora": ("impresora", "impresora laser", "impresora de tinta", "impresora de tickets", "printer"),
    "Multifuncional": ("multifuncional", "impresora multifuncional", "mfp", "copiadora", "fotocopiadora"),
    "Switch": ("switch", "conmutador", "switch de red"),
    "Router": ("router", "ruteador", "enrutador", "modem", "modem router"),
    "Access point": ("access point", "ap", "punto de acceso", "antena wifi", "wifi"),
    "UPS": ("ups", "no break", "nobreak", "no-break"),
    "Teléfono IP": ("telefono ip", "telefono", "telefono voip"),
    "Proyector": ("proyector", "videoproyector", "canon", "cañon"),
}


def normalizar_estado(valor):
    """(estado, condicion): una columna «Estado» municipal suele traer BUENO/MALO (la condición) o BAJA."""
    clave = clave_nombre(a_texto(valor))
    if clave in ESTADO_POR_CLAVE:
        return ESTADO_POR_CLAVE[clave], None
    if clave in CONDICION_POR_CLAVE:
        return None, CONDICION_POR_CLAVE[clave]
    raise ErrorCelda("Estado desconocido; use Activo, En reparación, En almacén o Baja (o Bueno, Regular, Malo).")


def normalizar_condicion(valor):
    clave = clave_nombre(a_texto(valor))
    if clave in CONDICION_POR_CLAVE:
        return None, CONDICION_POR_CLAVE[clave]
    if clave in ESTADO_POR_CLAVE:
        return ESTADO_POR_CLAVE[clave], None
    raise ErrorCelda("Condición desconocida; use Bueno, Regular o Malo.")


def separar_multiples(valor):
    """Partes de una celda con varias MAC/IP. Con «;» (como exporta SIGMA) se conservan las posiciones vacías
    («aa:..; ; cc:..»: la segunda interfaz no tiene MAC); con otros separadores se descartan."""
    texto = a_texto(valor) if not isinstance(valor, str) else valor
    if ";" in texto:
        partes = [p.strip() for p in texto.split(";")]
        while partes and not partes[-1]:
            partes.pop()
        return partes
    return [p.strip() for p in re.split(r"[,\n|/]+", texto) if p.strip()]


def normalizar_macs(valor):
    macs = []
    for parte in separar_multiples(valor):
        if not parte:
            macs.append(None)
            continue
        mac = normalizar_mac(parte)
        if not mac:
            raise ErrorCelda(f"«{parte}» no es una dirección MAC válida.")
        if es_mac_basura(mac):
            raise ErrorCelda(f"La MAC {mac} no identifica un equipo (nula, de difusión o virtual).")
        if mac in macs:
            raise ErrorCelda(f"La MAC {mac} está repetida en la celda.")
        macs.append(mac)
    return macs


def normalizar_ips(valor):
    ips = []
    for parte in separar_multiples(valor):
        if not parte:
            ips.append(None)
            continue
        try:
            ip = str(ipaddress.ip_address(parte))
        except ValueError:
            raise ErrorCelda(f"«{parte}» no es una dirección IP válida.") from None
        ips.append(ip)
    return ips


def normalizar_numero_empleado(valor):
    texto = a_texto(valor, 20).upper()
    if not re.fullmatch(r"[A-Z0-9\-]+", texto):
        raise ErrorCelda("El número de empleado solo admite letras, números y guiones.")
    return texto


_TEXTOS = {"proveedor": 150, "factura": 60, "procesador": 120, "sistema_operativo": 80, "notas": 5000,
           "marca": 80, "modelo": 120, "dependencia": 150, "resguardante": 240, "ubicacion": 360, "tipo": 60}


def normalizar_fila(crudos, hoy=None):
    """Normaliza los valores crudos de una fila (clave de columna → valor de la celda).

    Devuelve (datos, errores): datos solo con las columnas no vacías, ya convertidas; errores como lista de
    (columna, valor, motivo). Nunca levanta otra excepción: todo problema es un error de la fila.
    """
    datos, errores = {}, []
    for clave, valor in crudos.items():
        if _es_vacio(valor):
            continue
        try:
            if clave == "numero_inventario":
                texto = a_texto(valor, 40).upper()
                if not re.search(r"[A-Z0-9]", texto):
                    raise ErrorCelda("Número de inventario no válido.")
                datos[clave] = texto
            elif clave == "numero_serie":
                datos[clave] = normalizar_serie(a_texto(valor, 80))
            elif clave == "hostname":
                texto = a_texto(valor, 63).lower()
                if " " in texto:
                    raise ErrorCelda("Un hostname no lleva espacios.")
                datos[clave] = texto
            elif clave in ("fecha_adquisicion", "garantia_hasta"):
                datos[clave] = a_fecha(valor, hoy)
            elif clave == "costo":
                datos[clave] = a_costo(valor)
            elif clave == "ram_gb":
                datos[clave] = a_gb(valor, 32767)
            elif clave == "almacenamiento_gb":
                datos[clave] = a_gb(valor, 2_000_000_000)
            elif clave == "estado":
                estado, condicion = normalizar_estado(valor)
                if estado:
                    datos["estado"] = estado
                if condicion:
                    datos.setdefault("_condicion_en_estado", condicion)
            elif clave == "condicion":
                estado, condicion = normalizar_condicion(valor)
                if condicion:
                    datos["condicion"] = condicion
                if estado:
                    datos.setdefault("_estado_en_condicion", estado)
            elif clave == "mac":
                datos[clave] = normalizar_macs(valor)
            elif clave == "ip":
                datos[clave] = normalizar_ips(valor)
            elif clave == "numero_empleado":
                datos[clave] = normalizar_numero_empleado(valor)
            else:
                datos[clave] = a_texto(valor, _TEXTOS.get(clave, 200))
        except ErrorCelda as exc:
            errores.append((clave, valor, str(exc)))
        except Exception as exc:  # noqa: BLE001  un valor inesperado nunca tumba la importación
            errores.append((clave, valor, f"Valor no reconocido ({type(exc).__name__})."))
    if "_condicion_en_estado" in datos:
        datos.setdefault("condicion", datos.pop("_condicion_en_estado"))
        datos.pop("_condicion_en_estado", None)
    if "_estado_en_condicion" in datos:
        datos.setdefault("estado", datos.pop("_estado_en_condicion"))
        datos.pop("_estado_en_condicion", None)
    if ("fecha_adquisicion" in datos and datos["fecha_adquisicion"] > (hoy or date.today())):
        errores.append(("fecha_adquisicion", crudos.get("fecha_adquisicion"),
                        "La fecha de adquisición no puede estar en el futuro."))
        del datos["fecha_adquisicion"]
    if ("garantia_hasta" in datos and "fecha_adquisicion" in datos
            and datos["garantia_hasta"] < datos["fecha_adquisicion"]):
        errores.append(("garantia_hasta", crudos.get("garantia_hasta"),
                        "La garantía no puede terminar antes de la adquisición."))
    return datos, errores


def es_fila_de_totales(valores):
    for valor in valores:
        if isinstance(valor, str):
            clave = clave_nombre(valor)
            if clave.startswith(("total", "suma", "gran total", "subtotal")):
                return True
    return False


# ------------------------------------------------------------------------------------------------
# Análisis (vista previa)
# ------------------------------------------------------------------------------------------------

CAMPOS_SIMPLES = ("numero_serie", "estado", "condicion", "fecha_adquisicion", "costo", "proveedor", "factura",
                  "garantia_hasta", "procesador", "ram_gb", "almacenamiento_gb", "sistema_operativo", "hostname",
                  "notas")
CAMPOS_FK = ("tipo", "modelo", "dependencia", "ubicacion", "resguardante")


@dataclass
class Problema:
    hoja: str
    fila: int
    columna: str
    valor: str
    motivo: str

    def como_dict(self):
        return {"hoja": self.hoja, "fila": self.fila, "columna": self.columna, "valor": self.valor,
                "motivo": self.motivo}


@dataclass
class Plan:
    hoja: str
    fila: int
    numero_inventario: str
    accion: str  # nuevo / cambiado
    valores: dict  # campo → valor nuevo (FK como referencia ("id", pk) o ("nuevo", clave))
    cambios: list = field(default_factory=list)  # (campo, antes, después) legibles
    interfaces: list | None = None  # [(mac, ip)] si cambian
    equipo_id: int | None = None


MAX_CAMBIOS_MOSTRADOS = 300  # la vista previa muestra los primeros cambios
LOTE_APLICAR = 2000  # planes que se escriben juntos al confirmar
LOTE_INSERTAR = 2000  # filas por executemany


@dataclass
class Analisis:
    nuevos: list = field(default_factory=list)  # Plan; vacías si se analizó sin conservar los planes
    cambiados: list = field(default_factory=list)
    total_nuevos: int = 0
    total_cambiados: int = 0
    primeros_cambios: list = field(default_factory=list)  # los primeros MAX_CAMBIOS_MOSTRADOS planes «cambiado»
    sin_cambios: int = 0
    filas_rechazadas: list = field(default_factory=list)  # {"hoja","fila","valores","error"}
    problemas: list = field(default_factory=list)
    avisos: list = field(default_factory=list)
    sin_reconocer: list = field(default_factory=list)  # {"hoja","encabezado","clave"}
    encabezados: dict = field(default_factory=dict)  # hoja → textos del encabezado
    catalogos: dict = field(default_factory=lambda: {"dependencias": {}, "empleados": {}, "marcas": {},
                                                      "modelos": {}, "ubicaciones": {}})
    hojas_leidas: int = 0
    filas_leidas: int = 0

    @property
    def rechazados(self):
        return len(self.filas_rechazadas)

    def contar(self, plan):
        if plan.accion == "nuevo":
            self.total_nuevos += 1
        else:
            self.total_cambiados += 1
            if len(self.primeros_cambios) < MAX_CAMBIOS_MOSTRADOS:
                self.primeros_cambios.append(plan)

    def conteos(self):
        return {"nuevos": self.total_nuevos, "cambiados": self.total_cambiados, "sin_cambios": self.sin_cambios,
                "rechazados": self.rechazados}

    def como_json(self):
        return {"nuevos": self.total_nuevos, "cambiados": self.total_cambiados, "sin_cambios": self.sin_cambios,
                "rechazados": [p.como_dict() for p in self.problemas]}

    def resumen(self, limite_cambios=MAX_CAMBIOS_MOSTRADOS):
        """Lo que se guarda en Importacion.resumen para la vista previa y el archivo de rechazadas."""
        return {
            **self.conteos(),
            "filas_total": self.filas_leidas,
            "problemas": [p.como_dict() for p in self.problemas[:MAX_PROBLEMAS_GUARDADOS]],
            "problemas_total": len(self.problemas),
            "avisos": self.avisos,
            "sin_reconocer": self.sin_reconocer,
            "encabezados": self.encabezados,
            "filas_rechazadas": self.filas_rechazadas[:MAX_FILAS_RECHAZADAS_GUARDADAS],
            "catalogos_nuevos": {
                "dependencias": sorted(d["nombre"] for d in self.catalogos["dependencias"].values()),
                "empleados": sorted(e["nombre"] for e in self.catalogos["empleados"].values()),
            },
            "cambios": [{"hoja": p.hoja, "fila": p.fila, "numero_inventario": p.numero_inventario,
                         "cambios": p.cambios}
                        for p in (self.cambiados or self.primeros_cambios)[:limite_cambios]],
        }


def _json_celda(valor):
    if valor is None:
        return None
    if isinstance(valor, (datetime, date)):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, Decimal):
        return float(valor) if valor.is_finite() else str(valor)
    if isinstance(valor, float) and not math.isfinite(valor):
        return str(valor)
    if isinstance(valor, (int, float, str, bool)):
        return valor
    return str(valor)


def _expandir(clave):
    return " ".join(_ABREVIATURAS.get(p, p) for p in clave.split())


_clave = lru_cache(maxsize=8192)(clave_nombre)


@lru_cache(maxsize=4096)
def _clave_dependencia(nombre):
    return _expandir(clave_nombre(nombre))


class _Catalogos:
    """Todo lo existente, cargado en pocas consultas, en diccionarios por clave."""

    def __init__(self):
        self.tipos = {}
        for tipo in TipoEquipo.objects.all():
            self.tipos[clave_nombre(tipo.nombre)] = tipo
        for nombre, sinonimos in _TIPOS.items():
            tipo = self.tipos.get(clave_nombre(nombre))
            if tipo:
                for s in sinonimos:
                    self.tipos.setdefault(clave_nombre(s), tipo)
        self.nombres_tipos = ", ".join(TipoEquipo.objects.order_by("nombre").values_list("nombre", flat=True))
        self.dependencias = {}
        for dep in Dependencia.objects.all():
            self.dependencias[_expandir(dep.clave)] = dep
            if dep.siglas:
                self.dependencias.setdefault(_expandir(clave_nombre(dep.siglas)), dep)
        self.dependencias_por_id = {d.pk: d for d in self.dependencias.values()}
        self.empleados_por_numero = {}
        self.empleados_por_clave = {}
        for emp in Empleado.objects.all():
            self.empleados_por_numero[emp.numero_empleado.upper()] = emp
            self.empleados_por_clave.setdefault(emp.clave, []).append(emp)
        self.empleados_por_id = {e.pk: e for e in self.empleados_por_numero.values()}
        self.marcas = {clave_nombre(m.nombre): m for m in Marca.objects.all()}
        self.marcas_por_id = {m.pk: m for m in self.marcas.values()}
        self.modelos = {(m.marca_id, clave_nombre(m.nombre)): m for m in Modelo.objects.all()}
        self.modelos_por_id = {m.pk: m for m in self.modelos.values()}
        self.ubicaciones = {}
        for u in Ubicacion.objects.all():
            self.ubicaciones[clave_nombre(str(u))] = u
        self.ubicaciones_por_id = {u.pk: u for u in self.ubicaciones.values()}
        self.tipos_por_id = {t.pk: t for t in self.tipos.values()}
        self.equipos = {e.numero_inventario.upper(): e for e in Equipo.objects.all()}
        self.interfaces = {}
        self.mac_duenio = {}
        for interfaz in InterfazRed.objects.all().order_by("equipo_id", "nombre", "id"):
            self.interfaces.setdefault(interfaz.equipo_id, []).append(interfaz)
        numeros = {e.pk: e.numero_inventario for e in self.equipos.values()}
        for equipo_id, lista in self.interfaces.items():
            for interfaz in lista:
                if interfaz.mac:
                    self.mac_duenio[interfaz.mac] = numeros.get(equipo_id, "?")
        self.siguiente_empleado = 1
        usados = {n for n in self.empleados_por_numero if n.startswith("IMP-")}
        while f"IMP-{self.siguiente_empleado}" in usados:
            self.siguiente_empleado += 1
        self._usados_imp = usados

    def nuevo_numero_empleado(self):
        while f"IMP-{self.siguiente_empleado}" in self._usados_imp:
            self.siguiente_empleado += 1
        numero = f"IMP-{self.siguiente_empleado}"
        self._usados_imp.add(numero)
        return numero


def _dividir_nombre(nombre):
    partes = nombre.split()
    if len(partes) <= 1:
        return nombre, ""
    if len(partes) == 2:
        return partes[0], partes[1]
    return " ".join(partes[:-2]), " ".join(partes[-2:])


def _mostrar(valor):
    if valor is None or valor == "":
        return "—"
    if isinstance(valor, date):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, list):
        return "; ".join(valor) or "—"
    return str(valor)


ETIQUETAS = {c.clave: c.encabezado for c in COLUMNAS}


def analizar(hojas, *, mapeo=None, crear_catalogos=False, hoy=None, progreso=None, conservar_planes=True):
    """Lee las hojas y decide, fila por fila, si el equipo es nuevo, cambia, no cambia o se rechaza.

    Con `conservar_planes=False` (la vista previa) no guarda un Plan por fila: solo conteos, catálogos nuevos,
    los primeros cambios y las filas rechazadas, así la memoria no crece con el archivo. Para escribir sin
    conservarlos, `importar()` consume los planes de `planes()` por bloques.
    """
    analisis = Analisis()
    for plan in planes(hojas, analisis, mapeo=mapeo, crear_catalogos=crear_catalogos, hoy=hoy, progreso=progreso):
        if conservar_planes:
            (analisis.nuevos if plan.accion == "nuevo" else analisis.cambiados).append(plan)
    return analisis


def _porcentaje(leidas, total):
    """Avance de la lectura; sin total conocido, una curva que se acerca a 90 % sin llegar (indeterminado)."""
    if total > 0:
        return min(99, leidas * 100 // total)
    return min(90, int(90 * (1 - math.exp(-leidas / 20_000))))


def planes(hojas, analisis, *, mapeo=None, crear_catalogos=False, hoy=None, progreso=None):
    """Generador: analiza fila por fila, llena `analisis` (conteos, rechazadas, catálogos) y produce cada Plan."""
    hoy = hoy or timezone.localdate()
    mapeo = {**mapeo_recordado(), **(mapeo or {})}
    cat = _Catalogos()
    vistos = {}  # numero_inventario → (hoja, fila)
    macs_archivo = {}  # mac → (hoja, fila, numero_inventario)
    total_declarado = sum(h.filas_declaradas for h in hojas)
    leidas = 0
    hubo_encabezado = False
    for hoja in hojas:
        filas = iter(hoja.filas)
        iniciales = []
        for numero, valores in filas:
            iniciales.append((numero, valores))
            if len(iniciales) >= FILAS_BUSCAR_ENCABEZADO:
                break
        if not any(any(not _es_vacio(v) for v in valores) for _, valores in iniciales):
            analisis.avisos.append(f"La hoja «{hoja.nombre}» está vacía; se omitió.")
            continue
        encabezado = detectar_encabezado(iniciales, mapeo)
        if encabezado is None:
            analisis.avisos.append(
                f"La hoja «{hoja.nombre}» no tiene una fila de encabezados reconocible (se busca una columna "
                "«No. Inventario» en las primeras 30 filas); se omitió."
            )
            continue
        hubo_encabezado = True
        analisis.hojas_leidas += 1
        analisis.encabezados[hoja.nombre] = encabezado.textos
        for texto in encabezado.sin_reconocer.values():
            analisis.sin_reconocer.append({"hoja": hoja.nombre, "encabezado": texto,
                                           "clave": clave_encabezado(texto)})
        columnas = list(encabezado.columnas.items())

        for numero, valores in _resto(iniciales, encabezado.fila, filas):
            leidas += 1
            if progreso and leidas % 500 == 0:
                progreso(_porcentaje(leidas, total_declarado))
            if not valores or all(_es_vacio(v) for v in valores):
                continue
            crudos = {clave: (valores[i] if i < len(valores) else None) for i, clave in columnas}
            if _es_vacio(crudos.get("numero_inventario")) and es_fila_de_totales(valores):
                continue
            analisis.filas_leidas += 1
            plan = _analizar_fila(analisis, cat, hoja.nombre, numero, valores, crudos, vistos, macs_archivo,
                                  crear_catalogos, hoy)
            if plan is not None:
                analisis.contar(plan)
                yield plan
    if not hubo_encabezado:
        if all("vacía" in a for a in analisis.avisos):
            raise ArchivoInvalido("El archivo no tiene datos: todas sus hojas están vacías.")
        raise ArchivoInvalido(
            "No se encontró la fila de encabezados en ninguna hoja: debe haber una columna «No. Inventario» "
            "(o «Número de inventario», «No. Inv.»…) junto con otras columnas como «Tipo» o «Dependencia»."
        )
    analisis.sin_reconocer = list({(s["hoja"], s["clave"]): s for s in analisis.sin_reconocer}.values())


def _resto(iniciales, fila_encabezado, filas):
    for numero, valores in iniciales:
        if numero > fila_encabezado:
            yield numero, valores
    yield from filas


def _rechazar(analisis, hoja, fila, valores, errores):
    for columna, valor, motivo in errores:
        analisis.problemas.append(Problema(hoja, fila, ETIQUETAS.get(columna, columna),
                                           "" if valor is None else a_texto_seguro(valor), motivo))
    analisis.filas_rechazadas.append({
        "hoja": hoja, "fila": fila, "valores": [_json_celda(v) for v in valores],
        "error": " ".join(f"{ETIQUETAS.get(c, c)}: {m}" for c, _, m in errores),
    })


def a_texto_seguro(valor):
    try:
        return a_texto(valor)[:200]
    except Exception:  # noqa: BLE001
        return repr(valor)[:200]


def _analizar_fila(analisis, cat, hoja, fila, valores, crudos, vistos, macs_archivo, crear_catalogos, hoy):
    datos, errores = normalizar_fila(crudos, hoy)
    numero = datos.get("numero_inventario")
    if not numero:
        if not any(c == "numero_inventario" for c, _, _ in errores):
            errores.insert(0, ("numero_inventario", crudos.get("numero_inventario"), "Falta el número de inventario."))
        _rechazar(analisis, hoja, fila, valores, errores)
        return
    if numero in vistos:
        h, f = vistos[numero]
        errores.insert(0, ("numero_inventario", numero,
                           f"El número de inventario {numero} está repetido: ya aparece en la fila {f} "
                           f"de la hoja «{h}»."))
        _rechazar(analisis, hoja, fila, valores, errores)
        return
    vistos[numero] = (hoja, fila)
    existente = cat.equipos.get(numero)
    valores_fk = {}

    # Tipo
    tipo = None
    if "tipo" in datos:
        tipo = cat.tipos.get(_clave(datos["tipo"]))
        if tipo is None:
            errores.append(("tipo", datos["tipo"], f"Tipo de equipo desconocido; use uno de: {cat.nombres_tipos}."))
        else:
            valores_fk["tipo"] = ("id", tipo.pk)
    elif existente is None:
        errores.append(("tipo", None, "Falta el tipo de equipo (obligatorio para un equipo nuevo)."))
    tipo_id = tipo.pk if tipo else (existente.tipo_id if existente else None)

    # Marca y modelo
    if "modelo" in datos or "marca" in datos:
        nombre_marca = datos.get("marca")
        nombre_modelo = datos.get("modelo") or "(sin especificar)"
        if not nombre_marca:
            if existente and existente.modelo_id:
                marca = cat.marcas_por_id.get(cat.modelos_por_id[existente.modelo_id].marca_id)
                nombre_marca = marca.nombre
            else:
                errores.append(("marca", None, "Falta la marca del modelo."))
        if nombre_marca:
            clave_marca = _clave(nombre_marca)
            marca = cat.marcas.get(clave_marca)
            clave_modelo = _clave(nombre_modelo)
            modelo = cat.modelos.get((marca.pk, clave_modelo)) if marca else None
            if modelo is not None:
                if modelo.tipo_id and tipo_id and modelo.tipo_id != tipo_id:
                    errores.append(("modelo", nombre_modelo,
                                    f"El modelo {modelo} es de tipo {cat.tipos_por_id[modelo.tipo_id]}, "
                                    f"no {cat.tipos_por_id.get(tipo_id, '?')}."))
                valores_fk["modelo"] = ("id", modelo.pk)
            else:
                if not marca:
                    analisis.catalogos["marcas"].setdefault(clave_marca, {"nombre": nombre_marca})
                clave = (clave_marca, clave_modelo)
                planeado = analisis.catalogos["modelos"].setdefault(
                    clave, {"marca": clave_marca, "nombre": nombre_modelo, "tipo_id": tipo_id})
                if planeado["tipo_id"] and tipo_id and planeado["tipo_id"] != tipo_id:
                    errores.append(("modelo", nombre_modelo,
                                    f"El modelo {nombre_marca} {nombre_modelo} ya aparece en el archivo como "
                                    f"{cat.tipos_por_id[planeado['tipo_id']]}, no {cat.tipos_por_id[tipo_id]}."))
                valores_fk["modelo"] = ("nuevo", clave)

    # Dependencia
    dependencia_id = existente.dependencia_id if existente else None
    dependencia_ref = None
    if "dependencia" in datos:
        clave_dep = _clave_dependencia(datos["dependencia"])
        dep = cat.dependencias.get(clave_dep)
        if dep:
            dependencia_ref = ("id", dep.pk)
            dependencia_id = dep.pk
        elif crear_catalogos:
            analisis.catalogos["dependencias"].setdefault(clave_dep, {"nombre": datos["dependencia"]})
            dependencia_ref = ("nuevo", clave_dep)
        else:
            errores.append(("dependencia", datos["dependencia"],
                            "La dependencia no existe; corrija el nombre o marque «crear las dependencias y "
                            "resguardantes nuevos»."))
        if dependencia_ref:
            valores_fk["dependencia"] = dependencia_ref
    elif existente is None:
        errores.append(("dependencia", None, "Falta la dependencia (obligatoria para un equipo nuevo)."))

    # Resguardante
    if "resguardante" in datos or "numero_empleado" in datos:
        numero_emp = datos.get("numero_empleado")
        nombre = datos.get("resguardante")
        empleado = cat.empleados_por_numero.get(numero_emp) if numero_emp else None
        if empleado is None and nombre:
            candidatos = cat.empleados_por_clave.get(_clave(nombre), [])
            if len(candidatos) > 1 and dependencia_id:
                candidatos = [e for e in candidatos if e.dependencia_id == dependencia_id] or candidatos
            if len(candidatos) > 1:
                errores.append(("resguardante", nombre, "Hay varios empleados con ese nombre; indique su "
                                                        "«No. Empleado»."))
            elif candidatos and not numero_emp:
                empleado = candidatos[0]
        if empleado:
            valores_fk["resguardante"] = ("id", empleado.pk)
        elif not nombre:
            errores.append(("numero_empleado", numero_emp, "No existe un empleado con ese número."))
        elif not any(c == "resguardante" for c, _, _ in errores):
            clave_emp = numero_emp or f"nombre:{_clave(nombre)}"
            if crear_catalogos:
                nuevo = analisis.catalogos["empleados"].get(clave_emp)
                if nuevo is None:
                    nuevo = {"nombre": nombre, "numero": numero_emp or cat.nuevo_numero_empleado(),
                             "dependencia": dependencia_ref or (("id", dependencia_id) if dependencia_id else None)}
                    analisis.catalogos["empleados"][clave_emp] = nuevo
                if nuevo["dependencia"] is None:
                    errores.append(("resguardante", nombre, "Para dar de alta al resguardante falta su dependencia."))
                valores_fk["resguardante"] = ("nuevo", clave_emp)
            else:
                errores.append(("resguardante", nombre,
                                "El resguardante no está registrado; corrija el nombre o marque «crear las "
                                "dependencias y resguardantes nuevos»."))

    # Ubicación
    if "ubicacion" in datos:
        clave_ub = _clave(datos["ubicacion"])
        ubicacion = cat.ubicaciones.get(clave_ub)
        if ubicacion:
            valores_fk["ubicacion"] = ("id", ubicacion.pk)
        else:
            partes = [p.strip() for p in re.split(r"\s*/\s*", datos["ubicacion"])]
            edificio, piso, oficina = (partes + ["", ""])[:3] if len(partes) <= 3 else (
                partes[0], partes[1], " / ".join(partes[2:]))
            analisis.catalogos["ubicaciones"].setdefault(
                clave_ub, {"edificio": edificio[:120], "piso": piso[:40], "oficina": oficina[:120]})
            valores_fk["ubicacion"] = ("nuevo", clave_ub)

    # MAC: nunca en otro equipo (de la base o de otra fila del archivo)
    macs = [m for m in datos.get("mac", []) if m]
    if not errores:
        for mac in macs:
            duenio = cat.mac_duenio.get(mac)
            if duenio and duenio != numero:
                errores.append(("mac", mac, f"La MAC {mac} ya está registrada en el equipo {duenio}."))
            elif mac in macs_archivo and macs_archivo[mac][2] != numero:
                h, f, otro = macs_archivo[mac]
                errores.append(("mac", mac, f"La MAC {mac} ya aparece en la fila {f} de la hoja «{h}» "
                                            f"(equipo {otro})."))
    if errores:
        _rechazar(analisis, hoja, fila, valores, errores)
        return
    for mac in macs:
        macs_archivo[mac] = (hoja, fila, numero)

    valores_plan = {c: datos[c] for c in CAMPOS_SIMPLES if c in datos}
    valores_plan.update(valores_fk)
    if valores_plan.get("estado") == Estado.BAJA:
        valores_plan["_baja"] = True

    interfaces = None
    if existente is None:
        if "mac" in datos or "ip" in datos:
            interfaces = _emparejar(datos.get("mac", []), datos.get("ip", []))
        return Plan(hoja, fila, numero, "nuevo", valores_plan, interfaces=interfaces)

    cambios = []
    for campo, valor in list(valores_plan.items()):
        if campo == "_baja":
            continue
        if campo in CAMPOS_FK:
            tipo_ref, ref = valor
            actual_id = getattr(existente, f"{campo}_id")
            if tipo_ref == "id" and ref == actual_id:
                del valores_plan[campo]
                continue
            cambios.append((ETIQUETAS.get(campo, campo), _mostrar_fk(cat, campo, actual_id),
                            _mostrar_ref(analisis, cat, campo, valor)))
        else:
            actual = getattr(existente, campo)
            if campo == "numero_serie" and actual.upper() == valor:
                del valores_plan[campo]
                continue
            if actual == valor:
                del valores_plan[campo]
                continue
            etiqueta = ETIQUETAS.get(campo, campo)
            if campo in ("estado", "condicion"):
                actual_txt = dict(Estado.choices if campo == "estado" else Condicion.choices).get(actual, actual)
                nuevo_txt = dict(Estado.choices if campo == "estado" else Condicion.choices).get(valor, valor)
                cambios.append((etiqueta, actual_txt, nuevo_txt))
            else:
                cambios.append((etiqueta, _mostrar(actual), _mostrar(valor)))
    if valores_plan.get("estado") != Estado.BAJA:
        valores_plan.pop("_baja", None)
    if "mac" in datos or "ip" in datos:
        actuales = cat.interfaces.get(existente.pk, [])
        macs_actuales = [i.mac for i in actuales]
        ips_actuales = [i.ip for i in actuales]
        macs_nuevas = datos.get("mac", macs_actuales)
        ips_nuevas = datos.get("ip", ips_actuales)
        if _conjunto(macs_nuevas) != _conjunto(macs_actuales) or _conjunto(ips_nuevas) != _conjunto(ips_actuales):
            interfaces = _emparejar(macs_nuevas, ips_nuevas)
            if _conjunto(macs_nuevas) != _conjunto(macs_actuales):
                cambios.append(("Dirección MAC", _mostrar(_sin_vacios(macs_actuales)),
                                _mostrar(_sin_vacios(macs_nuevas))))
            if _conjunto(ips_nuevas) != _conjunto(ips_actuales):
                cambios.append(("Dirección IP", _mostrar(_sin_vacios(ips_actuales)),
                                _mostrar(_sin_vacios(ips_nuevas))))
    if not cambios:
        analisis.sin_cambios += 1
        return None
    return Plan(hoja, fila, numero, "cambiado", valores_plan, cambios, interfaces, existente.pk)


def _emparejar(macs, ips):
    """Interfaces por posición (la i-ésima MAC con la i-ésima IP); se omiten las posiciones sin nada."""
    pares = [(macs[i] if i < len(macs) else None, ips[i] if i < len(ips) else None)
             for i in range(max(len(macs), len(ips)))]
    return [par for par in pares if par != (None, None)]


def _sin_vacios(valores):
    return [v for v in valores if v]


def _conjunto(valores):
    return {v for v in valores if v}


def _mostrar_fk(cat, campo, pk):
    if pk is None:
        return "—"
    objeto = {"tipo": cat.tipos_por_id, "modelo": cat.modelos_por_id, "dependencia": cat.dependencias_por_id,
              "ubicacion": cat.ubicaciones_por_id, "resguardante": cat.empleados_por_id}[campo].get(pk)
    if objeto is None:
        return "—"
    if campo == "modelo":
        return f"{cat.marcas_por_id[objeto.marca_id].nombre} {objeto.nombre}"
    if campo == "resguardante":
        return objeto.nombre_completo
    return str(objeto)


def _mostrar_ref(analisis, cat, campo, ref):
    tipo_ref, valor = ref
    if tipo_ref == "id":
        return _mostrar_fk(cat, campo, valor)
    if campo == "modelo":
        modelo = analisis.catalogos["modelos"][valor]
        marca = cat.marcas.get(modelo["marca"]) or analisis.catalogos["marcas"].get(modelo["marca"], {})
        nombre_marca = marca.nombre if hasattr(marca, "nombre") else marca.get("nombre", "")
        return f"{nombre_marca} {modelo['nombre']} (nuevo)"
    if campo == "dependencia":
        return f"{analisis.catalogos['dependencias'][valor]['nombre']} (nueva)"
    if campo == "resguardante":
        return f"{analisis.catalogos['empleados'][valor]['nombre']} (nuevo)"
    if campo == "ubicacion":
        u = analisis.catalogos["ubicaciones"][valor]
        return " / ".join(p for p in (u["edificio"], u["piso"], u["oficina"]) if p) + " (nueva)"
    return str(valor)


# ------------------------------------------------------------------------------------------------
# Aplicación (confirmación)
# ------------------------------------------------------------------------------------------------

def _motivo_rechazo(analisis, solo_validas, crear_catalogos):
    if analisis.rechazados and not solo_validas:
        return f"Hay {analisis.rechazados} filas rechazadas: corríjalas o elija «Importar solo las filas válidas»."
    if not crear_catalogos and (analisis.catalogos["dependencias"] or analisis.catalogos["empleados"]):
        return "Hay dependencias o resguardantes nuevos y no se autorizó crearlos."
    return None


def aplicar(analisis, usuario, *, solo_validas=False, crear_catalogos=False, importacion=None,
            archivo_nombre="", progreso=None):
    """Escribe un análisis con sus planes (analizar(..., conservar_planes=True)) en una sola transacción,
    por bloques de LOTE_APLICAR planes. Devuelve la Importacion registrada."""
    error = _motivo_rechazo(analisis, solo_validas, crear_catalogos)
    if error:
        raise ImportacionRechazada(error)
    total = len(analisis.nuevos) + len(analisis.cambiados)

    def avance(escritos):
        if progreso:
            progreso(10 + 90 * escritos // max(total, 1))

    return _escribir(analisis, itertools.chain(analisis.nuevos, analisis.cambiados), usuario,
                     solo_validas=solo_validas, crear_catalogos=crear_catalogos, importacion=importacion,
                     archivo_nombre=archivo_nombre, avance=avance)


def importar(hojas, usuario, *, mapeo=None, solo_validas=False, crear_catalogos=False, importacion=None,
             archivo_nombre="", progreso=None, hoy=None, analisis=None):
    """Analiza y escribe en una sola pasada y una sola transacción, sin guardar un Plan por fila: los planes
    se escriben por bloques a medida que salen del análisis. Si al final hay filas rechazadas (y no se pidió
    «solo las válidas») o catálogos no autorizados, se deshace todo y se levanta ImportacionRechazada.

    `analisis` (opcional) es el Analisis que se llena, para leer conteos y rechazadas aun si se rechaza.
    El resumen completo queda en `importacion.resumen`. Devuelve la Importacion registrada.
    """
    analisis = Analisis() if analisis is None else analisis
    flujo = planes(hojas, analisis, mapeo=mapeo, crear_catalogos=crear_catalogos, hoy=hoy, progreso=progreso)
    return _escribir(analisis, flujo, usuario, solo_validas=solo_validas, crear_catalogos=crear_catalogos,
                     importacion=importacion, archivo_nombre=archivo_nombre, resumen_completo=True)


def _escribir(analisis, flujo, usuario, *, solo_validas, crear_catalogos, importacion, archivo_nombre,
              avance=None, resumen_completo=False):
    ahora = timezone.now()
    hoy = timezone.localdate()
    usuario = usuario if usuario is not None and getattr(usuario, "pk", None) else None
    try:
        with transaction.atomic():
            if importacion is None:
                importacion = Importacion.objects.create(usuario=usuario, archivo_nombre=archivo_nombre[:255],
                                                         estado=Importacion.Estado.APLICANDO)
            escritor = _Escritor(analisis, usuario, f"Importación #{importacion.pk}", ahora, hoy, importacion.pk)
            if avance:
                avance(0)
            for lote in _lotes(flujo, LOTE_APLICAR):
                # Con un rechazo ya no se escribe (todo se deshará), pero se sigue analizando para el resumen.
                if _motivo_rechazo(analisis, solo_validas, crear_catalogos) is None:
                    escritor.escribir(lote)
                if avance:
                    avance(escritor.nuevos + escritor.cambiados)
            error = _motivo_rechazo(analisis, solo_validas, crear_catalogos)
            if error:
                raise ImportacionRechazada(error)
            resumen = analisis.resumen() if resumen_completo else (importacion.resumen or {})
            importacion.resumen = {**resumen, **analisis.conteos(),
                                   "aplicado": {"nuevos": escritor.nuevos, "cambiados": escritor.cambiados,
                                                "solo_validas": solo_validas}}
            importacion.estado = Importacion.Estado.APLICADA
            importacion.aplicada = timezone.now()
            importacion.progreso = 100
            if importacion.usuario_id is None and usuario is not None:
                importacion.usuario = usuario
            importacion.save()
    except IntegrityError as exc:
        raise ImportacionRechazada(
            "Otro usuario registró alguno de estos números de inventario o MAC mientras se importaba; "
            "no se escribió nada. Vuelva a analizar el archivo."
        ) from exc
    return importacion


def _lotes(iterable, tamanio):
    iterador = iter(iterable)
    while lote := list(itertools.islice(iterador, tamanio)):
        yield lote


class _Escritor:
    """Escribe bloques de planes: catálogos que falten → equipos → historial → movimientos → interfaces → vínculos."""

    def __init__(self, analisis, usuario, motivo, ahora, hoy, importacion_id):
        self.analisis = analisis
        self.usuario = usuario
        self.motivo = motivo
        self.ahora = ahora
        self.hoy = hoy
        self.importacion_id = importacion_id
        self.ids = {"modelo": {}, "dependencia": {}, "resguardante": {}, "ubicacion": {}}
        self.nuevos = 0
        self.cambiados = 0

    def escribir(self, lote):
        from simple_history.utils import bulk_update_with_history

        usuario, motivo, ahora, hoy = self.usuario, self.motivo, self.ahora, self.hoy
        planes_nuevos = [p for p in lote if p.accion == "nuevo"]
        planes_cambiados = [p for p in lote if p.accion != "nuevo"]
        _crear_catalogos(self.analisis, _referencias_usadas(lote), self.ids)
        ids = self.ids
        equipos_actuales = Equipo.objects.in_bulk([p.equipo_id for p in planes_cambiados])

        nuevos = []
        for plan in planes_nuevos:
            equipo = Equipo(numero_inventario=plan.numero_inventario, origen=Origen.IMPORTADO)
            _asignar(equipo, plan.valores, ids, motivo, hoy)
            nuevos.append(equipo)
        creados = _crear_con_historial(nuevos, usuario, motivo, ahora)

        cambiados, campos, movimientos = [], {"actualizado"}, []
        for plan in planes_cambiados:
            equipo = equipos_actuales[plan.equipo_id]
            antes = (equipo.dependencia_id, equipo.resguardante_id, equipo.estado)
            _asignar(equipo, plan.valores, ids, motivo, hoy)
            equipo.actualizado = ahora
            campos.update(k for k in plan.valores if not k.startswith("_"))
            if plan.valores.get("_baja"):
                campos.update(("motivo_baja", "fecha_baja"))
            cambiados.append(equipo)
            if (equipo.dependencia_id, equipo.resguardante_id) != antes[:2]:
                movimientos.append(MovimientoResguardo(
                    equipo=equipo, tipo=MovimientoResguardo.Tipo.TRANSFERENCIA, fecha=hoy,
                    resguardante_anterior_id=antes[1], resguardante_nuevo_id=equipo.resguardante_id,
                    dependencia_anterior_id=antes[0], dependencia_nueva_id=equipo.dependencia_id,
                    motivo=motivo, registrado_por=usuario))
            if equipo.estado == Estado.BAJA and antes[2] != Estado.BAJA:
                movimientos.append(MovimientoResguardo(
                    equipo=equipo, tipo=MovimientoResguardo.Tipo.BAJA, fecha=hoy,
                    resguardante_anterior_id=equipo.resguardante_id, dependencia_anterior_id=equipo.dependencia_id,
                    dependencia_nueva_id=equipo.dependencia_id, motivo=equipo.motivo_baja, registrado_por=usuario))
        if cambiados:
            bulk_update_with_history(cambiados, Equipo, sorted(campos), batch_size=500, default_user=usuario,
                                     default_change_reason=motivo)

        for equipo in creados:
            movimientos.append({
                "equipo_id": equipo.pk, "tipo": MovimientoResguardo.Tipo.ALTA, "fecha": hoy,
                "resguardante_nuevo_id": equipo.resguardante_id, "dependencia_nueva_id": equipo.dependencia_id,
                "motivo": f"Alta por {motivo.lower()}", "registrado_por_id": usuario.pk if usuario else None})
        _insertar(MovimientoResguardo, movimientos, registrado=ahora)

        # Interfaces de red: las del archivo sustituyen a las anteriores cuando cambian.
        reemplazar = [p.equipo_id for p in planes_cambiados if p.interfaces is not None]
        nombres_previos = {}
        if reemplazar:
            for interfaz in InterfazRed.objects.filter(equipo_id__in=reemplazar):
                if interfaz.mac:
                    nombres_previos[interfaz.mac] = interfaz.nombre
                interfaz._history_user = usuario
                interfaz._change_reason = motivo
                interfaz.delete()
        interfaces = []
        for equipo, plan in [*zip(creados, planes_nuevos, strict=True),
                             *zip(cambiados, planes_cambiados, strict=True)]:
            for mac, ip in plan.interfaces or []:
                interfaces.append(InterfazRed(equipo_id=equipo.pk, mac=mac, ip=ip,
                                              nombre=nombres_previos.get(mac, "")))
        _crear_interfaces(interfaces, usuario, motivo, ahora)
        _insertar(ImportacionEquipo,
                  [{"equipo_id": e.pk, "accion": ImportacionEquipo.Accion.NUEVO} for e in creados]
                  + [{"equipo_id": e.pk, "accion": ImportacionEquipo.Accion.CAMBIADO} for e in cambiados],
                  importacion_id=self.importacion_id)
        self.nuevos += len(creados)
        self.cambiados += len(cambiados)


_DIRECTOS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def _insertar(modelo, objetos, **fijos):
    """INSERT con executemany para filas que no necesitan su id de vuelta (mucho más rápido que bulk_create).

    `objetos` (iterable) son instancias o diccionarios attname → valor; `fijos` se aplica a todas las filas.
    Las filas pasan a executemany en lotes de LOTE_INSERTAR, no en una sola lista.
    """
    conexion = connections[DEFAULT_DB_ALIAS]
    campos = [f for f in modelo._meta.concrete_fields if not f.primary_key]
    columnas = ", ".join(conexion.ops.quote_name(f.column) for f in campos)
    marcas = ", ".join(["%s"] * len(campos))
    sql = f"INSERT INTO {conexion.ops.quote_name(modelo._meta.db_table)} ({columnas}) VALUES ({marcas})"  # noqa: S608
    # Los textos, enteros y llaves foráneas pasan tal cual; fechas, decimales e IPs, por el campo.
    conversiones = []
    for f in campos:
        if f.attname in fijos:
            fijo = f.get_db_prep_save(fijos[f.attname], conexion)
            conversiones.append((f.attname, None, fijo, True))
        elif isinstance(f, _DIRECTOS):
            conversiones.append((f.attname, None, None, False))
        else:
            conversiones.append((f.attname, f, None, False))
    for lote in _lotes(objetos, LOTE_INSERTAR):
        filas = []
        for objeto in lote:
            datos = objeto if isinstance(objeto, dict) else objeto.__dict__
            fila = []
            for attname, campo, fijo, es_fijo in conversiones:
                if es_fijo:
                    fila.append(fijo)
                    continue
                valor = datos.get(attname)
                if campo is not None and valor is not None:
                    valor = campo.get_db_prep_save(valor, conexion)
                fila.append(valor)
            filas.append(fila)
        with conexion.cursor() as cursor:
            cursor.executemany(sql, filas)


def _historial(modelo, objetos, usuario, motivo, ahora):
    """Registros «Creado» de django-simple-history para objetos recién insertados (ya con pk)."""
    fijos = {"history_date": ahora, "history_change_reason": motivo, "history_type": "+",
             "history_user_id": usuario.pk if usuario else None}

    def historicos():
        for objeto in objetos:
            historico = dict(objeto.__dict__)
            historico["id"] = objeto.pk
            yield historico

    _insertar(modelo.history.model, historicos(), **fijos)


def _en_lotes(valores, tamanio=500):
    valores = list(valores)
    for inicio in range(0, len(valores), tamanio):
        yield valores[inicio:inicio + tamanio]


def _crear_con_historial(equipos, usuario, motivo, ahora):
    """Inserta los equipos nuevos (executemany) y su historial de alta; devuelve los equipos con pk."""
    if not equipos:
        return []
    _insertar(Equipo, equipos, creado=ahora, actualizado=ahora)
    por_numero = {}
    for lote in _en_lotes(e.numero_inventario for e in equipos):
        por_numero.update(Equipo.objects.filter(numero_inventario__in=lote).values_list("numero_inventario", "pk"))
    for equipo in equipos:
        equipo.pk = por_numero[equipo.numero_inventario]
        equipo._state.adding = False
    _historial(Equipo, equipos, usuario, motivo, ahora)
    return equipos


def _crear_interfaces(interfaces, usuario, motivo, ahora):
    if not interfaces:
        return
    _insertar(InterfazRed, interfaces)
    por_clave = {}
    for lote in _en_lotes({i.equipo_id for i in interfaces}):
        for pk, equipo_id, mac, ip in InterfazRed.objects.filter(equipo_id__in=lote).values_list(
                "pk", "equipo_id", "mac", "ip"):
            por_clave[(equipo_id, mac, ip)] = pk
    for interfaz in interfaces:
        interfaz.pk = por_clave[(interfaz.equipo_id, interfaz.mac, interfaz.ip)]
    _historial(InterfazRed, interfaces, usuario, motivo, ahora)


def _referencias_usadas(planes):
    usados = {"modelo": set(), "dependencia": set(), "resguardante": set(), "ubicacion": set()}
    for plan in planes:
        for campo in usados:
            ref = plan.valores.get(campo)
            if ref and ref[0] == "nuevo":
                usados[campo].add(ref[1])
    return usados


def _crear_catalogos(analisis, usados, ids=None):
    """Crea solo los catálogos que usan las filas que se escriben y que no estén ya en `ids` (se llama por
    bloque). Devuelve `ids` completado: {campo: {clave: pk}}."""
    cat = analisis.catalogos
    ids = {"modelo": {}, "dependencia": {}, "resguardante": {}, "ubicacion": {}} if ids is None else ids
    for campo, claves in usados.items():
        claves.difference_update(ids[campo])
    # Dependencias (las de los resguardantes nuevos también cuentan).
    for clave in usados["resguardante"]:
        ref = cat["empleados"][clave]["dependencia"]
        if ref and ref[0] == "nuevo":
            usados["dependencia"].add(ref[1])
    usados["dependencia"].difference_update(ids["dependencia"])
    for clave in sorted(usados["dependencia"]):
        nombre = cat["dependencias"][clave]["nombre"][:150]
        dep, _ = Dependencia.objects.get_or_create(clave=clave_nombre(nombre), defaults={"nombre": nombre})
        ids["dependencia"][clave] = dep.pk
    for clave in sorted(usados["resguardante"]):
        datos = cat["empleados"][clave]
        ref = datos["dependencia"]
        dep_id = ref[1] if ref[0] == "id" else ids["dependencia"][ref[1]]
        nombre, apellidos = _dividir_nombre(datos["nombre"])
        empleado = Empleado(numero_empleado=datos["numero"], nombre=nombre[:120], apellidos=apellidos[:120],
                            dependencia_id=dep_id, puesto="")
        empleado.save()
        ids["resguardante"][clave] = empleado.pk
    marcas = {}
    for clave in sorted(usados["modelo"]):
        datos = cat["modelos"][clave]
        clave_marca = datos["marca"]
        if clave_marca not in marcas:
            existente = next((m for m in Marca.objects.all() if clave_nombre(m.nombre) == clave_marca), None)
            if existente is None:
                existente = Marca.objects.create(nombre=cat["marcas"][clave_marca]["nombre"][:80])
            marcas[clave_marca] = existente
        modelo, _ = Modelo.objects.get_or_create(marca=marcas[clave_marca], nombre=datos["nombre"][:120],
                                                 defaults={"tipo_id": datos["tipo_id"]})
        ids["modelo"][clave] = modelo.pk
    for clave in sorted(usados["ubicacion"]):
        datos = cat["ubicaciones"][clave]
        ubicacion, _ = Ubicacion.objects.get_or_create(**datos)
        ids["ubicacion"][clave] = ubicacion.pk
    return ids


def _asignar(equipo, valores, ids, motivo, hoy):
    for campo, valor in valores.items():
        if campo.startswith("_"):
            continue
        if campo in CAMPOS_FK:
            tipo_ref, ref = valor
            setattr(equipo, f"{campo}_id", ref if tipo_ref == "id" else ids[campo][ref])
        else:
            setattr(equipo, campo, valor)
    if valores.get("_baja") or (equipo.estado == Estado.BAJA and not equipo.motivo_baja):
        if not (equipo.motivo_baja or "").strip():
            equipo.motivo_baja = f"Baja registrada por {motivo.lower()}."
        equipo.fecha_baja = equipo.fecha_baja or hoy


# ------------------------------------------------------------------------------------------------
# Archivo de filas rechazadas
# ------------------------------------------------------------------------------------------------

def libro_rechazadas(resumen):
    """Un .xlsx con las filas rechazadas tal como venían, más una columna «error», por hoja."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    libro = Workbook()
    libro.remove(libro.active)
    por_hoja = {}
    for fila in resumen.get("filas_rechazadas", []):
        por_hoja.setdefault(fila["hoja"], []).append(fila)
    if not por_hoja:
        hoja = libro.create_sheet("Rechazadas")
        hoja.append(["No hay filas rechazadas."])
    encabezados = resumen.get("encabezados", {})
    for nombre, filas in por_hoja.items():
        hoja = libro.create_sheet(re.sub(r"[\[\]\*\?/\\:]", "_", nombre)[:31] or "Hoja")
        textos = list(encabezados.get(nombre) or [])
        ancho = max([len(textos)] + [len(f["valores"]) for f in filas])
        textos += [""] * (ancho - len(textos))
        hoja.append([*textos, "error", "fila original"])
        for celda in hoja[1]:
            celda.font = Font(bold=True)
        for fila in filas:
            valores = list(fila["valores"]) + [None] * (ancho - len(fila["valores"]))
            hoja.append([*valores, fila["error"], fila["fila"]])
            hoja.cell(row=hoja.max_row, column=ancho + 1).fill = PatternFill("solid", fgColor="FDE2E1")
        hoja.column_dimensions[hoja.cell(row=1, column=ancho + 1).column_letter].width = 60
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


# ------------------------------------------------------------------------------------------------
# Importaciones registradas (página y tareas)
# ------------------------------------------------------------------------------------------------

FILAS_EN_SEGUNDO_PLANO = 500


def _leer_importacion(importacion):
    if not importacion.archivo:
        raise ArchivoInvalido("Esta importación no tiene archivo.")
    with importacion.archivo.open("rb") as archivo:
        datos = archivo.read()
    return leer_libro(datos, importacion.archivo_nombre)


def _reportar(importacion, inicio=0, fin=100):
    def reportar(porcentaje):
        valor = inicio + (fin - inicio) * porcentaje // 100
        Importacion.objects.filter(pk=importacion.pk).update(progreso=valor, latido=timezone.now())
    return reportar


def _tomar(importacion, estado):
    """Marca la importación como de este proceso (inventario.trabajos) antes de trabajar en ella."""
    importacion.estado = estado
    importacion.progreso = 0
    importacion.error = ""
    importacion.proceso = trabajos.marca_proceso()
    importacion.latido = timezone.now()
    importacion.save(update_fields=["estado", "progreso", "error", "proceso", "latido", "opciones"])


def analizar_importacion(importacion):
    """Analiza el archivo de una importación y guarda la vista previa en su resumen."""
    _tomar(importacion, Importacion.Estado.ANALIZANDO)
    opciones = importacion.opciones or {}
    try:
        analisis = analizar(_leer_importacion(importacion), mapeo=opciones.get("mapeo"),
                            crear_catalogos=opciones.get("crear_catalogos", False),
                            progreso=_reportar(importacion), conservar_planes=False)
    except ArchivoInvalido as exc:
        importacion.estado = Importacion.Estado.FALLIDA
        importacion.error = str(exc)
        importacion.save(update_fields=["estado", "error"])
        return None
    importacion.resumen = analisis.resumen()
    importacion.estado = Importacion.Estado.ANALIZADA
    importacion.progreso = 100
    importacion.save(update_fields=["resumen", "estado", "progreso"])
    return analisis


def aplicar_importacion(importacion, usuario, *, solo_validas=False):
    """Vuelve a analizar el archivo (con los datos de este momento) y lo escribe todo o nada.

    Una sola pasada: los planes se escriben por bloques a medida que se analizan (memoria acotada). Todo ocurre
    dentro de la transacción, así que el avance se informa en la caché compartida (Importacion.progreso_visible),
    no en la base: nadie lo vería antes del COMMIT."""
    importacion.opciones = {**(importacion.opciones or {}), "solo_validas": bool(solo_validas)}
    _tomar(importacion, Importacion.Estado.APLICANDO)
    opciones = importacion.opciones
    crear = opciones.get("crear_catalogos", False)
    analisis = Analisis()

    def progreso(porcentaje):
        # Dentro de la transacción el latido tampoco se vería en la base: va a la caché, como el avance.
        cache.set_many({importacion.clave_progreso: porcentaje, importacion.clave_latido: timezone.now()}, 3600)

    try:
        importar(_leer_importacion(importacion), usuario, mapeo=opciones.get("mapeo"), solo_validas=solo_validas,
                 crear_catalogos=crear, importacion=importacion, analisis=analisis, progreso=progreso)
    except (ArchivoInvalido, ImportacionRechazada) as exc:
        if isinstance(exc, ImportacionRechazada):
            importacion.resumen = analisis.resumen()
        importacion.estado = Importacion.Estado.ANALIZADA
        importacion.error = str(exc)
        importacion.progreso = 100
        importacion.save(update_fields=["estado", "error", "progreso", "resumen"])
        return False
    return True


# Trabajadores muertos: recuperar y reintentar
# ------------------------------------------------------------------------------------------------

EN_PROCESO = (Importacion.Estado.PENDIENTE, Importacion.Estado.ANALIZANDO, Importacion.Estado.APLICANDO)


class NoReintentable(Exception):
    """La importación no se puede reintentar (mensaje en español para el usuario)."""


def _motivo_abandono(importacion):
    if importacion.estado == Importacion.Estado.PENDIENTE or not importacion.proceso:
        return ("Ningún trabajador de tareas tomó esta importación a tiempo (¿está detenido el cluster de tareas?). "
                "No se escribió nada; puede reintentarla.")
    paso = "aplicaba" if importacion.estado == Importacion.Estado.APLICANDO else "analizaba"
    return (f"El proceso que {paso} esta importación se detuvo (se reinició el servidor o el trabajador de tareas). "
            "No se escribió nada en el inventario; puede reintentarla.")


def recuperar_importaciones(ahora=None):
    """Marca como fallidas (y reintentables) las importaciones «en curso» cuyo proceso ya no existe.

    La escritura es una sola transacción: un proceso muerto no dejó nada a medias. El intento sube, así una
    tarea vieja que django-q2 vuelva a entregar no hace nada. Devuelve cuántas recuperó."""
    recuperadas = 0
    for importacion in Importacion.objects.filter(estado__in=EN_PROCESO).only(
            "pk", "estado", "proceso", "latido", "creado", "intento", "opciones"):
        latido = importacion.latido or importacion.creado
        if importacion.estado == Importacion.Estado.APLICANDO:
            en_cache = cache.get(importacion.clave_latido)
            latido = max(latido, en_cache) if en_cache else latido
        if not trabajos.abandonado(importacion.proceso, latido, ahora):
            continue
        paso = "aplicar" if importacion.estado == Importacion.Estado.APLICANDO else "analizar"
        recuperadas += Importacion.objects.filter(
            pk=importacion.pk, estado=importacion.estado, intento=importacion.intento,
        ).update(estado=Importacion.Estado.FALLIDA, error=_motivo_abandono(importacion), proceso="",
                 intento=models.F("intento") + 1, opciones={**(importacion.opciones or {}), "reanudar": paso})
    return recuperadas


def reintentar_importacion(importacion, usuario=None):
    """Vuelve a encolar el paso interrumpido (análisis o aplicación) de una importación recuperada."""
    from django_q.tasks import async_task

    if not importacion.reintentable:
        raise NoReintentable("Esta importación no se interrumpió: no hay nada que reintentar.")
    opciones = dict(importacion.opciones)
    paso = opciones.pop("reanudar")
    estado = Importacion.Estado.APLICANDO if paso == "aplicar" else Importacion.Estado.PENDIENTE
    intento = importacion.intento + 1
    tomada = Importacion.objects.filter(pk=importacion.pk, estado=Importacion.Estado.FALLIDA,
                                        intento=importacion.intento).update(
        estado=estado, error="", progreso=0, proceso="", latido=timezone.now(), intento=intento, opciones=opciones)
    if not tomada:
        raise NoReintentable("Otra persona ya reintentó esta importación.")
    importacion.refresh_from_db()
    if paso == "aplicar":
        async_task("inventario.tasks.aplicar_importacion", importacion.pk, getattr(usuario, "pk", None),
                   opciones.get("solo_validas", False), intento=intento,
                   task_name=f"Importación {importacion.pk} (reintento)")
    else:
        async_task("inventario.tasks.analizar_importacion", importacion.pk, intento=intento,
                   task_name=f"Importación {importacion.pk} (reintento)")
    return importacion
