"""Tokens por usuario (página y comando), sesión con CSRF y documentación servida localmente."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from comun.roles import TECNICO
from tests.factories import EquipoFactory, usuario_con_rol
from tests.mantenimiento.factories import OrdenFactory

URL = "/api/token/"


def _api(clave):
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION=f"Token {clave}")
    return cliente


def test_ciclo_de_vida_en_la_pagina(cliente_con_rol):
    cliente = cliente_con_rol("tecnico")
    assert "No tiene token" in cliente.get(URL).content.decode()
    respuesta = cliente.post(URL, {"accion": "generar"})
    assert respuesta.status_code == 200
    token = Token.objects.get(user__username="prueba-tecnico")
    assert token.key in respuesta.content.decode()
    assert _api(token.key).get("/api/equipos/").status_code == 200
    # Después solo se ve el inicio.
    pagina = cliente.get(URL).content.decode()
    assert token.key not in pagina and token.key[:6] in pagina
    # Regenerar: el anterior deja de servir.
    cliente.post(URL, {"accion": "generar"})
    nuevo = Token.objects.get(user__username="prueba-tecnico")
    assert nuevo.key != token.key
    assert _api(token.key).get("/api/equipos/").status_code == 401
    assert _api(nuevo.key).get("/api/equipos/").status_code == 200
    # Revocar.
    assert cliente.post(URL, {"accion": "revocar"}).status_code == 302
    assert not Token.objects.exists()
    assert _api(nuevo.key).get("/api/equipos/").status_code == 401
    assert cliente.post(URL, {"accion": "borrar-todo"}).status_code == 400


def test_usuario_desactivado_no_entra_con_su_token(db):
    from api import tokens

    usuario = usuario_con_rol(TECNICO, "tec-baja")
    clave = tokens.generar(usuario).key
    usuario.is_active = False
    usuario.save()
    assert _api(clave).get("/api/equipos/").status_code == 401


def test_comando_crear_token(db):
    usuario_con_rol(TECNICO, "tec-cmd")
    salida = io.StringIO()
    call_command("crear_token", "tec-cmd", stdout=salida, stderr=io.StringIO())
    clave = salida.getvalue().strip()
    assert Token.objects.get(user__username="tec-cmd").key == clave
    otra = io.StringIO()
    call_command("crear_token", "tec-cmd", stdout=otra, stderr=io.StringIO())
    assert otra.getvalue().strip() == clave  # sin --regenerar no cambia
    nueva = io.StringIO()
    call_command("crear_token", "tec-cmd", "--regenerar", stdout=nueva)
    assert nueva.getvalue().strip() != clave
    with pytest.raises(CommandError, match="No existe el usuario"):
        call_command("crear_token", "nadie")


def test_sesion_exige_csrf(db):
    usuario = usuario_con_rol(TECNICO, "tec-csrf")
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(usuario)
    orden = OrdenFactory(tecnico=usuario)
    assert cliente.get("/api/equipos/").status_code == 200
    respuesta = cliente.post(f"/api/ordenes/{orden.pk}/iniciar/")
    assert respuesta.status_code == 403 and "CSRF" in respuesta.json()["detail"]


def test_documentacion_sin_cdn(cliente_con_rol):
    EquipoFactory()
    cliente = cliente_con_rol("mesa")
    html = cliente.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html  # el arranque va en un archivo aparte (CSP)
    script = cliente.get("/api/docs/?script=")
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
    esquema = cliente.get("/api/schema/?format=json").json()
    assert {"/api/equipos/", "/api/solicitudes/{folio}/estado/", "/api/ordenes/{id}/completar/"} <= set(
        esquema["paths"])
