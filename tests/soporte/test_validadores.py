"""validar_adjunto: el tipo sale de los bytes del archivo, no del nombre; el tamaño tiene tope."""
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from soporte.validadores import validar_adjunto

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def png_real():
    """Un PNG de 1×1 píxel válido, armado a mano."""
    def bloque(tipo, datos):
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    cabecera = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + bloque(b"IHDR", cabecera)
            + bloque(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + bloque(b"IEND", b""))


@pytest.mark.parametrize(("nombre", "contenido", "tipo"), [
    ("oficio.pdf", PDF, "application/pdf"),
    ("foto.png", png_real(), "image/png"),
    ("escaneo.jpg", JPEG, "image/jpeg"),
    # La extensión no importa: manda el contenido.
    ("escaneo-sin-extension", PDF, "application/pdf"),
    ("imagen.PDF", JPEG, "image/jpeg"),
])
def test_acepta_pdf_png_jpeg_por_contenido(nombre, contenido, tipo):
    archivo = SimpleUploadedFile(nombre, contenido, content_type="application/octet-stream")
    assert validar_adjunto(archivo) == tipo
    assert archivo.read() == contenido, "el archivo queda listo para guardarse desde el inicio"


def test_pdf_con_basura_antes_de_la_firma():
    archivo = SimpleUploadedFile("viejo.pdf", b"\r\n  " + PDF)
    assert validar_adjunto(archivo) == "application/pdf"


def test_html_con_nombre_pdf_se_rechaza():
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    archivo = SimpleUploadedFile("oficio.pdf", html, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validar_adjunto(archivo)
    mensaje = error.value.messages[0]
    assert mensaje.startswith("Solo se aceptan PDF, PNG o JPEG")
    assert "oficio.pdf" in mensaje and "HTML" in mensaje


@pytest.mark.parametrize(("contenido", "parece"), [
    (b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    (b"GIF89a\x01\x00\x01\x00", "GIF"),
    (b"MZ\x90\x00", "programa"),
    (b"Hola, texto plano", None),
])
def test_otros_tipos_rechazados_con_mensaje(contenido, parece):
    with pytest.raises(ValidationError) as error:
        validar_adjunto(SimpleUploadedFile("archivo.jpg", contenido))
    mensaje = error.value.messages[0]
    assert "Solo se aceptan PDF, PNG o JPEG" in mensaje
    if parece:
        assert parece in mensaje
    else:
        assert "no corresponde" in mensaje


def test_archivo_demasiado_grande(settings):
    settings.SIGMA_ADJUNTO_MAX_MB = 1
    contenido = PDF + b"0" * (1024 * 1024 + 300_000)
    with pytest.raises(ValidationError) as error:
        validar_adjunto(SimpleUploadedFile("grande.pdf", contenido))
    assert error.value.messages == ["El archivo pesa 1.3 MB; el máximo es 1 MB."]


def test_justo_en_el_limite_se_acepta(settings):
    settings.SIGMA_ADJUNTO_MAX_MB = 1
    contenido = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert validar_adjunto(SimpleUploadedFile("limite.pdf", contenido)) == "application/pdf"


def test_archivo_vacio():
    with pytest.raises(ValidationError, match="está vacío"):
        validar_adjunto(SimpleUploadedFile("vacio.pdf", b""))


def test_acepta_objetos_tipo_archivo():
    class Subido(io.BytesIO):
        name = "foto.png"

        @property
        def size(self):
            return len(self.getvalue())

    archivo = Subido(png_real())
    archivo.seek(5)
    assert validar_adjunto(archivo) == "image/png"
    assert archivo.tell() == 5, "respeta la posición en la que estaba"
