"""Fotografía de la credencial: validación por contenido y recorte a la proporción del recuadro (3:4 vertical).

Se aceptan JPEG y PNG (se mira el contenido con Pillow, no la extensión ni el Content-Type), de hasta 5 MB y de
al menos 300 × 400 px. La foto se guarda recortada al centro (o con el recuadro que indique el usuario),
reducida a 600 × 800 px y como JPEG: todas las credenciales pesan lo mismo y el PDF se arma rápido.
"""
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

TAMANO_MAX = 5 * 1024 * 1024
ANCHO_MIN, ALTO_MIN = 300, 400
ANCHO_FINAL, ALTO_FINAL = 600, 800
PROPORCION = ANCHO_FINAL / ALTO_FINAL
FORMATOS = {"JPEG", "PNG"}
# Evita «bombas de descompresión»: una imagen de más píxeles que esto se rechaza antes de decodificarla.
PIXELES_MAX = 40_000_000


class FotoInvalida(ValueError):
    """La fotografía no sirve; el mensaje es para el usuario."""


def _leer(archivo):
    if archivo is None:
        raise FotoInvalida("Elija un archivo con la fotografía.")
    tamano = getattr(archivo, "size", None)
    if tamano is not None and tamano > TAMANO_MAX:
        raise FotoInvalida(f"La fotografía pesa {tamano / 1024 / 1024:.1f} MB; el máximo es 5 MB.")
    if hasattr(archivo, "seek"):
        archivo.seek(0)
    datos = archivo.read(TAMANO_MAX + 1)
    if len(datos) > TAMANO_MAX:
        raise FotoInvalida("La fotografía pesa más de 5 MB; el máximo es 5 MB.")
    if not datos:
        raise FotoInvalida("El archivo de la fotografía está vacío.")
    return datos


def abrir(archivo):
    """Imagen de Pillow ya orientada (EXIF) o FotoInvalida con el motivo en español."""
    datos = _leer(archivo)
    try:
        imagen = Image.open(io.BytesIO(datos))
        formato = imagen.format
        if formato not in FORMATOS:
            raise FotoInvalida(
                f"La fotografía debe ser JPEG o PNG (el archivo es {formato or 'de otro tipo'})."
            )
        if imagen.width * imagen.height > PIXELES_MAX:
            raise FotoInvalida("La fotografía es demasiado grande en píxeles; redúzcala antes de subirla.")
        imagen.load()
    except FotoInvalida:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise FotoInvalida("El archivo no es una imagen JPEG o PNG válida.") from None
    imagen = ImageOps.exif_transpose(imagen)
    if imagen.width < ANCHO_MIN or imagen.height < ALTO_MIN:
        raise FotoInvalida(
            f"La fotografía mide {imagen.width} × {imagen.height} px; se necesitan al menos "
            f"{ANCHO_MIN} × {ALTO_MIN} px (vertical)."
        )
    return imagen


def _recuadro_centrado(ancho, alto):
    if ancho / alto > PROPORCION:  # sobra a los lados
        nuevo = round(alto * PROPORCION)
        x = (ancho - nuevo) // 2
        return x, 0, x + nuevo, alto
    nuevo = round(ancho / PROPORCION)
    y = (alto - nuevo) // 3  # un poco más arriba del centro: la cara queda mejor encuadrada
    return 0, y, ancho, y + nuevo


def _recuadro_usuario(recorte, ancho, alto):
    """(x, y, ancho) del recortador en píxeles de la imagen; el alto sale de la proporción 3:4.

    Un desborde pequeño (redondeo del navegador) se corrige moviendo el recuadro hacia dentro; un recuadro más
    chico que el mínimo o más grande que la imagen se rechaza.
    """
    try:
        x, y, w = (int(round(float(v))) for v in recorte)
    except (TypeError, ValueError, OverflowError):
        raise FotoInvalida("El recorte indicado no es válido.") from None
    h = round(w / PROPORCION)
    if w < ANCHO_MIN or w > ancho or h > alto:
        raise FotoInvalida(
            f"El recorte debe quedar dentro de la imagen y medir al menos {ANCHO_MIN} × {ALTO_MIN} px."
        )
    x = min(max(x, 0), ancho - w)
    y = min(max(y, 0), alto - h)
    return x, y, x + w, y + h


def procesar(archivo, recorte=None) -> ContentFile:
    """Valida, recorta a 3:4 y devuelve un JPEG de 600 × 800 listo para guardar en Credencial.foto."""
    imagen = abrir(archivo)
    caja = _recuadro_usuario(recorte, imagen.width, imagen.height) if recorte else _recuadro_centrado(
        imagen.width, imagen.height)
    if imagen.mode in ("RGBA", "LA", "P"):
        fondo = Image.new("RGB", imagen.size, "white")
        imagen = imagen.convert("RGBA")
        fondo.paste(imagen, mask=imagen.getchannel("A"))
        imagen = fondo
    imagen = imagen.convert("RGB").crop(caja).resize((ANCHO_FINAL, ALTO_FINAL), Image.Resampling.LANCZOS)
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=86, optimize=True)
    return ContentFile(salida.getvalue(), name="foto.jpg")


def silueta(semilla=0, fondo=None) -> bytes:
    """Foto de relleno (demostración y pruebas): silueta dibujada con Pillow, 600 × 800 JPEG."""
    from PIL import ImageDraw

    colores = ["#dfe7ef", "#e8e2d6", "#dde8dd", "#e9dde3", "#e2e2ea"]
    piel = ["#c68c63", "#a8714d", "#e0b08b", "#8d5a3b", "#d49f76"]
    imagen = Image.new("RGB", (ANCHO_FINAL, ALTO_FINAL), fondo or colores[semilla % len(colores)])
    dibujo = ImageDraw.Draw(imagen)
    tono = piel[(semilla // 5) % len(piel)]
    ropa = ["#1f3b5c", "#3b3b3b", "#5c1f2e", "#2f4f3a"][semilla % 4]
    dibujo.ellipse((60, 540, 540, 1000), fill=ropa)  # hombros
    dibujo.rectangle((250, 440, 350, 580), fill=tono)  # cuello
    dibujo.ellipse((170, 170, 430, 500), fill=tono)  # cabeza
    dibujo.chord((160, 140, 440, 400), 180, 360, fill=["#222", "#4a3020", "#111", "#6b4a2a"][semilla % 4])  # cabello
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=85)
    return salida.getvalue()
