"""Exportación de una lista de equipos a Excel (.xlsx) con las columnas de inventario.columnas.

Lo que se exporta se importa sin cambios (viaje redondo): mismos encabezados (fila 1, sin título encima), fechas
como fechas, costo como número, textos tal cual.

Reglas de las celdas
--------------------
* Una fila por equipo, columnas de ``COLUMNAS`` en su orden; un dato vacío es una celda vacía.
* Estado y condición se escriben con su etiqueta («En reparación», «Bueno»), como los muestra la página.
* «Fecha de adquisición» y «Fin de garantía»: celdas de fecha con formato ``DD/MM/YYYY``.
* «Costo»: número (Decimal exacto) con formato ``"$"#,##0.00``.
* «Dirección MAC» y «Dirección IP»: las interfaces del equipo en orden de id, separadas por
  ``SEPARADOR_MULTIPLE`` («; »). Las dos columnas van **alineadas por posición**: la i-ésima MAC y la i-ésima IP
  son de la misma interfaz. Si a una interfaz le falta la MAC o la IP, su posición queda vacía
  (p. ej. MAC ``aa:…; bb:…`` con IP ``; 10.0.0.7`` → la primera interfaz no tiene IP); las posiciones vacías al
  final se omiten (MAC ``aa:…; bb:…`` con IP ``10.0.0.5`` → la segunda no tiene IP). Al importar: partir por «;»,
  quitar espacios y conservar las posiciones vacías.
* Un texto que empieza con «=» se escribe como texto, nunca como fórmula. Se quitan los caracteres de control
  que XML no admite y un texto de más de 32,767 caracteres (límite de Excel) se recorta.

Rendimiento: ``openpyxl.Workbook(write_only=True)`` (cada hoja se escribe en un archivo temporal, fila por fila)
y el queryset se recorre como tuplas (``values_list``) con ``iterator(chunk_size=2000)``; las interfaces de cada
bloque de 2,000 equipos se traen con una sola consulta. La memoria no crece con el número de filas.
"""
from __future__ import annotations

import contextlib
import os
import re
from collections import defaultdict
from itertools import islice

from django.http import QueryDict
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .choices import Condicion, Estado
from .columnas import COLUMNAS, SEPARADOR_MULTIPLE
from .models import Equipo, InterfazRed

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAMANO_BLOQUE = 2000
FORMATO_FECHA = "DD/MM/YYYY"
FORMATO_COSTO = '"$"#,##0.00'
HOJA_UNICA = "Equipos"
MAX_TEXTO_CELDA = 32767
MAX_TITULO_HOJA = 31

_ESTADOS = dict(Estado.choices)
_CONDICIONES = dict(Condicion.choices)
_INDICE = {c.clave: i for i, c in enumerate(COLUMNAS)}
_COLUMNAS_FECHA = (_INDICE["fecha_adquisicion"], _INDICE["garantia_hasta"])
_COLUMNA_COSTO = _INDICE["costo"]
_ULTIMA_COLUMNA = get_column_letter(len(COLUMNAS))
_CARACTERES_TITULO_PROHIBIDOS = re.compile(r"[\[\]:*?/\\]")


class _TextoLiteral(str):
    """Texto que openpyxl tomaría por fórmula (empieza con «=»): se escribe forzado como texto."""


def _texto(valor):
    if not valor:
        return None
    if ILLEGAL_CHARACTERS_RE.search(valor):
        valor = ILLEGAL_CHARACTERS_RE.sub("", valor)
    if len(valor) > MAX_TEXTO_CELDA:
        valor = valor[:MAX_TEXTO_CELDA]
    if valor[:1] == "=" and len(valor) > 1:
        return _TextoLiteral(valor)
    return valor or None


def _unir_alineado(valores):
    """Une por posición; quita solo las posiciones vacías del final (ver el docstring del módulo)."""
    while valores and not valores[-1]:
        valores.pop()
    return SEPARADOR_MULTIPLE.join(valores) or None


# Columnas leídas con values_list (tuplas, sin instancias de modelo: 6 veces más rápido que select_related con
# 20,000 equipos); _fila las convierte a los valores de COLUMNAS.
_CAMPOS = (
    "pk", "tipo_id", "numero_inventario", "tipo__nombre", "modelo__marca__nombre", "modelo__nombre", "numero_serie",
    "estado", "condicion", "dependencia__nombre", "ubicacion__edificio", "ubicacion__piso", "ubicacion__oficina",
    "resguardante__nombre", "resguardante__apellidos", "resguardante__numero_empleado", "fecha_adquisicion",
    "costo", "proveedor", "factura", "garantia_hasta", "procesador", "ram_gb", "almacenamiento_gb",
    "sistema_operativo", "hostname", "notas",
)


