"""Verificación pública: estados, token desconocido, ningún dato de más y límite por IP."""
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from credenciales import services
from tests.credenciales import factories as f
from tests.factories import EmpleadoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limpiar_cache():
    cache.clear()
    yield
    cache.clear()


def _ver(client, credencial):
    return client.get(reverse("verificacion:verificar", args=[credencial.token]))


def _estado(respuesta):
    return re.search(r'id="estado"[^>]*>([^<]+)<', respuesta.content.decode()).group(1).strip()


def test_vigente_muestra_solo_foto_nombre_puesto_dependencia_y_estado(client):
    empleado = EmpleadoFactory(puesto="Jefa de nóminas", extension="1234", correo="maria@ocotlan.gob.mx",
                               numero_empleado="E-77777")
    c = f.credencial(empleado)
    respuesta = _ver(client, c)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert _estado(respuesta) == "VIGENTE"
    assert c.nombre in html and "Jefa de nóminas" in html and empleado.dependencia.nombre in html
    assert "data:image/jpeg;base64," in html  # la foto va incrustada, sin URL de medios
    for fuga in (c.numero_empleado, "77777", c.folio, "CRED-", "1234", "maria@", "ocotlan.gob.mx", "CURP",
                 "/media/", "credenciales/fotos", str(c.pk) + "/", "Vigente hasta", "2027"):
        assert fuga not in html, fuga
    assert respuesta["X-Robots-Tag"].startswith("noindex")


def test_revocada_y_vencida(client):
    c = f.credencial()
    services.revocar(c, "Extravío o robo")
    assert _estado(_ver(client, c)) == "REVOCADA"
    otra = f.credencial()
    with override_settings(SIGMA_CREDENCIALES_VIGENCIA="2020-01-01"):
        assert _estado(_ver(client, otra)) == "VIGENTE"  # la vigencia se guarda al emitir
    otra.vigencia = otra.vigencia.replace(year=2020)
    otra.save()
    assert _estado(_ver(client, otra)) == "VENCIDA"


def test_vencida_por_vigencia_configurada_en_el_pasado(client):
    from datetime import date

    from django.utils import timezone

    with override_settings(SIGMA_CREDENCIALES_VIGENCIA=timezone.localdate().isoformat()):
        c = f.credencial()
    assert c.estado_en(date(2099, 1, 1)) == "vencida"
    assert c.estado_mostrado == "vigente"


def test_reimpresion_deja_revocado_el_token_anterior(client):
    anterior = f.credencial()
    nueva = services.reimprimir(anterior, motivo="Extravío")
    assert _estado(_ver(client, anterior)) == "REVOCADA"
    assert _estado(_ver(client, nueva)) == "VIGENTE"


def test_baja_del_empleado_se_ve_revocada(client):
    c = f.credencial()
    c.empleado.activo = False
    c.empleado.save()
    assert _estado(_ver(client, c)) == "REVOCADA"


@pytest.mark.parametrize("token", ["no-existe", "x" * 200, "1"])
def test_token_desconocido_no_valida(client, token):
    respuesta = client.get(reverse("verificacion:verificar", args=[token]))
    assert respuesta.status_code == 404
    assert "Credencial no válida" in respuesta.content.decode()


def test_id_no_sirve_como_token(client):
    c = f.credencial()
    assert client.get(f"/verificar/{c.pk}/").status_code == 404


@override_settings(SIGMA_LIMITE_VERIFICACIONES="3/600")
def test_limite_por_ip(client):
    c = f.credencial()
    for _ in range(3):
        assert _ver(client, c).status_code == 200
    respuesta = _ver(client, c)
    assert respuesta.status_code == 429 and "Demasiados intentos" in respuesta.content.decode()
    assert respuesta["Retry-After"] == "600"
    otra_ip = client.get(reverse("verificacion:verificar", args=[c.token]), REMOTE_ADDR="10.9.9.9")
    assert otra_ip.status_code == 200
