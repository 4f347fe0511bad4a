"""Cotejo de hosts con el inventario sin red (hosts construidos por la prueba), cola de revisión y sus acciones."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agentes import escaner, services
from agentes.choices import Cotejo, EstadoRevision, TipoRevision
from agentes.conciliacion import conciliar
from agentes.escaner import Host
from agentes.models import MacIgnorada, Revision
from inventario.models import Equipo, InterfazRed
from tests.agentes.factories import EscaneoFactory, SegmentoFactory
from tests.factories import DependenciaFactory, EquipoFactory, InterfazRedFactory, tipo, usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def escaneo():
    return EscaneoFactory(segmento=SegmentoFactory(cidr="198.18.20.0/24"))


def test_mac_basura_nunca_coincide_y_el_nombre_si(escaneo):
    por_nombre = EquipoFactory(hostname="tesoreria-01")
    InterfazRedFactory(equipo=por_nombre, mac="3c:d9:2b:00:00:01", ip="198.18.20.9")
    basura = EquipoFactory()
    InterfazRedFactory(equipo=basura, ip="198.18.20.40", mac=None)
    hosts = [Host(ip="198.18.20.10", mac="", hostname="TESORERIA-01.ocotlan.local"),
             Host(ip="198.18.20.11", mac="00:00:00:00:00:00"),
             Host(ip="198.18.20.40", mac="02:00:4c:4f:4f:50")]
    resumen = conciliar(escaneo, hosts)
    cotejos = {h.ip: h for h in escaneo.hosts.all()}
    assert cotejos["198.18.20.10"].cotejo == Cotejo.HOSTNAME and cotejos["198.18.20.10"].equipo_id == por_nombre.pk
    assert cotejos["198.18.20.11"].cotejo == Cotejo.NUEVO
    # La IP coincide con un equipo: es solo un indicio; no se marca visto.
    assert cotejos["198.18.20.40"].cotejo == Cotejo.IP and cotejos["198.18.20.40"].equipo_id is None
    nuevo = Revision.objects.get(tipo=TipoRevision.NUEVO, ip="198.18.20.40")
    assert nuevo.datos["sugerido"] == basura.pk and nuevo.mac == ""  # la MAC basura no se guarda como identidad
    # Coincidencia por nombre con otra IP → aviso sin aplicar.
    cambio = Revision.objects.get(tipo=TipoRevision.IP_CAMBIADA)
    assert cambio.equipo == por_nombre and not cambio.datos["aplicada"] and cambio.datos["anterior"] == "198.18.20.9"
    assert resumen["vistos"] == 1
    basura.refresh_from_db()
    assert basura.ultima_vez_visto is None


def test_conflictos_mac_en_dos_ip_y_mac_de_uno_con_nombre_de_otro(escaneo):
    a = EquipoFactory(hostname="pc-a")
    InterfazRedFactory(equipo=a, mac="3c:d9:2b:00:00:0a", ip="198.18.20.10")
    b = EquipoFactory(hostname="pc-b")
    hosts = [Host(ip="198.18.20.10", mac="3c:d9:2b:00:00:0a", hostname="pc-b"),
             Host(ip="198.18.20.77", mac="3c:d9:2b:00:00:0f"), Host(ip="198.18.20.78", mac="3c:d9:2b:00:00:0f")]
    conciliar(escaneo, hosts)
    conflictos = Revision.objects.filter(tipo=TipoRevision.MAC_DUPLICADA)
    assert conflictos.count() == 2
    assert any(set(r.datos.get("equipos", [])) == {a.pk, b.pk} for r in conflictos)
    assert any("varias IP" in r.datos["detalle"] for r in conflictos)
    assert escaneo.hosts.get(ip="198.18.20.10").cotejo == Cotejo.CONFLICTO


def test_hostname_cambiado_y_mac_ignorada(escaneo):
    equipo = EquipoFactory(hostname="viejo-nombre")
    InterfazRedFactory(equipo=equipo, mac="3c:d9:2b:00:00:01", ip="198.18.20.5")
    MacIgnorada.objects.create(mac="3c:d9:2b:00:00:99")
    conciliar(escaneo, [Host(ip="198.18.20.5", mac="3c:d9:2b:00:00:01", hostname="nuevo-nombre.local"),
                        Host(ip="198.18.20.6", mac="3c:d9:2b:00:00:99")])
    revision = Revision.objects.get(tipo=TipoRevision.HOSTNAME_CAMBIADO)
    assert revision.datos == {"anterior": "viejo-nombre", "nuevo": "nuevo-nombre"}
    assert not Revision.objects.filter(tipo=TipoRevision.NUEVO).exists()
    assert escaneo.hosts.get(ip="198.18.20.6").cotejo == Cotejo.IGNORADO
    # Aceptar aplica el nombre con historial.
    admin = usuario_con_rol("Administrador", "adm")
    assert services.resolver([revision], "aceptar", admin) == (1, [])
    equipo.refresh_from_db()
    assert equipo.hostname == "nuevo-nombre"
    assert "nombre aceptado" in equipo.history.latest().history_change_reason


def test_ausentes_solo_del_segmento_y_no_dados_de_baja(escaneo, settings):
    settings.SIGMA_AGENTES_DIAS_SIN_VER = 10
    hace = timezone.now() - timedelta(days=20)
    dentro = EquipoFactory()
    InterfazRedFactory(equipo=dentro, ip="198.18.20.50")
    fuera = EquipoFactory()
    InterfazRedFactory(equipo=fuera, ip="198.18.21.50")
    reciente = EquipoFactory()
    InterfazRedFactory(equipo=reciente, ip="198.18.20.51")
    baja = EquipoFactory(estado="baja", motivo_baja="Obsoleto")
    InterfazRedFactory(equipo=baja, ip="198.18.20.52")
    Equipo.objects.filter(pk__in=[dentro.pk, fuera.pk, baja.pk]).update(ultima_vez_visto=hace)
    Equipo.objects.filter(pk=reciente.pk).update(ultima_vez_visto=timezone.now())
    conciliar(escaneo, [])
    assert list(Revision.objects.filter(tipo=TipoRevision.AUSENTE).values_list("equipo_id", flat=True)) == [dentro.pk]


def test_aceptar_descartar_e_ignorar(escaneo):
    equipo = EquipoFactory()
    interfaz = InterfazRedFactory(equipo=equipo, mac="3c:d9:2b:00:00:01", ip="198.18.20.5")
    conciliar(escaneo, [Host(ip="198.18.20.8", mac="3c:d9:2b:00:00:01"),
                        Host(ip="198.18.20.9", mac="3c:d9:2b:00:00:02")])
    interfaz.refresh_from_db()
    assert interfaz.ip == "198.18.20.8"
    admin = usuario_con_rol("Administrador", "adm")
    cambio = Revision.objects.get(tipo=TipoRevision.IP_CAMBIADA)
    nuevo = Revision.objects.get(tipo=TipoRevision.NUEVO)
    # Descartar un cambio ya aplicado devuelve la IP anterior; un nuevo no se «acepta» sin registrarlo.
    hechas, avisos = services.resolver([cambio, nuevo], "descartar", admin)
    assert hechas == 2 and not avisos
    interfaz.refresh_from_db()
    assert interfaz.ip == "198.18.20.5"
    assert nuevo.estado == EstadoRevision.DESCARTADA
    otro = Revision.objects.create(tipo=TipoRevision.NUEVO, mac="3c:d9:2b:00:00:03", ip="198.18.20.10")
    hechas, avisos = services.resolver([otro], "aceptar", admin)
    assert hechas == 0 and "regístrelo" in avisos[0]
    services.ignorar_siempre(otro, admin)
    otro.refresh_from_db()
    assert otro.estado == EstadoRevision.DESCARTADA and MacIgnorada.objects.filter(mac="3c:d9:2b:00:00:03").exists()
    sin_mac = Revision.objects.create(tipo=TipoRevision.NUEVO, ip="198.18.20.11")
    with pytest.raises(services.AccionNoPermitida):
        services.ignorar_siempre(sin_mac, admin)


def test_aceptar_ip_por_nombre_crea_o_actualiza_la_interfaz(escaneo):
    equipo = EquipoFactory(hostname="sin-red")
    conciliar(escaneo, [Host(ip="198.18.20.30", mac="3c:d9:2b:00:00:30", hostname="sin-red")])
    revision = Revision.objects.get(tipo=TipoRevision.IP_CAMBIADA)
    services.resolver([revision], "aceptar", usuario_con_rol("Técnico", "tec"))
    assert list(equipo.interfaces.values_list("mac", "ip")) == [("3c:d9:2b:00:00:30", "198.18.20.30")]


def _hosts(n, base=0):
    return [Host(ip=f"198.18.{20 + (i // 250)}.{i % 250 + 1}", mac=f"3c:d9:2b:01:{i // 256:02x}:{i % 256:02x}",
                 hostname=f"pc-{i}") for i in range(base, base + n)]


def test_consultas_fijas_sin_importar_los_hosts():
    """Las mismas lecturas y una escritura (executemany) por tabla, sean 20 o 200 hosts."""
    consultas, lecturas = [], []
    dependencia, tipo_pc = DependenciaFactory(), tipo()
    for n in (20, 200):
        segmento = SegmentoFactory(cidr="198.18.16.0/20")
        equipos = Equipo.objects.bulk_create([Equipo(hostname=f"pc-{i}", numero_inventario=f"C-{n}-{i}",
                                                     dependencia=dependencia, tipo=tipo_pc) for i in range(n // 2)])
        InterfazRed.objects.bulk_create([InterfazRed(equipo=e, mac=f"3c:d9:2b:01:{i // 256:02x}:{i % 256:02x}",
                                                     ip=f"198.18.30.{i % 250}") for i, e in enumerate(equipos)])
        escaneo = EscaneoFactory(segmento=segmento)
        with CaptureQueriesContext(connection) as capturadas:
            conciliar(escaneo, _hosts(n))
        consultas.append(len(capturadas))
        lecturas.append(sum(1 for c in capturadas if c["sql"].lstrip().upper().startswith("SELECT")))
        InterfazRed.objects.all().delete()
        Revision.objects.all().delete()
    assert lecturas[0] == lecturas[1] <= 8, lecturas
    assert consultas[0] == consultas[1] <= 15, consultas


def test_analizar_vecinos_con_salida_real():
    # Salida capturada de `ip -4 neigh show` en el espacio escáner tras un escaneo sin privilegios.
    salida = """198.18.0.76 dev br0 FAILED
