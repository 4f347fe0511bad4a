import pytest

from comun.normalizacion import (
    clave_nombre,
    es_mac_basura,
    es_serie_basura,
    normalizar_mac,
    normalizar_serie,
)


@pytest.mark.parametrize(
    "texto",
    [
        "AA-BB-CC-DD-EE-0F",
        "aa:bb:cc:dd:ee:0f",
        "aabb.ccdd.ee0f",
        "AABBCCDDEE0F",
        " Aa:Bb:Cc:Dd:Ee:0F ",
        "aa bb cc dd ee 0f",
    ],
)
def test_mac_en_cualquier_notacion(texto):
    assert normalizar_mac(texto) == "aa:bb:cc:dd:ee:0f"


@pytest.mark.parametrize(
    "texto", ["", None, "aa:bb:cc", "zz:bb:cc:dd:ee:ff", "aabbccddeeff00", "192.168.1.10", "OCO-2020-00012"]
)
def test_lo_que_no_es_mac(texto):
    assert normalizar_mac(texto) is None


@pytest.mark.parametrize(
    ("mac", "basura"),
    [
        ("00:00:00:00:00:00", True),
        ("ff:ff:ff:ff:ff:ff", True),
        ("01:00:5e:00:00:fb", True),  # multidifusión
        ("02:00:4c:4f:4f:50", True),  # adaptador de bucle de Microsoft
        (None, True),
        ("3c:d9:2b:11:22:33", False),
    ],
)
def test_macs_basura(mac, basura):
    assert es_mac_basura(mac) is basura


@pytest.mark.parametrize(
    "serie",
    [
        "",
        "S/N",
        "s / n",
        "SIN SERIE",
        "To Be Filled By O.E.M.",
        "Default string",
        "000000000",
        "XXXXXXXX",
        "N/A",
        "System Serial Number",
        "0123456789",
        "  ",
    ],
)
def test_series_basura(serie):
    assert es_serie_basura(serie)
    assert normalizar_serie(serie) == ""


@pytest.mark.parametrize("serie", ["MXL1234ABC", "5CD0123XYZ", "PF2ABCDE", "CN0A1B2C3D"])
def test_series_buenas(serie):
    assert not es_serie_basura(serie)
    assert normalizar_serie(f" {serie.lower()} ") == serie


def test_clave_nombre_ignora_acentos_mayusculas_y_espacios():
    assert clave_nombre("  Dirección de   Innovación Gubernamental ") == "direccion de innovacion gubernamental"
    assert clave_nombre("DIRECCION DE INNOVACION GUBERNAMENTAL") == clave_nombre(
        "Dirección de Innovación Gubernamental"
    )
    assert clave_nombre("José Pérez-Núñez") == "jose perez nunez"
    assert clave_nombre(None) == ""
