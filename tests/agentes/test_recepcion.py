"""El punto /agentes/inventario/: protocolos OCS (XML+zlib) y GLPI (JSON plano/zlib/gzip), autenticación,
entradas malformadas, cotejo, campos bloqueados y software."""
import base64
import gzip
import json
import zlib

import pytest
from django.urls import reverse

from agentes.choices import EstadoRevision, TipoRevision
from agentes.ingesta import normalizar_reporte
from agentes.models import Agente, CampoAgente, InstalacionSoftware, Revision, Software
from inventario.choices import Origen
from inventario.models import Equipo, InterfazRed
from tests.agentes.factories import credencial
from tests.factories import EquipoFactory, InterfazRedFactory

URL = "/agentes/inventario/"
CLAVE = "clave-de-agente-123"

pytestmark = pytest.mark.django_db


def contenido_glpi(serie="CZC1234XYZ", mac="3c:d9:2b:0a:1b:2c", nombre="TESO-CAJA01.ocotlan.local", programas=3,
                   so="Microsoft Windows 10 Pro", uuid="4C4C4544-0042-3510-8051-B7C04F4E3232"):
    return {
        "hardware": {"name": nombre, "uuid": uuid, "memory": 8066,
                     "lastloggeduser": "rperez"},
        "bios": {"ssn": serie, "smanufacturer": "Hewlett-Packard", "smodel": "HP ProDesk 400 G7"},
        "operatingsystem": {"name": "Windows", "version": "10.0.19045", "full_name": so, "arch": "64-bit"},
        "cpus": [{"name": "Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz", "core": 6}],
        "storages": [{"disksize": 256060, "type": "disk"}, {"disksize": 0, "type": "cd"}],
        "drives": [{"volumn": "C:", "filesystem": "NTFS", "total": 243000, "free": 120000, "letter": "C:"}],
        "networks": [
            {"description": "Intel Ethernet", "macaddr": mac.upper().replace(":", "-"), "ipaddress": "192.168.40.77",
             "type": "ethernet"},
            {"description": "Loopback", "macaddr": "00:00:00:00:00:00", "type": "loopback"},
            {"description": "VMware VMnet8", "macaddr": "00:50:56:c0:00:08", "ipaddress": "192.168.80.1"},
        ],
        "users": [{"login": "rperez", "domain": "OCOTLAN"}],
        "softwares": [{"name": f"Programa {n}", "publisher": "Editor", "version": f"1.{n}"} for n in range(programas)],
        "versionclient": "GLPI-Agent_v1.7",
    }


def cuerpo_glpi(contenido, deviceid="teso-caja01-2026-05-01-10-00-00", parcial=False, accion="inventory"):
    return json.dumps({"action": accion, "deviceid": deviceid, "content": contenido, "partial": parcial,
                       "itemtype": "Computer"}).encode()


def xml_ocs(deviceid="pc-fusion-2026", query="INVENTORY", serie="MXL0000001", mac="aa:bb:cc:00:11:22",
            programas=("Firefox", "LibreOffice")):
    softwares = "".join(f"<SOFTWARES><NAME>{p}</NAME><PUBLISHER>Debian</PUBLISHER><VERSION>1.0</VERSION></SOFTWARES>"
                        for p in programas)
    contenido = (f"<CONTENT><HARDWARE><NAME>dig-pc01</NAME><MEMORY>16000</MEMORY><UUID>abc-123</UUID></HARDWARE>"
                 f"<BIOS><SSN>{serie}</SSN><SMANUFACTURER>Dell Inc.</SMANUFACTURER>"
                 f"<SMODEL>OptiPlex 7080</SMODEL></BIOS>"
                 f"<OPERATINGSYSTEM><NAME>Debian GNU/Linux</NAME><VERSION>12.11</VERSION>"
                 f"<FULL_NAME>Debian GNU/Linux 12 (bookworm)</FULL_NAME></OPERATINGSYSTEM>"
                 f"<NETWORKS><DESCRIPTION>eth0</DESCRIPTION><MACADDR>{mac}</MACADDR><IPADDRESS>192.168.1.20</IPADDRESS>"
                 f"<VIRTUALDEV>0</VIRTUALDEV></NETWORKS>{softwares}"
                 f"<VERSIONCLIENT>FusionInventory-Agent_v2.6-3</VERSIONCLIENT></CONTENT>")
    if query == "PROLOG":
        contenido = "<TOKEN>12345678</TOKEN>"
    return (f'<?xml version="1.0" encoding="UTF-8" ?><REQUEST>{contenido}<DEVICEID>{deviceid}</DEVICEID>'
            f"<QUERY>{query}</QUERY></REQUEST>").encode()


