"""Documentos en PDF: resguardo por empleado, acta de transferencia y etiquetas con QR.

Los PDF se revisan como los vería quien los imprime: tamaño de página con pdfinfo, texto con pdftotext y los QR
rasterizados a 300 ppp (pdftoppm) y leídos con zxing-cpp.
"""
import datetime
import re
import shutil
import subprocess

import pytest
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from comun.models import Ubicacion
from inventario import documentos, views_documentos
from inventario.choices import Estado
from inventario.models import MovimientoResguardo
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, ModeloFactory, tipo

pytestmark = pytest.mark.django_db

URL_BASE = "https://sigma.ocotlan.gob.mx"
ETIQUETAS = reverse("inventario:etiquetas")


# ------------------------------------------------------------------------------------------- utilidades


def _pdf(tmp_path, contenido, nombre="doc.pdf"):
    assert contenido[:5] == b"%PDF-", "no es un PDF"
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido)
    return ruta


def _ejecutar(programa, *argumentos):
    """Corre una herramienta de poppler-utils (ruta absoluta, argumentos fijos) y devuelve su salida."""
    ruta = shutil.which(programa)
    assert ruta, f"Falta {programa}: instale poppler-utils"
    return subprocess.run([ruta, *argumentos], capture_output=True, text=True, check=True).stdout  # noqa: S603


def _info(ruta):
    salida = _ejecutar("pdfinfo", str(ruta))
    paginas = int(re.search(r"^Pages:\s+(\d+)", salida, re.M).group(1))
    ancho, alto = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", salida, re.M).groups())
    return paginas, ancho, alto


def _texto(ruta, pagina=None):
    rango = ["-f", str(pagina), "-l", str(pagina)] if pagina else []
    return _ejecutar("pdftotext", "-layout", *rango, str(ruta), "-")


def _qrs(ruta, tmp_path, pagina=1):
    prefijo = tmp_path / f"pagina{pagina}"
    _ejecutar("pdftoppm", "-r", "300", "-png", "-f", str(pagina), "-l", str(pagina), "-singlefile",
              str(ruta), str(prefijo))
    with Image.open(f"{prefijo}.png") as imagen:
        return {r.text for r in zxingcpp.read_barcodes(imagen) if r.format == zxingcpp.BarcodeFormat.QRCode}


def _respuesta_pdf(respuesta, tmp_path):
    assert respuesta.status_code == 200, respuesta.content[:300]
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"].startswith('inline; filename="')
    return _pdf(tmp_path, respuesta.content)


def _es_carta(ancho, alto):
    return round(ancho) == 612 and round(alto) == 792


@pytest.fixture
def empleado():
    dependencia = DependenciaFactory(nombre="Dirección de Obras Públicas")
    return EmpleadoFactory(nombre="María Guadalupe", apellidos="Hernández Ramírez", puesto="Jefa de Proyectos",
                           numero_empleado="OP-0042", dependencia=dependencia)


# ------------------------------------------------------------------------------------------- resguardo


def test_resguardo_del_empleado(admin_client_sigma, empleado, tmp_path):
    ubicacion = Ubicacion.objects.create(edificio="Presidencia Municipal", piso="Planta alta", oficina="Obras")
    laptop = EquipoFactory(numero_inventario="OCO-2023-00001", tipo=tipo("Laptop"), resguardante=empleado,
                           dependencia=empleado.dependencia, procesador="Core i5-8250U", ram_gb=8,
                           ubicacion=ubicacion, modelo__nombre="ProBook 440 G5")
    sin_serie = EquipoFactory(numero_inventario="OCO-2023-00002", resguardante=empleado, numero_serie="",
                              tipo=tipo("Impresora"), modelo__tipo=tipo("Impresora"), dependencia=empleado.dependencia)
    EquipoFactory(numero_inventario="OCO-2023-00003", resguardante=empleado, estado=Estado.BAJA, motivo_baja="Roto")
    EquipoFactory(numero_inventario="OCO-2023-00004")  # de otro resguardante

    respuesta = admin_client_sigma.get(reverse("inventario:resguardo_empleado", args=[empleado.pk]))
    ruta = _respuesta_pdf(respuesta, tmp_path)
    paginas, ancho, alto = _info(ruta)
    assert paginas == 1 and _es_carta(ancho, alto)
    texto = _texto(ruta)
    folio = f"RES-OP-0042-{timezone.localdate():%Y%m%d}"
    assert folio in respuesta["Content-Disposition"]
    for esperado in (
        "H. Ayuntamiento de Ocotlán, Jalisco", "Dirección de Innovación Gubernamental", "Administración 2024-2027",
        "RESGUARDO DE BIENES INFORMÁTICOS", folio, "María Guadalupe Hernández Ramírez", "OP-0042",
        laptop.numero_inventario, sin_serie.numero_inventario, "Core i5-8250U", "ProBook 440 G5",
        laptop.numero_serie, "S/N", "Presidencia Municipal", "Titular de Dirección de Obras Públicas",
        "RESGUARDANTE", "Página 1 de 1", "Total de bienes bajo resguardo: 2",
    ):
        assert esperado in texto, esperado
    assert documentos.descripcion(laptop) == "Laptop · Core i5-8250U · 8 GB RAM"
    assert documentos.descripcion(sin_serie) == "Impresora"
    assert "OCO-2023-00003" not in texto  # dado de baja
    assert "OCO-2023-00004" not in texto  # de otra persona
    assert texto.index("OCO-2023-00001") < texto.index("OCO-2023-00002")