def _fila(registro, interfaces):
    """Los valores de la fila de un equipo, en el orden de COLUMNAS (fechas y costo sin formato todavía).

    `registro` es una tupla de _CAMPOS; `interfaces`, las (mac, ip) del equipo en orden de id.
    Ubicación y resguardante se arman igual que Ubicacion.__str__ y Empleado.nombre_completo.
    """
    (_pk, _tipo_id, inventario, tipo, marca, modelo, serie, estado, condicion, dependencia, edificio, piso, oficina,
     nombre, apellidos, numero_empleado, adquisicion, costo, proveedor, factura, garantia, procesador, ram,
     almacenamiento, sistema, hostname, notas) = registro
    if interfaces:
        macs = _unir_alineado([mac or "" for mac, _ip in interfaces])
        ips = _unir_alineado([ip or "" for _mac, ip in interfaces])
    else:
        macs = ips = None
    ubicacion = " / ".join(p for p in (edificio, piso, oficina) if p) if edificio is not None else None
    resguardante = f"{nombre} {apellidos}".strip() if nombre is not None else None
    return [
        inventario,
        tipo,
        marca,
        _texto(modelo),
        _texto(serie),
        _ESTADOS.get(estado, estado),
        _CONDICIONES.get(condicion, condicion),
        dependencia,
        _texto(ubicacion),
        _texto(resguardante),
        numero_empleado,
        adquisicion,
        costo,
        _texto(proveedor),
        _texto(factura),
        garantia,
        _texto(procesador),
        ram,
        almacenamiento,
        _texto(sistema),
        _texto(hostname),
        macs,
        ips,
        _texto(notas),
    ]


class _Hoja:
    """Una hoja en modo write-only: encabezado, anchos, panel fijo y autofiltro al cerrar."""

    def __init__(self, libro, titulo):
        self.ws = libro.create_sheet(title=titulo)
        self.filas = 0
        ws = self.ws
        # En modo write-only los anchos y la vista se escriben con la primera fila: van antes de append().
        for numero, columna in enumerate(COLUMNAS, 1):
            ws.column_dimensions[get_column_letter(numero)].width = columna.ancho
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        negrita = Font(bold=True)
        encabezado = []
        for columna in COLUMNAS:
            celda = WriteOnlyCell(ws, value=columna.encabezado)
            celda.font = negrita
            encabezado.append(celda)
        ws.append(encabezado)
        # Celdas con formato reutilizables: openpyxl escribe cada fila al recibirla, así que basta cambiarles el
        # valor (crear una celda con estilo por fecha/costo costaría el doble).
        self.fechas = {i: self._celda(FORMATO_FECHA) for i in _COLUMNAS_FECHA}
        self.costo = self._celda(FORMATO_COSTO)

    def _celda(self, formato):
        celda = WriteOnlyCell(self.ws)
        celda.number_format = formato
        return celda

    def agregar(self, valores):
        for i, celda in self.fechas.items():
            if valores[i] is not None:
                celda.value = valores[i]
                valores[i] = celda
        if valores[_COLUMNA_COSTO] is not None:
            self.costo.value = valores[_COLUMNA_COSTO]
            valores[_COLUMNA_COSTO] = self.costo
        for i, valor in enumerate(valores):
            if type(valor) is _TextoLiteral:
                celda = WriteOnlyCell(self.ws, value=str(valor))
                celda.data_type = "s"
                valores[i] = celda
        self.ws.append(valores)
        self.filas += 1

    def cerrar(self):
        # El autofiltro se escribe al final de la hoja (write_tail): se puede fijar ya conocido el total.
        self.ws.auto_filter.ref = f"A1:{_ULTIMA_COLUMNA}{self.filas + 1}"


def titulo_hoja(nombre, usados):
    """Título válido y único para Excel: sin []:*?/\\, a lo más 31 caracteres, sin «'» en los extremos."""
    base = _CARACTERES_TITULO_PROHIBIDOS.sub(" ", nombre or "").strip().strip("'").strip() or "Sin tipo"
    base = base[:MAX_TITULO_HOJA].strip()
    titulo, n = base, 1
    while titulo.lower() in usados or titulo.lower() == "history":  # «History» está reservado en Excel
        n += 1
        sufijo = f" ({n})"
        titulo = base[: MAX_TITULO_HOJA - len(sufijo)].rstrip() + sufijo
    usados.add(titulo.lower())
    return titulo


