"""La base de datos se cae a media petición: página 503 en español con Retry-After, y la siguiente petición
vuelve a funcionar (PostgreSQL real: se terminan los procesos del servidor de la base de prueba)."""
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import EquipoFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MENSAJE = "La base de datos no responde; intente en unos segundos"


def _conectar_aparte():
    datos = connection.settings_dict
    return psycopg.connect(host=datos["HOST"], port=datos["PORT"] or 5432, user=datos["USER"],
                           password=datos["PASSWORD"], dbname=datos["NAME"], autocommit=True)


def _terminar(conexion_aparte, pid):
    conexion_aparte.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.postgres
def test_entre_peticiones_503_y_luego_se_recupera(cliente_con_rol):
    EquipoFactory()
    cliente = cliente_con_rol("mesa")
    url = reverse("inventario:lista")
    assert cliente.get(url).status_code == 200
    pid = connection.connection.info.backend_pid  # la conexión que reutiliza el cliente de pruebas
    with _conectar_aparte() as aparte:
        _terminar(aparte, pid)
    caida = cliente.get(url)
    assert caida.status_code == 503
    assert caida["Retry-After"] == "5"
    texto = caida.content.decode()
    assert MENSAJE in texto and "Traceback" not in texto
    recuperada = cliente.get(url)
    assert recuperada.status_code == 200
    assert connection.connection.info.backend_pid != pid


@pytest.mark.postgres
def test_a_media_peticion_en_servidor_real(live_server, client):
    """Un bloqueo deja la petición esperando a media consulta; se termina su proceso en el servidor."""
    EquipoFactory()
    from tests.factories import usuario_con_rol

    client.force_login(usuario_con_rol("Mesa de ayuda", username="mesa-caida"))
    galleta = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    url = f"{live_server.url}{reverse('inventario:lista')}"

    def pedir():
        peticion = urllib.request.Request(url, headers={"Cookie": galleta})  # noqa: S310  servidor local
        try:
            with urllib.request.urlopen(peticion, timeout=30) as resp:  # noqa: S310  servidor local de prueba
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    resultado = {}
    with _conectar_aparte() as bloqueo, _conectar_aparte() as aparte:
        bloqueo.autocommit = False
        bloqueo.execute("LOCK TABLE inventario_equipo IN ACCESS EXCLUSIVE MODE")
        hilo = threading.Thread(target=lambda: resultado.update(r=pedir()))
        hilo.start()
        esperando = None
        for _ in range(100):
            fila = aparte.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid()").fetchone()
            if fila:
                esperando = fila[0]
                break
            time.sleep(0.1)
        assert esperando, "la petición no llegó a esperar el bloqueo"
        _terminar(aparte, esperando)
        hilo.join(30)
        bloqueo.rollback()
    estado, cabeceras, cuerpo = resultado["r"]
    assert estado == 503
    assert cabeceras.get("Retry-After") == "5"
    assert MENSAJE in cuerpo
    assert pedir()[0] == 200


@pytest.mark.sqlite
def test_sqlite_bloqueada_da_503_no_500(client):
    """Otra conexión con la base bloqueada para escribir: entrar (que escribe last_login) da 503, luego 200."""
    import sqlite3

    from tests.factories import usuario_con_rol

    usuario_con_rol("Mesa de ayuda", username="mesa-bloqueo")
    connection.ensure_connection()
    nombre = connection.settings_dict["NAME"]
    otra = sqlite3.connect(nombre, uri=str(nombre).startswith("file:"), timeout=0, isolation_level=None)
    original = dict(connection.settings_dict["OPTIONS"])
    try:
        # Sin espera: el bloqueo se nota de inmediato y la prueba no tarda los 20 s del ajuste real.
        connection.close()
        connection.settings_dict["OPTIONS"] = {**original, "timeout": 0.2,
                                               "init_command": "PRAGMA busy_timeout=200;"}
        otra.execute("BEGIN EXCLUSIVE")
        otra.execute("UPDATE auth_user SET first_name = first_name")
        datos = {"username": "mesa-bloqueo", "password": "clave-de-prueba"}
        caida = client.post(reverse("login"), datos)
        assert caida.status_code == 503
        assert MENSAJE in caida.content.decode()
        otra.execute("ROLLBACK")
        assert client.post(reverse("login"), datos).status_code == 302
    finally:
        otra.close()
        connection.close()
        connection.settings_dict["OPTIONS"] = original
