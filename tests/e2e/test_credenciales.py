"""Credenciales en un navegador real: lote de tres desde una solicitud, PDF descargado, verificación pública
por el QR, revocación y verificación de nuevo (REVOCADA)."""
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from comun.roles import MESA_AYUDA
from credenciales import fotos
from credenciales.models import Credencial
from tests.credenciales.herramientas import qrs, tamanos_de_pagina, texto
from tests.factories import DependenciaFactory, EmpleadoFactory, usuario_con_rol
from tests.soporte.factories import solicitud as solicitud_factory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def empleados():
    rh = DependenciaFactory(nombre="Dirección de Administración y Recursos Humanos")
    datos = [("Ana Karen", "Velázquez Mora", "Auxiliar de nóminas", "E-31001"),
             ("Rogelio", "Cárdenas Íñiguez", "Jefe de Padrón y Licencias", "E-31002"),
             ("Itzel", "Sandoval Ruiz", "Secretaria", "E-31003")]
    lista = []
    for n, (nombre, apellidos, puesto, numero) in enumerate(datos):
        e = EmpleadoFactory(nombre=nombre, apellidos=apellidos, puesto=puesto, numero_empleado=numero, dependencia=rh)
        e.foto.save("f.jpg", ContentFile(fotos.silueta(n + 1)), save=True)
        lista.append(e)
    return lista


def test_lote_pdf_verificacion_y_revocacion(live_server, nuevo_contexto, entrar, capturar, empleados, tmp_path):
    solicitud = solicitud_factory("impresion-credenciales", cantidad=3, asunto="Credenciales de nuevo ingreso")
    usuario = usuario_con_rol(MESA_AYUDA, "mesa-e2e")
    pagina = entrar(nuevo_contexto().new_page(), usuario)

    pagina.goto(f"{live_server.url}/credenciales/lotes/nuevo/{solicitud.folio}/")
    expect(pagina.get_by_role("heading", name="Nuevo lote de credenciales")).to_be_visible()
    # Una con el buscador (htmx), dos pegadas como números.
    pagina.locator("#buscar-empleado").press_sequentially("Velázquez", delay=20)
    pagina.locator("#opciones-agregar label", has_text="Ana Karen").click()
    expect(pagina.locator("#cuenta-elegidos")).to_have_text("1")
    pagina.locator("#id_numeros").fill("E-31002\ne-31003")
    capturar(pagina, "credenciales-lote-nuevo")
    pagina.get_by_role("button", name="Crear lote").click()
    expect(pagina).to_have_url(re.compile(r"/credenciales/lotes/\d+/$"))
    expect(pagina.locator("#credenciales-lote tbody tr")).to_have_count(3)
    expect(pagina.locator("body")).to_contain_text("Se creó el lote")
    capturar(pagina, "credenciales-lote-escritorio")

    # PDF CR80 descargado: 3 credenciales × 2 caras, y el QR del primer reverso lleva a la verificación.
    with pagina.expect_download() as descarga:
        pagina.locator("#pdf-cr80").click()
    ruta = tmp_path / "lote.pdf"
    descarga.value.save_as(ruta)
    assert ruta.read_bytes().startswith(b"%PDF")
    assert len(tamanos_de_pagina(ruta)) == 6
    primera = Credencial.objects.order_by("nombre").first()
    assert qrs(ruta, 2, tmp_path) == [primera.url_verificacion]
    assert primera.nombre.upper() in texto(ruta) and primera.folio in texto(ruta)

    # Lote en el teléfono.
    telefono = nuevo_contexto(telefono=True, storage_state=pagina.context.storage_state())
    movil = telefono.new_page()
    movil.goto(pagina.url)
    expect(movil.locator("#credenciales-lote")).to_be_visible()
    capturar(movil, "credenciales-lote-telefono")

    # Verificación pública (sin sesión) en el teléfono, con la URL del QR.
    publico = nuevo_contexto(telefono=True).new_page()
    publico.goto(f"{live_server.url}/verificar/{primera.token}/")
    expect(publico.locator("#estado")).to_have_text("VIGENTE")
    expect(publico.locator("#nombre")).to_have_text(primera.nombre)
    expect(publico.locator("body")).not_to_contain_text(primera.folio)
    expect(publico.locator("body")).not_to_contain_text(primera.numero_empleado)
    capturar(publico, "credenciales-verificacion-vigente-telefono")

    # Revocación desde la ficha y verificación de nuevo.
    pagina.get_by_role("link", name=primera.nombre).click()
    expect(pagina.get_by_role("heading", name=primera.nombre)).to_be_visible()
    # Foto nueva con el recortador: arrastrar y acercar llena el recuadro (x, y, ancho) que valida el servidor.
    ruta_foto = tmp_path / "nueva.jpg"
    ruta_foto.write_bytes(fotos.silueta(9))
    pagina.locator("#form-foto input[type=file]").set_input_files(str(ruta_foto))
    expect(pagina.locator("#recortador")).to_be_visible()
    pagina.locator("#recorte-zoom").fill("1.5")
    marco = pagina.locator("#recorte-marco").bounding_box()
    pagina.mouse.move(marco["x"] + 75, marco["y"] + 100)
    pagina.mouse.down()
    pagina.mouse.move(marco["x"] + 55, marco["y"] + 80, steps=5)
    pagina.mouse.up()
    ancho = float(pagina.locator("#id_recorte_ancho").input_value())
    assert 300 <= ancho <= 600
    capturar(pagina, "credenciales-ficha-recorte")
    pagina.get_by_role("button", name="Subir fotografía").click()
    expect(pagina.locator("body")).to_contain_text("Fotografía guardada")
    pagina.locator("#form-revocar select").select_option("Extravío o robo")
    pagina.get_by_role("button", name="Revocar credencial").click()
    expect(pagina.locator("body")).to_contain_text("quedó revocada")
    expect(pagina.locator("#historial")).to_contain_text("Revocada: Extravío o robo")
    capturar(pagina, "credenciales-ficha-revocada")
    publico.reload()
    expect(publico.locator("#estado")).to_have_text("REVOCADA")
    capturar(publico, "credenciales-verificacion-revocada-telefono")
    publico.goto(f"{live_server.url}/verificar/token-inventado/")
    expect(publico.get_by_role("heading", name="Credencial no válida")).to_be_visible()
