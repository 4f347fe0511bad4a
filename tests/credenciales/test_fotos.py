"""Fotografías: tipo por contenido, tamaño, dimensiones mínimas y recorte a 3:4."""
import io

import pytest
from PIL import Image

from credenciales import fotos
from tests.credenciales.factories import archivo_foto, imagen


def _abrir(contenido):
    return Image.open(io.BytesIO(contenido.read()))


def test_recorte_centrado_a_tres_por_cuatro():
    resultado = _abrir(fotos.procesar(archivo_foto(1200, 900)))  # horizontal: sobra a los lados
    assert resultado.size == (fotos.ANCHO_FINAL, fotos.ALTO_FINAL)
    assert resultado.format == "JPEG"


def test_png_con_transparencia_se_acepta_sobre_fondo_blanco():
    salida = io.BytesIO()
    Image.new("RGBA", (400, 600), (0, 0, 0, 0)).save(salida, "PNG")
    resultado = _abrir(fotos.procesar(archivo_foto(contenido=salida.getvalue(), nombre="f.png")))
    assert resultado.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)


def test_recorte_del_usuario():
    resultado = _abrir(fotos.procesar(archivo_foto(1000, 1000), recorte=(100, 50, 600)))
    assert resultado.size == (600, 800)


@pytest.mark.parametrize(("archivo", "mensaje"), [
    (lambda: archivo_foto(contenido=b"<html><body>hola</body></html>", nombre="foto.jpg"), "no es una imagen"),
    (lambda: archivo_foto(200, 260), "al menos 300 × 400"),
    (lambda: archivo_foto(contenido=b"\xff\xd8" + b"0" * (fotos.TAMANO_MAX + 10)), "máximo es 5 MB"),
    (lambda: archivo_foto(contenido=imagen(400, 600, "GIF"), nombre="foto.gif"), "JPEG o PNG"),
    (lambda: archivo_foto(contenido=b"", nombre="vacia.jpg"), "vacío"),
])
def test_fotos_rechazadas_con_mensaje(archivo, mensaje):
    with pytest.raises(fotos.FotoInvalida, match=mensaje):
        fotos.procesar(archivo())


def test_recorte_fuera_de_la_imagen():
    with pytest.raises(fotos.FotoInvalida, match="dentro de la imagen"):
        fotos.procesar(archivo_foto(600, 800), recorte=(0, 0, 700))
    with pytest.raises(fotos.FotoInvalida, match="al menos 300"):
        fotos.procesar(archivo_foto(600, 800), recorte=(0, 0, 200))
    with pytest.raises(fotos.FotoInvalida, match="no es válido"):
        fotos.procesar(archivo_foto(600, 800), recorte=("x", 0, 400))


def test_recorte_que_se_desborda_por_redondeo_se_corrige():
    assert _abrir(fotos.procesar(archivo_foto(600, 800), recorte=(2, 3, 600))).size == (600, 800)


def test_silueta_es_una_foto_valida():
    assert _abrir(fotos.procesar(archivo_foto(contenido=fotos.silueta(3)))).size == (600, 800)
