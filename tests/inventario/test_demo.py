"""Datos de demostración: reproducibles, idempotentes y coherentes; usuarios de demostración por rol."""
import ipaddress
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from comun.models import Dependencia, Empleado, Ubicacion
from comun.normalizacion import clave_nombre, es_mac_basura, normalizar_mac
from comun.roles import ADMINISTRADOR, CLAVES, ROLES
from inventario.choices import Estado
from inventario.demo import DEPENDENCIAS_BASE, generar
from inventario.models import Equipo, InterfazRed, Marca, Modelo, MovimientoResguardo

PARAMS = {"semilla": 7, "empleados": 40, "equipos": 80}


def _huella():
    return (
        sorted(Equipo.objects.values_list(
            "numero_inventario", "numero_serie", "hostname", "tipo__nombre", "modelo__nombre",
            "dependencia__nombre", "resguardante__numero_empleado", "estado", "fecha_adquisicion", "costo",
        )),
        sorted(InterfazRed.objects.values_list("equipo__numero_inventario", "nombre", "mac", "ip")),
        sorted(Empleado.objects.values_list(
            "numero_empleado", "nombre", "apellidos", "puesto", "dependencia__nombre", "tipo", "activo", "correo",
        )),
    )


def _conteos():
    modelos = (Dependencia, Ubicacion, Empleado, Marca, Modelo, Equipo, InterfazRed, MovimientoResguardo)
    return {m.__name__: m.objects.count() for m in modelos} | {"historial": Equipo.history.count()}


@pytest.mark.django_db
def test_segunda_corrida_no_crea_ni_cambia_nada():
    primera = generar(**PARAMS)
    assert primera["dependencias"] == len(DEPENDENCIAS_BASE)
    assert primera["empleados"] == 40
    assert primera["equipos"] == 80
    assert primera["interfaces"] > 0
    assert primera["movimientos"] >= 80
    antes, huella = _conteos(), _huella()

    segunda = generar(**PARAMS)

    assert not any(segunda.values()), segunda
    assert _conteos() == antes
    assert _huella() == huella


@pytest.mark.django_db
def test_misma_semilla_mismos_datos_y_otra_semilla_otros():
    generar(**PARAMS)
    huella = _huella()
    Equipo.objects.all().delete()  # arrastra interfaces y movimientos
    Empleado.objects.all().delete()
    assert not InterfazRed.objects.exists()

    creados = generar(**PARAMS)

    assert creados["dependencias"] == 0 and creados["modelos"] == 0
    assert creados["empleados"] == 40 and creados["equipos"] == 80
    assert _huella() == huella

    macs = set(InterfazRed.objects.values_list("mac", flat=True))
    Equipo.objects.all().delete()
    Empleado.objects.all().delete()
    generar(**{**PARAMS, "semilla": 8})
    assert set(InterfazRed.objects.values_list("mac", flat=True)) != macs


@pytest.mark.django_db
def test_macs_normalizadas_unicas_e_ips_privadas():
    generar(**PARAMS)
    macs = list(InterfazRed.objects.values_list("mac", flat=True))
    assert macs and None not in macs
    assert all(normalizar_mac(m) == m and not es_mac_basura(m) for m in macs)
    assert len(set(macs)) == len(macs)
    ips = [ip for ip in InterfazRed.objects.values_list("ip", flat=True) if ip]
    assert ips
    red = ipaddress.ip_network("192.168.0.0/16")
    assert all(ipaddress.ip_address(ip) in red for ip in ips)
    assert len(set(ips)) == len(ips)
    # Las laptops llevan Ethernet y Wi-Fi.
    laptop = Equipo.objects.filter(tipo__nombre="Laptop").first()
    assert laptop is not None
    assert set(laptop.interfaces.values_list("nombre", flat=True)) == {"Ethernet", "Wi-Fi"}


