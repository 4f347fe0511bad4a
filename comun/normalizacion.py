"""Normalización de datos que llegan de fuera: MACs, números de serie, nombres."""
import re
import unicodedata

from netaddr import EUI, AddrFormatError, mac_unix_expanded

# Seriales que los fabricantes dejan de relleno: nunca identifican un equipo (cf. GLPI Blacklist).
_SERIALES_BASURA = {
    "", "sn", "s/n", "sinserie", "sinnumero", "sinnumerodeserie", "na", "n/a", "nd", "ninguno",
    "tobefilledbyoem", "defaultstring", "systemserialnumber", "chassisserialnumber",
    "notspecified", "notapplicable", "none", "null", "oem", "0123456789", "123456789",
    "xxxxxxxxxx", "invalid", "unknown", "desconocido", "noaplica",
}

# MACs que no identifican nada: nula, difusión, y las de adaptadores virtuales/túneles comunes.
_MACS_BASURA = {
    "00:00:00:00:00:00",
    "ff:ff:ff:ff:ff:ff",
    "02:00:4c:4f:4f:50",  # adaptador de bucle de Microsoft
    "00:50:56:c0:00:01",  # VMware VMnet1
    "00:50:56:c0:00:08",  # VMware VMnet8
    "44:45:53:54:00:00",  # RAS / PPP
    "00:53:45:00:00:00",  # minipuerto WAN
}

_HEX = re.compile(r"[0-9a-fA-F]")


def quitar_acentos(texto: str) -> str:
    descompuesto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def clave_nombre(texto: str | None) -> str:
    """Clave para comparar nombres: sin acentos, minúsculas, solo letras/números separados por un espacio."""
    if not texto:
        return ""
    base = quitar_acentos(str(texto)).lower()
    return " ".join(re.findall(r"[a-z0-9ñ]+", base))


def normalizar_mac(valor: str | None) -> str | None:
    """Devuelve la MAC como aa:bb:cc:dd:ee:ff, o None si no es una MAC.

    Acepta AA-BB-CC-DD-EE-FF, aa:bb:cc:dd:ee:ff, aabb.ccdd.eeff, AABBCCDDEEFF y variantes con espacios.
    """
    if valor is None:
        return None
    texto = str(valor).strip()
    if not texto:
        return None
    solo_hex = re.sub(r"[\s:\-\.]", "", texto)
    if len(solo_hex) != 12 or len(_HEX.findall(solo_hex)) != 12:
        return None
    try:
        return str(EUI(solo_hex, dialect=mac_unix_expanded))
    except (AddrFormatError, ValueError, TypeError):
        return None


def es_mac_basura(mac: str | None) -> bool:
    """Una MAC que no sirve para identificar un equipo (nula, difusión, multidifusión, virtual conocida)."""
    if not mac:
        return True
    if mac in _MACS_BASURA:
        return True
    primer_octeto = int(mac[:2], 16)
    return bool(primer_octeto & 0x01)  # multidifusión


def parece_mac(texto: str) -> bool:
    return normalizar_mac(texto) is not None


def normalizar_serie(valor: str | None) -> str:
    """Número de serie en mayúsculas y sin espacios de relleno; cadena vacía si es basura."""
    if valor is None:
        return ""
    texto = str(valor).strip().upper()
    if es_serie_basura(texto):
        return ""
    return texto


def es_serie_basura(valor: str | None) -> bool:
    if valor is None:
        return True
    compacto = re.sub(r"[\s\.\-_]", "", quitar_acentos(str(valor)).lower())
    if compacto in _SERIALES_BASURA:
        return True
    if len(compacto) < 3:
        return True
    # Todo el mismo carácter (000000, XXXXXX, 111111).
    return len(set(compacto)) == 1
