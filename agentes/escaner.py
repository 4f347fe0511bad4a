"""Envoltura de nmap (python-nmap sobre el binario real) y lectura de la tabla de vecinos del kernel.

- `SIGMA_NMAP_RUTA` (ajuste, "nmap" por omisión) es el ejecutable: puede ser un envoltorio que corra nmap
  con capacidades (setcap) o, en las pruebas, dentro de un espacio de nombres de red (`ip netns exec`).
- `SIGMA_IP_RUTA` ("ip") es el comando para leer la tabla de vecinos (`ip -4 neigh show`) cuando nmap
  no obtuvo las MAC por falta de privilegios.
- `SIGMA_NMAP_OPCIONES` (lista, vacía) agrega opciones a nmap (p. ej. `--unprivileged`).
- python-nmap ubica y valida el binario (PortScanner) y analiza su XML; el proceso lo lanzamos nosotros
  con `--stats-every` para tener progreso, respetar el tiempo límite y poder cancelarlo a media corrida.
"""
from __future__ import annotations

import functools
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

import nmap
from django.conf import settings
from netaddr import EUI, NotRegisteredError

from comun.normalizacion import normalizar_mac

TOP_PUERTOS = 100
_PORCENTAJE = re.compile(rb'<taskprogress [^>]*percent="([\d.]+)"')


class ErrorEscaneo(Exception):
    """El escaneo no pudo completarse; el mensaje (en español) dice por qué y cómo resolverlo."""


class EscaneoInterrumpido(ErrorEscaneo):
    def __init__(self, mensaje, cancelado):
        super().__init__(mensaje)
        self.cancelado = cancelado


@dataclass
class Host:
    ip: str
    mac: str = ""
    fabricante: str = ""
    hostname: str = ""
    sistema_operativo: str = ""
    puertos: list = field(default_factory=list)
    mac_de_vecinos: bool = False


def ruta_nmap():
    return getattr(settings, "SIGMA_NMAP_RUTA", "nmap") or "nmap"


def argumentos(perfil, exclusiones=(), limite_segundos=None):
    """Opciones de nmap para un perfil (sin el objetivo ni la salida XML)."""
    args = ["-O", "--osscan-limit", "--top-ports", str(TOP_PUERTOS)] if perfil == "detallado" else ["-sn"]
    # --system-dns: el resolvedor del sistema (/etc/hosts, nsswitch) y no el propio de nmap, que en una red sin
    # DNS alcanzable espera sus reintentos (28 s contra 2 s en una /24 de prueba).
    args += ["-T4", "--system-dns"]
    if limite_segundos:
        args += ["--host-timeout", f"{max(int(limite_segundos), 5)}s"]
    if exclusiones:
        args += ["--exclude", ",".join(exclusiones)]
    args += list(getattr(settings, "SIGMA_NMAP_OPCIONES", []) or [])
    return args


def localizar_nmap():
    """PortScanner de python-nmap (valida que el binario exista y responda) o ErrorEscaneo claro."""
    ruta = ruta_nmap()
    try:
        return nmap.PortScanner(nmap_search_path=(ruta,))
    except nmap.PortScannerError as exc:
        raise ErrorEscaneo(
            f"No se encontró nmap ({ruta}): {exc}. Instálelo en el servidor (apt-get install nmap) "
            "o indique su ruta en la variable SIGMA_NMAP_RUTA."
        ) from None


@functools.lru_cache(maxsize=4096)
def fabricante_de(mac):
    """Fabricante según el OUI de la MAC (base IEEE de netaddr); vacío si no está registrado."""
    try:
        return EUI(mac).oui.registration().org
    except (NotRegisteredError, ValueError, IndexError, TypeError):
        return ""


def _lector(flujo, destino, progreso):
    for trozo in iter(lambda: flujo.read1(65536), b""):
        destino.append(trozo)
        if progreso is not None:
            encontrados = _PORCENTAJE.findall(trozo)
            if encontrados:
                progreso[0] = float(encontrados[-1])


