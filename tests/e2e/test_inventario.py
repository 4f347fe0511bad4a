"""Inventario en un navegador real: buscar por MAC, abrir, transferir el resguardo y ver el historial."""

import re

import pytest

from comun.roles import ADMINISTRADOR, TECNICO
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, InterfazRedFactory, usuario_con_rol

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect

MAC = "3c:d9:2b:0a:1b:2c"
MAC_OTRA_NOTACION = "3C-D9-2B-0A-1B-2C"
DEPENDENCIAS = ["Dirección de Innovación Gubernamental", "Obras Públicas", "Registro Civil", "Seguridad Pública"]


@pytest.fixture
def inventario():
    """30 equipos en varias dependencias, el equipo buscado (con su MAC) y la futura resguardante."""
    dependencias = [DependenciaFactory(nombre=nombre) for nombre in DEPENDENCIAS]
    for n in range(30):
        InterfazRedFactory(equipo=EquipoFactory(dependencia=dependencias[n % len(dependencias)]))
    actual = EmpleadoFactory(nombre="Ramón", apellidos="Pérez Soto", puesto="Jefe de Ingresos",
                             dependencia=DependenciaFactory(nombre="Tesorería Municipal"))
    equipo = EquipoFactory(numero_inventario="OCO-2023-00777", dependencia=actual.dependencia, resguardante=actual,
                           hostname="teso-caja01")
    InterfazRedFactory(equipo=equipo, mac=MAC, ip="192.168.40.77")
    lucia = EmpleadoFactory(nombre="Lucía", apellidos="Gómez Ávila", puesto="Oficial del Registro Civil",
                            dependencia=dependencias[2])
    return equipo, actual, lucia


def test_buscar_por_mac_abrir_y_transferir_resguardo(live_server, nuevo_contexto, entrar, capturar, inventario):
    equipo, actual, lucia = inventario
    usuario = usuario_con_rol(ADMINISTRADOR, "director-ti")
    usuario.first_name, usuario.last_name = "Mónica", "Ibarra"
    usuario.set_password("Ocotlan-2024")
    usuario.save()

    escritorio = nuevo_contexto()
    pagina = entrar(escritorio.new_page(), usuario, "Ocotlan-2024")

    # Lista completa de inventario.
    pagina.locator("#menu-principal").get_by_role("link", name="Inventario").click()
    expect(pagina).to_have_url(re.compile(r"/inventario/$"))
    expect(pagina.locator("#resultados")).to_contain_text("31 equipos")
    capturar(pagina, "inventario-lista-escritorio")

    # Búsqueda en vivo (htmx) con la MAC escrita en otra notación.
    def es_la_busqueda(respuesta):
        return f"q={MAC_OTRA_NOTACION}" in respuesta.url and respuesta.request.headers.get("hx-request") == "true"

    with pagina.expect_response(es_la_busqueda) as respuesta:
        pagina.locator("#id_q").press_sequentially(MAC_OTRA_NOTACION, delay=20)
    assert respuesta.value.ok
    resultados = pagina.locator("#resultados")
    expect(resultados.locator("span").first).to_have_text(re.compile(r"^1 equipo\b"))  # no «31 equipos»
    expect(resultados.locator("tbody tr")).to_have_count(1)
    expect(resultados.locator("tbody tr")).to_contain_text(equipo.numero_inventario)
    expect(pagina).to_have_url(re.compile(r"q=3C-D9-2B-0A-1B-2C"))  # hx-push-url: la búsqueda queda en la URL
    capturar(pagina, "inventario-busqueda-mac-escritorio")

    # Ficha del equipo.
    resultados.get_by_role("link", name=equipo.numero_inventario).click()
    expect(pagina).to_have_url(re.compile(rf"/inventario/{equipo.pk}/$"))
    expect(pagina.locator("h1")).to_have_text(equipo.numero_inventario)
    expect(pagina.locator("#resguardante")).to_contain_text(actual.nombre_completo)
    expect(pagina.get_by_text(MAC)).to_be_visible()
    capturar(pagina, "inventario-detalle-escritorio")

    # Transferencia a Lucía (otra dependencia).
    pagina.get_by_role("link", name="Transferir resguardo").click()
    expect(pagina).to_have_url(re.compile(rf"/inventario/{equipo.pk}/transferir/$"))
    # El resguardante se busca al escribir (sin acentos) y se elige de la lista.
    pagina.fill("#buscar-resguardante", "lucia gomez")
    opcion = pagina.locator("#opciones-resguardante label", has_text="Lucía Gómez Ávila")
    expect(opcion).to_have_count(1)
    expect(opcion).to_contain_text("Registro Civil")
    opcion.click()
    expect(opcion.locator("input[type=radio]")).to_be_checked()
    pagina.fill("#id_motivo", "Cambio de adscripción: el equipo pasa a la oficialía del Registro Civil.")
    capturar(pagina, "inventario-transferir-escritorio")
    pagina.get_by_role("button", name="Registrar transferencia").click()

    expect(pagina).to_have_url(re.compile(rf"/inventario/{equipo.pk}/$"))
    expect(pagina.locator(".alert-success")).to_contain_text(
        f"Se transfirió el resguardo de {equipo.numero_inventario}."
    )
    expect(pagina.locator("#resguardante")).to_contain_text("Lucía Gómez Ávila")
    cambio = pagina.locator("#historial li li", has_text="Resguardante:")
    expect(cambio).to_have_count(1)
    expect(cambio.locator(".antes")).to_have_text(actual.nombre_completo)
    expect(cambio.locator(".despues")).to_have_text("Lucía Gómez Ávila")
    expect(pagina.locator("#historial")).to_contain_text("Cambio de adscripción")
    capturar(pagina, "inventario-detalle-transferido-escritorio")

    equipo.refresh_from_db()
    assert equipo.resguardante == lucia
    assert equipo.dependencia == lucia.dependencia

    # Las mismas páginas en un teléfono, con la sesión ya iniciada.
    telefono = nuevo_contexto(telefono=True, storage_state=escritorio.storage_state())
    movil = telefono.new_page()
    movil.goto(f"{live_server.url}/inventario/")
    expect(movil.locator("#resultados")).to_contain_text("31 equipos")
    capturar(movil, "inventario-lista-telefono")
    movil.goto(f"{live_server.url}/inventario/?q={MAC_OTRA_NOTACION}")
    expect(movil.locator("#resultados tbody tr")).to_have_count(1)
    capturar(movil, "inventario-busqueda-mac-telefono")
    movil.goto(f"{live_server.url}{equipo.get_absolute_url()}")
    expect(movil.locator("#resguardante")).to_contain_text("Lucía Gómez Ávila")
    capturar(movil, "inventario-detalle-telefono")
    movil.goto(f"{live_server.url}/inventario/{equipo.pk}/transferir/")
    expect(movil.locator("#buscar-resguardante")).to_be_visible()
    capturar(movil, "inventario-transferir-telefono")


