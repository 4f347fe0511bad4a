"""El solicitante consulta su folio desde el teléfono y presenta una queja; la Directora la responde y la cierra."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from comun.roles import DIRECTOR
from soporte import services
from soporte.models import Queja
from tests.factories import EmpleadoFactory, usuario_con_rol
from tests.soporte import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


@pytest.fixture
def vencida():
    """Solicitud recibida hace 10 días y nunca asignada: la atención inicial ya venció."""
    cache.clear()
    solicitante = EmpleadoFactory(nombre="Gumersinda", apellidos="Wolfenstein")
    solicitud = factories.solicitud(empleado=solicitante, recibida=timezone.now() - timedelta(days=10),
                                    asunto="No enciende el monitor")
    services.actualizar_relojes(solicitud)
    services.comentar(solicitud, "Revisaremos su equipo mañana temprano.", publico=True)
    assert solicitud.incumplimientos.exists()
    return solicitud


def test_consulta_queja_y_respuesta_de_la_direccion(live_server, nuevo_contexto, entrar, capturar, vencida):
    solicitud = vencida

    # El solicitante, desde su teléfono, consulta con folio y código.
    telefono = nuevo_contexto(telefono=True).new_page()
    telefono.goto(f"{live_server.url}/consulta/")
    telefono.get_by_label("Folio").fill(solicitud.folio.lower())
    telefono.get_by_label("Código de consulta").fill(solicitud.codigo)
    telefono.get_by_role("button", name="Consultar").click()
    expect(telefono.locator("#folio")).to_have_text(solicitud.folio)
    expect(telefono.locator("#estado")).to_have_text("Nueva")
    expect(telefono.locator("#linea-tiempo")).to_contain_text("Revisaremos su equipo mañana temprano.")
    expect(telefono.get_by_text("Compromiso no cumplido").first).to_be_visible()
    expect(telefono.locator("body")).not_to_contain_text("Gumersinda")
    capturar(telefono, "soporte-consulta-telefono")

    # Presenta la queja: el compromiso vencido ya viene elegido.
    expect(telefono.get_by_label("Compromiso que no se cumplió")).to_have_value("inicial")
    telefono.get_by_label("Nombre de quien presenta la queja").fill("Gumersinda Wolfenstein")
    telefono.get_by_label("Motivo de la queja").fill("Pasó una semana y nadie vino a revisar mi monitor.")
    telefono.get_by_role("button", name="Presentar la queja").click()
    queja = Queja.objects.get(solicitud=solicitud)
    expect(telefono.get_by_role("alert")).to_contain_text(queja.folio)
    expect(telefono.locator("#quejas ~ .card").first).to_contain_text("Recibida")
    capturar(telefono, "soporte-consulta-queja-telefono")

    # La Directora la abre desde la lista de quejas y la responde.
    directora = usuario_con_rol(DIRECTOR, "directora-e2e")
    escritorio = entrar(nuevo_contexto().new_page(), directora)
    escritorio.goto(f"{live_server.url}/soporte/quejas/")
    escritorio.get_by_role("link", name=queja.folio).click()
    expect(escritorio).to_have_url(re.compile(rf"/soporte/quejas/{queja.folio}/$"))
    expect(escritorio.locator("#estado-queja")).to_have_text("Recibida")
    escritorio.get_by_label("Respuesta de la Dirección").fill(
        "Ofrecemos una disculpa. El técnico acudirá hoy antes de las 12:00.")
    escritorio.get_by_role("button", name="Responder y cerrar la queja").click()
    expect(escritorio.locator("#estado-queja")).to_have_text("Respondida y cerrada")
    expect(escritorio.locator("#respuesta")).to_contain_text("Ofrecemos una disculpa")
    capturar(escritorio, "soporte-queja-respondida-escritorio")

    # El solicitante vuelve a cargar su consulta y ve la respuesta.
    telefono.reload()
    expect(telefono.locator("#quejas ~ .card").first).to_contain_text("Ofrecemos una disculpa")


def test_catalogo_publico_en_telefono(live_server, nuevo_contexto, capturar):
    telefono = nuevo_contexto(telefono=True).new_page()
    telefono.goto(f"{live_server.url}/servicios/")
    telefono.get_by_role("link", name="Impresión de credenciales").first.click()
    expect(telefono).to_have_url(re.compile(r"/servicios/impresion-credenciales/$"))
    expect(telefono.locator("body")).to_contain_text("5 minutos por cada credencial")
    expect(telefono.locator("body")).to_contain_text("Hidalgo #65")
    capturar(telefono, "soporte-servicio-telefono")
    ancho = telefono.evaluate("document.documentElement.scrollWidth")
    assert ancho <= 390, f"la ficha se desborda a lo ancho en el teléfono ({ancho}px)"
    escritorio = nuevo_contexto().new_page()
    escritorio.goto(f"{live_server.url}/servicios/")
    capturar(escritorio, "soporte-catalogo-escritorio")


def test_encuesta_desde_el_telefono(live_server, nuevo_contexto, capturar):
    cache.clear()
    solicitud = services.cambiar_estado(factories.solicitud(), "resuelta", resolucion="Se reinstaló el controlador.")
    telefono = nuevo_contexto(telefono=True).new_page()
    telefono.goto(f"{live_server.url}/encuesta/{solicitud.encuesta.token}/")
    expect(telefono.locator("body")).to_contain_text(solicitud.folio)
    telefono.get_by_text("5 · Excelente").tap()
    telefono.get_by_label("Comentario (opcional)").fill("Muy amables")
    capturar(telefono, "soporte-encuesta-telefono")
    telefono.get_by_role("button", name="Enviar").tap()
    expect(telefono.get_by_role("heading", name="¡Gracias por su opinión!")).to_be_visible()
    solicitud.encuesta.refresh_from_db()
    assert (solicitud.encuesta.calificacion, solicitud.encuesta.medio) == (5, "enlace")
