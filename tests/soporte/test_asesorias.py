"""Asesorías: tema, fecha, duración y asistentes; tiempo a la primera atención en minutos hábiles."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comun.calendario import ZONA_OFICINA
from soporte import proyectos, services
from soporte.choices import Estado
from soporte.models import Asesoria
from tests.soporte import factories

pytestmark = pytest.mark.django_db
LISTA = reverse("soporte:asesorias")


def _lunes_pasado(hora=10, minuto=0):
    """Un lunes hábil del pasado a la hora dada (hora de la oficina), lejos de festivos."""
    return dt.datetime(2025, 6, 9, hora, minuto, tzinfo=ZONA_OFICINA)


def _asesoria_atendida(recibida, atendida):
    solicitud = factories.solicitud("asesorias", recibida=recibida)
    services.cambiar_estado(solicitud, Estado.EN_PROCESO, en=atendida)
    solicitud.refresh_from_db()
    return solicitud


def test_registrar_asesoria(cliente_con_rol):
    solicitud = factories.solicitud("asesorias", asunto="Dudas con tablas dinámicas")
    url = reverse("soporte:asesoria", args=[solicitud.folio])
    cliente = cliente_con_rol("mesa")
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200 and "Dudas con tablas dinámicas" in respuesta.content.decode()
    respuesta = cliente.post(url, {"tema": "Excel: tablas dinámicas", "fecha": "2026-03-02T10:30",
                                   "duracion_minutos": "90", "asistentes": "6"})
    assert respuesta.status_code == 302 and respuesta.url == LISTA
    asesoria = Asesoria.objects.get(solicitud=solicitud)
    assert (asesoria.tema, asesoria.duracion_minutos, asesoria.asistentes) == ("Excel: tablas dinámicas", 90, 6)
    assert timezone.localtime(asesoria.fecha).strftime("%Y-%m-%d %H:%M") == "2026-03-02 10:30"
    # Corregir no crea otra.
    cliente.post(url, {"tema": "Excel avanzado", "fecha": "2026-03-02T10:30", "duracion_minutos": "120",
                       "asistentes": "6"})
    assert Asesoria.objects.get(solicitud=solicitud).duracion_minutos == 120
    assert Asesoria.objects.count() == 1


@pytest.mark.parametrize(("datos", "mensaje"), [
    ({"tema": "", "duracion_minutos": "30", "asistentes": "1"}, "Escriba el tema."),
    ({"tema": "Correo", "duracion_minutos": "0", "asistentes": "1"}, "La duración va de 1 a 600 minutos."),
    ({"tema": "Correo", "duracion_minutos": "30", "asistentes": "0"}, "Debe haber al menos un asistente."),
    ({"tema": "Correo", "duracion_minutos": "", "asistentes": "1"}, "Indique la duración en minutos."),
    ({"tema": "Correo", "duracion_minutos": "30", "asistentes": "1", "fecha": "ayer"},
     "Escriba una fecha y hora válidas."),
])
def test_datos_invalidos_no_guardan(cliente_con_rol, datos, mensaje):
    solicitud = factories.solicitud("asesorias")
    datos.setdefault("fecha", "2026-03-02T10:30")
    respuesta = cliente_con_rol("tecnico").post(reverse("soporte:asesoria", args=[solicitud.folio]), datos)
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert not Asesoria.objects.exists()


def test_solicitud_que_no_es_asesoria_da_404(cliente_con_rol):
    solicitud = factories.solicitud("soporte-tecnico")
    respuesta = cliente_con_rol("mesa").post(reverse("soporte:asesoria", args=[solicitud.folio]),
                                             {"tema": "x", "duracion_minutos": "5", "asistentes": "1",
                                              "fecha": "2026-03-02T10:30"})
    assert respuesta.status_code == 404
    assert not Asesoria.objects.exists()
    with pytest.raises(services.AccionNoPermitida):
        proyectos.registrar_asesoria(solicitud, tema="x", fecha=None, duracion_minutos=5, asistentes=1)


def test_director_no_registra(cliente_con_rol):
    solicitud = factories.solicitud("asesorias")
    respuesta = cliente_con_rol("director").post(reverse("soporte:asesoria", args=[solicitud.folio]), {"tema": "x"})
    assert respuesta.status_code == 403


def test_minutos_a_la_primera_atencion_en_tiempo_habil():
    from comun.calendario import Calendario

    calendario = Calendario(festivos=False)
    # Viernes 14:50 → lunes 09:25: 10 + 25 = 35 minutos hábiles.
    viernes = dt.datetime(2025, 6, 6, 14, 50, tzinfo=ZONA_OFICINA)
    solicitud = _asesoria_atendida(viernes, dt.datetime(2025, 6, 9, 9, 25, tzinfo=ZONA_OFICINA))
    assert proyectos.minutos_primera_atencion(solicitud, calendario) == 35
    pendiente = factories.solicitud("asesorias", recibida=viernes)
    assert proyectos.minutos_primera_atencion(pendiente, calendario) is None


def test_lista_muestra_datos_y_tiempo(cliente_con_rol):
    atendida = _asesoria_atendida(_lunes_pasado(10), _lunes_pasado(10, 20))
    proyectos.registrar_asesoria(atendida, tema="Correo institucional en el celular",
                                 fecha=_lunes_pasado(11), duracion_minutos=45, asistentes=3)
    pendiente = factories.solicitud("asesorias", asunto="Capacitación en Word")
    factories.solicitud("soporte-tecnico", asunto="No enciende")
    cliente = cliente_con_rol("director")
    html = cliente.get(LISTA).content.decode()
    assert "Correo institucional en el celular" in html and "45 min" in html and "20 min" in html
    assert "Capacitación en Word" in html and "Sin registrar" in html and "Sin atender" in html
    assert "No enciende" not in html
    assert atendida.dependencia.nombre in html
    assert pendiente.folio in html
    # Búsqueda por tema.
    html = cliente.get(LISTA + "?q=celular").content.decode()
    assert "Correo institucional" in html and "Capacitación en Word" not in html


def _llenar(n):
    for i in range(n):
        solicitud = _asesoria_atendida(_lunes_pasado(9, i), _lunes_pasado(12, i))
        proyectos.registrar_asesoria(solicitud, tema=f"Tema {i}", fecha=_lunes_pasado(13),
                                     duracion_minutos=30, asistentes=2)
        factories.solicitud("asesorias")


def test_lista_con_consultas_constantes(cliente_con_rol, django_assert_max_num_queries):
    cliente = cliente_con_rol("mesa")
    _llenar(3)
    with CaptureQueriesContext(connection) as consultas:
        assert cliente.get(LISTA).status_code == 200
    pocas = len(consultas)
    assert pocas <= 12, [q["sql"] for q in consultas]
    _llenar(9)
    with django_assert_max_num_queries(pocas):
        assert cliente.get(LISTA).status_code == 200


def test_resumen_en_la_pagina_de_la_solicitud():
    from django.template.loader import render_to_string

    from soporte.models import Solicitud

    solicitud = factories.solicitud("asesorias")
    vacio = render_to_string("soporte/_detalle_asesoria.html", {"solicitud": solicitud})
    assert "Aún no se registran" in vacio
    proyectos.registrar_asesoria(solicitud, tema="Firma electrónica", fecha=None, duracion_minutos=20, asistentes=1)
    html = render_to_string("soporte/_detalle_asesoria.html", {"solicitud": Solicitud.objects.get(pk=solicitud.pk)})
    assert "Firma electrónica" in html and "20 min" in html
    otra = factories.solicitud("soporte-tecnico")
    assert render_to_string("soporte/_detalle_asesoria.html", {"solicitud": otra}).strip() == ""


def test_la_pagina_de_la_solicitud_incluye_la_asesoria(cliente_con_rol):
    solicitud = factories.solicitud("asesorias")
    proyectos.registrar_asesoria(solicitud, tema="Firma electrónica", fecha=None, duracion_minutos=20, asistentes=4)
    html = cliente_con_rol("mesa").get(reverse("soporte:detalle", args=[solicitud.folio])).content.decode()
    assert 'id="resumen-asesoria"' in html and "Firma electrónica" in html
    assert reverse("soporte:asesoria", args=[solicitud.folio]) in html


def test_el_formulario_muestra_lo_registrado(cliente_con_rol):
    solicitud = factories.solicitud("asesorias")
    proyectos.registrar_asesoria(solicitud, tema="Firma electrónica", fecha=_lunes_pasado(11), duracion_minutos=45,
                                 asistentes=12)
    html = cliente_con_rol("tecnico").get(reverse("soporte:asesoria", args=[solicitud.folio])).content.decode()
    assert 'value="12"' in html and 'value="45"' in html and 'value="2025-06-09T11:00"' in html