def test_menu_en_telefono_se_pliega_y_abre(live_server, nuevo_contexto, entrar, capturar):
    usuario = usuario_con_rol(TECNICO, "tecnico-soporte")
    movil = nuevo_contexto(telefono=True).new_page()
    estaticos_fallidos = []
    movil.on("response", lambda r: "/static/" in r.url and not r.ok and estaticos_fallidos.append(r.url))
    movil.on("requestfailed", lambda r: "/static/" in r.url and estaticos_fallidos.append(r.url))

    entrar(movil, usuario)
    menu = movil.locator("#menu-principal")
    boton = movil.get_by_role("button", name="Abrir el menú")
    expect(boton).to_be_visible()
    expect(menu).to_be_hidden()
    capturar(movil, "menu-cerrado-telefono")

    # Bootstrap (CSS y JS) y la hoja propia llegaron desde /static/.
    assert movil.evaluate("typeof window.bootstrap?.Collapse") == "function"
    assert movil.evaluate("typeof window.htmx?.ajax") == "function"
    fondo = movil.locator("nav.navbar-sigma").evaluate("e => getComputedStyle(e).backgroundColor")
    assert fondo == "rgb(122, 31, 61)"  # --sigma-guinda de comun/sigma.css

    boton.click()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # terminó la animación de Bootstrap (collapsing → show)
    expect(menu).to_be_visible()
    expect(boton).to_have_attribute("aria-expanded", "true")
    enlace = menu.get_by_role("link", name="Inventario")
    expect(enlace).to_be_visible()
    capturar(movil, "menu-abierto-telefono")
    enlace.click()
    expect(movil).to_have_url(re.compile(r"/inventario/$"))
    assert estaticos_fallidos == []
