"""Documentos imprimibles en PDF (WeasyPrint): resguardo por empleado, acta de transferencia y etiquetas con QR.

Cada función devuelve los bytes del PDF. Las plantillas están en inventario/templates/inventario/pdf/.
WeasyPrint no descarga nada de la red: el «url_fetcher» solo acepta URIs data: y file:, y los QR van
incrustados como data: URI (SVG vectorial, nítido a cualquier resolución de impresora).
"""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .choices import Categoria, Estado
from .models import Equipo, MovimientoResguardo

# Etiquetas Avery 5160 / 8160 en hoja carta: 3 columnas × 10 filas de 2.625" × 1".
CARTA_COLUMNAS, CARTA_FILAS = 3, 10
CARTA_ANCHO_IN, CARTA_ALTO_IN = 2.625, 1.0
CARTA_PASO_H_IN = 2.75  # ancho de la etiqueta + 0.125" de separación entre columnas
CARTA_MARGEN_SUP_IN, CARTA_MARGEN_LAT_IN = 0.5, 0.1875
POR_HOJA = CARTA_COLUMNAS * CARTA_FILAS

# Etiqueta continua para impresora térmica (Brother DK-11209 y similares): 62 mm × 29 mm.
TERMICA_ANCHO_MM, TERMICA_ALTO_MM = 62, 29

FORMATOS_ETIQUETA = ("carta", "termica")
PROTOCOLOS_PERMITIDOS = ("data", "file")


def _fetcher():
    from weasyprint.urls import URLFetcher

    # Una URL http(s) u otra cualquiera lanza ValueError: WeasyPrint la omite y nunca sale a la red.
    return URLFetcher(allowed_protocols=PROTOCOLOS_PERMITIDOS, allow_redirects=False, timeout=2)


def _pdf(plantilla, contexto):
    from weasyprint import HTML  # import perezoso: cargar WeasyPrint cuesta y solo lo usan estas vistas

    html = render_to_string(plantilla, {**_encabezado(), **contexto})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf()


def _encabezado():
    return {
        "municipio": f"H. Ayuntamiento de {settings.SIGMA_MUNICIPIO}",
        "municipio_corto": f"H. Ayuntamiento de {settings.SIGMA_MUNICIPIO.split(',')[0].strip()}",
        "ciudad": settings.SIGMA_MUNICIPIO,
        "direccion": settings.SIGMA_DEPENDENCIA,
        "administracion": f"Administración {settings.SIGMA_ADMINISTRACION}",
        "generado": timezone.localtime(),
    }


def descripcion(equipo):
    """Tipo de equipo y, en cómputo, un resumen de procesador y RAM: «Laptop · Core i5-8250U · 8 GB RAM»."""
    partes = [equipo.tipo.nombre]
    if equipo.tipo.categoria == Categoria.COMPUTO:
        if equipo.procesador:
            partes.append(equipo.procesador)
        if equipo.ram_gb:
            partes.append(f"{equipo.ram_gb} GB RAM")
    return " · ".join(partes)


def folio_resguardo(empleado, fecha):
    return f"RES-{empleado.numero_empleado}-{fecha:%Y%m%d}"


def folio_acta(movimiento):
    return f"TRF-{movimiento.fecha:%Y}-{movimiento.pk:06d}"


def equipos_en_resguardo(empleado):
    return (
        Equipo.objects.filter(resguardante=empleado)
        .exclude(estado=Estado.BAJA)
        .select_related("tipo", "modelo__marca", "ubicacion", "dependencia")
        .order_by("numero_inventario")
    )


def _fila(equipo):
    return {
        "numero_inventario": equipo.numero_inventario,
        "descripcion": descripcion(equipo),
        "marca": equipo.modelo.marca.nombre if equipo.modelo_id else "",
        "modelo": equipo.modelo.nombre if equipo.modelo_id else "",
        "serie": equipo.numero_serie or "S/N",
        "ubicacion": str(equipo.ubicacion) if equipo.ubicacion_id else "",
    }


def resguardo_empleado(empleado, fecha=None) -> bytes:
    """Resguardo de los equipos (no dados de baja) que tiene a su cargo un empleado."""
    fecha = fecha or timezone.localdate()
    filas = [_fila(e) for e in equipos_en_resguardo(empleado)]
    return _pdf("inventario/pdf/resguardo.html", {
        "empleado": empleado,
        "dependencia": empleado.dependencia,
        "filas": filas,
        "folio": folio_resguardo(empleado, fecha),
        "fecha": fecha,
    })


def acta_transferencia(movimiento) -> bytes:
    """Acta de la transferencia de resguardo registrada en un movimiento de tipo transferencia."""
    if movimiento.tipo != MovimientoResguardo.Tipo.TRANSFERENCIA:
        raise ValueError("Solo las transferencias tienen acta de transferencia.")
    equipo = movimiento.equipo
    return _pdf("inventario/pdf/acta.html", {
        "movimiento": movimiento,
        "equipo": equipo,
        "fila": _fila(equipo),
        "folio": folio_acta(movimiento),
        "fecha": movimiento.fecha,
    })


def url_equipo(equipo):
    return settings.SIGMA_URL_BASE.rstrip("/") + equipo.get_absolute_url()


def _qr(url):
    import segno

    # Corrección M: aguanta un raspón en la etiqueta. Borde de 2 módulos; el margen de la etiqueta completa la zona
    # libre.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=2, dark="#000", light="#fff")


def _tamano_numero(numero, ancho_pt, maximo_pt):
    # DejaVu Sans Bold mide ~0.72 em de ancho promedio en dígitos y mayúsculas: el número cabe en una línea.
    return round(min(maximo_pt, ancho_pt / (max(len(numero), 1) * 0.74)), 1)


def _etiqueta(equipo, formato):
    ancho_texto = 112 if formato == "carta" else 94  # pt disponibles a la derecha del QR
    return {
        "numero_inventario": equipo.numero_inventario,
        "tamano": _tamano_numero(equipo.numero_inventario, ancho_texto, 13 if formato == "carta" else 14),
        "tipo": equipo.tipo.nombre,
        "dependencia": equipo.dependencia.nombre,
        "qr": _qr(url_equipo(equipo)),
    }


def etiquetas(equipos, formato="carta") -> bytes:
    """Etiquetas con QR: «carta» (hojas Avery 5160 de 30) o «termica» (una etiqueta de 62 mm por página)."""
    if formato not in FORMATOS_ETIQUETA:
        raise ValueError(f"Formato de etiqueta desconocido: {formato!r}.")
    lista = [_etiqueta(e, formato) for e in equipos]
    if formato == "termica":
        return _pdf("inventario/pdf/etiquetas_termica.html", {
            "etiquetas": lista, "ancho_mm": TERMICA_ANCHO_MM, "alto_mm": TERMICA_ALTO_MM,
        })
    hojas = []
    for inicio in range(0, max(len(lista), 1), POR_HOJA):
        hoja = []
        for i, etiqueta in enumerate(lista[inicio:inicio + POR_HOJA]):
            fila, columna = divmod(i, CARTA_COLUMNAS)
            hoja.append({**etiqueta, "x": columna * CARTA_PASO_H_IN, "y": fila * CARTA_ALTO_IN})
        hojas.append(hoja)
    return _pdf("inventario/pdf/etiquetas_carta.html", {
        "hojas": hojas,
        "ancho": CARTA_ANCHO_IN, "alto": CARTA_ALTO_IN,
        "margen_sup": CARTA_MARGEN_SUP_IN, "margen_lat": CARTA_MARGEN_LAT_IN,
    })
