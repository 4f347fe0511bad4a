"""Exportación de la lista de equipos a Excel: formato del archivo, filtros, hojas por tipo, consultas y tarea."""
import io
import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from inventario import tasks_exportacion, views_exportacion
from inventario.choices import Estado
from inventario.columnas import COLUMNAS, SEPARADOR_MULTIPLE
from inventario.exportacion import CONTENT_TYPE, escribir_xlsx, titulo_hoja
from inventario.models import Equipo
from tests.factories import (
    DependenciaFactory,
    EquipoFactory,
    InterfazRedFactory,
    UbicacionFactory,
    tipo,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db
EXPORTAR = reverse("inventario:exportar")
ENCABEZADOS = [c.encabezado for c in COLUMNAS]
COL = {c.clave: i for i, c in enumerate(COLUMNAS)}


@pytest.fixture(autouse=True)
def exportaciones_en_tmp(settings, tmp_path):
    settings.SIGMA_EXPORTACIONES_DIR = tmp_path / "exportaciones"
    return settings.SIGMA_EXPORTACIONES_DIR


def _libro(respuesta):
    contenido = b"".join(respuesta.streaming_content)
    return load_workbook(io.BytesIO(contenido))


def _filas(hoja):
    return [list(f) for f in hoja.iter_rows(min_row=2, values_only=True)]


def _equipo_completo():
    equipo = EquipoFactory(
        numero_inventario="OCO-2021-00001", numero_serie="MXL0001", estado=Estado.EN_REPARACION,
        condicion="regular", ubicacion=UbicacionFactory(oficina="Sistemas"),
        fecha_adquisicion=date(2021, 3, 15), costo=Decimal("18499.90"), proveedor="=Computación del Bajío",
        factura="A-1234", garantia_hasta=date(2024, 3, 15), procesador="Intel Core i5-10500", ram_gb=16,
        almacenamiento_gb=512, hostname="oco-pc0001", notas="Línea 1\nLínea 2",
    )
    InterfazRedFactory(equipo=equipo, mac="3c:d9:2b:00:00:01", ip=None, nombre="Wi-Fi")
    InterfazRedFactory(equipo=equipo, mac="3c:d9:2b:00:00:02", ip="192.168.10.20")
    InterfazRedFactory(equipo=equipo, mac="3c:d9:2b:00:00:03", ip=None)
    return equipo


def test_formato_del_archivo(admin_client_sigma):
    equipo = _equipo_completo()
    EquipoFactory(numero_inventario="OCO-2021-00002", modelo=None, resguardante=None)

    respuesta = admin_client_sigma.get(EXPORTAR)

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == CONTENT_TYPE
    assert respuesta["Content-Disposition"].startswith('attachment; filename="inventario-')
    libro = _libro(respuesta)
    assert libro.sheetnames == ["Equipos"]
    hoja = libro["Equipos"]
    assert [c.value for c in hoja[1]] == ENCABEZADOS
    assert all(c.font.b for c in hoja[1])
    assert hoja.freeze_panes == "A2"
    assert hoja.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNAS))}3"
    for numero, columna in enumerate(COLUMNAS, 1):
        assert hoja.column_dimensions[get_column_letter(numero)].width == columna.ancho

    fila = hoja[2]
    valores = {c.clave: fila[i].value for i, c in enumerate(COLUMNAS)}
    assert valores["numero_inventario"] == "OCO-2021-00001"
    assert valores["tipo"] == "PC de escritorio"
    assert valores["marca"] == equipo.modelo.marca.nombre and valores["modelo"] == equipo.modelo.nombre
    assert valores["estado"] == "En reparación" and valores["condicion"] == "Regular"
    assert valores["dependencia"] == equipo.dependencia.nombre
    assert valores["ubicacion"] == str(equipo.ubicacion)
    assert valores["resguardante"] == equipo.resguardante.nombre_completo
    assert valores["numero_empleado"] == equipo.resguardante.numero_empleado
    for clave, esperado in (("fecha_adquisicion", datetime(2021, 3, 15)), ("garantia_hasta", datetime(2024, 3, 15))):
        celda = fila[COL[clave]]
        assert celda.is_date and celda.value == esperado and celda.number_format == "DD/MM/YYYY"
    costo = fila[COL["costo"]]
    assert costo.data_type == "n" and costo.value == pytest.approx(18499.90)
    assert costo.number_format == '"$"#,##0.00'
    assert fila[COL["ram_gb"]].value == 16 and fila[COL["almacenamiento_gb"]].value == 512
    # MAC e IP alineadas por interfaz: la primera no tiene IP, la tercera tampoco (posición final omitida).
    assert valores["mac"] == SEPARADOR_MULTIPLE.join(["3c:d9:2b:00:00:01", "3c:d9:2b:00:00:02", "3c:d9:2b:00:00:03"])
    assert valores["ip"] == SEPARADOR_MULTIPLE.join(["", "192.168.10.20"])
    # Un texto con «=» al inicio es texto, no fórmula; los saltos de línea se conservan.
    assert fila[COL["proveedor"]].data_type == "s" and valores["proveedor"] == "=Computación del Bajío"
    assert valores["notas"] == "Línea 1\nLínea 2"

    vacia = {c.clave: hoja[3][i].value for i, c in enumerate(COLUMNAS)}
    for clave in ("marca", "modelo", "ubicacion", "resguardante", "numero_empleado", "fecha_adquisicion", "costo",
                  "mac", "ip", "notas"):
        assert vacia[clave] is None, clave


