"""Archivos subidos: HTML, SVG o JS disfrazados de imagen o PDF se rechazan con un mensaje en español; lo que se
guarda se sirve solo por una vista con sesión, con un Content-Type seguro, como descarga y con nosniff."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from credenciales.models import Credencial
from inventario.models_importacion import Importacion
from soporte.models import Adjunto, Servicio, Solicitud
from tests.factories import EmpleadoFactory
from tests.soporte.factories import solicitud as nueva_solicitud

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
JS = b"alert(document.cookie);//"
# (contenido, nombre, tipo declarado por el navegador)
DISFRACES = [
    pytest.param(HTML, "foto.jpg", "image/jpeg", id="html-como-jpeg"),
    pytest.param(SVG, "oficio.pdf", "application/pdf", id="svg-como-pdf"),
    pytest.param(JS, "oficio.png", "image/png", id="js-como-png"),
    pytest.param(SVG, "dibujo.svg", "image/svg+xml", id="svg"),
]
# Pasan la revisión de firma (empiezan como PDF/PNG) pero llevan HTML dentro: se guardan, nunca se sirven como HTML.
POLIGLOTAS = [
    pytest.param(b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>", "pagina.html", "text/html",
                 "application/pdf", id="html-con-firma-pdf"),
    pytest.param(b"\x89PNG\r\n\x1a\n<script>alert(1)</script>", "imagen.svg", "image/svg+xml", "image/png",
                 id="png-con-script"),
]


def _archivo(contenido, nombre, tipo):
    return SimpleUploadedFile(nombre, contenido, content_type=tipo)


def _rechazado(respuesta, mensaje):
    html = respuesta.content.decode()
    assert respuesta.status_code == 400, respuesta.status_code
    assert mensaje in html, f"falta el mensaje «{mensaje}»"


@pytest.mark.parametrize(("contenido", "nombre", "tipo"), DISFRACES)
def test_adjunto_de_solicitud(contenido, nombre, tipo, cliente_con_rol):
    solicitud = nueva_solicitud()
    respuesta = cliente_con_rol("mesa").post(reverse("soporte:adjuntar", args=[solicitud.folio]),
                                            {"archivo": _archivo(contenido, nombre, tipo), "descripcion": "x"})
    _rechazado(respuesta, "Solo se aceptan PDF, PNG o JPEG")
    assert not Adjunto.objects.exists()


@pytest.mark.parametrize(("contenido", "nombre", "tipo"), DISFRACES)
def test_oficio_al_registrar_solicitud(contenido, nombre, tipo, cliente_con_rol):
    empleado = EmpleadoFactory()
    respuesta = cliente_con_rol("mesa").post(reverse("soporte:nueva"), {
        "solicitante": empleado.pk, "servicio": Servicio.objects.get(clave="soporte-tecnico").pk,
        "canal": "oficio", "asunto": "Oficio", "urgencia": "media", "impacto": "media",
        "adjunto": _archivo(contenido, nombre, tipo),
    })
    _rechazado(respuesta, "Solo se aceptan PDF, PNG o JPEG")
    assert not Adjunto.objects.exists()
    assert not Solicitud.objects.exists()


@pytest.mark.parametrize(("contenido", "nombre", "tipo"), DISFRACES)
def test_archivo_de_proyecto(contenido, nombre, tipo, cliente_con_rol):
    solicitud = nueva_solicitud("plataformas-web")
    respuesta = cliente_con_rol("admin").post(reverse("soporte:proyecto", args=[solicitud.folio]), {
        "accion": "archivo", "archivo-archivo": _archivo(contenido, nombre, tipo), "archivo-descripcion": "x"})
    _rechazado(respuesta, "Solo se aceptan PDF, PNG o JPEG")
    assert not Adjunto.objects.exists()


@pytest.mark.parametrize(("contenido", "nombre", "tipo"), DISFRACES)
def test_foto_de_credencial(contenido, nombre, tipo, cliente_con_rol):
    from tests.credenciales.factories import credencial

    c = credencial()
    foto_antes = c.foto.name
    cliente = cliente_con_rol("admin")
    respuesta = cliente.post(reverse("credenciales:cambiar_foto", args=[c.pk]),
                                             {"foto": _archivo(contenido, nombre, tipo)})
    _rechazado(respuesta, "no es una imagen JPEG o PNG válida")
    c.refresh_from_db()
    assert c.foto.name == foto_antes
    respuesta = cliente.post(reverse("credenciales:reimprimir", args=[c.pk]),
                                             {"motivo": "Extravío", "foto": _archivo(contenido, nombre, tipo)})
    assert respuesta.status_code == 400
    assert Credencial.objects.count() == 1


@pytest.mark.parametrize(("contenido", "nombre", "tipo"), [
    pytest.param(HTML, "inventario.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 id="html-como-xlsx"),
    pytest.param(SVG, "inventario.xlsx", "application/octet-stream", id="svg-como-xlsx"),
    pytest.param(HTML, "inventario.html", "text/html", id="html"),
])
def test_importacion_de_inventario(contenido, nombre, tipo, cliente_con_rol):
    respuesta = cliente_con_rol("admin").post(reverse("inventario:importar"),
                                             {"archivo": _archivo(contenido, nombre, tipo)})
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert "invalid-feedback" in html or "alert-danger" in html
    assert not Importacion.objects.exists()


def test_importacion_csv_con_html_se_muestra_escapada(cliente_con_rol):
    from tests.seguridad.utiles import sin_xss

    csv = b"No. Inventario,Hostname\nOCO-1,<script>alert(1)</script>\"><img src=x onerror=alert(1)>\n"
    cliente = cliente_con_rol("admin")
    respuesta = cliente.post(reverse("inventario:importar"), {"archivo": _archivo(csv, "i.csv", "text/csv")})
    assert respuesta.status_code in (302, 400)
    if respuesta.status_code == 302:
        sin_xss(cliente.get(respuesta.url).content.decode(), "vista previa", debe_mostrarse=False)


def _cabeceras_seguras(respuesta, tipo_esperado):
    assert respuesta["Content-Type"].split(";")[0] == tipo_esperado
    assert "html" not in respuesta["Content-Type"] and "svg" not in respuesta["Content-Type"]
    assert respuesta["Content-Disposition"].startswith("attachment")
    assert respuesta["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("contenido", "nombre", "tipo", "tipo_guardado"), POLIGLOTAS)
def test_poliglota_se_sirve_como_descarga_segura(contenido, nombre, tipo, tipo_guardado, cliente_con_rol):
    solicitud = nueva_solicitud("plataformas-web")
    cliente = cliente_con_rol("admin")
    respuesta = cliente.post(reverse("soporte:adjuntar", args=[solicitud.folio]),
                             {"archivo": _archivo(contenido, nombre, tipo)})
    assert respuesta.status_code == 302
    adjunto = Adjunto.objects.get()
    assert adjunto.tipo == tipo_guardado
    extension = {"application/pdf": ".pdf", "image/png": ".png"}[tipo_guardado]
    # Ni el archivo en disco ni el nombre de descarga conservan .html/.svg: nada lo sirve o abre como página.
    assert adjunto.archivo.name.endswith(extension), adjunto.archivo.name
    descarga = cliente.get(reverse("soporte:adjunto", args=[adjunto.pk]))
    _cabeceras_seguras(descarga, tipo_guardado)
    assert f'{extension}"' in descarga["Content-Disposition"] or descarga["Content-Disposition"].endswith(extension)
    # Las páginas enlazan la vista (con sesión y cabeceras), nunca la URL de medios.
    for pagina in (reverse("soporte:detalle", args=[solicitud.folio]),
                   reverse("soporte:proyecto", args=[solicitud.folio])):
        html = cliente.get(pagina).content.decode()
        assert adjunto.archivo.url not in html, pagina
        assert reverse("soporte:adjunto", args=[adjunto.pk]) in html, pagina


def test_adjunto_requiere_sesion(client, cliente_con_rol):
    from django.core.files.base import ContentFile

    solicitud = nueva_solicitud()
    adjunto = Adjunto.objects.create(solicitud=solicitud, archivo=ContentFile(b"%PDF-1.4", name="a.pdf"),
                                     nombre="a.pdf", tipo="application/pdf", tamano=8)
    assert client.get(reverse("soporte:adjunto", args=[adjunto.pk])).status_code == 302


def test_foto_de_credencial_se_sirve_como_jpeg_con_nosniff(cliente_con_rol):
    from tests.credenciales.factories import credencial

    c = credencial()
    respuesta = cliente_con_rol("mesa").get(reverse("credenciales:foto", args=[c.pk]))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/jpeg"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert b"".join(respuesta).startswith(b"\xff\xd8\xff")


def test_descargas_generadas_son_adjuntos(cliente_con_rol, settings, tmp_path):
    """PDF y hojas de cálculo generados: tipo correcto y descarga, nunca HTML."""
    from tests.factories import EquipoFactory

    settings.SIGMA_EXPORTACIONES_DIR = str(tmp_path)
    EquipoFactory()
    cliente = cliente_con_rol("admin")
    respuesta = cliente.get(reverse("inventario:exportar"))
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    assert respuesta["Content-Disposition"].startswith("attachment")
