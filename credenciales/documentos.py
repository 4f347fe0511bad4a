"""PDF de credenciales (WeasyPrint): tarjetas CR80 y hojas carta con marcas de corte.

- «cr80»: una cara por página de 85.6 × 54 mm (anverso y luego reverso de cada credencial), para impresoras de
  tarjetas PVC.
- «carta»: hojas carta de 8 credenciales (2 × 4, separadas 8 mm) con marcas de corte en los márgenes; a cada
  hoja de anversos le sigue la de reversos en espejo (columnas invertidas) para imprimir a doble cara volteando
  por el borde largo.
Las fotos y el QR van incrustados como data: URI; el «url_fetcher» de inventario no deja salir a la red. WeasyPrint
incrusta las fuentes (DejaVu Sans) en el PDF.
"""
import base64

from django.conf import settings

from comun.normalizacion import clave_nombre
from inventario.documentos import _encabezado, _pdf

from .choices import Diseno

FORMATOS = ("cr80", "carta")
ANCHO_MM, ALTO_MM = 85.6, 54.0
CARTA_ANCHO_MM, CARTA_ALTO_MM = 215.9, 279.4
COLUMNAS, FILAS = 2, 4
SEPARACION_MM = 8.0
POR_HOJA = COLUMNAS * FILAS
MARGEN_X_MM = (CARTA_ANCHO_MM - COLUMNAS * ANCHO_MM - (COLUMNAS - 1) * SEPARACION_MM) / 2
MARGEN_Y_MM = (CARTA_ALTO_MM - FILAS * ALTO_MM - (FILAS - 1) * SEPARACION_MM) / 2

DOMICILIO = "Hidalgo #65, Presidencia Municipal, Col. Centro · Tel. 925 99 40"
FIRMANTE = "Director(a) de Administración y Recursos Humanos"


def qr_svg(url):
    import segno

    # Corrección Q: la tarjeta se raya y se dobla; el fondo blanco alrededor completa la zona libre.
    return segno.make(url, error="q", micro=False).svg_data_uri(scale=1, border=2, dark="#000", light="#fff")


def foto_data_uri(credencial):
    if not credencial.foto:
        return ""
    try:
        with credencial.foto.open("rb") as archivo:
            datos = archivo.read()
    except (OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(datos).decode("ascii")


def _tamano_nombre(nombre):
    largo = len(nombre)
    return 8.6 if largo <= 24 else 7.6 if largo <= 32 else 6.6 if largo <= 44 else 5.8


def tarjeta(credencial):
    """Contexto de una credencial para las plantillas del anverso y el reverso."""
    return {
        "c": credencial,
        "policia": credencial.diseno == Diseno.POLICIA,
        "foto": foto_data_uri(credencial),
        "qr": qr_svg(credencial.url_verificacion),
        "tamano_nombre": _tamano_nombre(credencial.nombre),
    }


def _identidad():
    return {
        **_encabezado(),
        "domicilio": (getattr(settings, "SIGMA_CREDENCIALES_DOMICILIO", "")
                      or f"{DOMICILIO}, {settings.SIGMA_MUNICIPIO}"),
        "firmante": getattr(settings, "SIGMA_CREDENCIALES_FIRMANTE", "") or FIRMANTE,
        "periodo": settings.SIGMA_ADMINISTRACION,
        "siglas_municipio": clave_nombre(settings.SIGMA_MUNICIPIO.split(",")[0])[:3].upper(),
        "ancho": ANCHO_MM, "alto": ALTO_MM,
    }


def _hojas(tarjetas):
    hojas = []
    for inicio in range(0, len(tarjetas), POR_HOJA):
        anversos, reversos = [], []
        for i, t in enumerate(tarjetas[inicio:inicio + POR_HOJA]):
            fila, columna = divmod(i, COLUMNAS)
            y = MARGEN_Y_MM + fila * (ALTO_MM + SEPARACION_MM)
            anversos.append({**t, "x": MARGEN_X_MM + columna * (ANCHO_MM + SEPARACION_MM), "y": y})
            espejo = COLUMNAS - 1 - columna
            reversos.append({**t, "x": MARGEN_X_MM + espejo * (ANCHO_MM + SEPARACION_MM), "y": y})
        hojas.append({"anversos": anversos, "reversos": reversos, "numero": len(hojas) + 1})
    return hojas


def _cortes():
    """Posiciones (mm) de las líneas de corte: bordes de cada columna y de cada fila."""
    xs = [MARGEN_X_MM + c * (ANCHO_MM + SEPARACION_MM) + d for c in range(COLUMNAS) for d in (0, ANCHO_MM)]
    ys = [MARGEN_Y_MM + f * (ALTO_MM + SEPARACION_MM) + d for f in range(FILAS) for d in (0, ALTO_MM)]
    return xs, ys


def credenciales_pdf(credenciales, formato="cr80") -> bytes:
    if formato not in FORMATOS:
        raise ValueError(f"Formato desconocido: {formato!r} (use cr80 o carta).")
    tarjetas = [tarjeta(c) for c in credenciales]
    if not tarjetas:
        raise ValueError("No hay credenciales que imprimir.")
    if formato == "cr80":
        return _pdf("credenciales/pdf/cr80.html", {**_identidad(), "tarjetas": tarjetas})
    xs, ys = _cortes()
    return _pdf("credenciales/pdf/carta.html", {
        **_identidad(), "hojas": _hojas(tarjetas), "cortes_x": xs, "cortes_y": ys,
        "margen_x": MARGEN_X_MM, "margen_y": MARGEN_Y_MM, "marca_x": MARGEN_X_MM - 9, "marca_y": MARGEN_Y_MM - 9,
        "carta_ancho": CARTA_ANCHO_MM, "carta_alto": CARTA_ALTO_MM,
    })
