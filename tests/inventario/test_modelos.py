from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from inventario.choices import Estado
from inventario.models import InterfazRed
from tests.factories import EquipoFactory, InterfazRedFactory, ModeloFactory, tipo

pytestmark = pytest.mark.django_db


def test_numero_inventario_unico():
    EquipoFactory(numero_inventario="OCO-2020-00001")
    with pytest.raises(IntegrityError):
        EquipoFactory(numero_inventario="OCO-2020-00001")


def test_mac_se_guarda_normalizada_y_es_unica():
    interfaz = InterfazRedFactory(mac="AA-BB-CC-00-11-22")
    interfaz.refresh_from_db()
    assert interfaz.mac == "aa:bb:cc:00:11:22"
    with pytest.raises(IntegrityError):
        InterfazRedFactory(mac="aabb.cc00.1122")


def test_varias_interfaces_sin_mac_no_chocan():
    InterfazRedFactory(mac="", ip="192.168.1.20")
    InterfazRedFactory(mac=None, ip="192.168.1.21")
    assert InterfazRed.objects.filter(mac__isnull=True).count() == 2


def test_interfaz_sin_mac_ni_ip_no_es_valida():
    interfaz = InterfazRed(equipo=EquipoFactory(), nombre="Wi-Fi")
    with pytest.raises(ValidationError):
        interfaz.full_clean()


def test_serie_basura_se_limpia_al_validar():
    equipo = EquipoFactory.build(numero_serie="To Be Filled By O.E.M.", dependencia=EquipoFactory().dependencia,
                                 resguardante=None, modelo=None)
    equipo.clean()
    assert equipo.numero_serie == ""


def test_fecha_futura_y_costo_negativo_rechazados():
    equipo = EquipoFactory()
    equipo.fecha_adquisicion = date.today() + timedelta(days=3)
    equipo.costo = Decimal("-1")
    with pytest.raises(ValidationError) as error:
        equipo.full_clean()
    assert "fecha_adquisicion" in error.value.message_dict
    assert "costo" in error.value.message_dict


def test_baja_necesita_motivo():
    equipo = EquipoFactory()
    equipo.estado = Estado.BAJA
    with pytest.raises(ValidationError) as error:
        equipo.full_clean()
    assert "motivo_baja" in error.value.message_dict


def test_modelo_de_otro_tipo_rechazado():
    equipo = EquipoFactory(modelo=ModeloFactory(tipo=tipo("Impresora")))
    with pytest.raises(ValidationError) as error:
        equipo.full_clean()
    assert "modelo" in error.value.message_dict


def test_vida_util_conac_y_valor_en_libros():
    equipo = EquipoFactory(fecha_adquisicion=date(2023, 1, 15), costo=Decimal("12000.00"), modelo=None)
    assert equipo.vida_util_meses == 36
    assert equipo.fin_vida_util() == date(2026, 1, 15)
    assert equipo.vida_util_agotada(hoy=date(2026, 2, 1))
    assert not equipo.vida_util_agotada(hoy=date(2025, 12, 1))
    # 12 meses de 36: queda 2/3 del valor (33.3 % anual).
    assert equipo.valor_en_libros(hoy=date(2024, 1, 15)) == Decimal("8000.00")
    assert equipo.valor_en_libros(hoy=date(2027, 1, 1)) == Decimal("0.00")


def test_vida_util_del_modelo_manda_sobre_la_del_tipo():
    equipo = EquipoFactory(modelo=ModeloFactory(vida_util_meses=60), fecha_adquisicion=date(2020, 3, 1))
    assert equipo.fin_vida_util() == date(2025, 3, 1)


def test_cada_cambio_queda_en_el_historial():
    equipo = EquipoFactory(condicion="bueno")
    equipo.condicion = "malo"
    equipo.save()
    assert equipo.history.count() == 2
    assert equipo.history.first().condicion == "malo"
