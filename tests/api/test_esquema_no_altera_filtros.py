"""Armar el esquema de la API lee los filtros de la clase (drf-spectacular toca `filtro.field`): después, las
listas de las páginas deben seguir filtrando por las opciones que cargan en cada petición."""
import pytest

from tests.factories import DependenciaFactory, EquipoFactory

pytestmark = pytest.mark.django_db


def test_lista_de_equipos_filtra_despues_de_armar_el_esquema(cliente_con_rol):
    cliente = cliente_con_rol("admin")
    assert cliente.get("/api/schema/?format=json").status_code == 200
    a, b = DependenciaFactory(nombre="Tesorería"), DependenciaFactory(nombre="Catastro")
    EquipoFactory(numero_inventario="A-1", dependencia=a)
    EquipoFactory(numero_inventario="B-1", dependencia=b)
    html = cliente.get("/inventario/", {"dependencia": a.pk}).content.decode()
    assert "A-1" in html and "B-1" not in html
    datos = cliente.get("/api/equipos/", {"dependencia": a.pk}).json()
    assert [e["numero_inventario"] for e in datos["results"]] == ["A-1"]
