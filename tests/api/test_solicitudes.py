"""API de solicitudes: alta por el servicio, cambio de estado (legal, ilegal, de otro técnico), filtros y consultas."""
import datetime as dt

import pytest
from django.utils import timezone

from soporte.filters import SolicitudFilter
from soporte.filters import ordenar as ordenar_cola
from soporte.models import CambioEstado, Solicitud
from tests.factories import EmpleadoFactory, EquipoFactory
from tests.soporte.factories import solicitud

URL = "/api/solicitudes/"


def test_mesa_registra_una_solicitud(api_con_rol):
    cliente, usuario = api_con_rol("mesa")
    tecnico = api_con_rol("tecnico", "tec-ana")[1]
    equipo = EquipoFactory()
    respuesta = cliente.post(URL, {
        "servicio": "soporte-tecnico", "solicitante": equipo.resguardante_id, "asunto": "No enciende el monitor",
        "canal": "telefono", "urgencia": "alta", "impacto": "alta", "equipos": [equipo.pk], "tecnico": tecnico.pk,
    }, format="json")
    assert respuesta.status_code == 201, respuesta.json()
    datos = respuesta.json()
    assert datos["folio"].startswith(f"DIG-{timezone.localdate().year}-")
    assert datos["estado"] == "asignada" and datos["prioridad"] == 1 and datos["tecnico"]["id"] == tecnico.pk
    creada = Solicitud.objects.get(folio=datos["folio"])
    assert creada.registrada_por == usuario and list(creada.equipos.all()) == [equipo]
    assert list(creada.cambios.values_list("nuevo", flat=True)) == ["nueva", "asignada"]
    assert cliente.get(f"{URL}{datos['folio'].lower()}/").json()["folio"] == datos["folio"]


@pytest.mark.parametrize(("datos", "campo", "mensaje"), [
    ({"asunto": ""}, "asunto", "no puede estar en blanco"),
    ({"asunto": "   "}, "asunto", "no puede estar en blanco"),
    ({"servicio": "no-existe"}, "servicio", "No existe un servicio activo"),
    ({"solicitante": 999999}, "solicitante", "No existe el empleado"),
    ({"solicitante": "Ana"}, "solicitante", "id (número) de un empleado"),
    ({"urgencia": "urgentisima"}, "urgencia", "no es una elección válida"),
    ({"equipos": [999999]}, "equipos", "No existe el equipo"),
    ({"cantidad": 0}, "cantidad", "mayor o igual a 1"),
    ({"fecha_compromiso": "31/12/2026"}, "fecha_compromiso", "formato"),
    ({"tecnico": 999999}, "tecnico", "no es un técnico activo"),
])
def test_alta_con_datos_malos_400_sin_escribir(api_con_rol, datos, campo, mensaje):
    cliente, _ = api_con_rol("mesa")
    base = {"servicio": "soporte-tecnico", "solicitante": EmpleadoFactory().pk, "asunto": "Sin red"}
    respuesta = cliente.post(URL, {**base, **datos}, format="json")
    assert respuesta.status_code == 400
    assert mensaje in " ".join(respuesta.json()[campo])
    assert not Solicitud.objects.exists()


def test_regla_del_servicio_400_con_su_mensaje(api_con_rol):
    cliente, _ = api_con_rol("mesa")
    respuesta = cliente.post(URL, {"servicio": "plataformas-web", "solicitante": EmpleadoFactory().pk,
                                   "asunto": "Portal de transparencia"}, format="json")
    assert respuesta.status_code == 400 and "necesita una fecha compromiso" in respuesta.json()["detail"]
    baja = EmpleadoFactory(activo=False)
    respuesta = cliente.post(URL, {"servicio": "soporte-tecnico", "solicitante": baja.pk, "asunto": "x"},
                             format="json")
    assert respuesta.status_code == 400 and "dado de baja" in respuesta.json()["detail"]
    assert not Solicitud.objects.exists()


def test_json_malformado_400(api_con_rol):
    cliente, _ = api_con_rol("mesa")
    respuesta = cliente.post(URL, "{no es json", content_type="application/json")
    assert respuesta.status_code == 400 and "JSON" in respuesta.json()["detail"]


def test_quien_no_registra_403_y_quien_no_asigna_no_elige_tecnico(api_con_rol):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    from api import tokens

    tecnico, _ = api_con_rol("tecnico")
    base = {"servicio": "soporte-tecnico", "solicitante": EmpleadoFactory().pk, "asunto": "Sin red"}
    respuesta = tecnico.post(URL, base, format="json")
    assert respuesta.status_code == 403 and "Su rol no tiene permiso" in respuesta.json()["detail"]
    # Un usuario que registra pero no asigna (permiso suelto): el técnico elegido se rechaza.
    capturista = get_user_model().objects.create_user("capturista")
    capturista.user_permissions.add(Permission.objects.get(codename="add_solicitud"))
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION=f"Token {tokens.generar(capturista).key}")
    otro = api_con_rol("tecnico", "tec-2")[1]
    respuesta = cliente.post(URL, {**base, "tecnico": otro.pk}, format="json")
    assert respuesta.status_code == 400 and "no asigna solicitudes" in respuesta.json()["tecnico"][0]
    assert not Solicitud.objects.exists()


