"""Datos de demostración: sin solicitudes de credenciales no crea nada; con ellas, lotes con fotos; idempotente."""
import pytest

from comun import demo
from credenciales.choices import Estado
from credenciales.demo import generar
from credenciales.models import Credencial, LoteImpresion
from tests.credenciales import factories as f
from tests.factories import EmpleadoFactory

pytestmark = pytest.mark.django_db


def test_registrado_con_orden_40():
    assert any(g.nombre == "Credenciales" and g.orden == 40 for g in demo.generadores())


def test_sin_solicitudes_de_credenciales_no_crea_nada():
    assert generar(1) == {"Lotes de credenciales": 0, "Credenciales": 0, "Credenciales revocadas": 0}
    assert not LoteImpresion.objects.exists()


def test_lotes_con_fotos_y_una_revocada_idempotente():
    for _ in range(12):
        EmpleadoFactory()
    f.solicitud(cantidad=3)
    f.solicitud(cantidad=2)
    resultado = generar(7)
    assert resultado == {"Lotes de credenciales": 2, "Credenciales": 5, "Credenciales revocadas": 1}
    assert all(c.foto for c in Credencial.objects.all())
    assert Credencial.objects.filter(estado=Estado.REVOCADA).count() == 1
    assert generar(7) == {"Lotes de credenciales": 0, "Credenciales": 0, "Credenciales revocadas": 0}
