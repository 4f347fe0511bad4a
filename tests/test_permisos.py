"""Matriz de permisos: cada URL del proyecto × anónimo y cada rol → el código esperado.

La lista de URLs se saca del resolvedor: una URL nueva sin fila en ESPERADO hace fallar la prueba,
así la matriz crece sola con cada issue. Las URLs del admin se generan del registro del admin.
"""
import importlib

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES_PRUEBA
from tests.factories import EmpleadoFactory, EquipoFactory

ROLES = list(ROLES_PRUEBA)  # anonimo, mesa, tecnico, director, admin
CON_SESION = {"mesa", "tecnico", "director", "admin"}

# Nombre de URL → roles que reciben 200 (el resto: anónimo 302 al login, con sesión 403),
# o un dict rol → código para las páginas públicas o especiales.
ESPERADO = {
    "login": {"anonimo": 200, "mesa": 302, "tecnico": 302, "director": 302, "admin": 302},
    "logout": dict.fromkeys(ROLES, 405),  # solo POST
    "comun:inicio": CON_SESION,
    "comun:buscar_empleados": CON_SESION,
    "inventario:lista": CON_SESION,
    "inventario:detalle": CON_SESION,
    "inventario:nuevo": {"admin"},
    "inventario:editar": {"tecnico", "admin"},
    "inventario:transferir": {"admin"},
    "inventario:baja": {"admin"},
    "inventario:importar": {"admin"},
    "inventario:importacion": {"admin"},
    "inventario:importacion_estado": {"admin"},
    "inventario:importacion_opciones": {"anonimo": 302, "mesa": 403, "tecnico": 403, "director": 403, "admin": 405},
    "inventario:importacion_confirmar": {"anonimo": 302, "mesa": 403, "tecnico": 403, "director": 403, "admin": 405},
    "inventario:importacion_rechazadas": {"admin"},
    "inventario:empleado": CON_SESION,
    "inventario:resguardo_empleado": CON_SESION,
    "inventario:resguardo_equipo": CON_SESION,
    "inventario:acta_transferencia": CON_SESION,
    # Sin equipos seleccionados las etiquetas responden 400 (ya pasó el permiso); sin permiso sería 403.
    "inventario:etiquetas": {"anonimo": 302, **dict.fromkeys(CON_SESION, 400)},
    "inventario:exportar": CON_SESION,
    # Una exportación que no existe (o de otro usuario): 404 con sesión; el caso feliz, en test_exportacion.py.
    "inventario:exportacion_estado": {"anonimo": 302, **dict.fromkeys(CON_SESION, 404)},
    "inventario:exportacion_descargar": {"anonimo": 302, **dict.fromkeys(CON_SESION, 404)},
}

# Cómo llenar los argumentos de cada URL con datos creados por la prueba.
ARGUMENTOS = {
    "inventario:detalle": lambda d: [d["equipo"].pk],
    "inventario:editar": lambda d: [d["equipo"].pk],
    "inventario:transferir": lambda d: [d["equipo"].pk],
    "inventario:baja": lambda d: [d["equipo"].pk],
    "inventario:importacion": lambda d: [_importacion().pk],
    "inventario:importacion_estado": lambda d: [_importacion().pk],
    "inventario:importacion_opciones": lambda d: [_importacion().pk],
    "inventario:importacion_confirmar": lambda d: [_importacion().pk],
    "inventario:importacion_rechazadas": lambda d: [_importacion().pk],
    "inventario:empleado": lambda d: [d["equipo"].resguardante_id],
    "inventario:resguardo_empleado": lambda d: [d["equipo"].resguardante_id],
    "inventario:resguardo_equipo": lambda d: [d["equipo"].pk],
    "inventario:acta_transferencia": lambda d: [_transferencia(d["equipo"]).pk],
    "inventario:exportacion_estado": lambda d: ["00000000-0000-4000-8000-000000000000"],
    "inventario:exportacion_descargar": lambda d: ["00000000-0000-4000-8000-000000000000"],
}


# Cada app nueva trae sus filas en tests/<app>/permisos.py (ESPERADO y ARGUMENTOS con la misma forma).
for _app in ("soporte", "mantenimiento", "agentes", "credenciales", "reportes", "api"):
    try:
        _modulo = importlib.import_module(f"tests.{_app}.permisos")
    except ModuleNotFoundError:
        continue
    ESPERADO.update(_modulo.ESPERADO)
    ARGUMENTOS.update(getattr(_modulo, "ARGUMENTOS", {}))