def test_mac_como_se_guarda_normalizada():
    """Las MAC se exportan como están guardadas (normalizadas por InterfazRed.save)."""
    equipo = EquipoFactory()
    interfaz = InterfazRedFactory(equipo=equipo, mac="3c-d9-2b-00-00-09", ip="10.0.0.9")
    destino = io.BytesIO()
    assert escribir_xlsx(Equipo.objects.all(), destino) == 1
    hoja = load_workbook(destino)["Equipos"]
    assert hoja.cell(2, COL["mac"] + 1).value == interfaz.mac


def test_filtros_y_orden_de_la_lista(admin_client_sigma):
    dep_a, dep_b = DependenciaFactory(nombre="Tesorería"), DependenciaFactory(nombre="Catastro")
    for i in range(3):
        EquipoFactory(numero_inventario=f"A-{i}", dependencia=dep_a)
    for i in range(2):
        EquipoFactory(numero_inventario=f"B-{i}", dependencia=dep_b)

    hoja = _libro(admin_client_sigma.get(EXPORTAR, {"dependencia": dep_a.pk, "orden": "-inventario"}))["Equipos"]

    filas = _filas(hoja)
    assert [f[COL["numero_inventario"]] for f in filas] == ["A-2", "A-1", "A-0"]
    assert {f[COL["dependencia"]] for f in filas} == {"Tesorería"}
    assert hoja.auto_filter.ref.endswith("4")


def test_parametros_invalidos_se_ignoran_como_en_la_lista(cliente_con_rol):
    EquipoFactory.create_batch(2)
    respuesta = cliente_con_rol("mesa").get(EXPORTAR, {"dependencia": "abc", "orden": "zzz", "edad": "x"})
    assert respuesta.status_code == 200
    assert len(_filas(_libro(respuesta)["Equipos"])) == 2


def test_sin_resultados_da_un_archivo_con_encabezado(cliente_con_rol):
    respuesta = cliente_con_rol("director").get(EXPORTAR, {"q": "no-existe-nada"})
    hoja = _libro(respuesta)["Equipos"]
    assert [c.value for c in hoja[1]] == ENCABEZADOS and hoja.max_row == 1


def test_una_hoja_por_tipo(admin_client_sigma):
    EquipoFactory.create_batch(3)
    laptop = tipo("Laptop")
    EquipoFactory.create_batch(2, tipo=laptop, modelo__tipo=laptop, modelo__nombre="ThinkPad E14")
    impresora = tipo("Impresora")
    EquipoFactory(tipo=impresora, modelo=None)

    libro = _libro(admin_client_sigma.get(EXPORTAR, {"por_tipo": "1"}))

    assert libro.sheetnames == ["Impresora", "Laptop", "PC de escritorio"]
    for nombre, cuantos in (("Impresora", 1), ("Laptop", 2), ("PC de escritorio", 3)):
        hoja = libro[nombre]
        assert [c.value for c in hoja[1]] == ENCABEZADOS and hoja.freeze_panes == "A2"
        filas = _filas(hoja)
        assert len(filas) == cuantos and {f[COL["tipo"]] for f in filas} == {nombre}
        assert hoja.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNAS))}{cuantos + 1}"


def test_titulo_de_hoja_valido_y_unico():
    usados = set()
    assert titulo_hoja("Cámaras [IP] / CCTV: exteriores*?", usados) == "Cámaras  IP    CCTV  exteriores"[:31].strip()
    largo = "Equipo de radiocomunicación portátil"
    primero, segundo = titulo_hoja(largo, usados), titulo_hoja(largo + " 2", usados)
    assert len(primero) <= 31 and len(segundo) <= 31 and primero != segundo
    assert titulo_hoja("History", usados) == "History (2)"
    assert titulo_hoja("", usados) == "Sin tipo"


def _crear(n):
    dependencias = [DependenciaFactory() for _ in range(3)]
    for i in range(n):
        equipo = EquipoFactory(dependencia=dependencias[i % 3], fecha_adquisicion=date(2020, 1, 1),
                               costo=Decimal("100.00"), ubicacion=None)
        InterfazRedFactory(equipo=equipo)


