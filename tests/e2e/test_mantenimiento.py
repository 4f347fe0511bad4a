"""Mantenimiento en un navegador real, en un teléfono: Mi lista → iniciar → lista con una falla → firma → PDF."""
import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from comun.roles import ADMINISTRADOR, DIRECTOR, TECNICO
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, UbicacionFactory, usuario_con_rol
from tests.mantenimiento.factories import OrdenFactory, PlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


@pytest.fixture
def ordenes():
    hoy = timezone.localdate()
    tecnico = usuario_con_rol(TECNICO, "tec-rosa")
    tecnico.first_name, tecnico.last_name = "Rosa", "Méndez"
    tecnico.save()
    tesoreria = DependenciaFactory(nombre="Tesorería Municipal")
    caja = UbicacionFactory(edificio="Presidencia Municipal", piso="Planta baja", oficina="Cajas")
    resguardante = EmpleadoFactory(nombre="Ana", apellidos="Ruiz Ochoa", dependencia=tesoreria)
    plan = PlanFactory(nombre="Cómputo — trimestral", tecnicos=[tecnico], intervalo=3)
    equipo = EquipoFactory(numero_inventario="OCO-2023-00412", dependencia=tesoreria, ubicacion=caja,
                           resguardante=resguardante)
    principal = OrdenFactory(plan=plan, equipo=equipo, tecnico=tecnico, fecha_programada=hoy, fecha_limite=hoy,
                             ventana_hasta=hoy + dt.timedelta(days=9))
    obras = UbicacionFactory(edificio="Edificio de Obras Públicas", piso="Planta alta", oficina="Proyectos")
    for n, dias in enumerate((-4, 2, 3)):
        OrdenFactory(plan=plan, tecnico=tecnico, fecha_programada=hoy + dt.timedelta(days=dias),
                     fecha_limite=hoy + dt.timedelta(days=dias), ventana_hasta=hoy + dt.timedelta(days=dias + 9),
                     equipo=EquipoFactory(ubicacion=obras if n else caja, dependencia=tesoreria))
    return tecnico, principal


def _firmar(pagina):
    lienzo = pagina.locator("#firma-lienzo")
    lienzo.scroll_into_view_if_needed()
    caja = lienzo.bounding_box()
    x, y = caja["x"], caja["y"]
    pagina.mouse.move(x + 30, y + 120)
    pagina.mouse.down()
    for dx, dy in ((60, 40), (110, 70), (160, 45), (210, 100), (260, 60), (300, 90)):
        pagina.mouse.move(x + dx, y + dy, steps=4)
    pagina.mouse.up()


