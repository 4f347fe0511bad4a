"""Cola de revisión en un navegador real: el Administrador abre los avisos de un escaneo y los resuelve en bloque."""
import re

import pytest
from django.db.models import Count

from agentes.choices import EstadoRevision
from agentes.models import HostDescubierto, Revision
from comun.roles import ADMINISTRADOR
from tests.agentes.factories import AgenteFactory, EscaneoFactory, RevisionFactory, SegmentoFactory
from tests.factories import EquipoFactory, usuario_con_rol

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


@pytest.fixture
def escaneo():
    segmento = SegmentoFactory(nombre="Presidencia planta alta", cidr="198.18.10.0/24")
    escaneo = EscaneoFactory(segmento=segmento, hosts_activos=6, progreso=100)
    for n in range(3):
        RevisionFactory(escaneo=escaneo, tipo="nuevo", ip=f"198.18.10.{200 + n}", mac=f"3c:52:82:00:00:{n:02x}",
                        hostname=f"impresora-{n}", datos={"fabricante": "HP Inc."})
    for n in range(2):
        RevisionFactory(escaneo=escaneo, tipo="ausente", equipo=EquipoFactory(), mac="", ip=f"198.18.10.{50 + n}",
                        datos={"ultima_vez": "02/03/2026", "dias": 30})
    AgenteFactory(so_completo="Microsoft Windows 7 Professional")
    equipo = EquipoFactory(numero_inventario="OCO-2023-00777")
    HostDescubierto.objects.create(escaneo=escaneo, ip="198.18.10.7", mac="3c:d9:2b:0a:1b:2c", equipo=equipo,
                                   fabricante="Hewlett Packard", hostname="teso-caja01", cotejo="mac",
                                   sistema_operativo="Microsoft Windows 10",
                                   puertos=[{"puerto": 445, "servicio": "microsoft-ds"}])
    HostDescubierto.objects.create(escaneo=escaneo, ip="198.18.10.200", mac="3c:52:82:00:00:00", fabricante="HP Inc.",
                                   cotejo="nuevo", puertos=[{"puerto": 9100, "servicio": "jetdirect"}])
    return escaneo


def test_cola_de_revision_acciones_en_bloque(live_server, nuevo_contexto, entrar, capturar, escaneo):
    admin = usuario_con_rol(ADMINISTRADOR, "admin-red")
    escritorio = nuevo_contexto()
    pagina = entrar(escritorio.new_page(), admin)
    pagina.goto(f"{live_server.url}/agentes/escaneos/{escaneo.pk}/")
    expect(pagina.locator("h1")).to_contain_text("Presidencia planta alta")
    capturar(pagina, "agentes-escaneo-escritorio")
    pagina.get_by_role("link", name=re.compile(r"Revisar 5 pendientes")).click()
    expect(pagina).to_have_url(re.compile(rf"/agentes/revision/\?escaneo={escaneo.pk}"))
    filas = pagina.locator("#tabla-revision tbody tr")
    expect(filas).to_have_count(5)
    capturar(pagina, "agentes-revision-escritorio")

    # Descartar los tres dispositivos nuevos, marcados uno por uno.
    for fila in filas.filter(has_text="Dispositivo nuevo").all():
        fila.locator("input[name=ids]").check()
    pagina.get_by_role("button", name="Descartar marcados").click()
    expect(pagina.locator(".alert-success")).to_contain_text("Se descartaron 3 elementos")
    expect(filas).to_have_count(2)

    # Aceptar los dos «equipo no visto» con «Marcar todos».
    pagina.get_by_label("Marcar todos").check()
    pagina.get_by_role("button", name="Aceptar marcados").click()
    expect(pagina.locator(".alert-success")).to_contain_text("Se aceptaron 2 elementos")
    expect(pagina.get_by_text("Nada por revisar con estos filtros.")).to_be_visible()
    estados = dict(Revision.objects.values_list("estado").annotate(n=Count("pk")).order_by())
    assert estados == {EstadoRevision.DESCARTADA: 3, EstadoRevision.ACEPTADA: 2}

    # En el teléfono: la cola (ya resuelta, con filtro de estado) y las demás páginas.
    RevisionFactory(escaneo=escaneo, tipo="nuevo", ip="198.18.10.99", mac="3c:52:82:00:00:99",
                    hostname="reloj-checador", datos={"fabricante": "ZKTeco"})
    telefono = nuevo_contexto(telefono=True, storage_state=escritorio.storage_state())
    movil = telefono.new_page()
    movil.goto(f"{live_server.url}/agentes/revision/")
    expect(movil.locator("#tabla-revision tbody tr")).to_have_count(1)
    expect(movil.get_by_role("button", name="Aceptar marcados")).to_be_visible()
    expect(movil.get_by_role("link", name="Registrar")).to_be_visible()
    capturar(movil, "agentes-revision-telefono")
    movil.goto(f"{live_server.url}/agentes/revision/?estado=descartada")
    expect(movil.locator("#tabla-revision tbody tr")).to_have_count(3)
    capturar(movil, "agentes-revision-descartadas-telefono")
    movil.goto(f"{live_server.url}/agentes/escaneos/{escaneo.pk}/")
    capturar(movil, "agentes-escaneo-telefono")
    movil.goto(f"{live_server.url}/agentes/")
    expect(movil.get_by_text("Presidencia planta alta")).to_be_visible()
    capturar(movil, "agentes-segmentos-telefono")
    movil.goto(f"{live_server.url}/agentes/software/")
    expect(movil.get_by_text("Equipos por renovar")).to_be_visible()
    capturar(movil, "agentes-software-telefono")