def _auth(usuario="agentes-dig", clave=CLAVE):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{usuario}:{clave}".encode()).decode()}


@pytest.fixture
def cred(db):
    return credencial(clave=CLAVE)


def enviar(client, cuerpo, tipo="application/json", **extra):
    return client.generic("POST", URL, cuerpo, content_type=tipo, **extra)


def json_de(respuesta):
    datos = respuesta.content
    if respuesta["Content-Type"] == "application/x-compress-zlib":
        datos = zlib.decompress(datos)
    elif respuesta["Content-Type"] == "application/x-compress-gzip":
        datos = gzip.decompress(datos)
    return json.loads(datos)


def xml_de(respuesta):
    assert respuesta["Content-Type"] == "application/x-compress-zlib"
    return zlib.decompress(respuesta.content).decode()


# -- Protocolo FusionInventory (OCS) ------------------------------------------------------------


def test_ocs_prolog_e_inventario(client, cred):
    respuesta = enviar(client, zlib.compress(xml_ocs(query="PROLOG")), "application/x-compress-zlib", **_auth())
    assert respuesta.status_code == 200
    assert "<PROLOG_FREQ>24</PROLOG_FREQ><RESPONSE>SEND</RESPONSE>" in xml_de(respuesta)
    equipo = EquipoFactory(numero_serie="MXL0000001", sistema_operativo="", procesador="", modelo=None)
    respuesta = enviar(client, zlib.compress(xml_ocs()), "application/x-compress-zlib", **_auth())
    assert respuesta.status_code == 200
    assert "<RESPONSE>no_account_update</RESPONSE>" in xml_de(respuesta)
    equipo.refresh_from_db()
    assert equipo.sistema_operativo == "Debian GNU/Linux 12 (bookworm)"
    assert str(equipo.modelo) == "Dell OptiPlex 7080" and equipo.ram_gb == 16
    assert equipo.interfaces.get().mac == "aa:bb:cc:00:11:22"
    agente = Agente.objects.get(deviceid="pc-fusion-2026")
    assert agente.tipo == "fusion" and agente.equipo == equipo and agente.credencial == cred
    assert agente.version_agente == "FusionInventory-Agent_v2.6-3"
    assert set(equipo.software_instalado.values_list("software__nombre", flat=True)) == {"Firefox", "LibreOffice"}
    assert equipo.history.latest().history_change_reason.startswith("Agente FusionInventory")


# -- Protocolo GLPI -----------------------------------------------------------------------------


