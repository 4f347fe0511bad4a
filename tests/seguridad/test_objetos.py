"""Acceso a objetos entre roles y entre usuarios: nadie alcanza lo que no le toca."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from mantenimiento.choices import EstadoOrden
from soporte import services as soporte
from soporte.choices import CanalQueja, Estado, EstadoQueja
from soporte.views_publicas import NO_ENCONTRADA, firmar
from tests.factories import EmpleadoFactory, usuario_con_rol
from tests.mantenimiento.factories import OrdenFactory
from tests.soporte.factories import solicitud as nueva_solicitud

pytestmark = pytest.mark.django_db


def _cliente(usuario):
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


@pytest.fixture
def tecnicos():
    return usuario_con_rol("Técnico", username="tecnico-a"), usuario_con_rol("Técnico", username="tecnico-b")


# --- Mantenimiento: la orden de otro técnico -------------------------------------------------------


def test_tecnico_no_trabaja_la_orden_de_otro(tecnicos):
    a, b = tecnicos
    programada = OrdenFactory(tecnico=a)
    en_proceso = OrdenFactory(tecnico=a, estado=EstadoOrden.EN_PROCESO)
    cliente_b = _cliente(b)
    assert cliente_b.post(reverse("mantenimiento:iniciar", args=[programada.pk])).status_code == 403
    assert cliente_b.get(reverse("mantenimiento:checklist", args=[en_proceso.pk])).status_code == 403
    respuesta = cliente_b.post(reverse("mantenimiento:checklist", args=[en_proceso.pk]),
                               {"accion": "terminar", "observaciones": "ajeno", "minutos": "5"})
    assert respuesta.status_code == 403
    assert cliente_b.post(reverse("mantenimiento:no_realizada", args=[en_proceso.pk]),
                          {"motivo": "ajeno"}).status_code == 403
    assert cliente_b.post(reverse("mantenimiento:reasignar"),
                          {"ordenes": [programada.pk], "tecnico": b.pk}).status_code == 403
    programada.refresh_from_db()
    en_proceso.refresh_from_db()
    assert (programada.estado, programada.tecnico_id) == (EstadoOrden.PROGRAMADA, a.pk)
    assert en_proceso.estado == EstadoOrden.EN_PROCESO and en_proceso.observaciones != "ajeno"
    # Su lista no muestra órdenes ajenas, aunque pida las de otro técnico en la URL.
    html = cliente_b.get(reverse("mantenimiento:mi_lista"), {"tecnico": a.pk}).content.decode()
    assert programada.folio not in html and en_proceso.folio not in html
    # La ficha de la orden no le ofrece trabajarla.
    html = cliente_b.get(reverse("mantenimiento:orden", args=[en_proceso.pk])).content.decode()
    assert reverse("mantenimiento:checklist", args=[en_proceso.pk]) not in html


def test_tecnico_si_trabaja_la_suya_y_el_supervisor_cualquiera(tecnicos):
    a, _ = tecnicos
    propia, ajena = OrdenFactory(tecnico=a), OrdenFactory(tecnico=usuario_con_rol("Técnico", username="otro"))
    assert _cliente(a).post(reverse("mantenimiento:iniciar", args=[propia.pk])).status_code == 302
    admin = _cliente(usuario_con_rol("Administrador", username="admin-sup"))
    assert admin.post(reverse("mantenimiento:iniciar", args=[ajena.pk])).status_code == 302
    director = _cliente(usuario_con_rol("Director", username="director-sup"))
    html = director.get(reverse("mantenimiento:mi_lista"), {"tecnico": "todos"}).content.decode()
    assert propia.folio in html and ajena.folio in html
    assert director.post(reverse("mantenimiento:no_realizada", args=[ajena.pk]),
                         {"motivo": "Equipo en préstamo"}).status_code == 302


# --- Soporte: la solicitud asignada a otro técnico ---------------------------------------------------


def test_tecnico_no_cambia_el_estado_de_la_solicitud_de_otro(tecnicos):
    a, b = tecnicos
    solicitud = nueva_solicitud()
    soporte.asignar(solicitud, a)
    url = reverse("soporte:estado", args=[solicitud.folio])
    respuesta = _cliente(b).post(url, {"estado": Estado.RESUELTA, "resolucion": "ajeno"})
    assert respuesta.status_code == 403
    solicitud.refresh_from_db()
    assert solicitud.estado == Estado.ASIGNADA
    html = _cliente(b).get(reverse("soporte:detalle", args=[solicitud.folio])).content.decode()
    assert url not in html  # no se le ofrece el formulario
    assert _cliente(a).post(url, {"estado": Estado.EN_PROCESO}).status_code == 302


# --- Quejas: solo la Dirección responde -------------------------------------------------------------


@pytest.mark.parametrize("rol", ["Mesa de ayuda", "Técnico"])
def test_solo_la_direccion_responde_quejas(rol):
    queja = soporte.presentar_queja(nueva_solicitud(), compromiso="inicial", descripcion="Tardaron",
                                    presentada_por="Ana", canal=CanalQueja.MESA)
    url = reverse("soporte:queja", args=[queja.folio])
    assert _cliente(usuario_con_rol(rol, username="x")).post(url, {"respuesta": "Atendida"}).status_code == 403
    queja.refresh_from_db()
    assert queja.estado == EstadoQueja.RECIBIDA and not queja.respuesta
    director = _cliente(usuario_con_rol("Director", username="dir"))
    assert director.post(url, {"respuesta": "Atendida"}).status_code == 302
    queja.refresh_from_db()
    assert queja.estado == EstadoQueja.CERRADA


# --- Consulta pública, encuesta y verificación: no se pueden enumerar ---------------------------------


def _normalizar(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'value="[^"]*"', "", html)


def test_consulta_codigo_equivocado_igual_que_folio_inexistente(client):
    solicitud = nueva_solicitud()
    url = reverse("publico:consulta")
    equivocado = client.post(url, {"folio": solicitud.folio, "codigo": "ZZZZZZ"})
    otro_folio = solicitud.folio[:-6] + "999999"
    inexistente = client.post(url, {"folio": otro_folio, "codigo": "ZZZZZZ"})
    assert equivocado.status_code == inexistente.status_code == 404
    assert NO_ENCONTRADA in equivocado.content.decode()
    assert _normalizar(equivocado.content.decode()) == _normalizar(inexistente.content.decode())
    assert solicitud.asunto not in equivocado.content.decode()


def test_consulta_firma_alterada_no_muestra_nada(client):
    solicitud = nueva_solicitud(asunto="Asunto privado de la consulta")
    firma = firmar(solicitud)
    respuesta = client.get(reverse("publico:consulta"), {"t": firma[:-2] + ("AA" if firma[-2:] != "AA" else "BB")})
    assert respuesta.status_code == 302
    assert client.get(reverse("publico:consulta"), {"t": firma}).status_code == 200


def test_consulta_tiene_limite_de_intentos(client, settings):
    settings.SIGMA_LIMITE_CONSULTAS = "3/600"
    url = reverse("publico:consulta")
    codigos = [client.post(url, {"folio": "DIG-2026-000001", "codigo": "AAAAAA"}).status_code for _ in range(4)]
    assert codigos == [404, 404, 404, 429]


def test_encuesta_token_desconocido_y_limite(client, settings):
    settings.SIGMA_LIMITE_ENCUESTAS = "3/600"
    resuelta = soporte.cambiar_estado(nueva_solicitud(), Estado.RESUELTA, resolucion="Listo")
    token = resuelta.encuesta.token
    assert len(token) >= 32
    for falso in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1"):
        respuesta = client.get(reverse("publico:encuesta", args=[falso]))
        assert respuesta.status_code == 404
        assert resuelta.folio not in respuesta.content.decode()
    assert client.get(reverse("publico:encuesta", args=[token])).status_code == 200
    assert client.get(reverse("publico:encuesta", args=[token])).status_code == 429


def test_verificacion_token_desconocido_largo_y_limite(client, settings):
    from tests.credenciales.factories import credencial

    settings.SIGMA_LIMITE_VERIFICACIONES = "3/600"
    c = credencial(EmpleadoFactory(nombre="Rigoberta", apellidos="Quintanar Ulloa"))
    falso = reverse("verificacion:verificar", args=[c.token[:-1] + ("A" if c.token[-1] != "A" else "B")])
    assert client.get(falso).status_code == 404
    assert client.get(reverse("verificacion:verificar", args=["x" * 5000])).status_code == 404
    html = client.get(reverse("verificacion:verificar", args=[c.token])).content.decode()
    assert "Rigoberta" in html
    assert client.get(reverse("verificacion:verificar", args=[c.token])).status_code == 429


def test_verificacion_muestra_solo_los_campos_permitidos(client):
    from tests.credenciales.factories import credencial

    empleado = EmpleadoFactory(numero_empleado="NE-778899", extension="4321", nombre="Clotilde")
    c = credencial(empleado)
    html = client.get(reverse("verificacion:verificar", args=[c.token])).content.decode()
    assert "Clotilde" in html
    for privado in (c.folio, empleado.numero_empleado, "4321", reverse("credenciales:credencial", args=[c.pk]),
                    "/media/"):
        assert privado not in html, privado


# --- Archivos generados de otro usuario ---------------------------------------------------------------


def test_exportacion_de_inventario_de_otro_usuario(settings, tmp_path):
    from inventario import tasks_exportacion as tareas

    settings.SIGMA_EXPORTACIONES_DIR = str(tmp_path)
    duena = usuario_con_rol("Director", username="duena")
    clave = tareas.registrar(duena.pk, {}, 1, "inventario.xlsx")
    tareas.exportar_a_archivo(str(clave), {}, duena.pk)
    assert _cliente(duena).get(reverse("inventario:exportacion_descargar", args=[clave])).status_code == 200
    ajeno = _cliente(usuario_con_rol("Técnico", username="ajeno"))
    for nombre in ("inventario:exportacion_estado", "inventario:exportacion_descargar"):
        assert ajeno.get(reverse(nombre, args=[clave])).status_code == 404


def test_exportacion_de_reportes_de_otro_usuario():
    from django.core.files.base import ContentFile

    from reportes.models import TrabajoExportacion

    duena = usuario_con_rol("Director", username="duena-r")
    trabajo = TrabajoExportacion.objects.create(usuario=duena, clave="tablero", estado="terminado",
                                                nombre_archivo="t.xlsx")
    trabajo.archivo.save("t.xlsx", ContentFile(b"PK\x03\x04 datos"))
    assert _cliente(duena).get(reverse("reportes:trabajo_descargar", args=[trabajo.pk])).status_code == 200
    otro = _cliente(usuario_con_rol("Director", username="otro-director"))
    for nombre in ("reportes:trabajo", "reportes:trabajo_descargar"):
        assert otro.get(reverse(nombre, args=[trabajo.pk])).status_code == 404
    assert otro.post(reverse("reportes:trabajo_reintentar", args=[trabajo.pk])).status_code == 404


def test_avisos_solo_los_propios(tecnicos):
    from soporte.models import Aviso

    a, b = tecnicos
    solicitud = nueva_solicitud()
    Aviso.objects.create(usuario=a, solicitud=solicitud, texto="Aviso privado de A")
    html = _cliente(b).get(reverse("soporte:avisos")).content.decode()
    assert "Aviso privado de A" not in html
    _cliente(b).post(reverse("soporte:avisos"))
    assert Aviso.objects.get(usuario=a).leido is False
