"""Ayudas de las pruebas de PDF: poppler-utils (pdfinfo, pdftotext, pdftoppm) y lectura de QR con zxing-cpp."""
import re
import shutil
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image


def ejecutar(programa, *argumentos):
    """Corre una herramienta de poppler-utils (ruta absoluta, argumentos fijos) y devuelve su salida."""
    ruta = shutil.which(programa)
    assert ruta, f"Falta {programa}: instale poppler-utils"
    return subprocess.run([ruta, *argumentos], capture_output=True, text=True, check=True).stdout  # noqa: S603


def tamanos_de_pagina(ruta):
    """[(ancho, alto)] en puntos de cada página."""
    salida = ejecutar("pdfinfo", "-f", "1", "-l", "9999", str(ruta))
    return [(float(a), float(b)) for a, b in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", salida, re.M)]


def texto(ruta):
    """Texto del PDF con los espacios normalizados."""
    return " ".join(ejecutar("pdftotext", str(ruta), "-").split())


def qrs(ruta, pagina, carpeta, resolucion=300):
    """Contenido de los QR de una página, rasterizada con pdftoppm y leída con zxing-cpp."""
    base = Path(carpeta) / f"pagina-{pagina}-{resolucion}"
    ejecutar("pdftoppm", "-r", str(resolucion), "-f", str(pagina), "-l", str(pagina), "-png", "-singlefile",
             str(ruta), str(base))
    return [r.text for r in zxingcpp.read_barcodes(Image.open(f"{base}.png"))]