def test_tecnico_completa_checklist_con_falla_y_firma(live_server, nuevo_contexto, entrar, capturar, ordenes):
    tecnico, orden = ordenes
    telefono = nuevo_contexto(telefono=True)
    pagina = entrar(telefono.new_page(), tecnico)
    pagina.goto(f"{live_server.url}/mantenimiento/")
    expect(pagina.get_by_role("heading", name="Mi lista")).to_be_visible()
    expect(pagina.locator("#seccion-vencidas")).to_contain_text("Vencidas")
    expect(pagina.locator("#seccion-hoy")).to_contain_text("OCO-2023-00412")
    expect(pagina.locator("#seccion-hoy")).to_contain_text("Presidencia Municipal · Planta baja")
    capturar(pagina, "mantenimiento-mi-lista-telefono")

    tarjeta = pagina.locator(".orden-tarjeta", has_text="OCO-2023-00412")
    tarjeta.get_by_role("button", name="Iniciar").click()
    expect(pagina).to_have_url(re.compile(rf"/mantenimiento/orden/{orden.pk}/lista/$"))

    # La lista: casillas hechas, todo «pasa» salvo los ventiladores, disco al 42 %, temperatura 48 °C.
    for item in pagina.locator(".item-lista").all():
        texto = item.locator(".texto").inner_text()
        if item.locator("input[type=checkbox]").count():
            item.locator("label.form-check-label").click()
        elif item.locator("input[value=pasa]").count():
            boton = "Falla" if "ventiladores" in texto else "Pasa"
            item.locator("label", has_text=boton).click()
        elif item.locator("input[inputmode=decimal]").count():
            item.locator("input[inputmode=decimal]").fill("42" if "disco" in texto else "48")
        elif item.locator("input[type=radio]").count():
            item.locator("label.btn").first.click()
        else:
            item.locator("textarea").first.fill("Equipo en buen estado general.")
    ventiladores = pagina.locator(".item-lista", has_text="ventiladores")
    ventiladores.locator("summary").click()
    ventiladores.locator("textarea").fill("El ventilador del CPU hace ruido.")
    capturar(pagina, "mantenimiento-checklist-telefono")
    pagina.fill("#id_ref-0-descripcion", "Pasta térmica")
    pagina.fill("#id_ref-0-cantidad", "1")
    pagina.fill("#id_ref-0-costo", "85.50")
    pagina.fill("#id_observaciones", "Se recomienda cambiar el ventilador.")
    pagina.fill("#id_conformidad_nombre", "Ana Ruiz Ochoa")
    _firmar(pagina)
    pagina.locator("#boton-terminar").click()

    expect(pagina).to_have_url(re.compile(rf"/mantenimiento/orden/{orden.pk}/$"))
    expect(pagina.locator("h1")).to_contain_text("Completada")
    expect(pagina.locator("body")).to_contain_text("Falla")
    capturar(pagina, "mantenimiento-orden-completada-telefono")
    enlace = pagina.locator("#enlace-reporte")
    expect(enlace).to_be_visible()
    respuesta = telefono.request.get(live_server.url + enlace.get_attribute("href"))
    assert respuesta.ok and respuesta.headers["content-type"] == "application/pdf"
    pdf = respuesta.body()
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "Falta pdftotext: instale poppler-utils"
    texto = subprocess.run([pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True,  # noqa: S603
                           check=True, timeout=30).stdout.decode()
    assert "REPORTE DE SERVICIO" in texto.upper()
    assert "OCO-2023-00412" in texto and "Ana Ruiz Ochoa" in texto and "Pasta térmica" in texto
    assert re.search(r"ventiladores.*Falla", texto)
    orden.refresh_from_db()
    assert orden.estado == "completada" and bytes(orden.firma_png).startswith(b"\x89PNG")


def test_capturas_de_planes_y_lista_en_telefono_y_escritorio(live_server, nuevo_contexto, entrar, capturar, ordenes):
    tecnico, orden = ordenes
    director = usuario_con_rol(DIRECTOR, "dir-lucia")
    for telefono, sufijo in ((True, "telefono"), (False, "escritorio")):
        pagina = entrar(nuevo_contexto(telefono=telefono).new_page(), director)
        pagina.goto(f"{live_server.url}/mantenimiento/planes/")
        expect(pagina.get_by_role("heading", name="Mantenimiento preventivo")).to_be_visible()
        expect(pagina.locator("body")).to_contain_text("Cómputo — trimestral")
        capturar(pagina, f"mantenimiento-planes-{sufijo}")
        pagina.goto(f"{live_server.url}/mantenimiento/?tecnico=todos")
        expect(pagina.locator(".orden-tarjeta")).to_have_count(4)
        capturar(pagina, f"mantenimiento-supervisor-{sufijo}")
        pagina.goto(f"{live_server.url}/mantenimiento/calendario/")
        capturar(pagina, f"mantenimiento-calendario-{sufijo}")
    pagina = entrar(nuevo_contexto().new_page(), tecnico)
    pagina.goto(f"{live_server.url}/mantenimiento/")
    capturar(pagina, "mantenimiento-mi-lista-escritorio")
    administrador = usuario_con_rol(ADMINISTRADOR, "admin-mant")
    for telefono, sufijo in ((True, "telefono"), (False, "escritorio")):
        pagina = entrar(nuevo_contexto(telefono=telefono).new_page(), administrador)
        pagina.goto(f"{live_server.url}/mantenimiento/planes/{orden.plan_id}/")
        expect(pagina.locator("#alcance-actual")).to_be_visible()
        capturar(pagina, f"mantenimiento-plan-{sufijo}")