198.18.0.5 dev br0 lladdr 02:5a:00:00:00:05 REACHABLE
198.18.0.204 dev br0 FAILED
198.18.0.4 dev br0 lladdr 02:5a:00:00:00:04 REACHABLE
198.18.0.3 dev br0 lladdr 02:5a:00:00:00:03 STALE
198.18.0.9 dev br0 lladdr 02:5a:00:00:00:09 INCOMPLETE
198.18.0.2 dev br0 lladdr 02:5A:00:00:00:02 DELAY
fe80::1 dev br0 lladdr 02:5a:00:00:00:01 router STALE
198.18.0.7 dev br0 lladdr zz:zz PERMANENT
"""
    assert escaner.analizar_vecinos(salida) == {
        "198.18.0.5": "02:5a:00:00:00:05", "198.18.0.4": "02:5a:00:00:00:04", "198.18.0.3": "02:5a:00:00:00:03",
        "198.18.0.2": "02:5a:00:00:00:02",
    }


def test_fabricante_por_oui():
    assert escaner.fabricante_de("3c:d9:2b:00:00:01") == "Hewlett Packard"
    assert escaner.fabricante_de("02:5a:00:00:00:01") == ""


def test_programados_lanzan_vencidos_y_cierran_colgados(django_capture_on_commit_callbacks, monkeypatch):
    lanzados = []
    monkeypatch.setattr(services, "async_task", lambda *a, **k: lanzados.append(a))
    vencido = SegmentoFactory(intervalo_horas=24, proximo_escaneo=timezone.now() - timedelta(minutes=1))
    SegmentoFactory(intervalo_horas=24, proximo_escaneo=timezone.now() + timedelta(hours=1))
    SegmentoFactory(intervalo_horas=0)
    SegmentoFactory(intervalo_horas=24, activo=False)
    colgado = EscaneoFactory(estado="en_curso", inicio=timezone.now() - timedelta(hours=3), limite_segundos=60)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lanzar_escaneos_programados() == 1
    assert len(lanzados) == 1 and lanzados[0][0] == "agentes.tasks.ejecutar_escaneo"
    vencido.refresh_from_db()
    assert vencido.proximo_escaneo > timezone.now() + timedelta(hours=23)
    colgado.refresh_from_db()
    assert colgado.estado == "fallido" and "interrumpió" in colgado.error
    # Un segundo llamado no duplica: el escaneo pendiente sigue abierto.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lanzar_escaneos_programados() == 0


def test_sincronizar_tareas_declara_la_programacion():
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("sincronizar_tareas", stdout=__import__("io").StringIO())
    programacion = Schedule.objects.get(name__contains="agentes")
    assert programacion.func == "agentes.tasks.lanzar_escaneos_programados" and programacion.minutes == 5


def test_fin_de_soporte():
    from datetime import date

    from agentes.soporte_so import fin_de_soporte

    assert fin_de_soporte("Microsoft Windows 7 Professional") == date(2020, 1, 14)
    assert fin_de_soporte("Microsoft Windows 8.1 Pro") == date(2023, 1, 10)
    assert fin_de_soporte("Microsoft Windows 10 Pro", "10.0.19045") == date(2025, 10, 14)
    assert fin_de_soporte("Microsoft Windows 11 Pro", "10.0.22631") == date(2025, 11, 11)
    assert fin_de_soporte("Microsoft Windows 11 Pro", "10.0.26100") == date(2026, 10, 13)
    assert fin_de_soporte("Debian GNU/Linux 12 (bookworm)") is None