@pytest.mark.django_db
def test_datos_coherentes():
    generar(**PARAMS)
    con_resguardante = Equipo.objects.exclude(resguardante=None)
    assert con_resguardante.exists()
    assert not con_resguardante.exclude(resguardante__dependencia=F("dependencia")).exists()

    comisaria = Dependencia.objects.get(nombre__startswith="Comisaría")
    assert comisaria.empleados.exists()
    assert not comisaria.empleados.exclude(tipo=Empleado.Tipo.POLICIA).exists()
    assert not Empleado.objects.exclude(dependencia=comisaria).filter(tipo=Empleado.Tipo.POLICIA).exists()

    # bulk_create no pasa por save(): las claves de comparación se llenaron a mano.
    for dep in Dependencia.objects.all():
        assert dep.clave == clave_nombre(dep.nombre)
    for emp in Empleado.objects.all():
        assert emp.clave == clave_nombre(emp.nombre_completo)
        assert emp.numero_empleado.startswith("E-")
        assert not emp.correo or emp.correo.endswith("@ocotlan.gob.mx")

    hoy = timezone.localdate()
    for equipo in Equipo.objects.select_related("tipo"):
        assert equipo.numero_inventario == f"OCO-{equipo.fecha_adquisicion.year}-{equipo.numero_inventario[-5:]}"
        assert equipo.fecha_adquisicion <= hoy
        assert equipo.hostname == equipo.hostname.lower()
        assert equipo.costo > 0
        if equipo.estado == Estado.BAJA:
            assert equipo.motivo_baja and equipo.fecha_baja
            assert equipo.fecha_adquisicion <= equipo.fecha_baja <= hoy
            assert equipo.resguardante_id is None
    assert Equipo.history.filter(history_type="+").count() == 80
    assert MovimientoResguardo.objects.filter(tipo="alta").count() == 80


@pytest.mark.django_db
def test_numero_de_dependencias():
    generar(semilla=1, dependencias=60, empleados=90, equipos=30, con_historial=False)
    assert Dependencia.objects.count() == 60
    assert not Dependencia.objects.filter(empleados=None).exists()  # al menos el titular en cada una
    assert Dependencia.objects.filter(nombre__startswith="Delegación").exists()
    assert not Equipo.history.exists()


@pytest.mark.django_db
def test_pocas_dependencias_y_sin_equipos():
    creados = generar(dependencias=3, empleados=5, equipos=0)
    assert creados["dependencias"] == 3 and creados["equipos"] == 0
    assert Empleado.objects.count() == 5


@pytest.mark.django_db
def test_comando_cargar_demo():
    salida = StringIO()
    call_command("cargar_demo", "--empleados", "20", "--equipos", "15", "--dependencias", "10", stdout=salida)
    assert "Equipos" in salida.getvalue()
    assert Equipo.objects.count() == 15
    salida = StringIO()
    call_command("cargar_demo", "--empleados", "20", "--equipos", "15", "--dependencias", "10", stdout=salida)
    assert "ya existían" in salida.getvalue()


@pytest.mark.django_db
def test_crear_usuarios_demo_un_usuario_por_rol_idempotente():
    User = get_user_model()
    call_command("crear_usuarios_demo", stdout=StringIO())
    salida = StringIO()
    call_command("crear_usuarios_demo", "--password", "otra-clave-2026", stdout=salida)

    assert User.objects.count() == 4
    for rol in ROLES:
        usuario = User.objects.get(username=CLAVES[rol])
        assert list(usuario.groups.values_list("name", flat=True)) == [rol]
        assert usuario.check_password("otra-clave-2026")
        assert not usuario.is_superuser
        assert usuario.is_staff == (rol == ADMINISTRADOR)
        assert usuario.username in salida.getvalue()
    assert "restablecido" in salida.getvalue()


@pytest.mark.django_db
def test_crear_usuarios_demo_con_superusuario():
    User = get_user_model()
    call_command("crear_usuarios_demo", "--superusuario", stdout=StringIO())
    root = User.objects.get(username="root")
    assert root.is_superuser and root.is_staff
    assert root.check_password("sigma-demo-2026")
    assert User.objects.get(username="admin").is_superuser is False
