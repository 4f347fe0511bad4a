"""El Director en el navegador: abre el tablero, filtra por una dependencia, sigue una cifra a su lista y
descarga el Excel. Capturas en teléfono y escritorio; la página pública de transparencia sin sesión."""
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from comun.roles import DIRECTOR
from reportes.views.transparencia import MESES
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.soporte import factories as sf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


def _vigilar(pagina):
    """Errores de JavaScript y violaciones de la Content-Security-Policy de la página (no el 404 del favicon)."""
    errores = []
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    pagina.on("console", lambda m: "Content Security Policy" in m.text and errores.append(m.text))
    return errores


@pytest.fixture
def datos():
    tesoreria = DependenciaFactory(nombre="Tesorería Municipal")
    obras = DependenciaFactory(nombre="Obras Públicas")
    ahora = timezone.now()
    for dep, n in ((tesoreria, 3), (obras, 1)):
        for _ in range(n):
            EquipoFactory(dependencia=dep, estado="activo")
            sf.solicitud("soporte-tecnico", empleado=EmpleadoFactory(dependencia=dep), dependencia=dep,
                         recibida=ahora)
    return tesoreria


def test_director_filtra_sigue_una_cifra_y_descarga(live_server, nuevo_contexto, entrar, capturar, datos):
    director = usuario_con_rol(DIRECTOR, "dir-reportes")
    pagina = nuevo_contexto().new_page()
    errores = _vigilar(pagina)
    entrar(pagina, director)
    pagina.goto(f"{live_server.url}/reportes/")
    expect(pagina.get_by_role("heading", name="Reportes de la Dirección")).to_be_visible()
    pagina.select_option("#id_dependencia", label="Tesorería Municipal")
    pagina.get_by_role("button", name="Ver").click()
    pagina.wait_for_load_state()
    expect(pagina).to_have_url(re.compile(rf"dependencia={datos.pk}"))
    fila = pagina.locator("table tr", has_text="Tesorería Municipal")
    expect(fila).to_contain_text("100.0")  # 3 solicitudes por 3 equipos
    expect(pagina.locator("table tr", has_text="Obras Públicas")).to_have_count(0)
    # Gráficas dibujadas por graficas.js (Chart.js local), sin violar la CSP.
    pagina.wait_for_function("document.querySelector('#grafica-tendencia').chart !== undefined")
    pagina.wait_for_function("document.querySelector('#grafica-dependencias').chart !== undefined")
    assert pagina.evaluate("document.querySelector('#grafica-dependencias').chart.data.labels") == [
        "Tesorería Municipal"]
    assert not errores, errores
    capturar(pagina, "reportes-tablero-escritorio")

    with pagina.expect_download() as descarga:
        pagina.locator("#descargar-xlsx").click()
    assert descarga.value.suggested_filename.endswith(".xlsx")
    with open(descarga.value.path(), "rb") as archivo:
        libro = load_workbook(io.BytesIO(archivo.read()))
    assert libro.sheetnames[0] == "Resumen"

    # El mes de la tabla junto a la gráfica abre el tablero de ese mes, con la misma dependencia.
    pagina.locator("#tendencia tbody a").first.click()
    pagina.wait_for_load_state()
    expect(pagina).to_have_url(re.compile(r"desde=\d{4}-\d{2}-01&hasta=\d{4}-\d{2}-\d{2}"))
    expect(pagina).to_have_url(re.compile(rf"dependencia={datos.pk}"))

    pagina.locator("#kpi-rezago").click()
    pagina.wait_for_load_state()
    expect(pagina).to_have_url(re.compile(r"/soporte/\?.*estado=abiertas"))
    expect(pagina).to_have_url(re.compile(rf"dependencia={datos.pk}"))

    movil = nuevo_contexto(telefono=True, storage_state=pagina.context.storage_state()).new_page()
    movil.goto(f"{live_server.url}/reportes/?dependencia={datos.pk}")
    expect(movil.locator("#kpi-rezago")).to_be_visible()
    capturar(movil, "reportes-tablero-telefono")


def test_transparencia_sin_sesion_en_telefono(live_server, nuevo_contexto, capturar, datos):
    for telefono, nombre in ((True, "telefono"), (False, "escritorio")):
        pagina = nuevo_contexto(telefono=telefono).new_page()
        errores = _vigilar(pagina)
        pagina.goto(f"{live_server.url}/transparencia/")
        expect(pagina.get_by_role("heading", name=re.compile("Indicadores de servicio"))).to_be_visible()
        seccion = pagina.locator("#servicio-soporte-tecnico")
        expect(seccion).to_contain_text("Soporte técnico")
        expect(seccion.locator("table")).to_contain_text(MESES[timezone.localdate().month - 1])
        pagina.wait_for_function(
            "document.querySelector('#servicio-soporte-tecnico canvas').chart !== undefined")
        seccion.locator("summary").click()
        diagrama = seccion.locator("svg.diagrama-flujo")
        expect(diagrama).to_be_visible()
        expect(diagrama.locator("text", has_text="En proceso")).to_be_visible()
        assert not errores, errores
        seccion.scroll_into_view_if_needed()
        capturar(pagina, f"transparencia-{nombre}")
        diagrama.screenshot(path=capturar(pagina, f"transparencia-diagrama-{nombre}"))
