"""Proyectos: se crean con la solicitud, avance y fases con historial, hitos, archivos y la lista."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from soporte import proyectos, services
from soporte.choices import Estado, Fase
from soporte.models import Adjunto, Hito, Proyecto, Solicitud
from tests.factories import usuario_con_rol
from tests.soporte import factories
from tests.soporte.test_validadores import PDF

pytestmark = pytest.mark.django_db
LISTA = reverse("soporte:proyectos")


@pytest.fixture
def receptor():
    """Conecta el receptor como lo hará SoporteConfig.ready() (sin duplicarlo si ya está)."""
    services.solicitud_registrada.connect(proyectos.crear_proyecto, dispatch_uid="prueba-proyectos")
    yield
    services.solicitud_registrada.disconnect(dispatch_uid="prueba-proyectos")


@pytest.fixture
def tecnico(cliente_con_rol):
    return cliente_con_rol("tecnico")


def _proyecto(clave="plataformas-web", **campos):
    return proyectos.proyecto_de(factories.solicitud(clave, **campos))


def test_la_senal_crea_el_proyecto_solo_para_servicios_por_fases(receptor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        web = factories.solicitud("plataformas-web")
        obra = factories.solicitud("proyectos")
        soporte = factories.solicitud("soporte-tecnico")
    assert Proyecto.objects.get(solicitud=web).fase == Fase.PLANIFICACION
    assert Proyecto.objects.filter(solicitud=obra).exists()
    assert not Proyecto.objects.filter(solicitud=soporte).exists()
    # Idempotente: volver a recibir la señal no crea otro.
    proyectos.crear_proyecto(solicitud=web)
    assert Proyecto.objects.filter(solicitud=web).count() == 1


def test_detalle_muestra_fase_avance_y_fecha_acordada(tecnico):
    proyecto = _proyecto()
    respuesta = tecnico.get(reverse("soporte:proyecto", args=[proyecto.solicitud.folio]))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Planificación" in html and proyecto.solicitud.fecha_compromiso.strftime("%d/%m/%Y") in html


def test_cambiar_fase_y_avance_queda_en_el_historial(tecnico):
    proyecto = _proyecto()
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    respuesta = tecnico.post(url, {"accion": "avance", "avance-fase": "diseno", "avance-avance": "35",
                                   "avance-nota": "Maquetas aprobadas"})
    assert respuesta.status_code == 302
    proyecto.refresh_from_db()
    assert (proyecto.fase, proyecto.avance) == (Fase.DISENO, 35)
    ultimo = proyecto.history.latest()
    assert ultimo.history_user.username == "prueba-tecnico"
    assert ultimo.history_change_reason == "Maquetas aprobadas"
    html = tecnico.get(url).content.decode()
    assert "Maquetas aprobadas" in html
    assert '<span class="antes">Planificación</span> → <span class="despues">Diseño</span>' in html


@pytest.mark.parametrize(("datos", "mensaje"), [
    ({"avance-fase": "diseno", "avance-avance": "150"}, "El avance va de 0 a 100 %."),
    ({"avance-fase": "diseno", "avance-avance": "-5"}, "El avance va de 0 a 100 %."),
    ({"avance-fase": "terminado", "avance-avance": "10"}, "Seleccione una opción válida"),
    ({"avance-fase": "diseno", "avance-avance": "mucho"}, "Introduzca un número entero"),
])
def test_avance_invalido_no_guarda(tecnico, datos, mensaje):
    proyecto = _proyecto()
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    respuesta = tecnico.post(url, {"accion": "avance", **datos})
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    proyecto.refresh_from_db()
    assert (proyecto.fase, proyecto.avance) == (Fase.PLANIFICACION, 0)
    assert proyecto.history.count() == 1


def test_hitos_agregar_y_cumplir(tecnico):
    proyecto = _proyecto()
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    objetivo = timezone.localdate() + dt.timedelta(days=10)
    respuesta = tecnico.post(url, {"accion": "hito", "hito-nombre": "Entrega de maquetas", "hito-fase": "diseno",
                                   "hito-fecha_objetivo": objetivo.isoformat()})
    assert respuesta.status_code == 302
    hito = Hito.objects.get(proyecto=proyecto)
    assert (hito.nombre, hito.fecha_objetivo, hito.cumplido_en) == ("Entrega de maquetas", objetivo, None)
    assert tecnico.post(url, {"accion": "cumplir", "hito": hito.pk}).status_code == 302
    hito.refresh_from_db()
    assert hito.cumplido_en == timezone.localdate()
    # Cumplirlo dos veces: 409 con mensaje, sin cambios.
    respuesta = tecnico.post(url, {"accion": "cumplir", "hito": hito.pk})
    assert respuesta.status_code == 409 and "ya estaba cumplido" in respuesta.content.decode()


def test_hito_sin_fecha_o_ajeno_se_rechaza(tecnico):
    proyecto = _proyecto()
    otro = Hito.objects.create(proyecto=_proyecto(), nombre="Ajeno", fecha_objetivo=timezone.localdate())
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    respuesta = tecnico.post(url, {"accion": "hito", "hito-nombre": "Arranque", "hito-fecha_objetivo": ""})
    assert respuesta.status_code == 400 and "Indique la fecha objetivo del hito." in respuesta.content.decode()
    respuesta = tecnico.post(url, {"accion": "cumplir", "hito": otro.pk})
    assert respuesta.status_code == 400 and "no es de este proyecto" in respuesta.content.decode()
    assert tecnico.post(url, {"accion": "cumplir", "hito": "x"}).status_code == 400
    assert tecnico.post(url, {"accion": "borrar-todo"}).status_code == 400
    assert not proyecto.hitos.exists()
    otro.refresh_from_db()
    assert otro.cumplido_en is None


def test_subir_archivo_valido_e_invalido(tecnico):
    proyecto = _proyecto()
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    pdf = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")
    respuesta = tecnico.post(url, {"accion": "archivo", "archivo-archivo": pdf, "archivo-descripcion": "Acta"})
    assert respuesta.status_code == 302
    adjunto = Adjunto.objects.get(solicitud=proyecto.solicitud)
    assert (adjunto.nombre, adjunto.tipo, adjunto.tamano) == ("acta.pdf", "application/pdf", len(PDF))
    falso = SimpleUploadedFile("minuta.pdf", b"<html><body>hola</body></html>", content_type="application/pdf")
    respuesta = tecnico.post(url, {"accion": "archivo", "archivo-archivo": falso})
    assert respuesta.status_code == 400
    assert "Solo se aceptan PDF, PNG o JPEG" in respuesta.content.decode()
    assert Adjunto.objects.filter(solicitud=proyecto.solicitud).count() == 1
    assert "acta.pdf" in tecnico.get(url).content.decode()


@pytest.mark.parametrize("rol", ["mesa", "director"])
def test_sin_permiso_no_modifica(cliente_con_rol, rol):
    proyecto = _proyecto()
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    cliente = cliente_con_rol(rol)
    html = cliente.get(url).content.decode()
    assert 'id="form-avance"' not in html
    respuesta = cliente.post(url, {"accion": "avance", "avance-fase": "diseno", "avance-avance": "50"})
    assert respuesta.status_code == 403
    proyecto.refresh_from_db()
    assert proyecto.avance == 0


def test_solicitud_que_no_es_proyecto_da_404(tecnico):
    solicitud = factories.solicitud("soporte-tecnico")
    assert tecnico.get(reverse("soporte:proyecto", args=[solicitud.folio])).status_code == 404
    assert tecnico.get(reverse("soporte:proyecto", args=["DIG-1999-000001"])).status_code == 404


def test_cancelada_no_se_modifica(tecnico):
    proyecto = _proyecto()
    services.cambiar_estado(proyecto.solicitud, Estado.CANCELADA, nota="Ya no se requiere")
    respuesta = tecnico.post(reverse("soporte:proyecto", args=[proyecto.solicitud.folio]),
                             {"accion": "avance", "avance-fase": "diseno", "avance-avance": "10"})
    assert respuesta.status_code == 409 and "cancelada" in respuesta.content.decode()
    hito = Hito.objects.create(proyecto=proyecto, nombre="Arranque", fecha_objetivo=timezone.localdate())
    url = reverse("soporte:proyecto", args=[proyecto.solicitud.folio])
    assert tecnico.post(url, {"accion": "cumplir", "hito": hito.pk}).status_code == 409
    respuesta = tecnico.post(url, {"accion": "hito", "hito-nombre": "Otro", "hito-fecha_objetivo": "2026-01-05"})
    assert respuesta.status_code == 409
    assert proyecto.hitos.count() == 1 and not proyecto.hitos.filter(cumplido_en__isnull=False).exists()


def _llenar(n):
    hoy = timezone.localdate()
    for i in range(n):
        proyecto = _proyecto("plataformas-web" if i % 2 else "proyectos")
        Hito.objects.create(proyecto=proyecto, nombre=f"Hito {i}", fecha_objetivo=hoy + dt.timedelta(days=i))
        Hito.objects.create(proyecto=proyecto, nombre="Listo", fecha_objetivo=hoy, cumplido_en=hoy)


def _contar(cliente, url, django_assert_max_num_queries, maximo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as consultas:
        respuesta = cliente.get(url)
    assert respuesta.status_code == 200
    assert len(consultas) <= maximo, [q["sql"] for q in consultas]
    return len(consultas)


@pytest.mark.parametrize("parametros", ["", "?fase=planificacion&servicio=proyectos", "?vigentes=todos"])
def test_lista_con_consultas_constantes(tecnico, parametros, django_assert_max_num_queries):
    _llenar(3)
    url = LISTA + parametros
    pocas = _contar(tecnico, url, django_assert_max_num_queries, 12)
    _llenar(9)
    with django_assert_max_num_queries(pocas):
        assert tecnico.get(url).status_code == 200


def test_lista_muestra_plazo_siguiente_hito_y_filtra(tecnico):
    hoy = timezone.localdate()
    web = _proyecto("plataformas-web")
    obra = _proyecto("proyectos")
    Hito.objects.create(proyecto=web, nombre="Publicar sitio", fecha_objetivo=hoy + dt.timedelta(days=5))
    Hito.objects.create(proyecto=web, nombre="Revisión final", fecha_objetivo=hoy + dt.timedelta(days=20))
    proyectos.actualizar_proyecto(obra, fase=Fase.PROGRAMACION, avance=60)
    html = tecnico.get(LISTA).content.decode()
    assert web.solicitud.folio in html and obra.solicitud.folio in html
    assert "Publicar sitio" in html and "Revisión final" not in html
    assert "30 días" in html
    html = tecnico.get(LISTA + "?fase=programacion").content.decode()
    assert obra.solicitud.folio in html and web.solicitud.folio not in html
    html = tecnico.get(LISTA + "?servicio=plataformas-web").content.decode()
    assert web.solicitud.folio in html and obra.solicitud.folio not in html


def test_lista_marca_vencidos():
    assert proyectos.dias_restantes(dt.date(2026, 1, 10), hoy=dt.date(2026, 1, 13)) == -3
    assert proyectos.dias_restantes(None) is None


def test_filtro_invalido_responde_400(tecnico):
    respuesta = tecnico.get(LISTA + "?fase=inventada")
    assert respuesta.status_code == 400 and "Seleccione una opción válida" in respuesta.content.decode()


def test_resumen_en_la_pagina_de_la_solicitud():
    from django.template.loader import render_to_string

    proyecto = _proyecto()
    Hito.objects.create(proyecto=proyecto, nombre="Arranque", fecha_objetivo=timezone.localdate())
    proyectos.actualizar_proyecto(proyecto, fase=Fase.DISENO, avance=40)
    usuario = usuario_con_rol("Técnico", username="resumen")
    solicitud = Solicitud.objects.get(pk=proyecto.solicitud_id)
    html = render_to_string("soporte/_detalle_proyecto.html", {"solicitud": solicitud, "user": usuario})
    assert "Diseño" in html and "40 %" in html and "Arranque" in html
    assert reverse("soporte:proyecto", args=[proyecto.solicitud.folio]) in html
    otra = factories.solicitud("soporte-tecnico")
    assert render_to_string("soporte/_detalle_proyecto.html", {"solicitud": otra}).strip() == ""


def test_la_pagina_de_la_solicitud_incluye_el_resumen(tecnico):
    proyecto = _proyecto()
    proyectos.actualizar_proyecto(proyecto, fase=Fase.PROGRAMACION, avance=55)
    html = tecnico.get(reverse("soporte:detalle", args=[proyecto.solicitud.folio])).content.decode()
    assert 'id="resumen-proyecto"' in html and "Programación" in html and "55 %" in html
