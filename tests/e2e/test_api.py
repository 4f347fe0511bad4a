"""API en un navegador: la página del token (teléfono y escritorio) y la documentación Swagger servida localmente,
sin violaciones de la CSP."""
import re

from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from comun.roles import TECNICO
from tests.e2e.test_csp import _abrir, _sin_violaciones
from tests.factories import usuario_con_rol


def test_token_y_documentacion(live_server, nuevo_contexto, entrar, capturar):
    usuario = usuario_con_rol(TECNICO, "tec-api")
    for telefono in (True, False):
        pagina, consola = _abrir(nuevo_contexto, telefono)
        sufijo = "telefono" if telefono else "escritorio"
        entrar(pagina, usuario)
        pagina.goto(f"{live_server.url}/api/token/")
        pagina.get_by_role("button", name="Generar token" if telefono else "Regenerar token").click()
        clave = pagina.locator("#clave-token")
        expect(clave).to_have_value(re.compile(r"^[0-9a-f]{40}$"))
        assert clave.input_value() == Token.objects.get(user=usuario).key
        capturar(pagina, f"api-token-{sufijo}")
        _sin_violaciones(pagina, consola, f"/api/token/ ({sufijo})")
        pagina.goto(f"{live_server.url}/api/docs/")
        expect(pagina.locator(".swagger-ui .info .title")).to_contain_text("API de SIGMA")
        expect(pagina.locator(".opblock-summary-path").first).to_be_visible()
        capturar(pagina, f"api-docs-{sufijo}")
        _sin_violaciones(pagina, consola, f"/api/docs/ ({sufijo})")
