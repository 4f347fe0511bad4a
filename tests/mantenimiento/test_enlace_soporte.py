"""Mantenimiento ↔ mesa de servicio: solicitudes de mantenimiento a demanda y solicitudes correctivas."""
import pytest
from django.urls import reverse

from comun.roles import TECNICO
from inventario.choices import Estado as EstadoEquipo
from mantenimiento.models import OrdenMantenimiento
from soporte import services as soporte
from soporte.choices import Estado
from soporte.models import Solicitud
from tests.factories import EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.soporte.factories import solicitud

from .test_vistas import datos_lista, firma_png, orden_hoy, resultado

pytestmark = pytest.mark.django_db


@pytest.fixture
def al_confirmar(django_capture_on_commit_callbacks):
    """Las señales de soporte se envían al confirmar la transacción: aquí se ejecutan al salir del bloque."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def tecnico():
    return usuario_con_rol(TECNICO, "tec-enlace")


class TestADemanda:
    def test_la_solicitud_genera_ordenes_que_al_completarse_la_resuelven(self, client, tecnico, al_confirmar):
        empleado = EmpleadoFactory()
        pc = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia)
        de_baja = EquipoFactory(resguardante=empleado, estado=EstadoEquipo.BAJA)
        with al_confirmar():
            pedida = solicitud("mantenimiento-preventivo", empleado=empleado, equipos=[pc, de_baja])
        orden = OrdenMantenimiento.objects.get(solicitud=pedida)
        assert orden.origen == "a_demanda" and orden.equipo == pc and orden.plan is None
        assert orden.tecnico is None
        comentario = pedida.comentarios.get().texto
        assert f"#{orden.pk}" in comentario and de_baja.numero_inventario in comentario

        with al_confirmar():
            soporte.asignar(pedida, tecnico)
        orden.refresh_from_db()
        assert orden.tecnico == tecnico

        client.force_login(tecnico)
        client.post(reverse("mantenimiento:iniciar", args=[orden.pk]))
        datos = datos_lista(orden, conformidad_nombre="Ana Ruiz", firma=firma_png(), accion="terminar")
        assert client.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos).status_code == 302
        pedida.refresh_from_db()
        assert pedida.estado == Estado.RESUELTA and f"#{orden.pk}" in pedida.resolucion
        html = client.get(pedida.get_absolute_url()).content.decode()
        assert 'id="ordenes-de-la-solicitud"' in html and f"Orden #{orden.pk}" in html

    def test_sin_equipos_no_hay_orden_y_queda_dicho(self, al_confirmar):
        with al_confirmar():
            pedida = solicitud("mantenimiento-preventivo")
        assert not OrdenMantenimiento.objects.filter(solicitud=pedida).exists()
        assert "Sin equipos ligados" in pedida.comentarios.get().texto

    def test_otros_servicios_no_generan_ordenes(self, al_confirmar):
        equipo = EquipoFactory()
        with al_confirmar():
            solicitud("soporte-tecnico", empleado=equipo.resguardante, equipos=[equipo])
        assert not OrdenMantenimiento.objects.exists()


class TestCorrectiva:
    def _orden_con_falla(self, tecnico):
        orden = orden_hoy(tecnico)
        orden.equipo.resguardante = EmpleadoFactory(dependencia=orden.equipo.dependencia)
        orden.equipo.save()
        from mantenimiento import services

        services.iniciar_orden(orden, tecnico)
        ventiladores = resultado(orden, "Revisión de ventiladores")
        ventiladores.resultado, ventiladores.notas = "falla", "Ruido en el ventilador del CPU"
        ventiladores.save()
        return orden, ventiladores

    def test_una_falla_abre_una_sola_solicitud_correctiva(self, client, tecnico):
        orden, falla = self._orden_con_falla(tecnico)
        client.force_login(tecnico)
        url = reverse("mantenimiento:correctiva", args=[falla.pk])
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302  # la segunda vez no duplica
        correctiva = Solicitud.objects.get()
        falla.refresh_from_db()
        assert falla.solicitud_correctiva == correctiva
        assert correctiva.servicio.clave == "soporte-tecnico" and list(correctiva.equipos.all()) == [orden.equipo]
        assert correctiva.solicitante == orden.equipo.resguardante and correctiva.registrada_por == tecnico
        assert "Ruido en el ventilador" in correctiva.descripcion and correctiva.estado == Estado.NUEVA
        html = client.get(reverse("mantenimiento:orden", args=[orden.pk])).content.decode()
        assert correctiva.folio in html

    def test_un_punto_que_pasa_no_abre_correctiva(self, client, tecnico):
        orden, _ = self._orden_con_falla(tecnico)
        pasa = resultado(orden, "Limpieza física interna")
        pasa.resultado = "pasa"
        pasa.save()
        client.force_login(tecnico)
        respuesta = client.post(reverse("mantenimiento:correctiva", args=[pasa.pk]))
        assert respuesta.status_code == 409 and "Solo un punto con falla" in respuesta.content.decode()
        assert not Solicitud.objects.exists()

    def test_equipo_sin_resguardante(self, client, tecnico):
        orden, falla = self._orden_con_falla(tecnico)
        orden.equipo.resguardante = None
        orden.equipo.save()
        client.force_login(tecnico)
        respuesta = client.post(reverse("mantenimiento:correctiva", args=[falla.pk]))
        assert respuesta.status_code == 409 and "no tiene resguardante" in respuesta.content.decode()
        assert not Solicitud.objects.exists()

    def test_otro_tecnico_no(self, client, tecnico):
        _, falla = self._orden_con_falla(tecnico)
        client.force_login(usuario_con_rol(TECNICO, "tec-ajeno"))
        assert client.post(reverse("mantenimiento:correctiva", args=[falla.pk])).status_code == 403
        assert not Solicitud.objects.exists()
