import pytest
from django.urls import reverse

from tests.factories import DependenciaFactory, EmpleadoFactory

pytestmark = pytest.mark.django_db
URL = reverse("comun:buscar_empleados")


@pytest.fixture
def lucia():
    return EmpleadoFactory(
        nombre="Lucía", apellidos="Gómez Ávila", numero_empleado="E-04410", extension="1187",
        dependencia=DependenciaFactory(nombre="Registro Civil"),
    )


@pytest.mark.parametrize("texto", ["lucia", "GOMEZ lucía", "avila", "E-04410", "e-04410", "1187"])
def test_encuentra_por_nombre_numero_o_extension(cliente_con_rol, lucia, texto):
    EmpleadoFactory(nombre="Pedro", apellidos="Ramírez")
    respuesta = cliente_con_rol("mesa").get(URL, {"q": texto, "campo": "resguardante"})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert f'name="resguardante" value="{lucia.pk}"' in html
    assert "Registro Civil" in html and "Pedro" not in html


def test_no_muestra_inactivos_y_avisa_si_no_hay(cliente_con_rol, lucia):
    lucia.activo = False
    lucia.save()
    html = cliente_con_rol("tecnico").get(URL, {"q": "lucia"}).content.decode()
    assert "Ningún empleado activo coincide con «lucia»" in html


@pytest.mark.parametrize("campo", ['x" onmouseover="alert(1)', "1abc", ""])
def test_nombre_de_campo_invalido_se_ignora(cliente_con_rol, lucia, campo):
    html = cliente_con_rol("admin").get(URL, {"q": "lucia", "campo": campo}).content.decode()
    assert 'name="empleado"' in html and "onmouseover" not in html


def test_consultas_constantes(cliente_con_rol, django_assert_max_num_queries):
    cliente = cliente_con_rol("mesa")
    for i in range(40):
        EmpleadoFactory(apellidos=f"Martínez {i}")
    with django_assert_max_num_queries(6):
        html = cliente.get(URL, {"q": "martinez"}).content.decode()
    assert html.count('type="radio"') == 15  # límite de resultados