def preparar_consulta(queryset, por_tipo=False):
    """Las tuplas de _CAMPOS del queryset (con el orden por tipo primero si por_tipo)."""
    if por_tipo:
        orden = tuple(queryset.query.order_by) or tuple(Equipo._meta.ordering)
        queryset = queryset.order_by("tipo__nombre", "tipo_id", *orden)
    return queryset.values_list(*_CAMPOS)


def registros_con_interfaces(queryset, por_tipo=False, tamano=None):
    """Recorre (registro, interfaces) por bloques: una consulta de equipos y una de interfaces por bloque.

    Nunca hay más de un bloque en memoria (el cursor de equipos se lee por partes con iterator()).
    """
    tamano = tamano or TAMANO_BLOQUE
    registros = preparar_consulta(queryset, por_tipo).iterator(chunk_size=tamano)
    while bloque := list(islice(registros, tamano)):
        por_equipo = defaultdict(list)
        interfaces = (
            InterfazRed.objects.filter(equipo_id__in=[r[0] for r in bloque])
            .order_by("equipo_id", "id").values_list("equipo_id", "mac", "ip")
        )
        for equipo_id, mac, ip in interfaces:
            por_equipo[equipo_id].append((mac, ip))
        for registro in bloque:
            yield registro, por_equipo.get(registro[0])
        del bloque, por_equipo  # que el bloque anterior no siga vivo mientras se lee el siguiente


def escribir_xlsx(queryset, destino, por_tipo=False, progreso=None):
    """Escribe los equipos del queryset en `destino` (ruta o archivo binario) y devuelve las filas escritas.

    por_tipo=True: una hoja por tipo de equipo (por nombre de tipo; dentro de cada hoja, el orden del queryset).
    progreso: función opcional llamada con el número de filas escritas después de cada bloque.
    """
    libro = Workbook(write_only=True)
    try:
        return _escribir_libro(libro, queryset, destino, por_tipo, progreso)
    except BaseException:
        _borrar_temporales(libro)  # p. ej. disco lleno: openpyxl dejaría sus XML temporales hasta salir
        raise


def _borrar_temporales(libro):
    from openpyxl.worksheet import _writer

    for ws in libro.worksheets:
        escritor = getattr(ws, "_writer", None)
        for generador in (getattr(ws, "_rows", None), getattr(escritor, "xf", None)):
            with contextlib.suppress(Exception):  # cerrarlos ahora y no en el recolector de basura
                generador.close()
        ruta = getattr(escritor, "out", None)
        if isinstance(ruta, str):
            with contextlib.suppress(OSError):
                os.remove(ruta)
            with contextlib.suppress(ValueError):
                _writer.ALL_TEMP_FILES.remove(ruta)


def _escribir_libro(libro, queryset, destino, por_tipo, progreso):
    usados = set()
    hoja = None
    tipo_actual = None
    total = 0
    for registro, interfaces in registros_con_interfaces(queryset, por_tipo):
        if hoja is None or (por_tipo and registro[1] != tipo_actual):
            if hoja is not None:
                hoja.cerrar()
            titulo = titulo_hoja(registro[3], usados) if por_tipo else HOJA_UNICA
            hoja, tipo_actual = _Hoja(libro, titulo), registro[1]
        hoja.agregar(_fila(registro, interfaces))
        total += 1
        if progreso is not None and total % TAMANO_BLOQUE == 0:
            progreso(total)
    if hoja is None:  # sin resultados: una hoja con el encabezado, para que el archivo se abra y se importe
        hoja = _Hoja(libro, HOJA_UNICA)
    hoja.cerrar()
    libro.save(destino)
    if progreso is not None:
        progreso(total)
    return total


def consulta_de_parametros(parametros):
    """El queryset de la lista de equipos para unos parámetros GET (filtros de EquipoFilter + «orden»).

    Los mismos filtros y orden que la página (inventario.views.lista): un valor inválido se ignora como allí.
    `parametros` es un QueryDict o un dict de listas (lo que se guarda para la tarea en segundo plano).
    """
    from .filters import EquipoFilter, ordenar

    if not isinstance(parametros, QueryDict):
        datos = QueryDict(mutable=True)
        for clave, valores in parametros.items():
            datos.setlist(clave, valores if isinstance(valores, list | tuple) else [valores])
        parametros = datos
    filtro = EquipoFilter(parametros, queryset=Equipo.objects.all())
    consulta, _orden = ordenar(filtro.qs, parametros.get("orden", "inventario"))
    return consulta