def test_consultas_no_crecen_con_las_filas(admin_client_sigma):
    def contar():
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = admin_client_sigma.get(EXPORTAR, {"estado": "activo"})
            filas = len(_filas(_libro(respuesta)["Equipos"]))
        return len(capturadas), filas

    _crear(10)
    con_10, filas = contar()
    assert filas == 10
    _crear(290)
    con_300, filas = contar()
    assert filas == 300
    assert con_10 == con_300, (con_10, con_300)


def test_exportacion_grande_en_tarea_solo_para_quien_la_pidio(client, monkeypatch, exportaciones_en_tmp):
    monkeypatch.setattr(views_exportacion, "UMBRAL_DIRECTO", 5)
    monkeypatch.setattr("inventario.exportacion.TAMANO_BLOQUE", 3)  # varias actualizaciones de avance
    dep = DependenciaFactory()
    EquipoFactory.create_batch(7, dependencia=dep)
    EquipoFactory.create_batch(2)
    duena = usuario_con_rol("Director", username="directora")
    otro = usuario_con_rol("Director", username="otro-director")
    client.force_login(duena)

    respuesta = client.get(EXPORTAR, {"dependencia": dep.pk, "por_tipo": "1"})

    assert respuesta.status_code == 302
    clave = uuid.UUID(respuesta.url.rstrip("/").split("/")[-1])
    assert respuesta.url == reverse("inventario:exportacion_estado", args=[clave])
    estado = tasks_exportacion.leer_estado(clave)
    assert estado["estado"] == tasks_exportacion.LISTA and estado["filas"] == 7 and estado["usuario_id"] == duena.pk
    assert (exportaciones_en_tmp / f"{clave}.xlsx").is_file()

    pagina = client.get(respuesta.url)
    descargar = reverse("inventario:exportacion_descargar", args=[clave])
    assert pagina.status_code == 200 and descargar in pagina.content.decode()
    assert 'hx-trigger="every 2s"' not in pagina.content.decode()  # terminada: deja de consultar
    archivo = client.get(descargar)
    assert archivo.status_code == 200 and archivo["Content-Type"] == CONTENT_TYPE
    libro = _libro(archivo)
    assert libro.sheetnames == ["PC de escritorio"] and len(_filas(libro["PC de escritorio"])) == 7

    client.force_login(otro)
    assert client.get(respuesta.url).status_code == 404
    assert client.get(descargar).status_code == 404
    client.logout()
    anonimo = client.get(descargar)
    assert anonimo.status_code == 302 and anonimo.url.startswith(reverse("login"))


def test_pagina_de_estado_mientras_se_escribe(client, exportaciones_en_tmp):
    usuario = usuario_con_rol("Mesa de ayuda", username="mesa-1")
    clave = tasks_exportacion.registrar(usuario.pk, {}, 12000, "inventario-20260101-1200.xlsx")
    client.force_login(usuario)
    pagina = client.get(reverse("inventario:exportacion_estado", args=[clave]))
    html = pagina.content.decode()
    assert pagina.status_code == 200 and 'hx-trigger="every 2s"' in html and "En espera" in html
    assert client.get(reverse("inventario:exportacion_descargar", args=[clave])).status_code == 404


def test_anonimo_va_al_login(client):
    respuesta = client.get(EXPORTAR)
    assert respuesta.status_code == 302 and respuesta.url.startswith(reverse("login"))


@pytest.mark.parametrize("por_tipo", [False, True])
def test_viaje_redondo_con_el_exportador_real(admin_client_sigma, por_tipo):
    """Lo que baja «Exportar a Excel» se vuelve a importar sin cambiar nada."""
    from inventario import importacion

    for i, equipo in enumerate(EquipoFactory.create_batch(6, fecha_adquisicion=date(2021, 3, 9), costo="12500.50")):
        InterfazRedFactory(equipo=equipo, ip=None if i % 2 else f"192.168.7.{i + 10}")
        if i == 0:
            InterfazRedFactory(equipo=equipo, mac=None, ip="192.168.7.200")
    EquipoFactory(tipo=tipo("Impresora"), modelo=None, resguardante=None, numero_serie="", notas="=1+1 no es fórmula")
    respuesta = admin_client_sigma.get(reverse("inventario:exportar"), {"por_tipo": "1"} if por_tipo else {})
    assert respuesta.status_code == 200
    datos = b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
    analisis = importacion.analizar(importacion.leer_libro(datos, "inventario.xlsx"))
    assert analisis.conteos() == {"nuevos": 0, "cambiados": 0, "sin_cambios": Equipo.objects.count(), "rechazados": 0}
