"""Salud de los equipos contra el juego de datos de tests/reportes/datos_salud.py (números calculados a mano ahí)."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agentes.models import Agente
from agentes.soporte_so import fin_de_soporte
from reportes import salud
from reportes.views import salud as vistas
from tests.factories import DependenciaFactory, EquipoFactory

from .datos_salud import HOY, crear

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(settings, monkeypatch):
    settings.SIGMA_SALUD_RAM_MIN_GB, settings.SIGMA_SALUD_DISCO_MIN_GB, settings.SIGMA_SALUD_UMBRAL = 8, 240, 60
    monkeypatch.setattr(vistas, "_hoy", lambda: HOY)
    return crear()


def _por_inventario(consulta):
    return {e.numero_inventario: e for e in consulta}


def test_puntaje_de_cada_equipo(d):
    equipos = _por_inventario(salud.anotar(hoy=HOY))
    assert {k: e.puntaje for k, e in equipos.items()} == {
        "S-1": 0, "S-2": 55, "S-3": 70, "S-4": 50, "S-5": 100, "S-7": 45}
    e2 = equipos["S-2"]
    assert (e2.vida_meses, e2.n_correctivas, e2.fin_soporte) == (36, 1, dt.date(2025, 11, 11))
    assert salud.meses_cumplidos(e2.fecha_adquisicion, HOY) == 35 and equipos["S-3"].vida_meses == 48
    assert salud.meses_cumplidos(equipos["S-3"].fecha_adquisicion, HOY) == 39
    assert equipos["S-1"].n_correctivas == 2 and equipos["S-4"].n_correctivas == 3
    assert equipos["S-1"].mantenimiento_vencido and equipos["S-3"].mantenimiento_vencido
    assert not equipos["S-5"].mantenimiento_vencido
    assert equipos["S-4"].costo_reposicion == Decimal("7500") and equipos["S-5"].costo_reposicion is None
    assert equipos["S-7"].costo_reposicion == Decimal("20000")
    assert salud.factores(e2, HOY) == ["2.9 años (75 % de su vida útil)", "SO sin soporte desde 11/2025",
                                  "disco 128 GB (< 240)", "1 correctiva en 12 meses"]
    assert salud.factores(equipos["S-5"], HOY) == []


def test_la_vida_util_coincide_con_el_modelo(d):
    """«Vida útil cumplida» en la base es lo mismo que Equipo.vida_util_agotada (meses cumplidos)."""
    for e in salud.anotar(hoy=HOY).select_related("modelo", "tipo"):
        if e.fecha_adquisicion:
            assert bool(e.f_vida) == e.vida_util_agotada(HOY), e.numero_inventario
            meses = salud.meses_cumplidos(e.fecha_adquisicion, HOY)
            assert (meses >= e.vida_meses) == e.vida_util_agotada(HOY)


@pytest.mark.parametrize(("nombre", "version"), [
    ("Windows XP Professional", ""), ("Microsoft Windows 7 Enterprise", ""), ("Windows 8.1 Pro", ""),
    ("Windows 8 Pro", ""), ("Windows 10 Pro", ""), ("Windows 11 Pro", "10.0.22000"), ("Windows 11 Pro", "22621"),
    ("Windows 11 Pro 23H2 22631", ""), ("Windows 11 Pro", "10.0.26100"), ("Windows 11 Pro", ""),
    ("Debian GNU/Linux 12", "12"), ("", ""),
])
def test_fin_de_soporte_en_la_base_igual_que_agentes(nombre, version):
    equipo = EquipoFactory(sistema_operativo=nombre)
    if version:
        Agente.objects.create(deviceid=f"x-{nombre}-{version}", tipo="glpi", equipo=equipo, so_version=version)
    anotado = salud.anotar(hoy=HOY).get(pk=equipo.pk)
    assert anotado.fin_soporte == fin_de_soporte(nombre, version)


def test_totales_por_dependencia_y_por_modelo(d):
    anotada = salud.anotar(hoy=HOY)
    total = salud.totales(anotada)
    assert total == {"equipos": 6, "promedio": 53.3, "vida_cumplida": 2, "so_sin_soporte": 3, "correctivas": 6,
                     "con_correctivas": 3, "mantenimiento_vencido": 2, "candidatos": 4, "costo": Decimal("67500"),
                     "sin_costo": 0}
    deps = {f["nombre"]: f for f in salud.por_dependencia(anotada)}
    assert list(deps) == ["Salud A", "Salud B"]
    a, b = deps["Salud A"], deps["Salud B"]
    assert (a["equipos"], a["promedio"], a["candidatos"], a["costo"], a["correctivas"]) == (
        3, 33.3, 3, Decimal("60000"), 3)
    assert (b["equipos"], b["promedio"], b["candidatos"], b["costo"], b["correctivas"]) == (
        3, 73.3, 1, Decimal("7500"), 3)
    modelos = [(f["nombre"], f["equipos"], f["correctivas"], f["tasa"], f["promedio"])
               for f in salud.por_modelo(anotada)]
    assert modelos == [("Epson L3250", 2, 3, 1.5, 75.0), ("HP ProDesk 400", 2, 3, 1.5, 27.5),
                       ("Dell OptiPlex 3000", 1, 0, 0.0, 70.0), ("Sin modelo", 1, 0, 0.0, 45.0)]


def test_lista_ordenada_y_filtros(d):
    anotada = salud.anotar(hoy=HOY)
    assert [e.numero_inventario for e in salud.lista(anotada)] == ["S-1", "S-7", "S-4", "S-2"]
    assert [e.numero_inventario for e in salud.lista(anotada, solo_candidatos=False)] == [
        "S-1", "S-7", "S-4", "S-2", "S-3", "S-5"]
    por_b = salud.filtrar(anotada, {"dependencia": d["b"]})
    assert [e.numero_inventario for e in salud.lista(por_b)] == ["S-4"]
    sin_modelo = salud.filtrar(anotada, {"modelo": "sin"})
    assert [e.numero_inventario for e in salud.lista(sin_modelo)] == ["S-7"]
    for factor, esperados in {"vida": {"S-1", "S-7"}, "so": {"S-1", "S-2", "S-7"}, "ram": {"S-1"},
                              "disco": {"S-2"}, "correctivas": {"S-1", "S-2", "S-4"}, "sin_fecha": {"S-4"},
                              "mantenimiento": {"S-1", "S-3"}, "condicion": {"S-1", "S-3", "S-4"}}.items():
        filtrada = salud.filtrar(anotada, {"factor": factor}, con_lista=True)
        assert {e.numero_inventario for e in filtrada} == esperados, factor


def test_umbral_y_minimos_desde_ajustes(d, settings):
    settings.SIGMA_SALUD_UMBRAL = 51
    settings.SIGMA_SALUD_RAM_MIN_GB = 16  # E2 (8 GB) pierde 10 más
    anotada = salud.anotar(hoy=HOY)
    assert _por_inventario(anotada)["S-2"].puntaje == 45
    assert [e.numero_inventario for e in salud.lista(anotada)] == ["S-1", "S-7", "S-2", "S-4"]


def test_pagina(d, cliente_con_rol):
    cliente = cliente_con_rol("director")
    r = cliente.get(reverse("reportes:salud"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "¿Cómo se calcula?" in html and "−35 con el doble de la vida útil" in html
    assert [e.numero_inventario for e in r.context["pagina"]] == ["S-1", "S-7", "S-4", "S-2"]
    assert r.context["total"]["candidatos"] == 4 and "$67,500" in html
    # Cada cifra enlaza a la lista que la forma.
    fila_a = next(f for f in r.context["dependencias"] if f["nombre"] == "Salud A")
    assert fila_a["enlaces"]["vida"] in html.replace("&amp;", "&")
    seguida = cliente.get(fila_a["enlaces"]["vida"].split("#")[0])
    assert [e.numero_inventario for e in seguida.context["pagina"]] == ["S-1", "S-7"]
    epson = next(f for f in r.context["modelos"] if f["nombre"] == "Epson L3250")
    seguida = cliente.get(epson["enlaces"]["correctivas"].split("#")[0])
    assert [e.numero_inventario for e in seguida.context["pagina"]] == ["S-4"]
    assert seguida.context["total"]["equipos"] == 2
    sin_modelo = next(f for f in r.context["modelos"] if f["nombre"] == "Sin modelo")
    seguida = cliente.get(sin_modelo["enlaces"]["equipos"].split("#")[0])
    assert [e.numero_inventario for e in seguida.context["pagina"]] == ["S-7"]
    assert reverse("inventario:detalle", args=[d["e"][1].pk]) in html


@pytest.mark.parametrize(("consulta", "mensaje"), [
    ("dependencia=abc", "Seleccione una opción válida"),
    ("dependencia=999999", "Seleccione una opción válida"),
    ("modelo=xyz", "El modelo indicado no es válido."),
    ("modelo=999999", "El modelo indicado no existe."),
    ("ver=otro", "Seleccione una opción válida"),
    ("factor=%3Cscript%3E", "Seleccione una opción válida"),
])
def test_filtros_invalidos(consulta, mensaje, cliente_con_rol):
    cliente = cliente_con_rol("director")
    r = cliente.get(reverse("reportes:salud") + "?" + consulta)
    assert r.status_code == 400 and mensaje in r.content.decode()
    assert "<script>" not in r.content.decode()
    for nombre in ("reportes:salud_xlsx", "reportes:salud_pdf"):
        r = cliente.get(reverse(nombre) + "?" + consulta)
        assert r.status_code == 400 and r.content.decode().startswith("Filtros inválidos:")
        assert mensaje in r.content.decode()


def test_pagina_invalida_no_falla(d, cliente_con_rol):
    r = cliente_con_rol("director").get(reverse("reportes:salud") + "?pagina=zzz")
    assert r.status_code == 200 and r.context["pagina"].number == 1


def _equipos(n, dependencias):
    for i in range(n):
        e = EquipoFactory(dependencia=dependencias[i % len(dependencias)], condicion="malo",
                          fecha_adquisicion=dt.date(2018, 1, 1), sistema_operativo="Windows 7")
        Agente.objects.create(deviceid=f"n-{e.pk}", tipo="glpi", equipo=e, so_version="6.1")


def test_consultas_constantes(d, cliente_con_rol, django_assert_max_num_queries):
    """Sesión, usuario, permisos (2), roles, avisos y opciones de dependencia + 5 del reporte, con N y 3N equipos."""
    cliente = cliente_con_rol("director")
    deps = [DependenciaFactory() for _ in range(3)]
    url = reverse("reportes:salud") + "?ver=todos"
    _equipos(5, deps)
    cliente.get(url)
    with django_assert_max_num_queries(12):
        r = cliente.get(url)
    pocos = len(r.context["pagina"])
    _equipos(15, deps)
    with django_assert_max_num_queries(12):
        r = cliente.get(url)
    assert len(r.context["pagina"]) > pocos
    # Con dependencia y modelo: una consulta más para validar cada uno.
    with django_assert_max_num_queries(14):
        assert cliente.get(url + f"&dependencia={deps[0].pk}&modelo={d['hp'].pk}").status_code == 200


def test_xlsx(d, cliente_con_rol):
    r = cliente_con_rol("director").get(reverse("reportes:salud_xlsx"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="salud-equipos-2026-06-15.xlsx"' in r["Content-Disposition"]
    libro = load_workbook(io.BytesIO(r.content))
    assert libro.sheetnames == ["Resumen", "Cómo se calcula", "Por dependencia", "Por modelo", "Candidatos"]
    resumen = libro["Resumen"]
    assert resumen["A2"].value.startswith("Al 15/06/2026")
    valores = {resumen.cell(row=f, column=1).value: resumen.cell(row=f, column=2).value
               for f in range(6, resumen.max_row + 1)}
    assert valores["Equipos evaluados (sin bajas)"] == 6
    assert valores["Puntaje promedio (0 a 100)"] == 53.3
    assert valores["Candidatos a renovación"] == 4
    assert valores["Costo de reposición estimado de los candidatos (MXN)"] == 67500
    deps = libro["Por dependencia"]
    assert [c.value for c in deps[5]][:3] == ["Dependencia", "Equipos", "Puntaje promedio"]
    assert [c.value for c in deps[6]] == ["Salud A", 3, 33.3, 2, 3, 3, 1, 3, 60000, 0]
    assert [c.value for c in deps[7]] == ["Salud B", 3, 73.3, 0, 0, 3, 1, 1, 7500, 0]
    assert len(deps._charts) == 1
    modelos = libro["Por modelo"]
    assert [c.value for c in modelos[6]] == ["Epson L3250", 2, 3, 1.5, 75.0, 1, 7500]
    assert [c.value for c in modelos[9]][:4] == ["Sin modelo", 1, 0, 0.0]
    candidatos = libro["Candidatos"]
    assert [candidatos.cell(row=f, column=1).value for f in range(6, candidatos.max_row + 1)] == [
        "S-1", "S-7", "S-4", "S-2"]
    fila_e2 = [c.value for c in candidatos[9]]
    assert fila_e2[:4] == ["S-2", "PC de escritorio", "HP ProDesk 400", "Salud A"]
    assert fila_e2[7:10] == [2.9, 3.0, "Windows 11 Pro"]
    assert fila_e2[15:18] == [55, "Sí", 20000]
    assert fila_e2[18].startswith("2.9 años")


def test_xlsx_con_filtro_de_dependencia(d, cliente_con_rol):
    r = cliente_con_rol("director").get(reverse("reportes:salud_xlsx") + f"?dependencia={d['b'].pk}")
    libro = load_workbook(io.BytesIO(r.content))
    assert "Salud B" in libro["Resumen"]["A2"].value
    assert libro["Por dependencia"].max_row == 6
    assert [c.value for c in libro["Candidatos"][6]][0] == "S-4"


def test_exportacion_completa_como_trabajo(d, monkeypatch):
    from django.utils import timezone

    from reportes import trabajos

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: HOY)
    generador = trabajos.obtener("salud_equipos")
    avances = []
    contenido, nombre = generador.funcion({"dependencia": str(d["a"].pk)}, avances.append)
    assert nombre == "salud-equipos-2026-06-15.xlsx" and avances[-1] == 100
    ws = load_workbook(io.BytesIO(contenido))["Equipos"]
    assert "Salud A" in ws["A1"].value
    assert [ws.cell(row=f, column=1).value for f in range(3, ws.max_row + 1)] == ["S-1", "S-7", "S-2"]
    assert [ws.cell(row=f, column=16).value for f in range(3, ws.max_row + 1)] == [0, 45, 55]
    with pytest.raises(trabajos.ErrorExportacion):
        generador.validar({"dependencia": "no-existe"})


def test_pdf(d, cliente_con_rol):
    from .test_pdf import texto_pdf

    r = cliente_con_rol("director").get(reverse("reportes:salud_pdf") + f"?dependencia={d['a'].pk}")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    texto = texto_pdf(r.content)
    assert "SALUD DE LOS EQUIPOS Y CANDIDATOS A RENOVACIÓN" in texto
    assert "Periodo: 15/06/2025 a 15/06/2026 · Salud A" in texto
    assert "$60,000.00" in texto and "S-1" in texto and "S-7" in texto and "S-4" not in texto
    assert "HP ProDesk 400" in texto and "1.50" in texto
    assert "¿CÓMO SE CALCULA?" in texto
