"""Libros de Excel de prueba para la importación: uno «municipal» con todas sus mañas y defectos sembrados."""
import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook

from inventario.columnas import COLUMNAS, SEPARADOR_MULTIPLE


def a_bytes(libro):
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def con_valores_de_formulas(datos, valores):
    """openpyxl no calcula fórmulas: escribe en el XML el valor en caché que guardaría Excel."""
    entrada = zipfile.ZipFile(io.BytesIO(datos))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as nuevo:
        for item in entrada.infolist():
            contenido = entrada.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                texto = contenido.decode()
                for formula, valor in valores.items():
                    texto = texto.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{valor}</v>")
                contenido = texto.encode()
            nuevo.writestr(item, contenido)
    return salida.getvalue()


def con_dimension(datos, referencia):
    """Cambia la dimensión declarada de la primera hoja (p. ej. «A1:B1000000»)."""
    entrada = zipfile.ZipFile(io.BytesIO(datos))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as nuevo:
        for item in entrada.infolist():
            contenido = entrada.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                contenido = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{referencia}"'.encode(), contenido)
            nuevo.writestr(item, contenido)
    return salida.getvalue()


# Filas (hoja, fila como la muestra Excel) con un defecto sembrado en el libro municipal.
DEFECTOS = {
    ("Cómputo", 10): "repetido",
    ("Cómputo", 11): "Fecha imposible",
    ("Cómputo", 12): "no puede ser negativo",
    ("Cómputo", 13): "Estado desconocido",
    ("Cómputo", 14): "ya está registrada en el equipo OCO-9999",
    ("Impresoras", 6): "Tipo de equipo desconocido",
}
# Filas que solo son válidas si se autoriza crear dependencias/resguardantes.
NECESITAN_CATALOGO = {("Impresoras", 5), ("Red", 3)}


def libro_municipal():
    """Tres hojas como las del municipio: títulos combinados, encabezados con acentos y abreviaturas,
    dependencias escritas de varias formas, fechas de tres clases, costos como texto, filas vacías,
    fila de totales, fórmulas; y defectos sembrados (ver DEFECTOS)."""
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Cómputo"
    hoja["A1"] = "H. AYUNTAMIENTO DE OCOTLÁN, JALISCO"
    hoja.merge_cells("A1:N1")
    hoja["A2"] = "Inventario de equipo de cómputo — Dirección de Informática"
    hoja.merge_cells("A2:N2")
    hoja.append([])  # fila 3 vacía
    hoja.append(["No. Inventario", "Tipo de equipo", "Marca", "Modelo", "No. de Serie", "ESTADO", "Área",
                 "Resguardante", "Fecha de adquisición", "Costo", "RAM", "Disco Duro", "Dirección MAC",
                 "Área / Ubicación", "Observaciones del técnico"])  # fila 4
    hoja.append(["OCO-0001", "CPU", "HP", "ProDesk 400 G7", "MXL0000001", "MALO", "Dirección de Informática",
                 "María Pérez López", datetime(2020, 5, 4), 15000, 8, 256, None, None, "Se cambió fuente"])  # 5
    hoja.append(["oco-0002", "CPU", "Dell", "OptiPlex 3080", "S/N", "BUENO", "DIRECCION DE INFORMATICA",
                 "maria perez lopez", datetime(2021, 1, 15), 12500, "8GB", "500 GB", "AA-BB-CC-00-11-22",
                 "Presidencia Municipal / Planta alta / Sistemas", None])  # 6
    hoja.append([])  # 7 fila separadora
    hoja.append(["OCO-0003", "PC Escritorio", "Dell", "OptiPlex 3080", "ABC123", "Regular",
                 "  dirección de   informática ", "MARÍA PÉREZ LÓPEZ", "15/03/2021", "$12,500.00", "8 GB", "1TB",
                 "aabb.cc00.1133", None, None])  # 8
    hoja.append(["OCO-0004", "Equipo de cómputo", "Lenovo", "ThinkCentre M70", "PF12345", "Activo",
                 "Direccion de Informatica", None, 2019, "=10000+2500", "16", None, None, None, None])  # 9
    hoja.append(["OCO-0002", "CPU", "HP", "X", "DUP1", "BUENO", "Dirección de Informática", None,
                 None, None, None, None, None, None, None])  # 10 repetido
    hoja.append(["OCO-0005", "CPU", "HP", "X", "ZZ1", "BUENO", "Dirección de Informática", None,
                 "31/02/2020", None, None, None, None, None, None])  # 11 fecha imposible
    hoja.append(["OCO-0006", "CPU", "HP", "X", "ZZ2", "BUENO", "Dirección de Informática", None,
                 None, "-500", None, None, None, None, None])  # 12 costo negativo
    hoja.append(["OCO-0007", "CPU", "HP", "X", "ZZ3", "PERDIDO", "Dirección de Informática", None,
                 None, None, None, None, None, None, None])  # 13 estado desconocido
    hoja.append(["OCO-0008", "CPU", "HP", "X", "ZZ4", "BUENO", "Dirección de Informática", None,
                 None, None, None, None, "00-11-22-33-44-55", None, None])  # 14 MAC de otro equipo
    hoja.append([None, None, None, None, None, None, None, None, "TOTAL", "=SUM(J5:J14)", None, None, None, None,
                 None])  # 15 totales

    impresoras = libro.create_sheet("Impresoras")
    impresoras["A1"] = "PADRÓN DE IMPRESORAS"
    impresoras.merge_cells("A1:J1")
    impresoras.append([])
    impresoras.append(["Núm. Inventario", "Descripción", "Fabricante", "Mod.", "N/S", "Estatus", "Departamento",
                       "Responsable", "Año", "Valor"])  # 3
    impresoras.append(["OCO-0100", "Impresora", "Brother", "HL-L2350", "E12345", "BAJA", "Tesorería Municipal",
                       "María Pérez López", 2016, 3500])  # 4
    impresoras.append(["OCO-0101", "Impresora láser", "HP", "LaserJet M404", "VNB3K1", "Bueno",
                       "TESORERIA MUNICIPAL", "Juan Nuevo Empleado", "2022", "$4,200.50"])  # 5 resguardante nuevo
    impresoras.append(["OCO-0102", "Cafetera", "Oster", "X", "ZZ5", "Bueno", "Tesorería Municipal", None,
                       None, None])  # 6 tipo desconocido

    red = libro.create_sheet("Red")
    red.append(["No. Inv.", "Tipo", "Marca", "Modelo", "Dirección MAC", "Dirección IP", "Dependencia"])  # 1
    red.append(["OCO-0200", "Switch", "Cisco", "SG350-28", "00:1A:2B:3C:4D:5E", "192.168.10.2",
                "Dirección de Informática"])  # 2
    red.append(["OCO-0201", "Access point", "Ubiquiti", "U6-Lite", "001A2B3C4D5F; 001A2B3C4D60",
                "192.168.10.3", "Seguridad Pública"])  # 3 dependencia nueva
    libro.create_sheet("Notas")  # hoja vacía
    return con_valores_de_formulas(a_bytes(libro), {"10000+2500": 12500, "SUM(J5:J14)": 67500})