def _transferencia(equipo):
    from inventario.models import MovimientoResguardo

    return MovimientoResguardo.objects.create(
        equipo=equipo, tipo=MovimientoResguardo.Tipo.TRANSFERENCIA, fecha=equipo.creado.date(),
        resguardante_anterior=equipo.resguardante, resguardante_nuevo=EmpleadoFactory(dependencia=equipo.dependencia),
        motivo="Prueba de la matriz de permisos",
    )


def _importacion():
    from inventario.models_importacion import Importacion

    return Importacion.objects.create(archivo_nombre="prueba.xlsx", estado=Importacion.Estado.ANALIZADA)


def _recorrer(patrones, prefijo=""):
    for patron in patrones:
        if isinstance(patron, URLResolver):
            if patron.app_name == "admin":
                continue
            espacio = f"{patron.namespace}:" if patron.namespace else prefijo
            yield from _recorrer(patron.url_patterns, espacio)
        elif isinstance(patron, URLPattern) and patron.name:
            yield prefijo + patron.name


NOMBRES = sorted(set(_recorrer(get_resolver().url_patterns)))


def test_toda_url_tiene_fila_en_la_matriz():
    faltan = [n for n in NOMBRES if n not in ESPERADO]
    assert not faltan, f"Añada estas URLs a ESPERADO en tests/test_permisos.py: {faltan}"
    sobran = [n for n in ESPERADO if n not in NOMBRES]
    assert not sobran, f"Estas filas de ESPERADO ya no existen como URL: {sobran}"


def _codigo_esperado(nombre, rol):
    regla = ESPERADO[nombre]
    if isinstance(regla, dict):
        return regla[rol]
    if rol in regla:
        return 200
    return 302 if rol == "anonimo" else 403


@pytest.fixture
def datos(db):
    return {"equipo": EquipoFactory()}


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("nombre", NOMBRES)
def test_matriz(nombre, rol, cliente_con_rol, datos):
    argumentos = ARGUMENTOS.get(nombre, lambda d: [])(datos)
    url = reverse(nombre, args=argumentos)
    respuesta = cliente_con_rol(rol).get(url)
    esperado = _codigo_esperado(nombre, rol)
    assert respuesta.status_code == esperado, f"{rol} en {url}: {respuesta.status_code}, no {esperado}"
    if esperado == 302 and rol == "anonimo" and nombre != "login":
        assert respuesta.url.startswith(reverse("login")), respuesta.url


def _urls_admin():
    urls = [("admin:index", None)]
    for modelo in admin.site._registry:
        app = modelo._meta.app_label
        urls.append((f"admin:{app}_{modelo._meta.model_name}_changelist", app))
    return urls


# Apps cuyo admin es del Administrador; el de terceros (django-q2) solo lo ve un superusuario.
APPS_DEL_ADMINISTRADOR = {"comun", "inventario", "auth", "soporte", "mantenimiento", "agentes", "credenciales",
                          "reportes", "axes"}  # axes: ver y borrar bloqueos de inicio de sesión


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize(("nombre", "app"), _urls_admin())
def test_matriz_admin(nombre, app, rol, cliente_con_rol, db):
    """Los catálogos (admin) son del Administrador; los demás roles son llevados al login del admin."""
    respuesta = cliente_con_rol(rol).get(reverse(nombre))
    if rol != "admin":
        assert respuesta.status_code == 302
    elif app is None or app in APPS_DEL_ADMINISTRADOR:
        assert respuesta.status_code == 200, f"{nombre}: {respuesta.status_code}"
    else:
        assert respuesta.status_code == 403, f"{nombre}: {respuesta.status_code}"


def test_paginas_de_error_en_espanol(cliente_con_rol, datos):
    cliente = cliente_con_rol("mesa")
    respuesta = cliente.get("/no-existe/")
    assert respuesta.status_code == 404 and "No encontramos esa página" in respuesta.content.decode()
    respuesta = cliente.get(reverse("inventario:nuevo"))
    assert respuesta.status_code == 403 and "Su rol no tiene permiso" in respuesta.content.decode()
