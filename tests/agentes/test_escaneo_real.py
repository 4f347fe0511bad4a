"""Escaneos reales con nmap dentro de espacios de nombres de red (solo 198.18.x; requiere root, como CI).

La LAN: escáner 198.18.N.1 con puente, hosts .2 a .5 con MAC fijas; .3 sirve el puerto 8080.
"""
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from agentes import escaner, services
from agentes.choices import Cotejo, EstadoEscaneo, TipoRevision
from agentes.models import Escaneo, Revision
from inventario.models import InterfazRed
from tests.agentes.factories import SegmentoFactory
from tests.agentes.lan import Lan
from tests.factories import EquipoFactory, InterfazRedFactory

TERCER_OCTETO = 70  # 198.18.70.0/24: no choca con otras pruebas ni con el benchmark


@pytest.fixture(scope="module")
def lan(tmp_path_factory):
    red = Lan(f"198.18.{TERCER_OCTETO}", tmp_path_factory.mktemp("lan"))
    try:
        red.crear(4)
        red.servir_puerto(f"{red.prefijo}.3", 8080)
        yield red
    finally:
        red.destruir()


@pytest.fixture
def en_la_lan(lan, settings):
    settings.SIGMA_NMAP_RUTA = lan.envoltorio("nmap")
    settings.SIGMA_IP_RUTA = lan.envoltorio("ip")
    settings.SIGMA_NMAP_OPCIONES = []
    return lan


def _escanear(segmento):
    escaneo = services.crear_escaneo(segmento)
    services.ejecutar_escaneo(escaneo.pk)
    escaneo.refresh_from_db()
    return escaneo


def test_escaneo_real_concilia_con_el_inventario(en_la_lan, db):
    lan = en_la_lan
    p = lan.prefijo
    visto = EquipoFactory(numero_inventario="OCO-RED-0002")
    InterfazRedFactory(equipo=visto, mac=lan.mac(2), ip=f"{p}.2")
    movido = EquipoFactory(numero_inventario="OCO-RED-0003")
    interfaz_movida = InterfazRedFactory(equipo=movido, mac=lan.mac(3).upper().replace(":", "-"), ip=f"{p}.50")
    perdido = EquipoFactory(numero_inventario="OCO-RED-0077")
    InterfazRedFactory(equipo=perdido, mac="02:5a:46:00:00:77", ip=f"{p}.77")
    perdido.__class__.objects.filter(pk=perdido.pk).update(ultima_vez_visto=timezone.now() - timedelta(days=60))
    segmento = SegmentoFactory(nombre="LAN de prueba", cidr=f"{p}.0/24")

    escaneo = _escanear(segmento)

    assert escaneo.estado == EstadoEscaneo.COMPLETADO, escaneo.error
    assert escaneo.progreso == 100 and escaneo.fin and escaneo.inicio
    hosts = {h.ip: h for h in escaneo.hosts.all()}
    assert {f"{p}.{n}" for n in (2, 3, 4, 5)} <= set(hosts)
    for n in (2, 3, 4, 5):
        assert hosts[f"{p}.{n}"].mac == lan.mac(n)
        assert not hosts[f"{p}.{n}"].mac_de_vecinos
    assert escaneo.hosts_activos == len(hosts)
    assert "--system-dns" in escaneo.comando and segmento.cidr in escaneo.comando

    # Coincide por MAC y queda visto.
    assert hosts[f"{p}.2"].cotejo == Cotejo.MAC and hosts[f"{p}.2"].equipo_id == visto.pk
    visto.refresh_from_db()
    assert visto.ultima_vez_visto is not None
    # Coincide por MAC con otra IP: la IP se actualiza con historial y queda un aviso.
    assert hosts[f"{p}.3"].equipo_id == movido.pk
    interfaz_movida.refresh_from_db()
    assert interfaz_movida.ip == f"{p}.3"
    assert interfaz_movida.history.latest().history_change_reason == "Escaneo de red"
    cambio = Revision.objects.get(tipo=TipoRevision.IP_CAMBIADA, equipo=movido)
    assert cambio.datos["anterior"] == f"{p}.50" and cambio.datos["nueva"] == f"{p}.3" and cambio.datos["aplicada"]
    # Dispositivos nuevos.
    nuevos = Revision.objects.filter(tipo=TipoRevision.NUEVO, escaneo=escaneo)
    assert {r.mac for r in nuevos} == {lan.mac(4), lan.mac(5)}
    assert hosts[f"{p}.4"].cotejo == Cotejo.NUEVO
    # Equipo que no se ve hace 60 días.
    ausente = Revision.objects.get(tipo=TipoRevision.AUSENTE)
    assert ausente.equipo_id == perdido.pk and ausente.datos["dias"] == 30

    # Una segunda corrida no repite los avisos pendientes.
    segundo = _escanear(segmento)
    assert segundo.estado == EstadoEscaneo.COMPLETADO
    assert Revision.objects.filter(tipo=TipoRevision.NUEVO).count() == 2
    assert Revision.objects.filter(tipo=TipoRevision.AUSENTE).count() == 1
    assert Revision.objects.filter(tipo=TipoRevision.IP_CAMBIADA).count() == 1