def libro_exportado(equipos):
    """Un libro con la forma exacta de la exportación: encabezados canónicos, una fila por equipo."""
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Inventario"
    hoja.append([c.encabezado for c in COLUMNAS])
    for e in equipos:
        interfaces = list(e.interfaces.all())
        valores = {
            "numero_inventario": e.numero_inventario,
            "tipo": e.tipo.nombre,
            "marca": e.modelo.marca.nombre if e.modelo else None,
            "modelo": e.modelo.nombre if e.modelo else None,
            "numero_serie": e.numero_serie or None,
            "estado": e.get_estado_display(),
            "condicion": e.get_condicion_display(),
            "dependencia": e.dependencia.nombre,
            "ubicacion": str(e.ubicacion) if e.ubicacion else None,
            "resguardante": e.resguardante.nombre_completo if e.resguardante else None,
            "numero_empleado": e.resguardante.numero_empleado if e.resguardante else None,
            "fecha_adquisicion": e.fecha_adquisicion,
            "costo": float(e.costo) if e.costo is not None else None,
            "proveedor": e.proveedor or None,
            "factura": e.factura or None,
            "garantia_hasta": e.garantia_hasta,
            "procesador": e.procesador or None,
            "ram_gb": e.ram_gb,
            "almacenamiento_gb": e.almacenamiento_gb,
            "sistema_operativo": e.sistema_operativo or None,
            "hostname": e.hostname or None,
            "mac": SEPARADOR_MULTIPLE.join(i.mac for i in interfaces if i.mac) or None,
            "ip": SEPARADOR_MULTIPLE.join(i.ip for i in interfaces if i.ip) or None,
            "notas": e.notas or None,
        }
        hoja.append([valores[c.clave] for c in COLUMNAS])
    return a_bytes(libro)


def crear_municipio():
    """Lo que el libro municipal espera encontrar: dependencias, la resguardante y dos equipos ya registrados."""
    from datetime import date
    from decimal import Decimal

    from inventario.choices import Condicion
    from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, InterfazRedFactory, ModeloFactory

    informatica = DependenciaFactory(nombre="Dirección de Informática")
    DependenciaFactory(nombre="Tesorería Municipal")
    maria = EmpleadoFactory(nombre="María", apellidos="Pérez López", numero_empleado="E-100", dependencia=informatica)
    existente = EquipoFactory(
        numero_inventario="OCO-0001", modelo=ModeloFactory(nombre="ProDesk 400 G7"), numero_serie="MXL0000001",
        dependencia=informatica, resguardante=maria, fecha_adquisicion=date(2020, 5, 4), costo=Decimal("15000"),
        ram_gb=8, almacenamiento_gb=256, condicion=Condicion.BUENO, hostname="",
    )
    otro = EquipoFactory(numero_inventario="OCO-9999")
    InterfazRedFactory(equipo=otro, mac="00:11:22:33:44:55")
    return {"informatica": informatica, "maria": maria, "existente": existente}