class TestCambioDeEstado:
    def _asignada(self, tecnico):
        return solicitud(tecnico=tecnico)

    def test_el_tecnico_asignado_avanza_su_solicitud(self, api_con_rol):
        cliente, tecnico = api_con_rol("tecnico")
        s = self._asignada(tecnico)
        respuesta = cliente.post(f"{URL}{s.folio}/estado/", {"estado": "en_proceso", "nota": "Voy"}, format="json")
        assert respuesta.status_code == 200 and respuesta.json()["estado"] == "en_proceso"
        respuesta = cliente.post(f"{URL}{s.folio}/estado/", {"estado": "resuelta", "resolucion": "Cable cambiado"},
                                 format="json")
        assert respuesta.status_code == 200 and respuesta.json()["resuelta_en"]
        assert list(CambioEstado.objects.filter(solicitud=s).values_list("nuevo", flat=True)) == [
            "nueva", "asignada", "en_proceso", "resuelta"]

    @pytest.mark.parametrize(("datos", "mensaje"), [
        ({"estado": "cerrada"}, "no puede pasar a «cerrada»"),
        ({"estado": "en_espera"}, "Indique de quién se espera"),
        ({"estado": "resuelta"}, "Describa la resolución"),
        ({"estado": "cancelada"}, "motivo de la cancelación"),
    ])
    def test_transicion_ilegal_409_sin_cambios(self, api_con_rol, datos, mensaje):
        cliente, tecnico = api_con_rol("tecnico")
        s = self._asignada(tecnico)
        respuesta = cliente.post(f"{URL}{s.folio}/estado/", datos, format="json")
        assert respuesta.status_code == 409 and mensaje in respuesta.json()["detail"]
        s.refresh_from_db()
        assert s.estado == "asignada" and s.cambios.count() == 2

    def test_estado_desconocido_400(self, api_con_rol):
        cliente, tecnico = api_con_rol("tecnico")
        s = self._asignada(tecnico)
        respuesta = cliente.post(f"{URL}{s.folio}/estado/", {"estado": "volando"}, format="json")
        assert respuesta.status_code == 400 and "no es una elección válida" in respuesta.json()["estado"][0]

    def test_otro_tecnico_403_y_la_mesa_si_puede(self, api_con_rol):
        _, asignado = api_con_rol("tecnico")
        otro, _ = api_con_rol("tecnico", "tec-otro")
        s = self._asignada(asignado)
        respuesta = otro.post(f"{URL}{s.folio}/estado/", {"estado": "en_proceso"}, format="json")
        assert respuesta.status_code == 403 and "Solo el técnico asignado" in respuesta.json()["detail"]
        director, _ = api_con_rol("director")  # asigna, pero no atiende: como en la página
        assert director.post(f"{URL}{s.folio}/estado/", {"estado": "en_proceso"}, format="json").status_code == 403
        mesa, _ = api_con_rol("mesa")
        assert mesa.post(f"{URL}{s.folio}/estado/", {"estado": "en_proceso"}, format="json").status_code == 200

    def test_folio_inexistente_404(self, api_con_rol):
        cliente, _ = api_con_rol("mesa")
        assert cliente.post(f"{URL}DIG-2026-999999/estado/", {"estado": "en_proceso"}, format="json"
                            ).status_code == 404


@pytest.mark.parametrize("parametros", [
    {}, {"estado": "abiertas"}, {"estado": "resuelta"}, {"q": "impresora"}, {"prioridad": "1"},
    {"orden": "recibida"}, {"orden": "prioridad", "estado": "asignada"},
])
def test_filtros_de_la_cola(api_con_rol, parametros):
    cliente, tecnico = api_con_rol("mesa")
    inicio = timezone.now() - dt.timedelta(days=3)
    for i in range(8):
        s = solicitud(asunto=f"Falla de impresora {i}" if i % 2 else f"Sin red {i}", urgencia="alta" if i % 3 == 0
                      else "media", impacto="alta", recibida=inicio + dt.timedelta(hours=i), tecnico=tecnico)
        if i % 4 == 0:
            from soporte import services

            services.cambiar_estado(s, "resuelta", tecnico, resolucion="Listo")
    esperados = [s.folio for s in ordenar_cola(SolicitudFilter(parametros, queryset=Solicitud.objects.all()).qs,
                                               parametros.get("orden", "vence"))[0]]
    respuesta = cliente.get(URL, parametros)
    assert respuesta.status_code == 200
    assert [s["folio"] for s in respuesta.json()["results"]] == esperados


def test_consultas_constantes(api_con_rol, django_assert_max_num_queries):
    cliente, _ = api_con_rol("director")

    def contar():
        with django_assert_max_num_queries(10) as contexto:
            assert cliente.get(URL).status_code == 200
        return len(contexto.captured_queries)

    for _ in range(3):
        solicitud()
    con_n = contar()
    for _ in range(6):
        solicitud()
    assert contar() == con_n
