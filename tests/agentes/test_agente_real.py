"""El agente FusionInventory real (paquete de Debian) reporta esta máquina a un servidor de pruebas vivo.

El oráculo es el mismo agente con --local (escribe el XML a un archivo, sin red): de ahí salen el serial, las MAC
y el software que deben aparecer en SIGMA. Dos corridas contra el servidor: la segunda actualiza sin duplicar y
respeta un campo que una persona editó a mano. Usuario y contraseña van por HTTP basic (--user/--password).
"""
import shutil
import subprocess
import xml.etree.ElementTree as ET  # noqa: S405  XML que genera el agente en esta prueba, no de fuera
from pathlib import Path

import pytest

from agentes.models import Agente, CampoAgente
from comun.normalizacion import es_mac_basura, normalizar_mac, normalizar_serie
from inventario.models import Equipo
from tests.agentes.factories import credencial

AGENTE = shutil.which("fusioninventory-agent") or "/usr/bin/fusioninventory-agent"
CLAVE = "clave-del-agente-real"


def _correr(*args):
    resultado = subprocess.run(  # noqa: S603
        [AGENTE, "--no-httpd", "--tasks=inventory", *args], capture_output=True, text=True, timeout=180)
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    return resultado.stdout + resultado.stderr


def _oraculo(carpeta: Path):
    _correr("--local", str(carpeta))
    (archivo,) = carpeta.glob("*.ocs")
    contenido = ET.parse(archivo).getroot().find("CONTENT")  # noqa: S314
    serie = normalizar_serie((contenido.findtext("BIOS/SSN") or "").strip())
    macs = set()
    for red in contenido.findall("NETWORKS"):
        mac = normalizar_mac(red.findtext("MACADDR"))
        if mac and not es_mac_basura(mac) and red.findtext("TYPE") != "loopback" and red.findtext("VIRTUALDEV") != "1":
            macs.add(mac)
    programas = {
        (s.findtext("NAME", "").strip(), s.findtext("PUBLISHER", "").strip(), s.findtext("VERSION", "").strip())
        for s in contenido.findall("SOFTWARES") if s.findtext("NAME", "").strip()
    }
    return serie, macs, programas


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agente_fusioninventory_real(live_server, settings, tmp_path):
    settings.SIGMA_AGENTES_ALTA_AUTOMATICA = True
    credencial(nombre="agente-real", clave=CLAVE)
    serie, macs, programas = _oraculo(tmp_path)
    assert len(programas) > 50  # una Debian trae cientos de paquetes
    servidor = ["--server", f"{live_server.url}/agentes/inventario/", "--user", "agente-real", "--password", CLAVE]

    salida = _correr(*servidor)
    assert "error" not in salida.lower(), salida
    equipo = Equipo.objects.get()
    agente = Agente.objects.get()
    assert agente.tipo == "fusion" and agente.equipo == equipo and agente.credencial.nombre == "agente-real"
    assert equipo.origen == "agente" and equipo.numero_inventario.startswith("AGT-")
    assert equipo.numero_serie == serie
    assert set(equipo.interfaces.values_list("mac", flat=True)) == macs
    assert equipo.software_instalado.count() == len(programas)
    assert equipo.sistema_operativo and equipo.hostname and equipo.ultima_vez_visto

    # Una persona corrige el sistema operativo a mano: el agente ya no lo pisa.
    equipo.sistema_operativo = "Capturado a mano"
    equipo.save()
    salida = _correr(*servidor)
    assert "error" not in salida.lower(), salida
    assert Equipo.objects.count() == 1 and Agente.objects.count() == 1
    equipo.refresh_from_db()
    assert equipo.sistema_operativo == "Capturado a mano"
    assert CampoAgente.objects.get(equipo=equipo, campo="sistema_operativo").bloqueado
    assert equipo.software_instalado.count() == len(programas)
    assert set(equipo.interfaces.values_list("mac", flat=True)) == macs
