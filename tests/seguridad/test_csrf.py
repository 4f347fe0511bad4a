"""CSRF: todo POST con sesión y sin token se rechaza (403) antes de que la vista escriba nada.

Recorre todas las URLs del proyecto (la misma lista que la matriz de permisos). Las únicas vistas exentas
del middleware de CSRF están en EXENTAS, con su motivo; una vista exenta nueva hace fallar la prueba.
Las vistas de Django REST framework son exentas para Django, pero su SessionAuthentication exige el token:
se prueban igual (con sesión y sin token, 401/403 y nada escrito).
"""
import logging

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import get_resolver, reverse

from tests.factories import usuario_con_rol
from tests.test_permisos import ARGUMENTOS, NOMBRES, datos  # noqa: F401  datos es fixture

# URL → motivo de la exención. Solo estas pueden saltarse el middleware de CSRF.
EXENTAS = {
    "agentes:inventario": "Recepción de agentes (máquina a máquina): HTTP basic o red autorizada, sin sesión.",
}


def _vistas():
    """Nombre de URL → función de vista, recorriendo el resolvedor como la matriz de permisos."""
    from django.urls import URLPattern, URLResolver

    def recorrer(patrones, prefijo=""):
        for patron in patrones:
            if isinstance(patron, URLResolver):
                if patron.app_name == "admin":
                    continue
                espacio = f"{patron.namespace}:" if patron.namespace else prefijo
                yield from recorrer(patron.url_patterns, espacio)
            elif isinstance(patron, URLPattern) and patron.name:
                yield prefijo + patron.name, patron.callback

    return dict(recorrer(get_resolver().url_patterns))


VISTAS = _vistas()


def _es_drf(vista):
    clase = getattr(vista, "cls", None)
    if clase is None:
        return False
    try:
        from rest_framework.views import APIView
    except ImportError:  # pragma: no cover
        return False
    return isinstance(clase, type) and issubclass(clase, APIView)


def test_lista_de_vistas_exentas_de_csrf():
    exentas = {n for n, v in VISTAS.items() if getattr(v, "csrf_exempt", False) and not _es_drf(v)}
    assert exentas == set(EXENTAS), (
        f"Vistas exentas de CSRF no documentadas: {sorted(exentas - set(EXENTAS))}; "
        f"ya no exentas: {sorted(set(EXENTAS) - exentas)}"
    )


def test_la_lista_de_urls_es_la_de_la_matriz():
    assert set(VISTAS) == set(NOMBRES)


def _huella():
    """Filas de cada modelo del proyecto (sin sesiones ni la caché de django-q)."""
    omitir = {"sessions", "django_q", "admin", "contenttypes"}
    tablas = set(connection.introspection.table_names())
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label not in omitir and m._meta.db_table in tablas}


@pytest.fixture
def cliente_estricto(db):
    cliente = Client(enforce_csrf_checks=True)
    usuario = usuario_con_rol("Administrador", username="csrf-admin")
    usuario.is_superuser = True  # todos los permisos: si no fuera por el CSRF, la vista escribiría
    usuario.save()
    cliente.force_login(usuario)
    return cliente


POST_DATOS = {"texto": "x", "motivo": "x", "accion": "terminar", "estado": "cerrada", "q": "x"}


def test_post_sin_token_es_rechazado(cliente_estricto, datos, caplog):  # noqa: F811
    """Una sola prueba para todas las URLs (rápida): primero se arman las URLs (crean sus datos), luego se
    cuentan las filas, se hace cada POST y se vuelve a contar."""
    urls = {n: reverse(n, args=ARGUMENTOS.get(n, lambda d: [])(datos)) for n in NOMBRES if n not in EXENTAS}
    antes = _huella()
    fallas = []
    for nombre, url in sorted(urls.items()):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
            if _es_drf(VISTAS[nombre]):
                respuesta = cliente_estricto.post(url, POST_DATOS, content_type="application/json")
            else:
                respuesta = cliente_estricto.post(url, POST_DATOS)
        if _es_drf(VISTAS[nombre]):
            # 401: la sesión no cuenta (solo token); 403: SessionAuthentication exigió el token CSRF.
            if respuesta.status_code not in (401, 403) or (
                    respuesta.status_code == 403 and "CSRF" not in respuesta.content.decode()):
                fallas.append(f"{url}: {respuesta.status_code} {respuesta.content[:120]!r}")
        elif respuesta.status_code != 403:
            fallas.append(f"{url}: {respuesta.status_code}, no 403")
        elif not any("CSRF" in r.getMessage() for r in caplog.records):
            fallas.append(f"{url}: el 403 no vino del middleware de CSRF")
    assert not fallas, "\n".join(fallas)
    assert _huella() == antes, "Un POST sin token CSRF escribió en la base"


def test_con_token_el_mismo_post_pasa_el_csrf(cliente_estricto, datos, caplog):  # noqa: F811
    """Control: con el token, el middleware deja pasar (la prueba anterior no pasa por accidente)."""
    cliente_estricto.get(reverse("soporte:cola"))
    token = cliente_estricto.cookies["csrftoken"].value
    solicitud_url = reverse("soporte:comentar", args=ARGUMENTOS["soporte:comentar"](datos))
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        respuesta = cliente_estricto.post(solicitud_url, {"texto": "Con token", "csrfmiddlewaretoken": token})
    assert respuesta.status_code == 302
    assert not [r for r in caplog.records if "CSRF" in r.getMessage()]


def test_formularios_llevan_token(cliente_estricto, datos):  # noqa: F811
    """Las páginas con formulario POST incluyen el campo csrfmiddlewaretoken."""
    paginas = ["soporte:nueva", "inventario:nuevo", "mantenimiento:plan_nuevo", "agentes:segmento_nuevo"]
    for nombre in paginas:
        html = cliente_estricto.get(reverse(nombre)).content.decode()
        assert 'method="post"' in html.lower() and "csrfmiddlewaretoken" in html, nombre


@pytest.mark.parametrize("metodo", ["post"])
def test_agente_exento_exige_su_propia_autenticacion(metodo, db):
    antes = _huella()
    respuesta = getattr(Client(enforce_csrf_checks=True), metodo)(
        reverse("agentes:inventario"), b"x", content_type="application/x-compress-zlib")
    assert respuesta.status_code == 401
    assert _huella() == antes
