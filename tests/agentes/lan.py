"""Una LAN de prueba en espacios de nombres de red (DESIGN §8): solo direcciones 198.18.0.0/15.

Un espacio «escáner» con un puente 198.18.X.1/24 y un espacio por host (veth al puente, MAC fija).
nmap corre dentro del espacio escáner mediante un envoltorio (`ip netns exec ESCANER nmap "$@"`),
así ningún paquete sale de la máquina. Los nombres llevan el pid para que corridas paralelas no choquen.
Requiere root (CI corre como root).
"""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)  # noqa: S603,S607


@dataclass
class Lan:
    prefijo: str  # p. ej. "198.18.0"
    carpeta: Path
    etiqueta: str = field(default_factory=lambda: f"{os.getpid() % 100000}")
    hosts: dict = field(default_factory=dict)  # ip → (espacio, mac)
    procesos: list = field(default_factory=list)
    espacios: list = field(default_factory=list)

    @property
    def escaner(self):
        return f"sgE{self.etiqueta}{self.prefijo.split('.')[-1]}"

    def crear(self, cantidad, *, primero=2):
        assert self.prefijo.startswith(("198.18.", "198.19.")), "solo 198.18.0.0/15"
        _ip("netns", "add", self.escaner)
        self.espacios.append(self.escaner)
        _ip("-n", self.escaner, "link", "set", "lo", "up")
        _ip("-n", self.escaner, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.escaner, "addr", "add", f"{self.prefijo}.1/24", "dev", "br0")
        _ip("-n", self.escaner, "link", "set", "br0", "up")
        for n in range(primero, primero + cantidad):
            self.agregar_host(n)
        return self

    def mac(self, n):
        tercero = int(self.prefijo.split(".")[-1])
        return f"02:5a:{tercero:02x}:00:{n // 256:02x}:{n % 256:02x}"

    def agregar_host(self, n):
        espacio = f"sgH{self.etiqueta}{self.prefijo.split('.')[-1]}x{n}"
        _ip("netns", "add", espacio)
        self.espacios.append(espacio)
        _ip("-n", self.escaner, "link", "add", f"v{n}", "type", "veth", "peer", "name", "eth0", "netns", espacio)
        _ip("-n", self.escaner, "link", "set", f"v{n}", "master", "br0", "up")
        _ip("-n", espacio, "link", "set", "lo", "up")
        _ip("-n", espacio, "link", "set", "eth0", "address", self.mac(n))
        _ip("-n", espacio, "addr", "add", f"{self.prefijo}.{n}/24", "dev", "eth0")
        _ip("-n", espacio, "link", "set", "eth0", "up")
        self.hosts[f"{self.prefijo}.{n}"] = (espacio, self.mac(n))
        return espacio

    def servir_puerto(self, ip, puerto):
        espacio = self.hosts[ip][0]
        proceso = subprocess.Popen(  # noqa: S603
            ["ip", "netns", "exec", espacio, "python3", "-m", "http.server", str(puerto), "--bind", ip],  # noqa: S607
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.carpeta)
        self.procesos.append(proceso)
        for _ in range(100):
            listo = subprocess.run(["ip", "netns", "exec", espacio, "ss", "-ltn"],  # noqa: S603,S607
                                   capture_output=True, text=True)
            if f"{ip}:{puerto}" in listo.stdout:
                return proceso
            time.sleep(0.05)
        raise RuntimeError(f"http.server no arrancó en {ip}:{puerto}")

    def envoltorio(self, programa):
        """Script que ejecuta `programa` dentro del espacio escáner."""
        ruta = self.carpeta / f"{programa}-{self.escaner}"
        ruta.write_text(f'#!/bin/sh\nexec ip netns exec {self.escaner} {programa} "$@"\n')
        ruta.chmod(0o755)
        return str(ruta)

    def destruir(self):
        for proceso in self.procesos:
            proceso.terminate()
            try:
                proceso.wait(5)
            except subprocess.TimeoutExpired:
                proceso.kill()
        for espacio in reversed(self.espacios):
            _ip("netns", "del", espacio, check=False)
        self.espacios.clear()
