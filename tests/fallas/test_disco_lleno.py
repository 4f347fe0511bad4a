"""Disco lleno al exportar o guardar un archivo: mensaje en español, ningún archivo a medias.
Con un tmpfs real de 1 MB (fixture disco_diminuto), no con un error simulado."""
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from comun.almacenamiento import MENSAJE_DISCO_LLENO, AlmacenamientoSeguro, DiscoLleno
from inventario import tasks_exportacion as tareas
from inventario import views_exportacion
from inventario.models_importacion import Importacion
from tests.factories import EquipoFactory
from tests.fallas.conftest import archivos, llenar

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipos():
    return EquipoFactory.create_batch(120)


@pytest.mark.parametrize("libres", [0, 12 * 1024], ids=["ni-el-estado-cabe", "cabe-el-estado-no-el-xlsx"])
def test_exportacion_en_segundo_plano_disco_lleno(disco_diminuto, admin_client_sigma, equipos, settings, libres):
    settings.SIGMA_EXPORTACIONES_DIR = disco_diminuto
    usuario = admin_client_sigma.session["_auth_user_id"]
    clave = tareas.registrar(int(usuario), {}, len(equipos), "inventario.xlsx")
    llenar(disco_diminuto, dejar_libres=libres)
    assert tareas.exportar_a_archivo(str(clave), {}, int(usuario)) == 0
    estado = tareas.leer_estado(clave)
    assert estado["estado"] == tareas.ERROR
    assert "sin espacio en disco" in estado["mensaje"]
    assert archivos(disco_diminuto) == [f"{clave}.json"]  # ni el .xlsx ni temporales a medias
    pagina = admin_client_sigma.get(reverse("inventario:exportacion_estado", args=[clave]))
    assert pagina.status_code == 200
    assert "sin espacio en disco" in pagina.content.decode()
    assert "exportacion_descargar" not in pagina.content.decode()
    assert admin_client_sigma.get(reverse("inventario:exportacion_descargar", args=[clave])).status_code == 404


def test_exportacion_directa_disco_lleno(disco_diminuto, admin_client_sigma, equipos, monkeypatch):
    """La exportación directa se arma en un temporal que pasa a disco (aquí, el tmpfs lleno)."""
    import tempfile

    monkeypatch.setattr(views_exportacion, "MEMORIA_TEMPORAL", 1024)
    monkeypatch.setattr(tempfile, "tempdir", str(disco_diminuto))
    llenar(disco_diminuto, dejar_libres=2048)
    respuesta = admin_client_sigma.get(reverse("inventario:exportar"), {"estado": "activo"}, follow=True)
    assert respuesta.status_code == 200
    assert respuesta.redirect_chain[-1][0].startswith(reverse("inventario:lista") + "?estado=activo")
    assert MENSAJE_DISCO_LLENO in [str(m) for m in respuesta.context["messages"]]
    assert archivos(disco_diminuto) == []


def test_exportacion_directa_con_espacio_funciona(disco_diminuto, admin_client_sigma, equipos, monkeypatch):
    import tempfile

    monkeypatch.setattr(views_exportacion, "MEMORIA_TEMPORAL", 1024)
    monkeypatch.setattr(tempfile, "tempdir", str(disco_diminuto))
    respuesta = admin_client_sigma.get(reverse("inventario:exportar"))
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content)[:2] == b"PK"


def test_almacenamiento_seguro_no_deja_archivo_a_medias(disco_diminuto):
    almacen = AlmacenamientoSeguro(location=disco_diminuto)
    assert almacen.save("reportes/chico.pdf", ContentFile(b"%PDF-1.7 chico")) == "reportes/chico.pdf"
    llenar(disco_diminuto, dejar_libres=8192)
    with pytest.raises(DiscoLleno) as error:
        almacen.save("reportes/grande.pdf", ContentFile(b"x" * 200_000))
    assert "sin espacio en disco" in str(error.value)
    assert archivos(disco_diminuto) == ["reportes/chico.pdf"]  # el grande no existe, ni su temporal


def test_subir_archivo_con_disco_lleno_da_507_sin_escribir(disco_diminuto, admin_client_sigma):
    """Una vista que guarda un archivo en el almacenamiento (subir una importación) con el disco lleno."""
    from tests.inventario.libros_prueba import libro_municipal

    almacen = {"default": {"BACKEND": "comun.almacenamiento.AlmacenamientoSeguro"},
               "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=almacen, MEDIA_ROOT=str(disco_diminuto)):
        llenar(disco_diminuto, dejar_libres=2048)
        contenido = libro_municipal()
        archivo = ContentFile(contenido, name="inventario.xlsx")
        respuesta = admin_client_sigma.post(reverse("inventario:importar"), {"archivo": archivo})
    assert respuesta.status_code == 507
    assert "No hay espacio en el servidor" in respuesta.content.decode()
    assert not Importacion.objects.exists()
    assert archivos(disco_diminuto) == []