def test_resguardo_largo_repite_encabezado_de_tabla(empleado, tmp_path):
    # Datos fijos: con las secuencias de las fábricas el largo de cada fila depende del orden de la suite.
    modelo = ModeloFactory(nombre="ProDesk 400 G7")
    equipos = [EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia, modelo=modelo,
                             numero_inventario=f"OCO-2025-{i:05d}", numero_serie=f"MXL{i:07d}")
               for i in range(40)]
    ruta = _pdf(tmp_path, documentos.resguardo_empleado(empleado, datetime.date(2025, 1, 15)))
    paginas, ancho, alto = _info(ruta)
    assert paginas == 2 and _es_carta(ancho, alto)
    segunda = _texto(ruta, 2)
    assert equipos[-1].numero_inventario in segunda and equipos[0].numero_inventario not in segunda
    assert "No. inventario" in segunda and "Página 2 de 2" in segunda
    assert "RES-OP-0042-20250115" in segunda  # encabezado con folio en cada página
    assert "Dirección de Innovación Gubernamental" in segunda


def test_resguardo_sin_equipos(empleado, tmp_path):
    ruta = _pdf(tmp_path, documentos.resguardo_empleado(empleado))
    assert _info(ruta)[0] == 1
    texto = _texto(ruta)
    assert "Sin equipos bajo su resguardo" in texto and "María Guadalupe Hernández Ramírez" in texto


def test_resguardo_desde_el_equipo(admin_client_sigma, empleado, tmp_path):
    equipo = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia)
    ruta = _respuesta_pdf(admin_client_sigma.get(reverse("inventario:resguardo_equipo", args=[equipo.pk])), tmp_path)
    texto = _texto(ruta)
    assert "María Guadalupe Hernández Ramírez" in texto and equipo.numero_inventario in texto


def test_resguardo_de_equipo_sin_resguardante_es_404_con_mensaje(admin_client_sigma):
    equipo = EquipoFactory(resguardante=None)
    respuesta = admin_client_sigma.get(reverse("inventario:resguardo_equipo", args=[equipo.pk]))
    assert respuesta.status_code == 404
    assert "no tiene resguardante" in respuesta.content.decode()


def test_resguardo_de_ids_inexistentes_es_404(admin_client_sigma):
    assert admin_client_sigma.get(reverse("inventario:resguardo_empleado", args=[999999])).status_code == 404
    assert admin_client_sigma.get(reverse("inventario:resguardo_equipo", args=[999999])).status_code == 404


# ------------------------------------------------------------------------------------------- acta


def _transferencia(equipo, nuevo, **extra):
    return MovimientoResguardo.objects.create(
        equipo=equipo, tipo=extra.pop("tipo", MovimientoResguardo.Tipo.TRANSFERENCIA),
        fecha=datetime.date(2025, 3, 12), resguardante_anterior=equipo.resguardante, resguardante_nuevo=nuevo,
        dependencia_anterior=equipo.dependencia, dependencia_nueva=nuevo.dependencia,
        motivo="Cambio de adscripción por reorganización del área.", **extra,
    )


