"""Libros .xlsx del tablero y de transparencia, reabiertos con openpyxl y revisados celda por celda."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .datos import NOMBRE_QUEJOSO, crear

pytestmark = pytest.mark.django_db


@pytest.fixture
def d():
    return crear()


def _libro(respuesta):
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(respuesta.content))


def _tabla(ws):
    """Filas desde la de títulos (la primera con la celda A en negritas y relleno)."""
    filas = [list(f) for f in ws.iter_rows(values_only=True)]
    inicio = next(i for i, f in enumerate(filas) if f[0] in ("Indicador", "Servicio", "Dependencia"))
    return filas[inicio:]


def _tabla_mes(ws):
    filas = [list(f) for f in ws.iter_rows(values_only=True)]
    return filas[next(i for i, f in enumerate(filas) if f[0] == "Mes"):]


def test_xlsx_del_tablero(cliente_con_rol, d):
    r = cliente_con_rol("director").get(reverse("reportes:tablero_xlsx"), {"desde": "2026-03-01",
                                                                           "hasta": "2026-03-31"})
    libro = _libro(r)
    assert libro.sheetnames == ["Resumen", "Compromisos", "Por dependencia", "Tendencia"]
    assert _tabla_mes(libro["Tendencia"]) == [["Mes", "Recibidas", "Resueltas", "Compromisos cumplidos (%)"],
                                              ["2026-03", 3, 3, 75]]
    assert len(libro["Tendencia"]._charts) == 1
    resumen = libro["Resumen"]
    assert "Periodo: 01/03/2026 a 31/03/2026" in resumen["A2"].value
    tabla = _tabla(resumen)
    assert tabla[0] == ["Indicador", "Valor", "Detalle"]
    assert tabla[1] == ["Cumplimiento de mantenimiento preventivo (%)", 33.3, "1 a tiempo de 3"]
    assert tabla[4][1] == 75 and tabla[5][1] == 270 and tabla[7][1] == 66.7 and tabla[8][1] == 3.5
    assert tabla[6][0] == "Reapertura (%)" and tabla[6][1] is None  # sin resoluciones en la bitácora
    compromisos = {f[0]: f for f in _tabla(libro["Compromisos"])}
    assert compromisos["Soporte técnico"][1:] == [2, 1, 50, 2, 0, 100]
    dependencias = {f[0]: f for f in _tabla(libro["Por dependencia"])}
    assert dependencias["Dependencia A"][1:] == [2, 4, 50]
    assert dependencias["Dependencia B"][1:] == [1, 3, 33.3]
    assert len(libro["Por dependencia"]._charts) == 1


def test_xlsx_del_tablero_filtros_invalidos(cliente_con_rol, db):
    r = cliente_con_rol("director").get(reverse("reportes:tablero_xlsx"), {"desde": "2026-13-01"})
    assert r.status_code == 400 and "Filtros inválidos" in r.content.decode()


def test_xlsx_de_transparencia(client, d):
    libro = _libro(client.get(reverse("transparencia:xlsx"), {"anio": 2026}))
    tabla = _tabla(libro.worksheets[0])
    assert tabla[0][:3] == ["Servicio", "Año", "Mes"]
    marzo = next(f for f in tabla if f[0] == "Soporte técnico" and f[2] == 3)
    assert marzo == ["Soporte técnico", 2026, 3, 3, 2, 4, 3, 75, 2, 1, 2, 3.5]
    textos = " ".join(str(c) for f in libro.worksheets[0].iter_rows(values_only=True) for c in f)
    assert NOMBRE_QUEJOSO not in textos and d["s1"].folio not in textos
