"""Quejas del personal (lista, detalle y respuesta de la Dirección, alta por la mesa) y encuesta por teléfono."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from soporte import services
from soporte.choices import CanalQueja, Compromiso, Estado, EstadoQueja
from soporte.models import Encuesta, Queja
from tests.soporte import factories

pytestmark = pytest.mark.django_db
LISTA = reverse("soporte:quejas")


@pytest.fixture(autouse=True)
def _cache_limpia():
    cache.clear()
    yield
    cache.clear()


def _queja(clave="soporte-tecnico", **campos):
    solicitud = factories.solicitud(clave)
    return services.presentar_queja(
        solicitud, compromiso=campos.pop("compromiso", "inicial"), descripcion="No me atendieron a tiempo.",
        presentada_por=campos.pop("presentada_por", "Persona que se queja"), canal=CanalQueja.MESA, **campos,
    )


def _resuelta():
    return services.cambiar_estado(factories.solicitud(), Estado.RESUELTA, resolucion="Listo.")


# --- Lista ----------------------------------------------------------------------------------------


def _crear_quejas(n):
    """Quejas de dos servicios, una de cada tres ya respondida: todos los filtros encuentran algo."""
    for i in range(n):
        queja = _queja("asesorias" if i % 2 else "soporte-tecnico")
        if i % 3 == 0:
            services.responder_queja(queja, "Atendido.", None)


def _consultas(cliente, url):
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(url)
    assert respuesta.status_code == 200
    return len(capturadas)


@pytest.mark.parametrize("parametros", ["", "?estado=recibida", "?servicio={servicio}&estado=cerrada", "?q=QJ-"])
def test_lista_con_consultas_constantes(cliente_con_rol, parametros, django_assert_max_num_queries):
    cliente = cliente_con_rol("director")
    url = LISTA + parametros.format(servicio=factories.servicio().pk)
    _crear_quejas(3)
    con_3 = _consultas(cliente, url)
    _crear_quejas(9)
    with django_assert_max_num_queries(12):
        con_12 = _consultas(cliente, url)
    assert con_3 == con_12


def test_lista_filtra_por_estado_y_servicio(cliente_con_rol):
    abierta = _queja()
    cerrada = _queja("asesorias")
    services.responder_queja(cerrada, "Atendida.", None)
    cliente = cliente_con_rol("mesa")
    html = cliente.get(LISTA + "?estado=recibida").content.decode()
    assert abierta.folio in html and cerrada.folio not in html
    servicio = factories.servicio("asesorias")
    html = cliente.get(LISTA + f"?servicio={servicio.pk}").content.decode()
    assert cerrada.folio in html and abierta.folio not in html
    html = cliente.get(LISTA + f"?q={abierta.solicitud.folio}").content.decode()
    assert abierta.folio in html and cerrada.folio not in html


@pytest.mark.parametrize("parametros", ["?estado=inventado", "?servicio=999999", "?servicio=abc", "?pagina=zz"])
def test_lista_con_filtros_malos_no_truena(cliente_con_rol, parametros):
    respuesta = cliente_con_rol("director").get(LISTA + parametros)
    assert respuesta.status_code == 200


# --- Detalle y respuesta de la Dirección ----------------------------------------------------------


def test_director_responde_y_cierra_y_no_dos_veces(cliente_con_rol):
    queja = _queja()
    cliente = cliente_con_rol("director")
    url = reverse("soporte:queja", args=[queja.folio])
    assert "Responder y cerrar" in cliente.get(url).content.decode()
    respuesta = cliente.post(url, {"respuesta": "Ofrecemos una disculpa; se reforzó la guardia."}, follow=True)
    assert respuesta.status_code == 200 and "respondida y cerrada" in respuesta.content.decode()
    queja.refresh_from_db()
    assert queja.estado == EstadoQueja.CERRADA and queja.respondida_por.username == "prueba-director"
    assert queja.respondida_en is not None
    respuesta = cliente.post(url, {"respuesta": "Otra respuesta"})
    assert respuesta.status_code == 409 and "ya fue respondida" in respuesta.content.decode()
    queja.refresh_from_db()
    assert queja.respuesta == "Ofrecemos una disculpa; se reforzó la guardia."


@pytest.mark.parametrize("rol", ["mesa", "tecnico"])
def test_otros_roles_no_responden(cliente_con_rol, rol):
    queja = _queja()
    cliente = cliente_con_rol(rol)
    url = reverse("soporte:queja", args=[queja.folio])
    assert "Responder y cerrar" not in cliente.get(url).content.decode()
    assert cliente.post(url, {"respuesta": "No debería"}).status_code == 403
    queja.refresh_from_db()
    assert queja.estado == EstadoQueja.RECIBIDA


def test_anonimo_no_responde(client):
    queja = _queja()
    respuesta = client.post(reverse("soporte:queja", args=[queja.folio]), {"respuesta": "x"})
    assert respuesta.status_code == 302
    assert Queja.objects.get(pk=queja.pk).estado == EstadoQueja.RECIBIDA


def test_respuesta_vacia_se_rechaza(cliente_con_rol):
    queja = _queja()
    respuesta = cliente_con_rol("director").post(reverse("soporte:queja", args=[queja.folio]), {"respuesta": "  "})
    assert respuesta.status_code == 400
    assert Queja.objects.get(pk=queja.pk).estado == EstadoQueja.RECIBIDA


def test_queja_inexistente_da_404(cliente_con_rol):
    assert cliente_con_rol("director").get(reverse("soporte:queja", args=["QJ-1999-000001"])).status_code == 404


# --- Alta por la mesa de ayuda --------------------------------------------------------------------


def test_mesa_registra_queja_con_el_compromiso_vencido_prellenado(cliente_con_rol):
    solicitud = factories.solicitud(recibida=timezone.now() - timedelta(days=10))
    services.actualizar_relojes(solicitud)
    cliente = cliente_con_rol("mesa")
    url = reverse("soporte:nueva_queja", args=[solicitud.folio])
    respuesta = cliente.get(url)
    assert respuesta.context["form"].initial["compromiso"] == Compromiso.INICIAL
    assert respuesta.context["form"].initial["presentada_por"] == solicitud.solicitante.nombre_completo
    respuesta = cliente.post(url, {"presentada_por": "Jefa del área", "compromiso": "inicial",
                                   "descripcion": "Llamó tres veces sin respuesta."})
    queja = Queja.objects.get(solicitud=solicitud)
    assert respuesta.status_code == 302 and respuesta.url == reverse("soporte:queja", args=[queja.folio])
    assert queja.folio.startswith("QJ-") and queja.canal == CanalQueja.MESA
    assert queja.registrada_por.username == "prueba-mesa" and queja.incumplimiento is not None


def test_alta_de_queja_con_datos_malos(cliente_con_rol):
    solicitud = factories.solicitud()
    url = reverse("soporte:nueva_queja", args=[solicitud.folio])
    cliente = cliente_con_rol("mesa")
    assert cliente.post(url, {"presentada_por": "", "compromiso": "x", "descripcion": ""}).status_code == 400
    assert not Queja.objects.exists()
    assert cliente.get(reverse("soporte:nueva_queja", args=["DIG-1999-000001"])).status_code == 404


# --- Encuesta por teléfono ------------------------------------------------------------------------


def test_mesa_registra_encuesta_por_telefono(cliente_con_rol):
    solicitud = _resuelta()
    cliente = cliente_con_rol("mesa")
    url = reverse("soporte:encuesta_telefono", args=[solicitud.folio])
    assert cliente.get(url).status_code == 200
    respuesta = cliente.post(url, {"calificacion": "3", "comentario": "Tardaron un poco"})
    assert respuesta.status_code == 302
    encuesta = Encuesta.objects.get(solicitud=solicitud)
    assert (encuesta.calificacion, encuesta.medio, encuesta.registrada_por.username) == (3, "telefono", "prueba-mesa")
    respuesta = cliente.post(url, {"calificacion": "5"})
    assert respuesta.status_code == 409
    assert Encuesta.objects.get(pk=encuesta.pk).calificacion == 3


def test_encuesta_por_telefono_solo_de_resueltas_y_en_rango(cliente_con_rol):
    cliente = cliente_con_rol("mesa")
    abierta = factories.solicitud()
    respuesta = cliente.post(reverse("soporte:encuesta_telefono", args=[abierta.folio]), {"calificacion": "4"})
    assert respuesta.status_code == 409 and "resuelta o cerrada" in respuesta.content.decode()
    solicitud = _resuelta()
    respuesta = cliente.post(reverse("soporte:encuesta_telefono", args=[solicitud.folio]), {"calificacion": "9"})
    assert respuesta.status_code == 400
    assert Encuesta.objects.get(solicitud=solicitud).respondida_en is None


def test_director_no_registra_encuesta_por_telefono(cliente_con_rol):
    solicitud = _resuelta()
    respuesta = cliente_con_rol("director").post(
        reverse("soporte:encuesta_telefono", args=[solicitud.folio]), {"calificacion": "4"})
    assert respuesta.status_code == 403


# --- Sección de la ficha de la solicitud ----------------------------------------------------------


def test_seccion_de_quejas_para_la_ficha(rf, django_assert_max_num_queries):
    from django.contrib.auth.context_processors import PermWrapper
    from django.template.loader import render_to_string

    from tests.factories import usuario_con_rol

    solicitud = _resuelta()
    queja = services.presentar_queja(solicitud, compromiso="resolucion", descripcion="Se tardaron.",
                                     presentada_por="Alguien", canal=CanalQueja.MESA)
    usuario = usuario_con_rol("Mesa de ayuda", username="mesa-seccion")
    peticion = rf.get("/")
    peticion.user = usuario
    with django_assert_max_num_queries(6):
        html = render_to_string("soporte/_detalle_quejas.html", {
            "solicitud": solicitud, "user": usuario, "perms": PermWrapper(usuario), "request": peticion,
        })
    assert queja.folio in html
    assert reverse("soporte:nueva_queja", args=[solicitud.folio]) in html
    assert reverse("soporte:encuesta_telefono", args=[solicitud.folio]) in html
    assert reverse("publico:encuesta", args=[solicitud.encuesta.token]) in html
