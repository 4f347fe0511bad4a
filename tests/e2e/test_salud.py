"""El Director revisa la salud de los equipos: filtra por dependencia, sigue una cifra a su lista, lee
«¿Cómo se calcula?» y descarga el Excel. Capturas en teléfono y escritorio."""
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from comun.roles import DIRECTOR
from tests.factories import DependenciaFactory, EquipoFactory, usuario_con_rol

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


@pytest.fixture
def datos():
    hoy = dt.date.today()
    tesoreria = DependenciaFactory(nombre="Tesorería Municipal")
    obras = DependenciaFactory(nombre="Obras Públicas")
    for i in range(3):
        EquipoFactory(numero_inventario=f"TES-VIEJO-{i}", dependencia=tesoreria, condicion="malo",
                      fecha_adquisicion=hoy.replace(year=hoy.year - 8), sistema_operativo="Windows 7 Professional",
                      ram_gb=4, almacenamiento_gb=120)
    EquipoFactory(numero_inventario="TES-NUEVO", dependencia=tesoreria, fecha_adquisicion=hoy - dt.timedelta(days=90),
                  sistema_operativo="Debian 12", ram_gb=16, almacenamiento_gb=512)
    EquipoFactory(numero_inventario="OBR-1", dependencia=obras, fecha_adquisicion=hoy.replace(year=hoy.year - 4),
                  sistema_operativo="Windows 10 Pro", ram_gb=8, almacenamiento_gb=256, condicion="regular")
    return tesoreria


def test_director_revisa_salud_y_sigue_una_cifra(live_server, nuevo_contexto, entrar, capturar, datos):
    director = usuario_con_rol(DIRECTOR, "dir-salud")
    pagina = nuevo_contexto().new_page()
    errores = []
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    entrar(pagina, director)
    pagina.goto(f"{live_server.url}/reportes/salud/")
    expect(pagina.get_by_role("heading", name="Salud de los equipos")).to_be_visible()
    expect(pagina.locator("#salud-candidatos")).to_contain_text("4")  # 3 viejos de Tesorería + Obras
    pagina.locator("#como-se-calcula summary").click()
    expect(pagina.locator("#como-se-calcula")).to_contain_text("CONAC")
    capturar(pagina, "salud-escritorio")

    fila = pagina.locator("#por-dependencia tr", has_text="Tesorería Municipal")
    expect(fila).to_contain_text("$54,000")  # 3 candidatos × $18,000 (PC de escritorio)
    fila.locator("td[data-etiqueta='Vida útil cumplida'] a").click()
    pagina.wait_for_load_state()
    expect(pagina).to_have_url(re.compile(rf"dependencia={datos.pk}.*factor=vida"))
    expect(pagina.locator("#tabla-salud tbody tr")).to_have_count(3)
    expect(pagina.locator("#tabla-salud")).to_contain_text("TES-VIEJO-0")
    expect(pagina.locator("#tabla-salud")).not_to_contain_text("OBR-1")

    pagina.goto(f"{live_server.url}/reportes/salud/")
    pagina.select_option("#id_dependencia", label="Tesorería Municipal")
    pagina.get_by_role("button", name="Ver").click()
    pagina.wait_for_load_state()
    expect(pagina.locator("#por-dependencia tbody tr")).to_have_count(1)
    with pagina.expect_download() as descarga:
        pagina.locator("#salud-xlsx").click()
    with open(descarga.value.path(), "rb") as archivo:
        libro = load_workbook(io.BytesIO(archivo.read()))
    assert libro["Candidatos"].max_row == 5 + 3
    assert not errores, errores

    movil = nuevo_contexto(telefono=True, storage_state=pagina.context.storage_state()).new_page()
    movil.goto(f"{live_server.url}/reportes/salud/")
    expect(movil.locator("#salud-candidatos")).to_be_visible()
    ancho = movil.evaluate("document.documentElement.scrollWidth")
    assert ancho <= 390, f"la página se desborda a lo ancho en el teléfono ({ancho}px)"
    capturar(movil, "salud-telefono")
