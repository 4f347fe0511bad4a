"""Libros .xlsx de los reportes (openpyxl): encabezado en negritas, panel fijo, anchos y gráficas nativas."""
import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NEGRITAS = Font(bold=True, color="FFFFFF")
RELLENO = PatternFill("solid", fgColor="1F4E79")


def hoja(libro, titulo, columnas, filas, encabezado=()):
    """Agrega una hoja: líneas de ``encabezado`` (texto), luego la tabla. ``columnas`` = [(clave, título)]."""
    ws = libro.create_sheet(titulo[:31])
    for linea in encabezado:
        ws.append([linea])
    if encabezado:
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([])
    fila_titulos = ws.max_row + 1 if encabezado else 1
    ws.append([t for _, t in columnas])
    for celda in ws[fila_titulos]:
        celda.font, celda.fill = NEGRITAS, RELLENO
    for fila in filas:
        ws.append([fila.get(c) for c, _ in columnas])
    ws.freeze_panes = ws.cell(row=fila_titulos + 1, column=1)
    for i, (_, t) in enumerate(columnas, start=1):
        largo = max([len(t), *(len(str(f.get(columnas[i - 1][0]) or "")) for f in filas)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(largo + 2, 10), 60)
    return ws, fila_titulos


def grafica_barras(ws, fila_titulos, n_filas, columna_valor, titulo, ancla, columnas=1):
    if not n_filas:
        return
    grafica = BarChart()
    grafica.title = titulo
    if columnas == 1:
        grafica.legend = None
    datos = Reference(ws, min_col=columna_valor, max_col=columna_valor + columnas - 1, min_row=fila_titulos,
                      max_row=fila_titulos + n_filas)
    categorias = Reference(ws, min_col=1, min_row=fila_titulos + 1, max_row=fila_titulos + n_filas)
    grafica.add_data(datos, titles_from_data=True)
    grafica.set_categories(categorias)
    ws.add_chart(grafica, ancla)


def a_bytes(libro):
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def libro_nuevo():
    libro = Workbook()
    libro.remove(libro.active)
    return libro