def test_perfil_detallado_ve_el_puerto_y_respeta_exclusiones(en_la_lan, db):
    p = en_la_lan.prefijo
    segmento = SegmentoFactory(cidr=f"{p}.0/28", perfil="detallado", exclusiones=f"{p}.5, {p}.1")
    escaneo = _escanear(segmento)
    assert escaneo.estado == EstadoEscaneo.COMPLETADO, escaneo.error
    hosts = {h.ip: h for h in escaneo.hosts.all()}
    assert f"{p}.5" not in hosts and f"{p}.1" not in hosts
    assert {"puerto": 8080, "protocolo": "tcp", "servicio": "http-proxy"} in hosts[f"{p}.3"].puertos
    assert hosts[f"{p}.2"].puertos == []
    assert "-O" in escaneo.comando and f"--exclude {p}.5,{p}.1" in escaneo.comando


def test_sin_privilegios_toma_las_mac_de_la_tabla_de_vecinos(en_la_lan, settings, db):
    settings.SIGMA_NMAP_OPCIONES = ["--unprivileged"]
    p = en_la_lan.prefijo
    escaneo = _escanear(SegmentoFactory(cidr=f"{p}.0/24"))
    assert escaneo.estado == EstadoEscaneo.COMPLETADO, escaneo.error
    hosts = {h.ip: h for h in escaneo.hosts.all()}
    for n in (2, 3, 4, 5):
        assert hosts[f"{p}.{n}"].mac == en_la_lan.mac(n)
        assert hosts[f"{p}.{n}"].mac_de_vecinos
    assert "tabla de vecinos" in escaneo.advertencias


def test_tabla_de_vecinos_real(en_la_lan, settings):
    """analizar_vecinos con la salida real de `ip neigh` del espacio escáner (FAILED y REACHABLE tras un escaneo)."""
    p = en_la_lan.prefijo
    # Un sondeo sin privilegios (connect) a .2 y .3 hace que el kernel resuelva sus MAC por ARP.
    subprocess.run([settings.SIGMA_NMAP_RUTA, "-sn", "-n", "--unprivileged", f"{p}.2", f"{p}.3"],  # noqa: S603
                   capture_output=True, check=True, timeout=60)
    vecinos = escaner.leer_vecinos()
    assert vecinos[f"{p}.2"] == en_la_lan.mac(2) and vecinos[f"{p}.3"] == en_la_lan.mac(3)
    for ip, mac in vecinos.items():
        assert ip.startswith(en_la_lan.prefijo + ".")
        assert en_la_lan.hosts[ip][1] == mac


# -- nmap que falta, que falla, que tarda ------------------------------------------------------


def _falso_nmap(tmp_path, cuerpo):
    ruta = tmp_path / "nmap-falso"
    ruta.write_text('#!/bin/sh\nif [ "$1" = "-V" ]; then echo "Nmap version 7.93 ( https://nmap.org )"; exit 0; fi\n'
                    + cuerpo + "\n")
    ruta.chmod(0o755)
    return str(ruta)


def test_nmap_ausente_marca_el_escaneo_fallido_con_la_solucion(settings, admin_client_sigma, tmp_path):
    settings.SIGMA_NMAP_RUTA = str(tmp_path / "no-existe" / "nmap")
    escaneo = _escanear(SegmentoFactory(cidr="198.18.71.0/24"))
    assert escaneo.estado == EstadoEscaneo.FALLIDO
    assert "No se encontró nmap" in escaneo.error and "SIGMA_NMAP_RUTA" in escaneo.error
    assert "apt-get install nmap" in escaneo.error
    pagina = admin_client_sigma.get(escaneo.get_absolute_url()).content.decode()
    assert "No se encontró nmap" in pagina and "setcap cap_net_raw,cap_net_admin+eip" in pagina
    admin = admin_client_sigma.get(f"/admin/agentes/escaneo/{escaneo.pk}/change/").content.decode()
    assert "No se encontró nmap" in admin and "SIGMA_NMAP_RUTA" in admin


