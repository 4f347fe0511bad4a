"""Tablero del Director y transparencia: cifras, enlaces, consultas constantes, entrada inválida, sin datos
personales en lo público."""
import csv
import io

import pytest
from django.urls import reverse

from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory
from tests.soporte import factories as sf

from .datos import NOMBRE_QUEJOSO, crear

pytestmark = pytest.mark.django_db

MARZO = {"desde": "2026-03-01", "hasta": "2026-03-31"}


@pytest.fixture
def d():
    return crear()


def test_tablero_muestra_cifras_y_enlaces(cliente_con_rol, d):
    r = cliente_con_rol("director").get(reverse("reportes:tablero"), MARZO)
    assert r.status_code == 200
    html = r.content.decode()
    assert "33.3 %" in html  # mantenimiento preventivo
    assert "66.7" in html  # quejas por cada 100 resueltas
    assert "3.5" in html  # satisfacción
    assert reverse("mantenimiento:planes") in html
    assert reverse("soporte:quejas") in html
    assert f"{reverse('soporte:cola')}?vista=todas&amp;dependencia={d['a'].pk}" in html


def test_tablero_filtra_por_dependencia(cliente_con_rol, d):
    r = cliente_con_rol("director").get(reverse("reportes:tablero"), {**MARZO, "dependencia": d["a"].pk})
    assert r.status_code == 200
    k = r.context["k"]
    assert k["pm"]["porcentaje"] == 50.0
    assert [f["id"] for f in k["por_dependencia"]] == [d["a"].pk]
    assert f"dependencia={d['a'].pk}" in k["sla"][0]["enlace"]


def test_tablero_sin_filtros_usa_el_mes_en_curso(cliente_con_rol, db):
    r = cliente_con_rol("admin").get(reverse("reportes:tablero"))
    assert r.status_code == 200
    assert r.context["desde"].day == 1


@pytest.mark.parametrize("parametros, mensaje", [
    ({"desde": "2026-03-31", "hasta": "2026-03-01"}, "posterior"),
    ({"desde": "ayer"}, "fecha válida"),
    ({"dependencia": "999999"}, "opción válida"),
    ({"desde": "2000-01-01", "hasta": "2026-01-01"}, "tres años"),
])
def test_tablero_entrada_invalida_400(cliente_con_rol, db, parametros, mensaje):
    r = cliente_con_rol("director").get(reverse("reportes:tablero"), parametros)
    assert r.status_code == 400
    assert mensaje in r.content.decode()


def _mas_datos(n):
    for _ in range(n):
        dep = DependenciaFactory()
        EquipoFactory(dependencia=dep)
        sf.solicitud("soporte-tecnico", empleado=EmpleadoFactory(dependencia=dep), dependencia=dep)


def test_tablero_consultas_constantes(cliente_con_rol, db, django_assert_num_queries):
    cliente = cliente_con_rol("director")
    url = reverse("reportes:tablero")
    _mas_datos(2)
    assert cliente.get(url).status_code == 200  # calienta cachés de la barra (avisos)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as pocas:
        assert cliente.get(url).status_code == 200
    _mas_datos(6)
    with django_assert_num_queries(len(pocas)):
        assert cliente.get(url).status_code == 200


def test_transparencia_publica_sin_datos_personales(client, d):
    r = client.get(reverse("transparencia:inicio"), {"anio": 2026})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Soporte técnico" in html and "75.0 %" in html
    personales = [NOMBRE_QUEJOSO, d["s1"].folio, d["s1"].asunto, d["s1"].solicitante.nombre_completo,
                  d["s2"].solicitante.nombre_completo, d["a"].nombre, "Tardaron", "Disculpe"]
    for dato in personales:
        assert dato not in html, dato


def test_transparencia_anio_invalido_400(client, db):
    assert client.get(reverse("transparencia:inicio"), {"anio": "dos mil"}).status_code == 400
    r = client.get(reverse("transparencia:csv"), {"anio": "1900"})
    assert r.status_code == 400 and "Año inválido" in r.content.decode()


def test_transparencia_csv(client, d):
    r = client.get(reverse("transparencia:csv"), {"anio": 2026})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    filas = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert filas[0][:4] == ["Servicio", "Año", "Mes", "Solicitudes recibidas"]
    marzo = next(f for f in filas[1:] if f[0] == "Soporte técnico" and f[2] == "3")
    assert marzo == ["Soporte técnico", "2026", "3", "3", "2", "4", "3", "75.0", "2", "1", "2", "3.5"]
    assert NOMBRE_QUEJOSO not in r.content.decode("utf-8-sig")


def test_transparencia_consultas_constantes(client, db, django_assert_max_num_queries):
    _mas_datos(3)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("transparencia:inicio")).status_code == 200


def test_pagina_de_tecnicos(cliente_con_rol, d):
    from .test_indicadores import _tecnicos

    t1, _ = _tecnicos(d)
    cliente = cliente_con_rol("director")
    r = cliente.get(reverse("reportes:tecnicos"), MARZO)
    assert r.status_code == 200
    assert f"tecnico={t1.pk}" in r.content.decode()
    assert cliente.get(reverse("reportes:tecnicos"), {"hasta": "x"}).status_code == 400


def test_tecnicos_consultas_constantes(cliente_con_rol, db, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comun.roles import TECNICO
    from tests.factories import usuario_con_rol

    cliente = cliente_con_rol("director")
    url = reverse("reportes:tecnicos")
    for i in range(2):
        usuario_con_rol(TECNICO, f"tc-{i}")
    assert cliente.get(url).status_code == 200
    with CaptureQueriesContext(connection) as pocas:
        assert cliente.get(url).status_code == 200
    for i in range(2, 8):
        usuario_con_rol(TECNICO, f"tc-{i}")
    _mas_datos(3)
    with django_assert_num_queries(len(pocas)):
        assert cliente.get(url).status_code == 200


@pytest.mark.parametrize("rol, ve", [("director", True), ("admin", True), ("mesa", False), ("tecnico", False)])
def test_panel_de_inicio(cliente_con_rol, db, rol, ve):
    sf.solicitud("soporte-tecnico")
    html = cliente_con_rol(rol).get(reverse("comun:inicio")).content.decode()
    assert ("Reportes de la Dirección" in html) is ve
    if ve:
        assert reverse("reportes:tablero") in html

