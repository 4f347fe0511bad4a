"""Content-Security-Policy en un navegador real: las páginas con JavaScript propio no registran ninguna violación,
y lo que antes era JavaScript en línea (onchange, onclick, <script>) sigue funcionando desde archivos estáticos.
También la página de entrada bloqueada (django-axes) en teléfono y escritorio."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from comun.roles import ADMINISTRADOR, TECNICO
from tests.agentes.factories import RevisionFactory
from tests.credenciales.factories import credencial
from tests.credenciales.factories import solicitud as solicitud_credenciales
from tests.factories import EmpleadoFactory, usuario_con_rol
from tests.soporte.factories import solicitud

# Registra cada violación de la CSP (el script de Playwright no está sujeto a la política de la página).
ESPIA = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def _abrir(nuevo_contexto, telefono=False):
    contexto = nuevo_contexto(telefono=telefono)
    contexto.add_init_script(ESPIA)
    pagina = contexto.new_page()
    consola = []
    pagina.on("console", lambda m: consola.append(m.text) if "Content Security Policy" in m.text else None)
    return pagina, consola


def _sin_violaciones(pagina, consola, donde):
    violaciones = pagina.evaluate("window.__csp || []")
    assert violaciones == [] and consola == [], f"{donde}: {violaciones} {consola}"


def test_paginas_con_javascript_sin_violaciones_de_csp(live_server, nuevo_contexto, entrar):
    admin = usuario_con_rol(ADMINISTRADOR, "admin-csp")
    tecnico = usuario_con_rol(TECNICO, "tecnico-csp")
    EmpleadoFactory(nombre="Rosa", apellidos="Zamora Íñiguez")
    sol = solicitud(asunto="No enciende el monitor")
    c = credencial()
    pendiente = solicitud_credenciales(cantidad=2)
    for _ in range(2):
        RevisionFactory()
    pagina, consola = _abrir(nuevo_contexto)
    entrar(pagina, admin)
    url = live_server.url

    rutas = [
        "/", f"/soporte/{sol.folio}/", f"/credenciales/credenciales/{c.pk}/",
        f"/credenciales/lotes/nuevo/{pendiente.folio}/", "/mantenimiento/", "/admin/inventario/equipo/",
        "/servicios/", "/servicios/soporte-tecnico/", "/api/docs/",
    ]
    for ruta in rutas:
        respuesta = pagina.goto(url + ruta)
        assert respuesta.status == 200, ruta
        pagina.wait_for_load_state("networkidle")
        _sin_violaciones(pagina, consola, ruta)

    # Registrar solicitud: el buscador (htmx) y los campos que dependen del servicio (soporte/nueva.js).
    pagina.goto(url + "/soporte/nueva/")
    pagina.locator("#buscar-solicitante").press_sequentially("Zamora", delay=20)
    expect(pagina.locator("#opciones-solicitante input[type=radio]")).to_have_count(1)
    expect(pagina.locator("#opciones-solicitante input[type=radio]")).to_be_checked()  # una sola: queda elegida
    _sin_violaciones(pagina, consola, "/soporte/nueva/")

    # Cola de revisión: «Marcar todos» y los filtros que se envían solos (comun/acciones.js).
    pagina.goto(url + "/agentes/revision/")
    pagina.locator("#marcar-todos").check()
    expect(pagina.locator("input[name=ids]:checked")).to_have_count(2)
    pagina.locator("select[name=tipo]").select_option("nuevo")
    expect(pagina).to_have_url(re.compile(r"tipo=nuevo"))
    _sin_violaciones(pagina, consola, "/agentes/revision/")

    # Mi lista (supervisor): el selector de técnico recarga la página.
    pagina.goto(url + "/mantenimiento/")
    pagina.locator("#filtro-tecnico").select_option(str(tecnico.pk))
    expect(pagina).to_have_url(re.compile(rf"tecnico={tecnico.pk}"))
    _sin_violaciones(pagina, consola, "/mantenimiento/")

    # Catálogo público: el botón Imprimir llama a window.print.
    pagina.goto(url + "/servicios/")
    pagina.evaluate("window.print = function () { window.__impreso = true; }")
    pagina.get_by_role("button", name="Imprimir").click()
    assert pagina.evaluate("window.__impreso === true")


def test_un_script_en_linea_si_seria_bloqueado(live_server, nuevo_contexto):
    # Control: el espía sí detecta una violación (si no, la prueba anterior no probaría nada).
    pagina, consola = _abrir(nuevo_contexto)
    pagina.goto(live_server.url + "/entrar/")
    pagina.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__x = 1";
                       document.body.append(s); }""")
    pagina.wait_for_function("window.__csp.length > 0")
    assert pagina.evaluate("window.__x") is None
    assert any("script-src" in v for v in pagina.evaluate("window.__csp"))


@pytest.mark.parametrize("telefono", [False, True], ids=["escritorio", "telefono"])
def test_pagina_de_entrada_bloqueada(live_server, nuevo_contexto, capturar, settings, telefono):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    usuario_con_rol(TECNICO, "pedro-e2e")
    pagina, consola = _abrir(nuevo_contexto, telefono=telefono)
    for _ in range(3):
        pagina.goto(live_server.url + "/entrar/")
        pagina.fill("#id_username", "pedro-e2e")
        pagina.fill("#id_password", "no-es-la-clave")
        with pagina.expect_response(re.compile(r"/entrar/$")) as respuesta:
            pagina.get_by_role("button", name="Entrar").click()
    assert respuesta.value.status == 429
    expect(pagina.get_by_role("heading", name="Entrada bloqueada por unos minutos")).to_be_visible()
    expect(pagina.locator("body")).to_contain_text("15 minutos")
    capturar(pagina, f"entrada-bloqueada-{'telefono' if telefono else 'escritorio'}")
    _sin_violaciones(pagina, consola, "bloqueo")
