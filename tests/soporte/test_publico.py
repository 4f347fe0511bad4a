"""Páginas públicas: catálogo del manual, consulta por folio sin datos personales, queja, encuesta y límite por IP."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from comun import limites
from comun.roles import TECNICO
from soporte import services
from soporte.choices import CanalQueja, Compromiso, Estado
from soporte.forms_publicos import normalizar_folio
from soporte.models import Encuesta, Queja
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.soporte import factories

pytestmark = pytest.mark.django_db
CONSULTA = reverse("publico:consulta")


@pytest.fixture(autouse=True)
def _cache_limpia():
    cache.clear()
    yield
    cache.clear()


def _consultar(cliente, solicitud, codigo=None, **extra):
    return cliente.post(CONSULTA, {"folio": solicitud.folio, "codigo": codigo or solicitud.codigo}, **extra)


def _resuelta(**campos):
    solicitud = factories.solicitud(**campos)
    return services.cambiar_estado(solicitud, Estado.RESUELTA, resolucion="Se cambió la fuente de poder.")


def _vencida():
    """Recibida hace 10 días y sin asignar: la atención inicial (30 min hábiles) ya venció."""
    solicitud = factories.solicitud(recibida=timezone.now() - timedelta(days=10))
    services.actualizar_relojes(solicitud)
    assert solicitud.incumplimientos.filter(compromiso=Compromiso.INICIAL).exists()
    return solicitud


# --- Catálogo -------------------------------------------------------------------------------------


def test_catalogo_publico_con_los_seis_servicios(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        respuesta = client.get(reverse("publico:catalogo"))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    for nombre in ("Mantenimiento preventivo", "Soporte técnico", "Impresión de credenciales",
                   "Desarrollo de plataformas web", "Asesorías", "Implementación de solución tecnológica"):
        assert nombre in html
    assert "Dirección de Innovación Gubernamental" in html and "Ocotlán" in html and "2024-2027" in html
    assert "Salir" not in html and "/inventario/" not in html  # nada del personal


def test_ficha_del_servicio_con_los_textos_del_manual(client):
    respuesta = client.get(reverse("publico:servicio", args=["impresion-credenciales"]))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    for texto in ("Nombre del servicio", "Descripción y finalidad del servicio", "Requisitos", "Vigencia",
                  "Lugar, medios de gestión y horario", "Compromisos de calidad", "Características",
                  "Temporalidad", "Costo", "Mecanismos ante incumplimiento",
                  "5 minutos por cada credencial", "Hidalgo #65", "Al final de la administración",
                  "Dirección de Administración y Recurso Humanos", "925 99 40 ext. 1004",
                  "Acudir a Dirección General de Innovación Gubernamental"):
        assert texto in html, texto
    assert "@media print" in html


def test_servicio_desconocido_o_inactivo_da_404_en_espanol(client):
    respuesta = client.get(reverse("publico:servicio", args=["no-existe"]))
    assert respuesta.status_code == 404 and "Servicio no encontrado" in respuesta.content.decode()
    servicio = factories.servicio("asesorias")
    servicio.activo = False
    servicio.save()
    assert client.get(reverse("publico:servicio", args=["asesorias"])).status_code == 404
    assert "Asesorías" not in client.get(reverse("publico:catalogo")).content.decode()


# --- Consulta -------------------------------------------------------------------------------------


def test_consulta_no_muestra_datos_personales(client):
    dependencia = DependenciaFactory(nombre="Dirección de Catastro Zeta")
    solicitante = EmpleadoFactory(nombre="Gumersinda", apellidos="Wolfenstein Quiroz", dependencia=dependencia)
    tecnico = usuario_con_rol(TECNICO, username="tecnico-xochipilli")
    tecnico.first_name, tecnico.last_name = "Anacleto", "Yurécuaro"
    tecnico.save()
    equipo = EquipoFactory(numero_inventario="OCO-9999-77777", dependencia=dependencia)
    solicitud = factories.solicitud(empleado=solicitante, equipos=[equipo], asunto="Asunto con Gumersinda")
    services.asignar(solicitud, tecnico)
    services.cambiar_estado(solicitud, Estado.EN_PROCESO, tecnico, nota="Nota interna de Anacleto")
    services.comentar(solicitud, "Comentario interno: la contraseña es patito123", tecnico, publico=False)
    services.comentar(solicitud, "Ya pedimos la pieza al proveedor.", tecnico, publico=True)

    respuesta = _consultar(client, solicitud)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert solicitud.folio in html and "En proceso" in html and "Soporte técnico" in html
    assert "Ya pedimos la pieza al proveedor." in html
    for privado in ("Gumersinda", "Wolfenstein", "Anacleto", "Yurécuaro", "tecnico-xochipilli", "patito123",
                    "Nota interna", "OCO-9999-77777", "Catastro Zeta", "Asunto con"):
        assert privado not in html, privado


def test_folio_o_codigo_equivocado_dan_la_misma_respuesta(client):
    solicitud = factories.solicitud()
    otro_codigo = "ZZZZZZ" if solicitud.codigo != "ZZZZZZ" else "YYYYYY"
    mal_codigo = _consultar(client, solicitud, codigo=otro_codigo)
    sin_folio = client.post(CONSULTA, {"folio": "DIG-1999-000001", "codigo": solicitud.codigo})
    assert mal_codigo.status_code == sin_folio.status_code == 404
    for respuesta in (mal_codigo, sin_folio):
        assert "No encontramos una solicitud con ese folio y código" in respuesta.content.decode()
        assert "Seguimiento" not in respuesta.content.decode()


def test_consulta_acepta_folio_y_codigo_como_se_dictan(client):
    solicitud = factories.solicitud()
    anio, numero = solicitud.folio.split("-")[1:]
    respuesta = client.post(CONSULTA, {"folio": f" dig {anio} {int(numero)} ", "codigo": solicitud.codigo.lower()})
    assert respuesta.status_code == 200 and solicitud.folio in respuesta.content.decode()


@pytest.mark.parametrize("datos", [{}, {"folio": "hola", "codigo": "ABC234"}, {"folio": "DIG-2026-1", "codigo": "x"},
                                   {"folio": "DIG-2026-1" * 10, "codigo": "ABC234"}])
def test_consulta_con_datos_malos_da_400(client, datos):
    respuesta = client.post(CONSULTA, datos)
    assert respuesta.status_code == 400
    assert "is-invalid" in respuesta.content.decode()


def test_normalizar_folio():
    assert normalizar_folio("dig-2026-123") == "DIG-2026-000123"
    assert normalizar_folio("2026 000123") == "DIG-2026-000123"
    assert normalizar_folio("DIG-2026-0001234") is None
    assert normalizar_folio("") is None


def test_consulta_muestra_el_enlace_de_la_encuesta_pendiente(client):
    solicitud = _resuelta()
    html = _consultar(client, solicitud).content.decode()
    assert reverse("publico:encuesta", args=[solicitud.encuesta.token]) in html
    services.responder_encuesta(solicitud.encuesta, 4)
    html = _consultar(client, solicitud).content.decode()
    assert reverse("publico:encuesta", args=[solicitud.encuesta.token]) not in html


# --- Límite por IP --------------------------------------------------------------------------------


@override_settings(SIGMA_LIMITE_CONSULTAS="3/600")
def test_limite_de_consultas_por_ip(client):
    solicitud = factories.solicitud()
    for _ in range(3):
        assert _consultar(client, solicitud, codigo="ZZZZZZ").status_code == 404
    respuesta = _consultar(client, solicitud)
    assert respuesta.status_code == 429
    assert "Demasiados intentos" in respuesta.content.decode() and respuesta["Retry-After"] == "600"
    # Otra IP tiene su propia cuenta; el formulario (GET) nunca se limita.
    assert _consultar(client, solicitud, REMOTE_ADDR="198.18.0.9").status_code == 200
    assert client.get(CONSULTA).status_code == 200


@override_settings(SIGMA_LIMITE_ENCUESTAS="2/60")
def test_limite_de_encuestas_por_ip(client):
    url = reverse("publico:encuesta", args=["token-que-no-existe"])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 429


def test_limites_ventana_y_configuracion():
    peticion = RequestFactory().get("/", REMOTE_ADDR="198.18.0.1")
    assert [limites.excedido(peticion, "prueba", "2/60") for _ in range(3)] == [False, False, True]
    assert not limites.excedido(peticion, "otra", "2/60")
    cache.delete("sigma:limite:prueba:198.18.0.1")  # la ventana venció
    assert not limites.excedido(peticion, "prueba", "2/60")
    with pytest.raises(ImproperlyConfigured):
        limites.leer_limite("veinte")
    with pytest.raises(ImproperlyConfigured):
        limites.leer_limite("0/60")
    with override_settings(SIGMA_IP_CABECERA="HTTP_X_REAL_IP"):
        assert limites.ip_de(RequestFactory().get("/", HTTP_X_REAL_IP="198.18.0.7, 10.0.0.1")) == "198.18.0.7"
        assert limites.ip_de(RequestFactory().get("/", REMOTE_ADDR="198.18.0.8")) == "198.18.0.8"


# --- Queja pública --------------------------------------------------------------------------------


def test_queja_publica_con_folio_qj_y_compromiso_incumplido_preseleccionado(client):
    solicitud = _vencida()
    respuesta = _consultar(client, solicitud)
    html = respuesta.content.decode()
    assert "Compromiso no cumplido" in html
    assert '<option value="inicial" selected>' in html
    firma = respuesta.context["firma"]
    respuesta = client.post(reverse("publico:queja"), {
        "t": firma, "presentada_por": "Rosa Quejosa", "compromiso": "inicial",
        "descripcion": "Nadie me atendió en toda la semana.",
    }, follow=True)
    queja = Queja.objects.get(solicitud=solicitud)
    assert queja.folio.startswith(f"QJ-{timezone.localdate().year}-")
    assert queja.canal == CanalQueja.PUBLICO and queja.incumplimiento is not None
    assert queja.registrada_por is None
    html = respuesta.content.decode()
    assert respuesta.status_code == 200 and queja.folio in html and "Rosa Quejosa" not in html


def test_queja_publica_sin_firma_valida_o_con_datos_malos(client):
    solicitud = _vencida()
    datos = {"presentada_por": "Rosa", "compromiso": "inicial", "descripcion": "Nadie me atendió nunca."}
    respuesta = client.post(reverse("publico:queja"), {**datos, "t": "falsa"})
    assert respuesta.status_code == 400 and "venció o no es válida" in respuesta.content.decode()
    firma = _consultar(client, solicitud).context["firma"]
    respuesta = client.post(reverse("publico:queja"), {**datos, "t": firma, "compromiso": "inventado"})
    assert respuesta.status_code == 400
    respuesta = client.post(reverse("publico:queja"), {**datos, "t": firma, "descripcion": "   "})
    assert respuesta.status_code == 400 and "Motivo de la queja" in respuesta.content.decode()
    assert not Queja.objects.exists()
    assert client.get(reverse("publico:queja")).status_code == 405


def test_enlace_firmado_vencido_pide_consultar_de_nuevo(client, monkeypatch):
    solicitud = factories.solicitud()
    firma = _consultar(client, solicitud).context["firma"]
    assert client.get(f"{CONSULTA}?t={firma}").status_code == 200
    monkeypatch.setattr("soporte.views_publicas.VIGENCIA_CONSULTA", -1)
    respuesta = client.get(f"{CONSULTA}?t={firma}", follow=True)
    assert "venció" in respuesta.content.decode()


# --- Encuesta pública -----------------------------------------------------------------------------


def test_encuesta_por_enlace_se_contesta_una_vez(client):
    solicitud = _resuelta()
    url = reverse("publico:encuesta", args=[solicitud.encuesta.token])
    respuesta = client.get(url)
    assert respuesta.status_code == 200 and "calificacion-5" in respuesta.content.decode()
    respuesta = client.post(url, {"calificacion": "5", "comentario": "Muy rápido"})
    assert respuesta.status_code == 200 and "Gracias" in respuesta.content.decode()
    encuesta = Encuesta.objects.get(pk=solicitud.encuesta.pk)
    assert (encuesta.calificacion, encuesta.comentario, encuesta.medio) == (5, "Muy rápido", "enlace")
    respuesta = client.post(url, {"calificacion": "1"})
    assert respuesta.status_code == 200 and "ya fue contestada" in respuesta.content.decode()
    encuesta.refresh_from_db()
    assert encuesta.calificacion == 5


@pytest.mark.parametrize("valor", ["0", "6", "abc", ""])
def test_encuesta_fuera_de_rango_se_rechaza(client, valor):
    solicitud = _resuelta()
    url = reverse("publico:encuesta", args=[solicitud.encuesta.token])
    respuesta = client.post(url, {"calificacion": valor})
    assert respuesta.status_code == 400
    assert "1 a 5" in respuesta.content.decode()
    assert Encuesta.objects.get(pk=solicitud.encuesta.pk).respondida_en is None


def test_encuesta_desconocida_da_404_en_espanol(client):
    respuesta = client.get(reverse("publico:encuesta", args=["no-existe-este-token"]))
    assert respuesta.status_code == 404 and "Encuesta no encontrada" in respuesta.content.decode()