@pytest.mark.parametrize("compresion", ["", "zlib", "gzip", "content-encoding"])
def test_glpi_contacto_e_inventario_en_cada_compresion(client, cred, settings, compresion):
    settings.SIGMA_AGENTES_ALTA_AUTOMATICA = True
    empacar = {"": (lambda b: b, "application/json", {}),
               "zlib": (zlib.compress, "application/x-compress-zlib", {}),
               "gzip": (gzip.compress, "application/x-compress-gzip", {}),
               "content-encoding": (gzip.compress, "application/json", {"HTTP_CONTENT_ENCODING": "gzip"})}
    comprimir, tipo, extra = empacar[compresion]
    contacto = json.dumps({"action": "contact", "deviceid": "teso-caja01-2026", "name": "GLPI-Agent",
                           "version": "1.7", "installed-tasks": ["inventory"], "enabled-tasks": ["inventory"]})
    respuesta = enviar(client, comprimir(contacto.encode()), tipo, **extra, **_auth())
    assert respuesta.status_code == 200
    datos = json_de(respuesta)
    assert datos["status"] == "ok" and datos["expiration"] > 0 and "inventory" in datos["tasks"]
    respuesta = enviar(client, comprimir(cuerpo_glpi(contenido_glpi())), tipo, **extra, **_auth())
    assert respuesta.status_code == 200, respuesta.content
    assert json_de(respuesta) == {"status": "ok", "expiration": 24}
    equipo = Equipo.objects.get(numero_serie="CZC1234XYZ")
    assert equipo.origen == Origen.AGENTE and equipo.numero_inventario.startswith("AGT-")
    assert equipo.hostname == "teso-caja01" and str(equipo.modelo) == "HP HP ProDesk 400 G7"
    assert equipo.procesador.startswith("Intel(R) Core(TM) i5") and equipo.ram_gb == 8
    assert equipo.almacenamiento_gb == 256 and equipo.sistema_operativo == "Microsoft Windows 10 Pro"
    assert list(equipo.interfaces.values_list("mac", "ip")) == [("3c:d9:2b:0a:1b:2c", "192.168.40.77")]
    agente = Agente.objects.get(deviceid="teso-caja01-2026-05-01-10-00-00")
    assert agente.tipo == "glpi" and agente.usuario == "OCOTLAN\\rperez" and agente.num_software == 3
    assert agente.uuid == "4C4C4544-0042-3510-8051-B7C04F4E3232" and agente.discos[0]["volumen"] == "C:"


def test_glpi_agent_id_en_cabecera_e_inventario_parcial(client, cred):
    equipo = EquipoFactory(numero_serie="CZC1234XYZ")
    cuerpo = json.loads(cuerpo_glpi(contenido_glpi(programas=5)))
    del cuerpo["deviceid"]
    respuesta = enviar(client, json.dumps(cuerpo).encode(), HTTP_GLPI_AGENT_ID="3a609a2e-947f-4e6a-9af9-32c024ac3e99",
                       **_auth())
    assert respuesta.status_code == 200
    agente = Agente.objects.get(deviceid="3a609a2e-947f-4e6a-9af9-32c024ac3e99")
    assert agente.equipo == equipo and equipo.software_instalado.count() == 5
    # Un inventario parcial solo con el SO y los usuarios: el software y las interfaces no se tocan.
    parcial = {"operatingsystem": {"name": "Windows", "full_name": "Microsoft Windows 11 Pro", "version": "10.0.26100"},
               "users": [{"login": "lgomez"}]}
    respuesta = enviar(client, json.dumps({"action": "inventory", "content": parcial, "partial": True}).encode(),
                       HTTP_GLPI_AGENT_ID="3a609a2e-947f-4e6a-9af9-32c024ac3e99", **_auth())
    assert respuesta.status_code == 200
    equipo.refresh_from_db()
    agente.refresh_from_db()
    assert equipo.software_instalado.count() == 5 and equipo.interfaces.count() == 1
    assert agente.usuario == "lgomez" and agente.so_version == "10.0.26100"
    assert agente.reporte["software"] and agente.reporte["so_completo"] == "Microsoft Windows 11 Pro"


# -- Autenticación ------------------------------------------------------------------------------


def test_sin_credencial_401_y_get_405(client, cred):
    respuesta = enviar(client, cuerpo_glpi(contenido_glpi()))
    assert respuesta.status_code == 401
    assert respuesta["WWW-Authenticate"].startswith("Basic realm=")
    assert json_de(respuesta)["status"] == "error" and "Autenticación" in json_de(respuesta)["message"]
    assert client.get(URL).status_code == 405
    assert not Agente.objects.exists()


