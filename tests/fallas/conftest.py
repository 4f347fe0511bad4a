"""Fixtures de fallas reales: un disco diminuto (tmpfs de 1 MB montado para la prueba)."""
import os
import subprocess

import pytest


@pytest.fixture
def disco_diminuto(tmp_path):
    """Un tmpfs real de 1 MB (la prueba corre como root, igual que CI); se desmonta al terminar."""
    punto = tmp_path / "disco"
    punto.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "tmpfs", str(punto)],  # noqa: S603,S607
                   check=True)
    try:
        yield punto
    finally:
        subprocess.run(["umount", "-l", str(punto)], check=False)  # noqa: S603,S607


def llenar(punto, dejar_libres=4096):
    """Ocupa el disco hasta dejar `dejar_libres` bytes; devuelve la ruta del relleno."""
    relleno = punto / "relleno.bin"
    libre = os.statvfs(punto)
    disponible = libre.f_bavail * libre.f_frsize
    with open(relleno, "wb") as archivo:
        archivo.write(b"\0" * max(disponible - dejar_libres, 0))
    return relleno


def archivos(punto):
    """Lo que hay en el disco aparte del relleno (incluye ocultos y temporales)."""
    return sorted(str(p.relative_to(punto)) for p in punto.rglob("*") if p.is_file() and p.name != "relleno.bin")
