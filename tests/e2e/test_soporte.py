"""Mesa de ayuda en un navegador real: una llamada registrada solo con el teclado, consultada y reclamada por
el solicitante, respondida por el Director; y la cola en un teléfono."""
import re

import pytest
from django.core.cache import cache

from comun.roles import DIRECTOR, MESA_AYUDA, TECNICO
from soporte.models import Queja, Solicitud
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.soporte.factories import solicitud

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect


def test_llamada_registrada_solo_con_teclado(live_server, pagina, nuevo_contexto, entrar, capturar):
    catastro = DependenciaFactory(nombre="Dirección de Catastro")
    llama = EmpleadoFactory(nombre="Teodoro", apellidos="Valdivia Ruelas", extension="1187", dependencia=catastro)
    equipo = EquipoFactory(resguardante=llama, dependencia=catastro, hostname="CAT-PC03")
    abierta = solicitud(empleado=llama, asunto="No abre el sistema de predial")
    usuario_con_rol(MESA_AYUDA, "mesa-e2e")
    entrar(pagina, "mesa-e2e")
    pagina.goto(f"{live_server.url}/soporte/nueva/")
    teclado = pagina.keyboard

    # El cursor empieza en la búsqueda del solicitante: se escribe la extensión que dio al llamar.
    expect(pagina.locator("#buscar-solicitante")).to_be_focused()
    teclado.type("1187", delay=30)
    # Un solo resultado: queda elegido y aparecen sus equipos y sus solicitudes abiertas.
    expect(pagina.locator("#tarjeta-solicitante")).to_contain_text("Teodoro Valdivia Ruelas")
    expect(pagina.locator("#tarjeta-solicitante")).to_contain_text(abierta.folio)
    expect(pagina.locator(f"#equipo-{equipo.pk}")).to_be_visible()

    # Tab al radio elegido, luego «¿No aparece?» y al servicio; se elige con las flechas.
    teclado.press("Tab")
    expect(pagina.locator("input[name=solicitante]")).to_be_focused()
    teclado.press("Tab")  # resumen «registrarlo como empleado nuevo»
    teclado.press("Tab")
    expect(pagina.locator("#id_servicio")).to_be_focused()
    teclado.press("Tab")  # canal: teléfono por omisión
    teclado.press("Tab")
    expect(pagina.locator("#id_asunto")).to_be_focused()
    teclado.type("La impresora de ventanilla no imprime", delay=5)
    teclado.press("Tab")
    teclado.type("Sale la hoja en blanco desde ayer.", delay=5)
    teclado.press("Tab")  # urgencia
    teclado.press("ArrowUp")  # media → alta
    # El equipo de la llamada se marca desde su casilla (Tab hasta ella y Espacio).
    pagina.locator(f"#equipo-{equipo.pk}").focus()
    teclado.press("Space")
    capturar(pagina, "soporte-registro-escritorio")
    teclado.press("Control+Enter")

    expect(pagina).to_have_url(re.compile(r"/soporte/DIG-\d{4}-\d{6}/\?registrada=1$"))
    nueva = Solicitud.objects.exclude(pk=abierta.pk).get()
    expect(pagina.locator("#folio")).to_have_text(nueva.folio)
    expect(pagina.locator("#codigo")).to_have_text(nueva.codigo)
    assert nueva.solicitante == llama and list(nueva.equipos.all()) == [equipo]
    assert nueva.urgencia == "alta" and nueva.canal == "telefono"
    # El foco queda en «Registrar otra llamada» para la siguiente.
    expect(pagina.get_by_role("link", name="Registrar otra llamada")).to_be_focused()
    capturar(pagina, "soporte-folio-registrado")
    folio, codigo = pagina.locator("#folio").inner_text(), pagina.locator("#codigo").inner_text()

    # El solicitante consulta desde su teléfono con lo que le dictaron y presenta una queja.
    cache.clear()
    telefono = nuevo_contexto(telefono=True).new_page()
    telefono.goto(f"{live_server.url}/consulta/")
    telefono.get_by_label("Folio").fill(folio)
    telefono.get_by_label("Código de consulta").fill(codigo)
    telefono.get_by_role("button", name="Consultar").click()
    expect(telefono.locator("#estado")).to_have_text("Nueva")
    expect(telefono.locator("body")).not_to_contain_text("Valdivia")
    telefono.get_by_text("Presentar una queja por incumplimiento").click()
    telefono.get_by_label("Nombre de quien presenta la queja").fill("Teodoro Valdivia")
    telefono.get_by_label("Motivo de la queja").fill("Nadie me ha llamado para revisar la impresora.")
    telefono.get_by_role("button", name="Presentar la queja").click()
    queja = Queja.objects.get(solicitud=nueva)
    expect(telefono.get_by_role("alert")).to_contain_text(queja.folio)

    # El Director la responde y la cierra.
    usuario_con_rol(DIRECTOR, "director-e2e")
    direccion = entrar(nuevo_contexto().new_page(), "director-e2e")
    direccion.goto(f"{live_server.url}/soporte/quejas/{queja.folio}/")
    direccion.get_by_label("Respuesta de la Dirección").fill("El técnico acude hoy a las 11:00.")
    direccion.get_by_role("button", name="Responder y cerrar la queja").click()
    expect(direccion.locator("#estado-queja")).to_have_text("Respondida y cerrada")
    telefono.reload()
    expect(telefono.locator("body")).to_contain_text("El técnico acude hoy a las 11:00.")


def test_cola_en_telefono(live_server, nuevo_contexto, entrar, capturar):
    tecnico = usuario_con_rol(TECNICO, "tecnico-e2e")
    for n in range(4):
        s = solicitud(asunto=f"Falla de red en oficina {n}")
        from soporte import services

        services.asignar(s, tecnico)
    telefono = nuevo_contexto(telefono=True).new_page()
    entrar(telefono, "tecnico-e2e")
    telefono.goto(f"{live_server.url}/soporte/")
    expect(telefono.locator("#cola")).to_contain_text("Falla de red en oficina 3")
    expect(telefono.locator(".reloj").first).to_be_visible()
    capturar(telefono, "soporte-cola-telefono")
    telefono.locator("#cola a").first.click()
    expect(telefono.locator("#form-estado")).to_be_visible()
    capturar(telefono, "soporte-detalle-telefono")
