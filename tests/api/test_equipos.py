"""API de equipos, empleados y dependencias: autenticación, filtros iguales a la página, paginación y consultas."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, InterfazRedFactory, tipo

URL = "/api/equipos/"


def _inventarios(respuesta):
    return [e["numero_inventario"] for e in respuesta.json()["results"]]


def test_sin_token_401_en_espanol(db):
    respuesta = APIClient().get(URL)
    assert respuesta.status_code == 401
    assert respuesta["WWW-Authenticate"] == "Token"
    assert "credenciales de autenticación" in respuesta.json()["detail"]


def test_token_invalido_401(db):
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION="Token no-existe")
    respuesta = cliente.get(URL)
    assert respuesta.status_code == 401 and "Token inválido" in respuesta.json()["detail"]


def test_lista_y_detalle(api_con_rol):
    cliente, _ = api_con_rol("mesa")
    equipo = EquipoFactory(hostname="oco-dif-pc01")
    InterfazRedFactory(equipo=equipo)
    lista = cliente.get(URL).json()
    assert lista["count"] == 1 and lista["results"][0]["numero_inventario"] == equipo.numero_inventario
    detalle = cliente.get(f"{URL}{equipo.pk}/").json()
    assert detalle["hostname"] == "oco-dif-pc01"
    assert detalle["dependencia"] == {"id": equipo.dependencia_id, "nombre": equipo.dependencia.nombre}
    assert detalle["resguardante"]["nombre"] == equipo.resguardante.nombre_completo
    assert cliente.get(f"{URL}999999/").status_code == 404


@pytest.mark.parametrize("parametros", [
    {},
    {"q": "pc00"},
    {"estado": "baja"},
    {"condicion": "malo", "orden": "-hostname"},
    {"edad": "sin"},
    {"orden": "dependencia"},
    {"q": "3c:d9:2b:00:00:01"},
    {"q": "García"},
    {"tipo": "TIPO"},
    {"dependencia": "DEP"},
])
def test_filtros_iguales_a_la_pagina(api_con_rol, cliente_con_rol, parametros):
    """La API usa el mismo FilterSet y el mismo orden que /inventario/: mismos equipos, mismo orden."""
    dep = DependenciaFactory(nombre="DIF Municipal")
    impresora = tipo("Impresora")
    for i in range(12):
        EquipoFactory(
            dependencia=dep if i % 3 == 0 else DependenciaFactory(), estado="baja" if i % 4 == 0 else "activo",
            condicion="malo" if i % 5 == 0 else "bueno", fecha_adquisicion=None if i % 2 else "2020-01-01",
            resguardante=EmpleadoFactory(apellidos="García López") if i == 7 else None,
            **({"tipo": impresora} if i % 2 else {}),
        )
    InterfazRedFactory(equipo=EquipoFactory(), mac="3c:d9:2b:00:00:01")
    parametros = {k: {"TIPO": str(impresora.pk), "DEP": str(dep.pk)}.get(v, v) for k, v in parametros.items()}
    pagina = cliente_con_rol("director").get(reverse("inventario:lista"), parametros)
    esperados = [e.numero_inventario for e in pagina.context["pagina"].object_list]
    cliente, _ = api_con_rol("director")
    respuesta = cliente.get(URL, parametros)
    assert respuesta.status_code == 200
    assert _inventarios(respuesta) == esperados
    assert respuesta.json()["count"] == pagina.context["pagina"].paginator.count


@pytest.mark.parametrize(("parametros", "campo"), [
    ({"estado": "rota"}, "estado"),
    ({"edad": "100"}, "edad"),
    ({"tipo": "999999"}, "tipo"),
])
def test_filtro_invalido_400_en_espanol(api_con_rol, parametros, campo):
    cliente, _ = api_con_rol("tecnico")
    respuesta = cliente.get(URL, parametros)
    assert respuesta.status_code == 400
    assert "Seleccione una opción válida" in respuesta.json()[campo][0]


def test_paginacion(api_con_rol):
    from api.paginacion import Paginacion

    assert (Paginacion.page_size, Paginacion.max_page_size) == (50, 200)  # como la página; tope de ?por_pagina=
    cliente, _ = api_con_rol("admin")
    EquipoFactory.create_batch(12)
    primera = cliente.get(URL, {"por_pagina": 5}).json()
    assert primera["count"] == 12 and len(primera["results"]) == 5 and "pagina=2" in primera["next"]
    assert len(cliente.get(URL, {"por_pagina": 5, "pagina": 3}).json()["results"]) == 2
    assert len(cliente.get(URL, {"por_pagina": 500}).json()["results"]) == 12
    fuera = cliente.get(URL, {"pagina": 9})
    assert fuera.status_code == 404 and "Página inválida" in fuera.json()["detail"]


def _consultas(cliente, url, django_assert_max_num_queries, maximo):
    with django_assert_max_num_queries(maximo) as contexto:
        assert cliente.get(url).status_code == 200
    return len(contexto.captured_queries)


@pytest.mark.parametrize("url", [URL, "/api/empleados/", "/api/dependencias/"])
def test_consultas_constantes(api_con_rol, django_assert_max_num_queries, url):
    cliente, _ = api_con_rol("director")
    EquipoFactory.create_batch(5)
    con_n = _consultas(cliente, url, django_assert_max_num_queries, 10)
    EquipoFactory.create_batch(10)
    assert _consultas(cliente, url, django_assert_max_num_queries, 10) == con_n


def test_empleados_y_dependencias(api_con_rol):
    cliente, _ = api_con_rol("mesa")
    dif = DependenciaFactory(nombre="DIF Municipal", siglas="DIF")
    ana = EmpleadoFactory(nombre="Ana", apellidos="Núñez Ruiz", dependencia=dif, extension="1004")
    EmpleadoFactory(nombre="Pedro", apellidos="Luna", activo=False)
    assert [e["id"] for e in cliente.get("/api/empleados/", {"q": "nunez ana"}).json()["results"]] == [ana.pk]
    assert [e["id"] for e in cliente.get("/api/empleados/", {"dependencia": dif.pk}).json()["results"]] == [ana.pk]
    assert cliente.get("/api/empleados/", {"activo": "false"}).json()["count"] == 1
    assert cliente.get(f"/api/empleados/{ana.pk}/").json()["dependencia"]["nombre"] == "DIF Municipal"
    assert [d["id"] for d in cliente.get("/api/dependencias/", {"q": "dif"}).json()["results"]] == [dif.pk]
    malo = cliente.get("/api/empleados/", {"dependencia": "99999999999999999999"})
    assert malo.status_code == 400 and "dependencia" in malo.json()
