"""Mesa de servicio: registro rápido, cola, detalle y acciones, con sus errores de entrada."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from comun.models import Empleado
from comun.roles import TECNICO
from soporte import services
from soporte.choices import Estado
from soporte.models import Adjunto, CambioEstado, Comentario, Incumplimiento, Solicitud
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.soporte.factories import servicio, solicitud

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def mesa(cliente_con_rol):
    return cliente_con_rol("mesa")


def _datos(empleado, **extra):
    datos = {
        "solicitante": empleado.pk, "servicio": servicio().pk, "canal": "telefono",
        "asunto": "La impresora no imprime", "descripcion": "Marca error de papel atorado.",
        "urgencia": "alta", "impacto": "media",
    }
    datos.update(extra)
    return datos


class TestRegistroRapido:
    def test_registra_con_folio_codigo_y_equipos(self, mesa):
        empleado = EmpleadoFactory(extension="1234")
        equipo = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia)
        respuesta = mesa.post(reverse("soporte:nueva"), _datos(empleado, equipos=[equipo.pk]))
        assert respuesta.status_code == 302
        nueva = Solicitud.objects.get()
        assert respuesta.url == f"{nueva.get_absolute_url()}?registrada=1"
        anio = timezone.localdate().year
        assert nueva.folio == f"DIG-{anio}-000001"
        assert nueva.dependencia == empleado.dependencia
        assert list(nueva.equipos.all()) == [equipo]
        assert nueva.get_prioridad_display() == "Alta"
        assert nueva.cambios.get().nuevo == Estado.NUEVA
        pagina = mesa.get(respuesta.url).content.decode()
        assert nueva.folio in pagina and nueva.codigo in pagina and "Dicte al solicitante" in pagina

    def test_empleado_nuevo_en_el_momento(self, mesa):
        dependencia = DependenciaFactory(nombre="Dirección de Catastro")
        datos = _datos(EmpleadoFactory(), nuevo_nombre="Rosa", nuevo_apellidos="Zúñiga Paz",
                       nuevo_dependencia=dependencia.pk, nuevo_extension="2201")
        datos.pop("solicitante")
        assert mesa.post(reverse("soporte:nueva"), datos).status_code == 302
        rosa = Empleado.objects.get(nombre="Rosa")
        assert Solicitud.objects.get().solicitante == rosa and rosa.dependencia == dependencia

    def test_sin_solicitante_se_rechaza_sin_escribir(self, mesa):
        datos = _datos(EmpleadoFactory())
        datos.pop("solicitante")
        respuesta = mesa.post(reverse("soporte:nueva"), datos)
        assert respuesta.status_code == 400
        assert "Busque y elija a quien solicita" in respuesta.content.decode()
        assert not Solicitud.objects.exists()

    def test_empleado_nuevo_sin_dependencia(self, mesa):
        datos = _datos(EmpleadoFactory(), nuevo_nombre="Rosa")
        datos.pop("solicitante")
        respuesta = mesa.post(reverse("soporte:nueva"), datos)
        assert respuesta.status_code == 400 and "Indique la dependencia" in respuesta.content.decode()
        assert not Empleado.objects.filter(nombre="Rosa").exists()

    def test_servicio_de_rango_pide_fecha_dentro_del_rango(self, mesa):
        empleado = EmpleadoFactory()
        web = servicio("plataformas-web")
        respuesta = mesa.post(reverse("soporte:nueva"), _datos(empleado, servicio=web.pk))
        assert respuesta.status_code == 400 and "Acuerde una fecha" in respuesta.content.decode()
        lejos = timezone.localdate() + timedelta(days=200)
        respuesta = mesa.post(reverse("soporte:nueva"), _datos(empleado, servicio=web.pk, fecha_compromiso=lejos))
        assert respuesta.status_code == 400 and "entre 7 y 92 días" in respuesta.content.decode()
        assert not Solicitud.objects.exists()
        bien = timezone.localdate() + timedelta(days=30)
        assert mesa.post(reverse("soporte:nueva"), _datos(empleado, servicio=web.pk, fecha_compromiso=bien)
                         ).status_code == 302
        assert Solicitud.objects.get().meta_resolucion_min > 0

    def test_credenciales_meta_por_cantidad(self, mesa):
        credenciales = servicio("impresion-credenciales")
        mesa.post(reverse("soporte:nueva"), _datos(EmpleadoFactory(), servicio=credenciales.pk, cantidad=12))
        assert Solicitud.objects.get().meta_resolucion_min == 60

    @pytest.mark.parametrize(("nombre", "contenido", "mensaje"), [
        ("oficio.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
        ("oficio.exe", b"MZ\x90\x00", "PDF"),
    ])
    def test_adjunto_de_tipo_equivocado(self, mesa, nombre, contenido, mensaje):
        archivo = SimpleUploadedFile(nombre, contenido, content_type="application/pdf")
        respuesta = mesa.post(reverse("soporte:nueva"), _datos(EmpleadoFactory(), adjunto=archivo))
        assert respuesta.status_code == 400 and mensaje in respuesta.content.decode()
        assert not Solicitud.objects.exists() and not Adjunto.objects.exists()

    @override_settings(SIGMA_ADJUNTO_MAX_MB=1)
    def test_adjunto_demasiado_grande(self, mesa):
        archivo = SimpleUploadedFile("oficio.pdf", PDF + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
        respuesta = mesa.post(reverse("soporte:nueva"), _datos(EmpleadoFactory(), adjunto=archivo))
        assert respuesta.status_code == 400 and "el máximo es 1 MB" in respuesta.content.decode()
        assert not Solicitud.objects.exists()

    def test_adjunto_valido_y_descarga_sin_interpretar(self, mesa):
        archivo = SimpleUploadedFile("oficio.pdf", PDF, content_type="application/pdf")
        mesa.post(reverse("soporte:nueva"), _datos(EmpleadoFactory(), adjunto=archivo))
        adjunto = Adjunto.objects.get()
        assert adjunto.tipo == "application/pdf" and adjunto.tamano == len(PDF)
        respuesta = mesa.get(reverse("soporte:adjunto", args=[adjunto.pk]))
        assert respuesta["Content-Disposition"].startswith("attachment")
        assert respuesta["X-Content-Type-Options"] == "nosniff"
        assert b"".join(respuesta.streaming_content) == PDF

    def test_empleado_inactivo_no_aparece(self, mesa):
        inactivo = EmpleadoFactory(activo=False)
        respuesta = mesa.post(reverse("soporte:nueva"), _datos(inactivo))
        assert respuesta.status_code == 400 and not Solicitud.objects.exists()

    def test_contexto_del_solicitante(self, mesa, django_assert_max_num_queries):
        empleado = EmpleadoFactory()
        equipo = EquipoFactory(resguardante=empleado, dependencia=empleado.dependencia, hostname="CAT-PC01")
        abierta = solicitud(empleado=empleado, asunto="Correo lento")
        with django_assert_max_num_queries(10):
            respuesta = mesa.get(reverse("soporte:contexto_solicitante"), {"solicitante": empleado.pk})
        html = respuesta.content.decode()
        assert equipo.numero_inventario in html and "CAT-PC01" in html and abierta.folio in html
        assert "Elija a quien solicita" in mesa.get(reverse("soporte:contexto_solicitante"),
                                                    {"solicitante": "x"}).content.decode()

    def test_buscar_equipos_por_ip_hostname_o_resguardante(self, mesa):
        from tests.factories import InterfazRedFactory

        equipo = EquipoFactory(hostname="TES-PC07")
        InterfazRedFactory(equipo=equipo, ip="10.20.30.40")
        for texto in ("TES-PC07", "10.20.30.40", equipo.numero_inventario, equipo.resguardante.apellidos):
            html = mesa.get(reverse("soporte:buscar_equipos"), {"q_equipo": texto}).content.decode()
            assert equipo.numero_inventario in html, texto


def _ver_cola(cliente, **parametros):
    return cliente.get(reverse("soporte:cola"), {"vista": "todas", **parametros})


class TestCola:
    def test_consultas_constantes(self, cliente_con_rol, django_assert_max_num_queries):
        cliente = cliente_con_rol("mesa")
        tecnico = usuario_con_rol(TECNICO, "tec-cola")
        for i in range(6):
            s = solicitud(asunto=f"Primera tanda {i}")
            if i % 2:
                services.asignar(s, tecnico)
        _ver_cola(cliente)  # calienta cachés de sesión/permisos
        with django_assert_max_num_queries(15) as pocas:
            assert _ver_cola(cliente).status_code == 200
        for i in range(20):
            s = solicitud(asunto=f"Segunda tanda {i}")
            services.asignar(s, tecnico)
            services.cambiar_estado(s, Estado.EN_PROCESO, tecnico)
        with django_assert_max_num_queries(len(pocas.captured_queries)):
            respuesta = _ver_cola(cliente)
        assert respuesta.content.decode().count("reloj reloj-") >= 26

    def test_filtros_y_vistas(self, cliente_con_rol):
        tecnico = usuario_con_rol(TECNICO, "tec-vistas")
        mia = solicitud(asunto="Asignada al técnico")
        services.asignar(mia, tecnico)
        libre = solicitud(asunto="Nadie la tiene")
        web = solicitud("plataformas-web", asunto="Portal de transparencia")
        cliente = cliente_con_rol("tecnico")
        cliente.force_login(tecnico)
        html = cliente.get(reverse("soporte:cola")).content.decode()  # por omisión: mis solicitudes
        assert mia.folio in html and libre.folio not in html
        html = cliente.get(reverse("soporte:cola"), {"vista": "sin_asignar"}).content.decode()
        assert libre.folio in html and mia.folio not in html
        html = _ver_cola(cliente, servicio=web.servicio_id).content.decode()
        assert web.folio in html and libre.folio not in html
        html = _ver_cola(cliente, q="transparencia").content.decode()
        assert web.folio in html and mia.folio not in html
        html = _ver_cola(cliente, estado="asignada").content.decode()
        assert mia.folio in html and libre.folio not in html

    def test_filtro_de_vencidas_y_orden_por_tiempo_restante(self, cliente_con_rol):
        hace_dias = timezone.now() - timedelta(days=10)
        vencida = solicitud(asunto="Vieja sin asignar", recibida=hace_dias)
        reciente = solicitud(asunto="Recién llegada")
        cliente = cliente_con_rol("director")
        html = _ver_cola(cliente, incumpliendo="si").content.decode()
        assert vencida.folio in html and reciente.folio not in html
        html = _ver_cola(cliente, orden="vence").content.decode()
        assert html.index(vencida.folio) < html.index(reciente.folio)
        assert Incumplimiento.objects.filter(solicitud=vencida).exists()

    def test_filtro_invalido_no_rompe(self, cliente_con_rol):
        respuesta = _ver_cola(cliente_con_rol("mesa"), estado="inventado", prioridad="9", vista="otra")
        assert respuesta.status_code == 200


class TestAcciones:
    def test_asignar_y_flujo_completo(self, cliente_con_rol):
        s = solicitud()
        tecnico = usuario_con_rol(TECNICO, "tec-flujo")
        mesa = cliente_con_rol("mesa")
        assert mesa.post(reverse("soporte:asignar", args=[s.folio]), {"tecnico": tecnico.pk}).status_code == 302
        s.refresh_from_db()
        assert s.estado == Estado.ASIGNADA and s.tecnico == tecnico and s.atendida_en is not None
        cliente = cliente_con_rol("tecnico")
        cliente.force_login(tecnico)
        url = reverse("soporte:estado", args=[s.folio])
        assert cliente.post(url, {"estado": "en_proceso"}).status_code == 302
        assert cliente.post(url, {"estado": "en_espera", "tipo_espera": "proveedor"}).status_code == 302
        assert cliente.post(url, {"estado": "en_proceso"}).status_code == 302
        respuesta = cliente.post(url, {"estado": "resuelta"})
        assert respuesta.status_code == 400 and "Describa la resolución" in respuesta.content.decode()
        assert cliente.post(url, {"estado": "resuelta", "resolucion": "Se cambió el tóner."}).status_code == 302
        s.refresh_from_db()
        assert s.estado == Estado.RESUELTA and s.resuelta_en and hasattr(s, "encuesta")
        estados = list(CambioEstado.objects.filter(solicitud=s).values_list("nuevo", flat=True))
        assert estados == ["nueva", "asignada", "en_proceso", "en_espera", "en_proceso", "resuelta"]
        html = cliente.get(s.get_absolute_url()).content.decode()
        assert "Se cambió el tóner." in html and "tec-flujo" in html

    def test_transicion_ilegal_400_con_mensaje(self, cliente_con_rol):
        s = solicitud()
        respuesta = cliente_con_rol("mesa").post(reverse("soporte:estado", args=[s.folio]), {"estado": "cerrada"})
        assert respuesta.status_code == 400
        assert "no puede pasar a «cerrada»" in respuesta.content.decode()
        s.refresh_from_db()
        assert s.estado == Estado.NUEVA and s.cambios.count() == 1

    def test_tecnico_ajeno_no_cambia_estado(self, cliente_con_rol):
        s = solicitud()
        services.asignar(s, usuario_con_rol(TECNICO, "tec-duenio"))
        otro = cliente_con_rol("tecnico")
        assert otro.post(reverse("soporte:estado", args=[s.folio]), {"estado": "en_proceso"}).status_code == 403
        s.refresh_from_db()
        assert s.estado == Estado.ASIGNADA

    def test_asignar_a_quien_no_es_tecnico(self, cliente_con_rol):
        s = solicitud()
        director = usuario_con_rol("Director", "dir-no-tecnico")
        respuesta = cliente_con_rol("mesa").post(reverse("soporte:asignar", args=[s.folio]), {"tecnico": director.pk})
        assert respuesta.status_code == 400 and "no es un técnico activo" in respuesta.content.decode()

    def test_comentarios_publicos_e_internos_y_adjuntos_en_la_linea(self, cliente_con_rol):
        s = solicitud()
        mesa = cliente_con_rol("mesa")
        mesa.post(reverse("soporte:comentar", args=[s.folio]), {"texto": "Se llamó de nuevo", "publico": "on"})
        mesa.post(reverse("soporte:comentar", args=[s.folio]), {"texto": "<b>nota interna</b>"})
        assert mesa.post(reverse("soporte:comentar", args=[s.folio]), {"texto": "  "}).status_code == 400
        archivo = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, content_type="image/png")
        assert mesa.post(reverse("soporte:adjuntar", args=[s.folio]), {"archivo": archivo}).status_code == 302
        malo = SimpleUploadedFile("foto.png", b"GIF89a....", content_type="image/png")
        assert mesa.post(reverse("soporte:adjuntar", args=[s.folio]), {"archivo": malo}).status_code == 400
        assert Comentario.objects.filter(solicitud=s).count() == 2 and Adjunto.objects.count() == 1
        html = mesa.get(s.get_absolute_url()).content.decode()
        assert "Comentario interno" in html and "&lt;b&gt;nota interna&lt;/b&gt;" in html and "foto.png" in html

    def test_cambios_de_campos_en_la_linea_de_tiempo(self, cliente_con_rol):
        s = solicitud()
        services.asignar(s, usuario_con_rol(TECNICO, "tec-uno"))
        services.asignar(s, usuario_con_rol(TECNICO, "tec-dos"))
        html = cliente_con_rol("director").get(s.get_absolute_url()).content.decode()
        assert "tec-uno → tec-dos" in html

    def test_folio_inexistente_404(self, cliente_con_rol):
        assert cliente_con_rol("mesa").get(reverse("soporte:detalle", args=["DIG-1999-000001"])).status_code == 404


def test_solicitudes_en_la_pagina_del_equipo_y_del_empleado(cliente_con_rol):
    equipo = EquipoFactory()
    s = solicitud(empleado=equipo.resguardante, equipos=[equipo], asunto="No enciende el monitor")
    cliente = cliente_con_rol("tecnico")
    assert s.folio in cliente.get(equipo.get_absolute_url()).content.decode()
    assert s.folio in cliente.get(reverse("inventario:empleado", args=[equipo.resguardante_id])).content.decode()


def test_avisos_y_panel_de_inicio(cliente_con_rol):
    tecnico = usuario_con_rol(TECNICO, "tec-avisos")
    s = solicitud()
    services.asignar(s, tecnico)
    services.asignar(s, usuario_con_rol(TECNICO, "tec-otro"))
    services.asignar(s, tecnico)  # reasignación: aviso al técnico
    cliente = cliente_con_rol("tecnico")
    cliente.force_login(tecnico)
    html = cliente.get(reverse("soporte:avisos")).content.decode()
    assert s.folio in html
    assert 'id="avisos-sin-leer"' in cliente.get(reverse("comun:inicio")).content.decode()
    cliente.post(reverse("soporte:avisos"))
    assert 'id="avisos-sin-leer"' not in cliente.get(reverse("comun:inicio")).content.decode()
    assert s.folio in cliente.get(reverse("comun:inicio")).content.decode()  # panel «mis solicitudes»
