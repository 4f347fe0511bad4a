"""Configuración común de las pruebas de SIGMA."""

import os

import pytest

# ---------------------------------------------------------------------------------------------
# Hooks de la sesión de pytest
#
# * Marcadores por base de datos: las pruebas marcadas `postgres` se deseleccionan (no se
#   omiten) si la base por omisión no es PostgreSQL; las marcadas `sqlite`, si no es SQLite.
# * SIGMA_SIN_OMISIONES=1 (lo define CI): toda prueba omitida (skip) cuenta como fallida, para
#   que en CI no pase inadvertida una prueba que no se ejecutó (p. ej. por falta de Chromium).
# ---------------------------------------------------------------------------------------------

SIN_OMISIONES = os.environ.get("SIGMA_SIN_OMISIONES", "").strip().lower() in {"1", "true", "si", "sí", "yes"}


def _motor_bd():
    from django.conf import settings

    motor = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in motor or "postgis" in motor:
        return "postgres"
    if "sqlite" in motor or "spatialite" in motor:
        return "sqlite"
    return motor


def pytest_report_header(config):
    from django.conf import settings

    lineas = [f"SIGMA: base de datos {settings.DATABASES['default']['ENGINE']}"]
    if SIN_OMISIONES:
        lineas.append("SIGMA: SIGMA_SIN_OMISIONES=1, las pruebas omitidas cuentan como fallidas")
    return lineas


def pytest_collection_modifyitems(config, items):
    motor = _motor_bd()
    conservar, deseleccionar = [], []
    for item in items:
        otra_bd = any(
            item.get_closest_marker(marcador) is not None and motor != marcador
            for marcador in ("postgres", "sqlite")
        )
        (deseleccionar if otra_bd else conservar).append(item)
    if deseleccionar:
        config.hook.pytest_deselected(items=deseleccionar)
        items[:] = conservar


def _motivo_omision(longrepr):
    # Los informes de omisión llevan (archivo, línea, "Skipped: motivo").
    motivo = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return motivo.removeprefix("Skipped: ")


def _omision_a_falla(informe):
    if SIN_OMISIONES and informe.skipped and not hasattr(informe, "wasxfail"):
        informe.outcome = "failed"
        informe.longrepr = f"Prueba omitida en CI: {_motivo_omision(informe.longrepr)}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # tryfirst: este envoltorio es el más externo y ve el informe ya procesado por el plugin
    # de xfail (un xfail también tiene outcome "skipped", pero con el atributo wasxfail).
    informe = yield
    _omision_a_falla(informe)
    return informe


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_make_collect_report(collector):
    # Omisiones al recolectar: pytest.skip(..., allow_module_level=True), pytest.importorskip.
    informe = yield
    _omision_a_falla(informe)
    return informe


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Datos comunes
# ---------------------------------------------------------------------------------------------

from comun import roles as _roles  # noqa: E402

ROLES_PRUEBA = {"anonimo": None, **{clave: rol for rol, clave in _roles.CLAVES.items()}}


@pytest.fixture
def cliente_con_rol(client, db):
    """Devuelve una función: cliente_con_rol("admin") → cliente con sesión de ese rol."""
    from tests.factories import usuario_con_rol

    def hacer(clave):
        rol = ROLES_PRUEBA[clave]
        if rol is not None:
            client.force_login(usuario_con_rol(rol, username=f"prueba-{clave}"))
        return client

    return hacer


@pytest.fixture
def admin_client_sigma(cliente_con_rol):
    return cliente_con_rol("admin")


@pytest.fixture(autouse=True, scope="session")
def _datos_aleatorios_reproducibles():
    """Faker y factory_boy con semilla fija: una falla se repite igual en la siguiente corrida."""
    import factory.random

    factory.random.reseed_random("sigma")


@pytest.fixture(autouse=True)
def _cache_limpia():
    """La caché local vive todo el proceso; cada prueba empieza sin conteos ni límites de la anterior (los ids se
    reutilizan entre pruebas)."""
    from django.core.cache import cache

    cache.clear()
    yield
