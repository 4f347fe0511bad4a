"""PDF de credenciales: tamaño de página, texto, fuentes incrustadas y QR legible en la página impresa."""
from pathlib import Path

import pytest

from comun.models import Empleado
from credenciales import documentos
from tests.credenciales import factories as f
from tests.credenciales.herramientas import ejecutar, qrs, tamanos_de_pagina, texto
from tests.factories import EmpleadoFactory

pytestmark = pytest.mark.django_db

CR80_PT = (85.6 / 25.4 * 72, 54 / 25.4 * 72)  # 242.6 × 153.1 pt
CARTA_PT = (612, 792)


def _pdf(tmp_path, contenido, nombre="c.pdf"):
    ruta = Path(tmp_path) / nombre
    ruta.write_bytes(contenido)
    return ruta


@pytest.fixture
def credenciales():
    return [
        f.credencial(EmpleadoFactory(nombre="María Guadalupe", apellidos="Hernández Villaseñor")),
        f.credencial(EmpleadoFactory(nombre="José Luis", apellidos="Ramírez Ochoa", tipo=Empleado.Tipo.POLICIA)),
    ]


def test_cr80_una_cara_por_pagina_texto_y_qr(credenciales, tmp_path):
    ruta = _pdf(tmp_path, documentos.credenciales_pdf(credenciales, "cr80"))
    tamanos = tamanos_de_pagina(ruta)
    assert len(tamanos) == 4
    for ancho, alto in tamanos:
        assert ancho == pytest.approx(CR80_PT[0], abs=0.2) and alto == pytest.approx(CR80_PT[1], abs=0.2)
    contenido = texto(ruta)
    for c in credenciales:
        assert c.folio in contenido and c.numero_empleado in contenido
    assert "MARÍA GUADALUPE" in contenido and "30/09/2027" in contenido
    assert "Comisaría de la Policía Preventiva y Vialidad Municipal".upper() in contenido.upper()
    assert "Administración 2024-2027" in contenido
    # Reverso de la primera (página 2) y de la segunda (página 4): el QR lleva a su URL de verificación.
    assert qrs(ruta, 2, tmp_path) == [credenciales[0].url_verificacion]
    assert qrs(ruta, 4, tmp_path) == [credenciales[1].url_verificacion]
    assert credenciales[0].url_verificacion.endswith(f"/verificar/{credenciales[0].token}/")
    fuentes = ejecutar("pdffonts", str(ruta))
    assert "DejaVu" in fuentes
    assert all(linea.split()[-5] == "yes" for linea in fuentes.splitlines()[2:])  # columna «emb»


def test_carta_anversos_y_reversos_en_espejo(credenciales, tmp_path):
    nueve = credenciales + [f.credencial() for _ in range(7)]
    ruta = _pdf(tmp_path, documentos.credenciales_pdf(nueve, "carta"))
    tamanos = tamanos_de_pagina(ruta)
    assert len(tamanos) == 4  # 2 hojas de 8 → anversos y reversos de cada una
    assert all(t == pytest.approx(CARTA_PT, abs=0.5) for t in tamanos)
    contenido = texto(ruta)
    assert "anversos" in contenido and "reversos" in contenido
    assert set(qrs(ruta, 2, tmp_path, 150)) == {c.url_verificacion for c in nueve[:8]}
    assert qrs(ruta, 4, tmp_path, 150) == [nueve[8].url_verificacion]


def test_formato_desconocido():
    with pytest.raises(ValueError):
        documentos.credenciales_pdf([], "a4")