def _terminar(proceso):
    try:
        os.killpg(proceso.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proceso.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(proceso.pid, signal.SIGKILL)
        proceso.wait()


def ejecutar(objetivo, args, *, limite_segundos, al_progresar=None, intervalo=1.0):
    """Corre nmap y devuelve (resultado de python-nmap, stderr).

    `al_progresar(porcentaje)` se llama cada `intervalo` segundos; si devuelve True se cancela el escaneo.
    """
    escaner = localizar_nmap()
    comando = [escaner._nmap_path, *args, "-oX", "-", "--stats-every", "2s", objetivo]
    try:
        proceso = subprocess.Popen(  # noqa: S603  ruta fija por ajuste, sin shell
            comando, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise ErrorEscaneo(f"No se pudo ejecutar nmap ({comando[0]}): {exc}.") from None
    salida, errores, progreso = [], [], [0.0]
    hilos = [threading.Thread(target=_lector, args=(proceso.stdout, salida, progreso), daemon=True),
             threading.Thread(target=_lector, args=(proceso.stderr, errores, None), daemon=True)]
    for hilo in hilos:
        hilo.start()
    limite = time.monotonic() + limite_segundos
    motivo = None
    while True:
        try:
            proceso.wait(timeout=intervalo)
            break
        except subprocess.TimeoutExpired:
            pass
        if al_progresar is not None and al_progresar(progreso[0]):
            motivo = ("Escaneo cancelado por el usuario.", True)
        elif time.monotonic() > limite:
            motivo = (f"Se alcanzó el tiempo límite ({limite_segundos} s) y se detuvo nmap. "
                      "Aumente el límite del segmento o divídalo en redes más pequeñas.", False)
        if motivo:
            _terminar(proceso)
            break
    for hilo in hilos:
        hilo.join(5)
    texto_err = b"".join(errores).decode("utf-8", "replace").strip()
    if motivo:
        raise EscaneoInterrumpido(*motivo)
    if proceso.returncode < 0:
        raise ErrorEscaneo(f"nmap terminó por la señal {-proceso.returncode} (¿lo detuvo alguien?). {texto_err}")
    if proceso.returncode != 0:
        raise ErrorEscaneo(_explicar_error(texto_err, proceso.returncode))
    xml = b"".join(salida).decode("utf-8", "replace")
    try:
        resultado = escaner.analyse_nmap_xml_scan(nmap_xml_output=xml, nmap_err=texto_err)
    except nmap.PortScannerError as exc:
        raise ErrorEscaneo(f"No se pudo leer la salida de nmap: {exc}") from None
    return resultado, texto_err


def _explicar_error(texto, codigo):
    ultima = texto.splitlines()[-1] if texto else f"código de salida {codigo}"
    if "root privileges" in texto or "requires root" in texto or "Operation not permitted" in texto:
        return (f"nmap no tiene los privilegios que necesita: {ultima}. Dé capacidades a nmap "
                "(setcap cap_net_raw,cap_net_admin+eip) o use el perfil de descubrimiento; vea el README.")
    return f"nmap falló: {ultima}"


def hosts_de(resultado):
    """Hosts activos del resultado de python-nmap."""
    hosts = []
    for ip, datos in (resultado.get("scan") or {}).items():
        estado = datos.get("status") or {}
        if estado.get("state") != "up" or estado.get("reason") == "localhost-response":
            continue  # caído, o el propio servidor que escanea
        direcciones = datos.get("addresses") or {}
        mac = normalizar_mac(direcciones.get("mac")) or ""
        nombres = [h.get("name") for h in datos.get("hostnames") or [] if h.get("name")]
        sistemas = datos.get("osmatch") or []
        puertos = [
            {"puerto": int(p), "protocolo": "tcp", "servicio": (d.get("name") or "")[:40]}
            for p, d in sorted((datos.get("tcp") or {}).items()) if d.get("state") == "open"
        ]
        fabricante = (fabricante_de(mac) or (datos.get("vendor") or {}).get(direcciones.get("mac"), "")) if mac else ""
        hosts.append(Host(
            ip=direcciones.get("ipv4") or ip, mac=mac, fabricante=fabricante[:120],
            hostname=(nombres[0] if nombres else "")[:255],
            sistema_operativo=(sistemas[0].get("name", "") if sistemas else "")[:200], puertos=puertos,
        ))
    return hosts


# -- Tabla de vecinos (ARP) --------------------------------------------------------------------

_ESTADOS_SIN_MAC = {"FAILED", "INCOMPLETE", "NONE"}


def analizar_vecinos(texto):
    """De la salida de `ip -4 neigh show` a {ip: mac}; ignora entradas fallidas, IPv6 y MACs inválidas."""
    vecinos = {}
    for linea in texto.splitlines():
        partes = linea.split()
        if len(partes) < 5 or "lladdr" not in partes or ":" in partes[0]:
            continue
        if partes[-1] in _ESTADOS_SIN_MAC:
            continue
        mac = normalizar_mac(partes[partes.index("lladdr") + 1])
        if mac:
            vecinos[partes[0]] = mac
    return vecinos


def leer_vecinos():
    ruta = getattr(settings, "SIGMA_IP_RUTA", "ip") or "ip"
    try:
        salida = subprocess.run([ruta, "-4", "neigh", "show"],  # noqa: S603  ruta fija por ajuste
                                capture_output=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ErrorEscaneo(f"No se pudo leer la tabla de vecinos con «{ruta} neigh»: {exc}") from None
    return analizar_vecinos(salida.stdout.decode("utf-8", "replace"))


def completar_macs(hosts):
    """Si nmap no trajo MACs (sin privilegios), las toma de la tabla de vecinos. Devuelve la advertencia o ""."""
    sin_mac = [h for h in hosts if not h.mac]
    if not sin_mac:
        return ""
    try:
        vecinos = leer_vecinos()
    except ErrorEscaneo as exc:
        return f"{len(sin_mac)} hosts sin MAC y no se pudo consultar la tabla de vecinos: {exc}"
    completadas = 0
    for host in sin_mac:
        mac = vecinos.get(host.ip)
        if mac:
            host.mac, host.mac_de_vecinos, host.fabricante = mac, True, fabricante_de(mac)[:120]
            completadas += 1
    if not completadas:
        return ""
    return (f"nmap no obtuvo la MAC de {len(sin_mac)} hosts (¿corre sin privilegios?): {completadas} se tomaron "
            "de la tabla de vecinos del sistema (ip neigh).")