def test_acta_de_transferencia(admin_client_sigma, empleado, tmp_path):
    equipo = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia)
    nuevo = EmpleadoFactory(nombre="José Luis", apellidos="Álvarez Íñiguez",
                            dependencia=DependenciaFactory(nombre="Tesorería Municipal"))
    movimiento = _transferencia(equipo, nuevo)
    respuesta = admin_client_sigma.get(reverse("inventario:acta_transferencia", args=[movimiento.pk]))
    ruta = _respuesta_pdf(respuesta, tmp_path)
    paginas, ancho, alto = _info(ruta)
    assert paginas == 1 and _es_carta(ancho, alto)
    texto = _texto(ruta)
    folio = f"TRF-2025-{movimiento.pk:06d}"
    assert folio in respuesta["Content-Disposition"]
    for esperado in (
        "ACTA DE TRANSFERENCIA DE RESGUARDO", folio, "12/03/2025", "12 de marzo de 2025", equipo.numero_inventario,
        "María Guadalupe Hernández Ramírez", "José Luis Álvarez Íñiguez", "Dirección de Obras Públicas",
        "Tesorería Municipal", "Cambio de adscripción", "Titular de Tesorería Municipal",
        "Dirección de Innovación Gubernamental", "ENTREGA", "RECIBE",
    ):
        assert esperado in texto, esperado


def test_acta_solo_de_transferencias(admin_client_sigma, empleado):
    equipo = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia)
    alta = _transferencia(equipo, empleado, tipo=MovimientoResguardo.Tipo.ALTA)
    assert admin_client_sigma.get(reverse("inventario:acta_transferencia", args=[alta.pk])).status_code == 404
    assert admin_client_sigma.get(reverse("inventario:acta_transferencia", args=[999999])).status_code == 404
    with pytest.raises(ValueError):
        documentos.acta_transferencia(alta)


# ------------------------------------------------------------------------------------------- etiquetas


def test_etiquetas_carta_30_por_hoja_con_qr(admin_client_sigma, settings, tmp_path):
    settings.SIGMA_URL_BASE = URL_BASE
    dependencia = DependenciaFactory(nombre="Tesorería Municipal")
    equipos = [EquipoFactory(dependencia=dependencia, tipo=tipo("Laptop"), modelo__tipo=tipo("Laptop"))
               for _ in range(31)]
    consulta = "&".join(f"equipo={e.pk}" for e in equipos)
    ruta = _respuesta_pdf(admin_client_sigma.get(f"{ETIQUETAS}?{consulta}&formato=carta"), tmp_path)
    paginas, ancho, alto = _info(ruta)
    assert paginas == 2 and _es_carta(ancho, alto)
    primera, segunda = _texto(ruta, 1), _texto(ruta, 2)
    assert all(e.numero_inventario in primera for e in equipos[:30])
    assert equipos[30].numero_inventario in segunda and equipos[0].numero_inventario not in segunda
    assert "Laptop" in segunda and "Tesorería Municipal" in segunda
    # La hoja 2 lleva una sola etiqueta: su QR lleva a la ficha del equipo.
    assert _qrs(ruta, tmp_path, 2) == {URL_BASE + equipos[30].get_absolute_url()}
    assert URL_BASE + equipos[0].get_absolute_url() in _qrs(ruta, tmp_path, 1)


def test_etiquetas_termicas_una_por_pagina(admin_client_sigma, settings, tmp_path):
    settings.SIGMA_URL_BASE = URL_BASE
    equipos = [EquipoFactory() for _ in range(3)]
    consulta = "&".join(f"equipo={e.pk}" for e in equipos)
    ruta = _respuesta_pdf(admin_client_sigma.get(f"{ETIQUETAS}?{consulta}&formato=termica"), tmp_path)
    paginas, ancho, alto = _info(ruta)
    assert paginas == 3
    assert ancho == pytest.approx(175.75, abs=0.1)  # 62 mm
    assert alto == pytest.approx(82.2, abs=0.1)  # 29 mm
    for pagina, equipo in enumerate(equipos, start=1):
        assert equipo.numero_inventario in _texto(ruta, pagina)
    assert _qrs(ruta, tmp_path, 2) == {URL_BASE + equipos[1].get_absolute_url()}