@pytest.mark.parametrize("cabecera", [
    _auth(clave="equivocada"), _auth(usuario="otro"), {"HTTP_AUTHORIZATION": "Basic !!!no-es-base64"},
    {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"\xff\xfe").decode()},
])
def test_credenciales_equivocadas_401(client, cred, cabecera, settings):
    settings.SIGMA_AGENTES_REDES = ["127.0.0.0/8"]  # una credencial mala no se salva por la red de origen
    respuesta = enviar(client, cuerpo_glpi(contenido_glpi()), **cabecera)
    assert respuesta.status_code == 401 and not Agente.objects.exists()


def test_credencial_inactiva_401(client, cred):
    cred.activa = False
    cred.save()
    assert enviar(client, cuerpo_glpi(contenido_glpi()), **_auth()).status_code == 401


def test_red_autorizada_sin_credencial(client, settings):
    settings.SIGMA_AGENTES_REDES = ["10.0.0.0/8", "no-es-red", "127.0.0.1/32"]
    assert enviar(client, cuerpo_glpi(contenido_glpi())).status_code == 200
    settings.SIGMA_AGENTES_REDES = ["10.0.0.0/8"]
    assert enviar(client, cuerpo_glpi(contenido_glpi())).status_code == 401


# -- Entradas malformadas -----------------------------------------------------------------------


def test_compresion_invalida_400(client, cred):
    respuesta = enviar(client, b"esto no es zlib", "application/x-compress-zlib", **_auth())
    assert respuesta.status_code == 400 and "no es zlib válido" in json_de(respuesta)["message"]
    respuesta = enviar(client, zlib.compress(cuerpo_glpi(contenido_glpi()))[:-8], "application/x-compress-zlib",
                       **_auth())
    assert respuesta.status_code == 400 and "incompleto" in json_de(respuesta)["message"]
    respuesta = enviar(client, b"\x1f\x8b basura", "application/x-compress-gzip", **_auth())
    assert respuesta.status_code == 400 and "gzip" in json_de(respuesta)["message"]