def test_nmap_que_falla_o_muere(settings, db, tmp_path):
    settings.SIGMA_NMAP_RUTA = _falso_nmap(tmp_path, 'echo "Failed to open device br9" >&2; exit 1')
    escaneo = _escanear(SegmentoFactory(cidr="198.18.72.0/24"))
    assert escaneo.estado == EstadoEscaneo.FALLIDO and "nmap falló: Failed to open device br9" in escaneo.error
    settings.SIGMA_NMAP_RUTA = _falso_nmap(tmp_path, "kill -9 $$")
    escaneo = _escanear(SegmentoFactory(cidr="198.18.73.0/24"))
    assert escaneo.estado == EstadoEscaneo.FALLIDO and "señal 9" in escaneo.error
    settings.SIGMA_NMAP_RUTA = _falso_nmap(tmp_path, 'echo "requires root privileges." >&2; exit 1')
    escaneo = _escanear(SegmentoFactory(cidr="198.18.74.0/24"))
    assert "privilegios" in escaneo.error and "setcap" in escaneo.error


def test_tiempo_limite_detiene_nmap(settings, db, tmp_path):
    settings.SIGMA_NMAP_RUTA = _falso_nmap(tmp_path, "exec sleep 30")
    escaneo = services.crear_escaneo(SegmentoFactory(cidr="198.18.75.0/24"))
    Escaneo.objects.filter(pk=escaneo.pk).update(limite_segundos=1)
    inicio = time.monotonic()
    services.ejecutar_escaneo(escaneo.pk)
    escaneo.refresh_from_db()
    assert time.monotonic() - inicio < 10
    assert escaneo.estado == EstadoEscaneo.FALLIDO and "tiempo límite" in escaneo.error


def _lecturas_sin_bloqueo_de_tabla():
    """La base SQLite de pruebas vive en memoria con caché compartida: ahí una lectura de otro hilo bloquea
    la tabla y la escritura falla al instante («database table is locked»), sin la espera que tiene un
    archivo real. Con read_uncommitted las lecturas no toman ese candado (ver «SQLite Shared-Cache Mode»)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cancelar_un_escaneo_en_curso(settings, tmp_path):
    settings.SIGMA_NMAP_RUTA = _falso_nmap(tmp_path, "exec sleep 30")
    escaneo = services.crear_escaneo(SegmentoFactory(cidr="198.18.76.0/24"))
    _lecturas_sin_bloqueo_de_tabla()

    def cancelar_pronto():
        _lecturas_sin_bloqueo_de_tabla()
        for _ in range(100):
            actual = Escaneo.objects.get(pk=escaneo.pk)
            if actual.estado == EstadoEscaneo.EN_CURSO:
                services.cancelar_escaneo(actual)
                break
            time.sleep(0.1)
        connection.close()

    hilo = threading.Thread(target=cancelar_pronto)
    hilo.start()
    inicio = time.monotonic()
    services.ejecutar_escaneo(escaneo.pk)
    hilo.join()
    escaneo.refresh_from_db()
    assert time.monotonic() - inicio < 10
    assert escaneo.estado == EstadoEscaneo.CANCELADO and "cancelado" in escaneo.error.lower()


def test_cancelar_antes_de_empezar(db):
    escaneo = services.crear_escaneo(SegmentoFactory(cidr="198.18.77.0/24"))
    services.cancelar_escaneo(escaneo)
    escaneo.refresh_from_db()
    assert escaneo.estado == EstadoEscaneo.CANCELADO
    assert services.ejecutar_escaneo(escaneo.pk) == "nada que hacer"
    with pytest.raises(services.AccionNoPermitida):
        services.cancelar_escaneo(escaneo)


def test_orden_escanear_por_nombre(en_la_lan, db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    SegmentoFactory(nombre="Presidencia prueba", cidr=f"{en_la_lan.prefijo}.0/26")
    salida = __import__("io").StringIO()
    call_command("escanear", "presidencia prueba", stdout=salida)
    assert "hosts activos" in salida.getvalue()
    assert InterfazRed.objects.count() == 0  # un escaneo no da de alta equipos
    with pytest.raises(CommandError, match="No existe el segmento"):
        call_command("escanear", "no-existe")
