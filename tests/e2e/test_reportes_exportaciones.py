"""El Director descarga el PDF del tablero; un periodo grande va a segundo plano y se descarga desde la página de
avance; la lista de reportes mensuales. Capturas en teléfono y escritorio."""
import datetime as dt

import pytest
from django.utils import timezone

from comun.roles import DIRECTOR
from reportes import services
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.reportes import datos_exportaciones
from tests.soporte import factories as sf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


@pytest.fixture
def datos():
    dep = DependenciaFactory(nombre="Tesorería Municipal")
    for _ in range(3):
        EquipoFactory(dependencia=dep, estado="activo")
        sf.solicitud("soporte-tecnico", empleado=EmpleadoFactory(dependencia=dep), dependencia=dep,
                     recibida=timezone.now())
    for mes in (8, 9, 10):
        datos_exportaciones.mensual(dt.date(2026, mes, 1))
    return dep


def test_pdf_directo_en_segundo_plano_y_mensuales(live_server, nuevo_contexto, entrar, capturar, datos,
                                                   monkeypatch):
    director = usuario_con_rol(DIRECTOR, "dir-pdf")
    contexto = nuevo_contexto()
    pagina = contexto.new_page()
    entrar(pagina, director)
    pagina.goto(f"{live_server.url}/reportes/")
    with pagina.expect_download(timeout=60_000) as descarga:
        pagina.locator("#descargar-pdf").click()
    assert descarga.value.suggested_filename.endswith(".pdf")
    with open(descarga.value.path(), "rb") as archivo:
        assert archivo.read(5) == b"%PDF-"

    monkeypatch.setattr(services, "UMBRAL_DIRECTO", 1)  # 3 solicitudes: el PDF va a segundo plano
    pagina.locator("#descargar-pdf").click()
    expect(pagina.get_by_role("heading", name="Tablero de la Dirección (PDF)")).to_be_visible(timeout=60_000)
    expect(pagina.get_by_text("El archivo está listo")).to_be_visible(timeout=60_000)
    capturar(pagina, "reportes-trabajo-escritorio")
    with pagina.expect_download(timeout=60_000) as descarga:
        pagina.locator("#descargar-trabajo").click()
    assert descarga.value.suggested_filename.endswith(".pdf")

    telefono = nuevo_contexto(telefono=True, storage_state=contexto.storage_state()).new_page()
    telefono.goto(pagina.url)
    capturar(telefono, "reportes-trabajo-telefono")
    telefono.goto(f"{live_server.url}/reportes/exportaciones/")
    expect(telefono.get_by_role("heading", name="Exportaciones en segundo plano")).to_be_visible()
    capturar(telefono, "reportes-exportaciones-telefono")
    telefono.goto(f"{live_server.url}/reportes/mensuales/")
    expect(telefono.locator("#mensuales tbody tr")).to_have_count(3)
    capturar(telefono, "reportes-mensuales-telefono")
    telefono.goto(f"{live_server.url}/reportes/")
    capturar(telefono, "reportes-tablero-botones-telefono")
    pagina.goto(f"{live_server.url}/reportes/mensuales/")
    capturar(pagina, "reportes-mensuales-escritorio")