def test_etiquetas_de_la_lista_filtrada(admin_client_sigma, tmp_path):
    buscado = EquipoFactory(numero_inventario="OCO-2019-77777")
    otro = EquipoFactory()
    ruta = _respuesta_pdf(admin_client_sigma.get(ETIQUETAS, {"q": "77777"}), tmp_path)
    texto = _texto(ruta)
    assert buscado.numero_inventario in texto and otro.numero_inventario not in texto
    respuesta = admin_client_sigma.get(ETIQUETAS, {"dependencia": otro.dependencia_id, "formato": "termica"})
    ruta = _respuesta_pdf(respuesta, tmp_path)
    assert _info(ruta)[0] == 1 and otro.numero_inventario in _texto(ruta)


def test_etiquetas_ignoran_ids_mal_formados(admin_client_sigma, tmp_path):
    equipo = EquipoFactory()
    respuesta = admin_client_sigma.get(ETIQUETAS, {"equipo": ["abc", "", str(equipo.pk), "999999"]})
    ruta = _respuesta_pdf(respuesta, tmp_path)
    assert _info(ruta)[0] == 1 and equipo.numero_inventario in _texto(ruta)


@pytest.mark.parametrize(
    ("parametros", "codigo", "mensaje"),
    [
        ({}, 400, "Sin equipos seleccionados"),
        ({"equipo": ["abc", "x1"]}, 400, "Sin equipos seleccionados"),
        ({"equipo": [str(i) for i in range(1, 602)]}, 400, "máximo por impresión es 600"),
        ({"equipo": ["999998", "999999"]}, 404, "No encontramos"),
        ({"q": "no-existe-nada"}, 400, "Ningún equipo coincide"),
        ({"equipo": "1", "formato": "a4"}, 400, "Formato desconocido"),
    ],
)
def test_etiquetas_entradas_invalidas(admin_client_sigma, parametros, codigo, mensaje):
    EquipoFactory()
    respuesta = admin_client_sigma.get(ETIQUETAS, parametros)
    assert respuesta.status_code == codigo
    assert mensaje in respuesta.content.decode()


def test_etiquetas_tope_por_filtro(admin_client_sigma, monkeypatch):
    monkeypatch.setattr(views_documentos, "MAX_ETIQUETAS", 3)
    dependencia = DependenciaFactory()
    for _ in range(4):
        EquipoFactory(dependencia=dependencia)
    respuesta = admin_client_sigma.get(ETIQUETAS, {"dependencia": dependencia.pk})
    assert respuesta.status_code == 400
    assert "Se pidieron 4 etiquetas y el máximo por impresión es 3" in respuesta.content.decode()


def test_weasyprint_no_sale_a_la_red():
    fetcher = documentos._fetcher()
    for url in ("https://example.com/logo.png", "http://127.0.0.1:8000/static/x.css", "ftp://x/y"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hola").read() == b"hola"


# ------------------------------------------------------------------------------------------- ficha del empleado


def test_ficha_del_empleado(admin_client_sigma, empleado):
    equipo = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia)
    baja = EquipoFactory(resguardante=empleado, estado=Estado.BAJA, motivo_baja="Roto")
    respuesta = admin_client_sigma.get(reverse("inventario:empleado", args=[empleado.pk]))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "María Guadalupe Hernández Ramírez" in html and "OP-0042" in html
    assert equipo.numero_inventario in html and baja.numero_inventario not in html
    assert reverse("inventario:resguardo_empleado", args=[empleado.pk]) in html
    assert 'data-etiqueta="Tipo"' in html
    assert admin_client_sigma.get(reverse("inventario:empleado", args=[999999])).status_code == 404


def test_ficha_del_empleado_con_consultas_constantes(admin_client_sigma, empleado):
    url = reverse("inventario:empleado", args=[empleado.pk])
    ubicacion = Ubicacion.objects.create(edificio="Presidencia Municipal")

    def crear(n):
        for _ in range(n):
            EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia, ubicacion=ubicacion)

    def contar():
        with CaptureQueriesContext(connection) as capturadas:
            assert admin_client_sigma.get(url).status_code == 200
        return len(capturadas)

    crear(3)
    con_3 = contar()
    crear(27)
    assert contar() == con_3