BOMBA = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<REQUEST><CONTENT><HARDWARE><NAME>&lol9;</NAME></HARDWARE></CONTENT><DEVICEID>x</DEVICEID><QUERY>INVENTORY</QUERY>
</REQUEST>"""


def test_bomba_xml_400(client, cred):
    respuesta = enviar(client, zlib.compress(BOMBA), "application/x-compress-zlib", **_auth())
    assert respuesta.status_code == 400
    assert "<ERROR>XML rechazado: trae DTD o entidades" in xml_de(respuesta)
    assert not Agente.objects.exists()


@pytest.mark.parametrize(("cuerpo", "mensaje"), [
    (b"<REQUEST><QUERY>INVENTORY</QUERY", "XML mal formado"),
    (b"<OTRO/>", "sin el elemento REQUEST"),
    (b"<REQUEST><DEVICEID>x</DEVICEID><QUERY>SNMPQUERY</QUERY></REQUEST>", "Consulta OCS no soportada"),
    (b"<REQUEST><DEVICEID>x</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>", "sin CONTENT"),
    (b"<REQUEST><CONTENT><HARDWARE><NAME>a</NAME></HARDWARE></CONTENT><QUERY>INVENTORY</QUERY></REQUEST>",
     "Falta el identificador"),
])
def test_xml_malformado_responde_error_ocs(client, cred, cuerpo, mensaje):
    respuesta = enviar(client, zlib.compress(cuerpo), "application/x-compress-zlib", **_auth())
    assert respuesta.status_code == 400
    assert mensaje in xml_de(respuesta)


@pytest.mark.parametrize(("cuerpo", "mensaje"), [
    (b'{"action": "inventory", "deviceid": "x"', "JSON mal formado"),
    (b"[1, 2]", "no es XML (OCS) ni JSON"),
    (b'{"action": "register", "deviceid": "x"}', "Acción no soportada"),
    (b'{"action": "inventory", "deviceid": "x", "content": [1]}', "sin «content»"),
    (b"hola", "no es XML (OCS) ni JSON"),
    (b'{"action": "inventory", "content": {"hardware": {"name": "a"}}}', "Falta el identificador"),
])
def test_json_malformado_responde_error_glpi(client, cred, cuerpo, mensaje):
    respuesta = enviar(client, cuerpo, **_auth())
    assert respuesta.status_code == 400
    datos = json_de(respuesta)
    assert datos["status"] == "error" and mensaje in datos["message"]


def test_tipo_de_contenido_equivocado_415(client, cred):
    for tipo in ("multipart/form-data; boundary=x", "application/octet-stream", ""):
        respuesta = enviar(client, cuerpo_glpi(contenido_glpi()), tipo, **_auth())
        assert respuesta.status_code == 415, tipo
        assert "Tipo de contenido no admitido" in json_de(respuesta)["message"]
    respuesta = enviar(client, cuerpo_glpi(contenido_glpi()), HTTP_CONTENT_ENCODING="br", **_auth())
    assert respuesta.status_code == 415


def test_cuerpo_demasiado_grande_413(client, cred, settings):
    settings.SIGMA_AGENTES_MAX_MB = 1
    grande = cuerpo_glpi(contenido_glpi(programas=1)) + b" " * (1024 * 1024 + 10)
    respuesta = enviar(client, grande, **_auth())
    assert respuesta.status_code == 413 and "1 MB" in json_de(respuesta)["message"]
    # Bomba zip: 60 KB comprimidos que se inflarían a 60 MB; se corta al pasar del límite.
    bomba = zlib.compress(b"{" + b" " * (60 * 1024 * 1024))
    assert len(bomba) < 100_000
    respuesta = enviar(client, bomba, "application/x-compress-zlib", **_auth())
    assert respuesta.status_code == 413
    assert not Agente.objects.exists()


def test_cuerpo_vacio_400(client, cred):
    respuesta = enviar(client, b"", CONTENT_TYPE="application/json", **_auth())
    assert respuesta.status_code == 400 and "sin cuerpo" in json_de(respuesta)["message"]


# -- Cotejo, altas, campos bloqueados -----------------------------------------------------------


def test_equipo_desconocido_va_a_la_cola_y_se_registra(client, cred, admin_client_sigma):
    respuesta = enviar(client, cuerpo_glpi(contenido_glpi()), **_auth())
    assert respuesta.status_code == 200
    assert not Equipo.objects.exists()
    revision = Revision.objects.get(tipo=TipoRevision.AGENTE_DESCONOCIDO)
    assert revision.hostname == "TESO-CAJA01.ocotlan.local" and revision.datos["serie"] == "CZC1234XYZ"
    # Un segundo reporte no duplica el aviso.
    enviar(client, cuerpo_glpi(contenido_glpi()), **_auth())
    assert Revision.objects.filter(tipo=TipoRevision.AGENTE_DESCONOCIDO).count() == 1
    # Registrar desde la cola: formulario prellenado con lo que dijo el agente.
    url = reverse("agentes:registrar", args=[revision.pk])
    pagina = admin_client_sigma.get(url).content.decode()
    assert 'value="CZC1234XYZ"' in pagina and 'value="3c:d9:2b:0a:1b:2c"' in pagina
    from tests.factories import DependenciaFactory, tipo
    datos = {
        "numero_inventario": "OCO-2026-00001", "tipo": tipo().pk, "numero_serie": "CZC1234XYZ", "estado": "activo",
        "condicion": "bueno", "dependencia": DependenciaFactory().pk, "hostname": "teso-caja01",
        "interfaces-TOTAL_FORMS": "1", "interfaces-INITIAL_FORMS": "0", "interfaces-MIN_NUM_FORMS": "0",
        "interfaces-MAX_NUM_FORMS": "1000", "interfaces-0-nombre": "Ethernet", "interfaces-0-mac": "3c:d9:2b:0a:1b:2c",
        "interfaces-0-ip": "192.168.40.77",
    }
    respuesta = admin_client_sigma.post(url, datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    equipo = Equipo.objects.get(numero_inventario="OCO-2026-00001")
    revision.refresh_from_db()
    assert revision.estado == EstadoRevision.ACEPTADA and revision.equipo == equipo
    assert Agente.objects.get().equipo == equipo
    assert equipo.software_instalado.count() == 3 and equipo.procesador.startswith("Intel")


def test_orden_de_cotejo_serie_basura_mac_y_nombre(client, cred):
    # Serie basura: nunca coincide, aunque otro equipo tenga "To Be Filled By O.E.M." guardado a mano.
    EquipoFactory(numero_serie="")
    por_mac = EquipoFactory(numero_serie="OTRA")
    InterfazRedFactory(equipo=por_mac, mac="3c:d9:2b:0a:1b:2c")
    enviar(client, cuerpo_glpi(contenido_glpi(serie="To Be Filled By O.E.M.")), **_auth())
    assert Agente.objects.get().equipo == por_mac
    por_mac.refresh_from_db()
    assert por_mac.numero_serie == "OTRA"  # la basura no se escribe
    # Por nombre, cuando no hay serie ni MAC conocidas.
    por_nombre = EquipoFactory(hostname="dif-recepcion")
    enviar(client, cuerpo_glpi(contenido_glpi(serie="", mac="3c:d9:2b:0a:ff:ff", nombre="DIF-RECEPCION", uuid=""),
                               deviceid="dif-recepcion-1"), **_auth())
    assert Agente.objects.get(deviceid="dif-recepcion-1").equipo == por_nombre
    # La serie gana a la MAC.
    por_serie = EquipoFactory(numero_serie="SERIE-BUENA")
    enviar(client, cuerpo_glpi(contenido_glpi(serie="SERIE-BUENA"), deviceid="otro-1"), **_auth())
    assert Agente.objects.get(deviceid="otro-1").equipo == por_serie
    # La MAC ya era de por_mac: dos equipos la reclaman → cola de revisión, sin moverla.
    assert InterfazRed.objects.get(mac="3c:d9:2b:0a:1b:2c").equipo == por_mac
    assert Revision.objects.filter(tipo=TipoRevision.MAC_DUPLICADA, equipo=por_serie).exists()


def test_campo_editado_a_mano_queda_bloqueado(client, cred, admin_client_sigma):
    equipo = EquipoFactory(numero_serie="CZC1234XYZ", sistema_operativo="")
    enviar(client, cuerpo_glpi(contenido_glpi()), **_auth())
    equipo.refresh_from_db()
    assert equipo.sistema_operativo == "Microsoft Windows 10 Pro"
    # Una persona corrige el sistema operativo.
    equipo.sistema_operativo = "Windows 10 Pro (licencia OEM)"
    equipo.save()
    enviar(client, cuerpo_glpi(contenido_glpi(so="Microsoft Windows 11 Pro")), **_auth())
    equipo.refresh_from_db()
    assert equipo.sistema_operativo == "Windows 10 Pro (licencia OEM)"
    campo = CampoAgente.objects.get(equipo=equipo, campo="sistema_operativo")
    assert campo.bloqueado and campo.valor == "Microsoft Windows 11 Pro"
    pagina = admin_client_sigma.get(equipo.get_absolute_url()).content.decode()
    assert "Datos del agente" in pagina and "Campos editados a mano" in pagina and "Microsoft Windows 11 Pro" in pagina
    # Desde la ficha, «Usar el valor del agente» lo desbloquea (con historial).
    assert "Usar el valor del agente" in pagina
    respuesta = admin_client_sigma.post(reverse("agentes:usar_valor", args=[equipo.pk, "sistema_operativo"]))
    assert respuesta.status_code == 302
    equipo.refresh_from_db()
    assert equipo.sistema_operativo == "Microsoft Windows 11 Pro"
    assert "valor del agente" in equipo.history.latest().history_change_reason
    assert not CampoAgente.objects.get(equipo=equipo, campo="sistema_operativo").bloqueado
    respuesta = admin_client_sigma.post(reverse("agentes:usar_valor", args=[equipo.pk, "sistema_operativo"]),
                                        follow=True)
    assert "no está bloqueado" in respuesta.content.decode()
    # Un campo que el agente escribió y nadie tocó sí se actualiza.
    enviar(client, cuerpo_glpi({**contenido_glpi(), "hardware": {**contenido_glpi()["hardware"], "memory": 16000}}),
           **_auth())
    equipo.refresh_from_db()
    assert equipo.ram_gb == 16


def test_software_se_reemplaza_en_consultas_fijas(client, cred, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EquipoFactory(numero_serie="CZC1234XYZ")
    consultas = []
    for programas in (10, 750, 700):
        with CaptureQueriesContext(connection) as capturadas:
            assert enviar(client, cuerpo_glpi(contenido_glpi(programas=programas)), **_auth()).status_code == 200
        consultas.append(len(capturadas))
    equipo = Equipo.objects.get(numero_serie="CZC1234XYZ")
    assert equipo.software_instalado.count() == 700
    assert Software.objects.count() == 750
    assert consultas[1] <= consultas[0] + 6 and consultas[2] <= consultas[0] + 6, consultas
    assert max(consultas) < 45, consultas
    assert InstalacionSoftware.objects.filter(equipo=equipo, software__nombre="Programa 749").count() == 0


def test_normalizar_reporte_de_xml_real_de_fusioninventory():
    """Con una muestra del XML que el agente de Debian genera en esta máquina (recortada)."""
    from agentes.protocolo import analizar

    mensaje = analizar(xml_ocs(mac="02:FC:00:00:00:01"), "")
    datos = normalizar_reporte(mensaje.contenido)
    assert datos["serie"] == "MXL0000001" and datos["ram_mb"] == 16000
    assert datos["interfaces"] == [{"nombre": "eth0", "mac": "02:fc:00:00:00:01", "ip": "192.168.1.20"}]
    assert sorted(s[0] for s in datos["software"]) == ["Firefox", "LibreOffice"]


@pytest.mark.parametrize("contenido", [
    {"hardware": "texto", "bios": [1, 2], "softwares": {"name": "Uno solo"}, "networks": [None, 3, {"macaddr": 5}]},
    {"hardware": {"name": {"x": 1}, "memory": "1e400", "uuid": ["a"]}, "cpus": [{"core": "nan"}],
     "storages": [{"disksize": "9" * 40}], "drives": [{"total": -5}]},
    {"hardware": {"name": "x" * 5000, "memory": 10 ** 30}, "bios": {"ssn": "S" * 500, "smanufacturer": "M" * 300,
                                                                   "smodel": "Z" * 300},
     "operatingsystem": {"full_name": "W" * 500}, "users": [{"login": "u" * 500, "domain": "d" * 500}],
     "networks": [{"macaddr": "3c:d9:2b:00:00:01", "ipaddress": "999.1.1.1", "description": "e" * 100}],
     "softwares": [{"name": "n" * 600, "publisher": "p" * 600, "version": "v" * 600}]},
])
def test_contenido_raro_no_rompe(client, cred, settings, contenido):
    settings.SIGMA_AGENTES_ALTA_AUTOMATICA = True
    respuesta = enviar(client, cuerpo_glpi(contenido, deviceid="raro"), **_auth())
    assert respuesta.status_code == 200, respuesta.content
