import pytest
from rest_framework.test import APIClient

from comun.roles import ADMINISTRADOR, DIRECTOR, MESA_AYUDA, TECNICO
from tests.factories import usuario_con_rol

ROLES = {"mesa": MESA_AYUDA, "tecnico": TECNICO, "director": DIRECTOR, "admin": ADMINISTRADOR}


@pytest.fixture
def api_con_rol(db):
    """api_con_rol("tecnico", "tec-2") → (APIClient autenticado con el token del usuario, usuario)."""
    from api import tokens

    def hacer(clave, username=None):
        usuario = usuario_con_rol(ROLES[clave], username=username or f"api-{clave}")
        cliente = APIClient()
        cliente.credentials(HTTP_AUTHORIZATION=f"Token {tokens.generar(usuario).key}")
        return cliente, usuario

    return hacer
