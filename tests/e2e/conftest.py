"""Pruebas de punta a punta en un navegador real: Chromium de Debian manejado con Playwright.

Playwright no puede descargar sus navegadores en este entorno, así que se usa el Chromium del
sistema (apt-get install chromium; otra ruta con SIGMA_CHROMIUM). Si falta, las pruebas se omiten
con un motivo claro, y en CI (SIGMA_SIN_OMISIONES=1) esa omisión cuenta como falla.

Base de datos: el servidor de pruebas (live_server de pytest-django) corre en otro hilo, así que
estas pruebas son transaccionales y Django vacía las tablas (flush) al terminar cada una. Eso borraría
lo que crean las migraciones de datos (grupos de roles con sus permisos, tipos de equipo, horario de
oficina). Por eso todas las pruebas de esta carpeta llevan serialized_rollback=True: Django guarda el
contenido de la base al crearla y lo restaura al empezar cada prueba. Además pytest-django ordena las
pruebas transaccionales después de las que usan la base con rollback normal, así que un flush nunca
deja sin grupos ni catálogos a las pruebas de tests/inventario ni de tests/comun.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest

CARPETA = Path(__file__).resolve().parent
RAIZ = CARPETA.parent.parent
CHROMIUM = os.environ.get("SIGMA_CHROMIUM", "/usr/bin/chromium")
ARGUMENTOS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ESCRITORIO = {"width": 1280, "height": 800}
TELEFONO = {"width": 390, "height": 844}
CAPTURAS = RAIZ / "var" / "capturas"
CAPTURAS_FALLAS = RAIZ / "var" / "e2e"
CLAVE = "clave-de-prueba"  # la de tests.factories.usuario_con_rol


# ---------------------------------------------------------------------------------------------
# Marcadores: todo lo de esta carpeta es e2e y usa la base transaccional con serialized_rollback.
# ---------------------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    for item in items:
        if CARPETA in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Deja el informe de cada fase en el item (item.informe_call...) para la captura en caso de falla.
    informe = yield
    setattr(item, f"informe_{informe.when}", informe)
    return informe


# ---------------------------------------------------------------------------------------------
# Navegador
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def navegador(django_db_setup):
    """Chromium sin interfaz, uno para toda la sesión."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"Chromium de Debian no está instalado (apt-get install chromium): no se pudo importar "
                    f"playwright ({exc}); instale las dependencias de desarrollo.")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium de Debian no está instalado (apt-get install chromium): no existe {CHROMIUM} "
                    "(otra ruta con la variable SIGMA_CHROMIUM).")

    from django.db import connections

    # La API síncrona de Playwright deja un bucle de asyncio «en marcha» en este hilo. Eso tiene dos
    # efectos en Django mientras viva el navegador:
    # 1. El ORM se negaría a trabajar (SynchronousOnlyOperation) en las fábricas y en el flush.
    #    DJANGO_ALLOW_ASYNC_UNSAFE solo se activa mientras vive el navegador.
    # 2. `connections` (un asgiref.Local) pasa de guardarse por hilo a guardarse por contexto, así que
    #    este hilo estrena objetos de conexión: a la misma base de pruebas, pero sin el contenido que
    #    pytest-django serializó al crearla (si la creó una prueba anterior, sin navegador). Sin él,
    #    serialized_rollback no restauraría nada y la segunda prueba e2e ya no tendría grupos ni
    #    catálogos. Por eso se pide django_db_setup antes de arrancar y se copia lo serializado.
    serializado = {
        conexion.alias: conexion._test_serialized_contents
        for conexion in connections.all()
        if hasattr(conexion, "_test_serialized_contents")
    }
    anterior = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, contenido in serializado.items():
            connections[alias]._test_serialized_contents = contenido
        try:
            navegador = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=ARGUMENTOS_CHROMIUM
            )
        except Exception as exc:
            pytest.skip(f"Chromium de Debian no está instalado (apt-get install chromium): {CHROMIUM} "
                        f"no arrancó: {exc}")
        yield navegador
        navegador.close()
    finally:
        # Cerrar las conexiones «de contexto» antes de soltar el bucle: si quedaran abiertas,
        # PostgreSQL no dejaría borrar la base de pruebas al final de la sesión.
        connections.close_all()
        playwright.stop()
        if anterior is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = anterior


def _nombre_archivo(texto):
    return re.sub(r"[^\w.-]+", "_", texto).strip("_")[:150]


@pytest.fixture
def nuevo_contexto(navegador, request):
    """Devuelve una función que abre contextos de navegador (se cierran al terminar la prueba).

    nuevo_contexto() → escritorio 1280×800; nuevo_contexto(telefono=True) → 390×844 táctil.
    Se puede pasar storage_state= para reutilizar la sesión de otro contexto.
    """
    abiertos = []

    def abrir(telefono=False, **opciones):
        base = {"locale": "es-MX", "timezone_id": "America/Mexico_City"}
        if telefono:
            base.update(viewport=TELEFONO, is_mobile=True, has_touch=True, device_scale_factor=2)
        else:
            base.update(viewport=ESCRITORIO)
        contexto = navegador.new_context(**{**base, **opciones})
        contexto.set_default_timeout(10_000)
        abiertos.append(contexto)
        return contexto

    yield abrir

    fallo = any(
        getattr(request.node, f"informe_{fase}", None) is not None
        and getattr(request.node, f"informe_{fase}").failed
        for fase in ("setup", "call")
    )
    for n, contexto in enumerate(abiertos):
        if fallo:
            CAPTURAS_FALLAS.mkdir(parents=True, exist_ok=True)
            for m, pagina in enumerate(contexto.pages):
                sufijo = "" if (n, m) == (0, 0) else f"-{n}-{m}"
                # La captura es una ayuda: si falla, que no tape la falla real de la prueba.
                with contextlib.suppress(Exception):
                    pagina.screenshot(path=CAPTURAS_FALLAS / f"{_nombre_archivo(request.node.name)}{sufijo}.png",
                                      full_page=True)
        contexto.close()


@pytest.fixture
def pagina(nuevo_contexto):
    """Una pestaña de escritorio (1280×800, es-MX, hora de la Ciudad de México)."""
    return nuevo_contexto().new_page()


@pytest.fixture
def entrar(live_server):
    """Devuelve entrar(pagina, usuario, clave=CLAVE): inicia sesión con el formulario real."""

    def hacer(pagina, usuario, clave=CLAVE, servidor=None):
        from playwright.sync_api import expect

        nombre = getattr(usuario, "username", usuario)
        pagina.goto(f"{(servidor or live_server).url}/entrar/")
        pagina.fill("#id_username", nombre)
        pagina.fill("#id_password", clave)
        pagina.get_by_role("button", name="Entrar").click()
        pagina.wait_for_load_state()
        expect(pagina).not_to_have_url(re.compile(r"/entrar/"))
        return pagina

    return hacer


@pytest.fixture
def capturar():
    """Devuelve capturar(pagina, nombre): captura de página completa en var/capturas/ (fuera de git)."""

    def hacer(pagina, nombre):
        CAPTURAS.mkdir(parents=True, exist_ok=True)
        ruta = CAPTURAS / f"{nombre}.png"
        pagina.screenshot(path=ruta, full_page=True)
        return ruta

    return hacer
