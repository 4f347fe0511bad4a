"""Validación de archivos adjuntos (oficios escaneados, archivos de proyectos): tipo por contenido y tamaño.

El tipo se decide por los primeros bytes del archivo (firma), nunca por la extensión ni por el tipo que
declara el navegador: un «oficio.pdf» que en realidad es HTML se rechaza.
"""
from django.conf import settings
from django.core.exceptions import ValidationError

# (firma al inicio del archivo, tipo MIME)
FIRMAS = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
TIPOS_ACEPTADOS = tuple(tipo for _, tipo in FIRMAS)
# Extensión de cada tipo aceptado: el archivo en disco y el de descarga la llevan siempre (nunca .html o .svg).
EXTENSIONES = {"application/pdf": (".pdf",), "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}
_LARGO_FIRMA = max(len(f) for f, _ in FIRMAS)
# Algunos PDF traen basura antes de la firma; el estándar de facto permite buscarla en el primer KB.
_VENTANA_PDF = 1024

# Para decir qué parece ser lo que se rechazó.
_PARECE = (
    (b"<!doctype html", "HTML"), (b"<html", "HTML"), (b"<?xml", "XML"), (b"<svg", "SVG"),
    (b"pk\x03\x04", "un ZIP o documento de Office"), (b"gif8", "GIF"), (b"mz", "un programa"),
    (b"\xd0\xcf\x11\xe0", "un documento de Office antiguo"),
)


def _mb(n_bytes):
    texto = f"{n_bytes / (1024 * 1024):.1f}"
    return texto.removesuffix(".0")


def _leer_inicio(archivo, n):
    posicion = archivo.tell() if hasattr(archivo, "tell") else 0
    archivo.seek(0)
    inicio = archivo.read(n)
    archivo.seek(posicion)
    return inicio or b""


def tipo_por_contenido(inicio):
    """Tipo MIME aceptado según la firma de ``inicio`` (bytes), o None."""
    for firma, tipo in FIRMAS:
        if inicio.startswith(firma):
            return tipo
    if b"%PDF-" in inicio[:_VENTANA_PDF]:
        return "application/pdf"
    return None


def validar_adjunto(archivo):
    """Devuelve el tipo MIME de ``archivo`` (PDF, PNG o JPEG) o lanza ValidationError con el motivo.

    ``archivo``: un UploadedFile (o cualquier objeto con ``name``, ``size``, ``read``, ``seek``).
    """
    maximo_mb = settings.SIGMA_ADJUNTO_MAX_MB
    tamano = getattr(archivo, "size", None) or 0
    nombre = getattr(archivo, "name", "") or "el archivo"
    if tamano == 0:
        raise ValidationError("El archivo «%(nombre)s» está vacío.", code="vacio", params={"nombre": nombre})
    if tamano > maximo_mb * 1024 * 1024:
        raise ValidationError(
            "El archivo pesa %(peso)s MB; el máximo es %(maximo)s MB.",
            code="tamano", params={"peso": _mb(tamano), "maximo": maximo_mb},
        )
    inicio = _leer_inicio(archivo, max(_LARGO_FIRMA, _VENTANA_PDF))
    tipo = tipo_por_contenido(inicio)
    if tipo is None:
        minusculas = inicio.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        parece = next((desc for firma, desc in _PARECE if minusculas.startswith(firma)), None)
        detalle = f"el contenido de «{nombre}» parece {parece}." if parece else (
            f"el contenido de «{nombre}» no corresponde a ninguno de esos formatos."
        )
        raise ValidationError(
            "Solo se aceptan PDF, PNG o JPEG; %(detalle)s", code="tipo", params={"detalle": detalle}
        )
    return tipo


def nombre_seguro(nombre, tipo):
    """``nombre`` con la extensión de ``tipo`` (el verificado por contenido): «x.html» de un PDF → «x.pdf»."""
    extensiones = EXTENSIONES.get(tipo, (".bin",))
    nombre = (nombre or "archivo").replace("/", "_").replace("\\", "_")
    if nombre.lower().endswith(extensiones):
        return nombre
    base, punto, _ = nombre.rpartition(".")
    return (base if punto and base else nombre) + extensiones[0]


def sin_nulos(texto):
    """Texto de la URL o de una búsqueda sin bytes NUL (PostgreSQL los rechaza en una consulta: daba 500). Un folio
    o token con NUL queda vacío y no coincide con nada (404)."""
    return "" if "\x00" in (texto or "") else (texto or "")
