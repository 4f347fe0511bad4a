"""Páginas de mantenimiento: Mi lista, lista de verificación, cierre con firma, planes, calendario y reportes."""
import base64
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from comun.roles import ADMINISTRADOR, DIRECTOR, TECNICO
from mantenimiento import services
from mantenimiento.models import OrdenMantenimiento, PlanMantenimiento
from tests.factories import DependenciaFactory, EquipoFactory, UbicacionFactory, tipo, usuario_con_rol

from .factories import OrdenFactory, PlanFactory


def firma_png(vacia=False, tamano=(300, 120)):
    imagen = Image.new("RGBA", tamano, (0, 0, 0, 0))
    if not vacia:
        ImageDraw.Draw(imagen).line([(10, 60), (150, 20), (290, 90)], fill=(10, 30, 80, 255), width=3)
    salida = io.BytesIO()
    imagen.save(salida, "PNG")
    return "data:image/png;base64," + base64.b64encode(salida.getvalue()).decode()


@pytest.fixture
def tecnico(db):
    u = usuario_con_rol(TECNICO, "tec-juan")
    u.first_name, u.last_name = "Juan", "Pérez"
    u.save()
    return u


@pytest.fixture
def cliente_tecnico(client, tecnico):
    client.force_login(tecnico)
    return client


def orden_hoy(tecnico=None, **kwargs):
    hoy = timezone.localdate()
    return OrdenFactory(fecha_programada=hoy, fecha_limite=hoy, ventana_hasta=hoy + dt.timedelta(days=3),
                        tecnico=tecnico, **kwargs)


def datos_lista(orden, **extra):
    """POST que llena todos los puntos de la plantilla de PC: pasa todo, disco al 40 %."""
    datos = {"ref-TOTAL_FORMS": "2", "ref-INITIAL_FORMS": "0", "ref-MIN_NUM_FORMS": "0", "ref-MAX_NUM_FORMS": "30"}
    for r in orden.resultados.select_related("item"):
        if r.tipo == "check":
            datos[f"r{r.pk}-valor"] = "si"
        elif r.tipo == "pasa_falla":
            datos[f"r{r.pk}-resultado"] = "pasa"
        elif r.tipo == "numero":
            datos[f"r{r.pk}-valor"] = "40" if r.item.unidad == "%" else "45"
        elif r.tipo == "opcion":
            datos[f"r{r.pk}-valor"] = r.item.lista_opciones()[0]
    datos.update(extra)
    return datos


def resultado(orden, texto):
    return orden.resultados.get(texto__startswith=texto)


class TestMiLista:
    def test_agrupa_vencidas_hoy_y_semana_por_ubicacion(self, cliente_tecnico, tecnico):
        hoy = timezone.localdate()
        piso = UbicacionFactory(edificio="Presidencia Municipal", piso="Planta alta")
        vencida = OrdenFactory(tecnico=tecnico, fecha_limite=hoy - dt.timedelta(days=3),
                               equipo=EquipoFactory(ubicacion=piso))
        de_hoy = orden_hoy(tecnico)
        ajena = orden_hoy(usuario_con_rol(TECNICO, "tec-otro"))
        lejana = OrdenFactory(tecnico=tecnico, fecha_limite=hoy + dt.timedelta(days=30))
        respuesta = cliente_tecnico.get(reverse("mantenimiento:mi_lista"))
        html = respuesta.content.decode()
        assert respuesta.status_code == 200
        assert vencida.equipo.numero_inventario in html and de_hoy.equipo.numero_inventario in html
        assert ajena.equipo.numero_inventario not in html and lejana.equipo.numero_inventario not in html
        assert html.index("Vencidas") < html.index(vencida.equipo.numero_inventario) < html.index("Para hoy")
        assert "Presidencia Municipal · Planta alta" in html

    def test_ve_las_sin_asignar_de_sus_planes(self, cliente_tecnico, tecnico):
        plan = PlanFactory(tecnicos=[tecnico])
        suya = orden_hoy(None, plan=plan)
        otra = orden_hoy(None)
        html = cliente_tecnico.get(reverse("mantenimiento:mi_lista")).content.decode()
        assert suya.equipo.numero_inventario in html and otra.equipo.numero_inventario not in html

    @pytest.mark.parametrize("rol", ["tecnico", "director"])
    def test_consultas_constantes(self, rol, cliente_con_rol, django_assert_max_num_queries):
        cliente = cliente_con_rol(rol)
        usuario = cliente.get(reverse("mantenimiento:mi_lista")).wsgi_request.user
        url = reverse("mantenimiento:mi_lista") + ("?tecnico=todos" if rol == "director" else "")

        def crear(n):
            for _ in range(n):
                orden_hoy(usuario, equipo=EquipoFactory(ubicacion=UbicacionFactory()))

        crear(3)
        with django_assert_max_num_queries(12) as pocas:
            assert cliente.get(url).status_code == 200
        crear(9)
        with django_assert_max_num_queries(len(pocas.captured_queries)) as muchas:
            respuesta = cliente.get(url)
        assert respuesta.content.decode().count("orden-tarjeta") == 12
        assert len(muchas.captured_queries) == len(pocas.captured_queries)

    def test_supervisor_filtra_y_reasigna_en_bloque(self, cliente_con_rol, tecnico):
        otro = usuario_con_rol(TECNICO, "tec-luis")
        ordenes = [orden_hoy(otro) for _ in range(3)]
        cliente = cliente_con_rol("director")
        html = cliente.get(reverse("mantenimiento:mi_lista") + f"?tecnico={otro.pk}").content.decode()
        assert all(o.equipo.numero_inventario in html for o in ordenes)
        respuesta = cliente.post(reverse("mantenimiento:reasignar"), {
            "tecnico": tecnico.pk, "ordenes": [ordenes[0].pk, ordenes[1].pk],
            "volver": f"/mantenimiento/?tecnico={otro.pk}"})
        assert respuesta.status_code == 302 and respuesta.url == f"/mantenimiento/?tecnico={otro.pk}"
        assert OrdenMantenimiento.objects.filter(tecnico=tecnico).count() == 2

    @pytest.mark.parametrize("datos", [
        {"ordenes": ["1"]},  # sin técnico
        {"tecnico": "999999", "ordenes": ["1"]},
        {"tecnico": "TEC", "ordenes": ["abc"]},
    ])
    def test_reasignar_datos_malos(self, cliente_con_rol, tecnico, datos):
        datos = {k: (str(tecnico.pk) if v == "TEC" else v) for k, v in datos.items()}
        assert cliente_con_rol("admin").post(reverse("mantenimiento:reasignar"), datos).status_code == 400

    @pytest.mark.parametrize("volver", ["https://malo.example/", "//malo.example/mantenimiento/", "/admin/"])
    def test_reasignar_no_redirige_fuera(self, cliente_con_rol, tecnico, volver):
        orden = orden_hoy(None)
        respuesta = cliente_con_rol("admin").post(reverse("mantenimiento:reasignar"), {
            "tecnico": tecnico.pk, "ordenes": [orden.pk], "volver": volver})
        assert respuesta.status_code == 302 and respuesta.url == reverse("mantenimiento:mi_lista")

    def test_reasignar_sin_ordenes(self, cliente_con_rol, tecnico):
        respuesta = cliente_con_rol("admin").post(reverse("mantenimiento:reasignar"), {"tecnico": tecnico.pk})
        assert respuesta.status_code == 400 and "Marque al menos una orden" in respuesta.content.decode()

    def test_reasignar_a_quien_no_es_tecnico(self, tecnico):
        with pytest.raises(services.OperacionNoPermitida, match="rol Técnico"):
            services.reasignar([1], usuario_con_rol(DIRECTOR, "dir-x"))

    def test_mesa_de_ayuda_no_tiene_lista(self, cliente_con_rol):
        assert cliente_con_rol("mesa").get(reverse("mantenimiento:mi_lista")).status_code == 403


class TestTrabajarOrden:
    def test_flujo_completo_con_una_falla_y_firma(self, cliente_tecnico, tecnico):
        orden = orden_hoy(tecnico)
        respuesta = cliente_tecnico.post(reverse("mantenimiento:iniciar", args=[orden.pk]))
        assert respuesta.status_code == 302 and respuesta.url == reverse("mantenimiento:checklist", args=[orden.pk])
        orden.refresh_from_db()
        assert orden.estado == "en_proceso" and orden.resultados.count() == 12
        disco = resultado(orden, "Espacio libre")
        ventiladores = resultado(orden, "Revisión de ventiladores")
        datos = datos_lista(orden, **{
            f"r{disco.pk}-valor": "9,5", f"r{ventiladores.pk}-resultado": "falla",
            f"r{ventiladores.pk}-notas": "Ventilador del CPU con ruido",
            "ref-0-descripcion": "Pasta térmica", "ref-0-cantidad": "1", "ref-0-costo": "85.50",
            "observaciones": "Se recomienda cambiar el ventilador.", "conformidad_nombre": "Ana Ruiz",
            "firma": firma_png(), "accion": "terminar",
        })
        respuesta = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos)
        assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
        orden.refresh_from_db()
        assert orden.estado == "completada" and orden.fecha_cierre == timezone.localdate()
        assert orden.a_tiempo and orden.minutos >= 1 and orden.conformidad_nombre == "Ana Ruiz"
        assert bytes(orden.firma_png).startswith(b"\x89PNG")
        disco.refresh_from_db()
        assert (disco.valor_numero, disco.resultado) == (pytest.approx(9.5), "falla")
        assert set(orden.resultados.filter(resultado="falla").values_list("texto", flat=True)) == {
            disco.texto, ventiladores.texto}
        assert orden.refacciones.get().costo == pytest.approx(85.5)
        # Completar otra vez: 409 y nada cambia.
        otra = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos)
        assert otra.status_code == 409 and "completada" in otra.content.decode()
        # El reporte PDF.
        pdf = cliente_tecnico.get(reverse("mantenimiento:reporte", args=[orden.pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")

    def test_senal_con_las_fallas(self, cliente_tecnico, tecnico):
        from mantenimiento.signals import orden_completada

        recibidas = []

        def receptor(sender, orden, fallas, **kwargs):
            recibidas.append([f.texto for f in fallas])

        orden_completada.connect(receptor)
        try:
            orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
            ventiladores = resultado(orden, "Revisión de ventiladores")
            datos = datos_lista(orden, **{f"r{ventiladores.pk}-resultado": "falla", "conformidad_nombre": "Ana",
                                          "firma": firma_png(), "accion": "terminar"})
            assert cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos).status_code == 302
        finally:
            orden_completada.disconnect(receptor)
        assert recibidas == [[ventiladores.texto]]

    def test_guardar_avance(self, cliente_tecnico, tecnico):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        disco = resultado(orden, "Espacio libre")
        respuesta = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), {
            **datos_lista(orden), f"r{disco.pk}-valor": "", "accion": "guardar", "observaciones": "Voy a medio"})
        assert respuesta.status_code == 302
        orden.refresh_from_db()
        assert orden.estado == "en_proceso" and orden.observaciones == "Voy a medio"
        pagina = cliente_tecnico.get(reverse("mantenimiento:checklist", args=[orden.pk])).content.decode()
        assert "Voy a medio" in pagina and 'inputmode="decimal"' in pagina

    @pytest.mark.parametrize(("cambio", "mensaje"), [
        ({"firma": ""}, "Falta la firma"),
        ({"firma": "data:image/png;base64,no-es-base64!!"}, "no es una imagen válida"),
        ({"firma": "data:image/png;base64," + base64.b64encode(b"GIF89a-falso").decode()}, "debe ser una imagen PNG"),
        ({"firma": "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nbasura").decode()},
         "no es una imagen PNG válida"),
        ({"firma": firma_png(vacia=True)}, "en blanco"),
        ({"firma": firma_png(tamano=(2500, 100))}, "hasta 2000 px"),
        ({"firma": "data:image/png;base64," + "A" * 500_000}, "demasiado grande"),
        ({"conformidad_nombre": ""}, "nombre de quien da la conformidad"),
    ])
    def test_firma_y_conformidad_invalidas(self, cliente_tecnico, tecnico, cambio, mensaje):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        datos = datos_lista(orden, conformidad_nombre="Ana Ruiz", firma=firma_png(), accion="terminar",
                            observaciones="no debe guardarse")
        datos.update(cambio)
        respuesta = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos)
        assert respuesta.status_code == 400
        assert mensaje in respuesta.content.decode()
        orden.refresh_from_db()
        assert orden.estado == "en_proceso" and orden.observaciones == ""  # nada a medias

    @pytest.mark.parametrize(("valor", "mensaje"), [("abc", "no es un número"), ("150", "entre 0 y 100"),
                                                     ("-3", "entre 0 y 100"), ("1e400", "no es un número"),
                                                     ("NaN", "no es un número")])
    def test_numero_invalido(self, cliente_tecnico, tecnico, valor, mensaje):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        disco = resultado(orden, "Espacio libre")
        datos = datos_lista(orden, **{f"r{disco.pk}-valor": valor, "accion": "guardar"})
        respuesta = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos)
        assert respuesta.status_code == 400 and mensaje in respuesta.content.decode()
        assert f'value="{valor}"' in respuesta.content.decode()  # se conserva lo escrito
        disco.refresh_from_db()
        assert disco.valor == ""

    def test_opcion_que_no_existe_y_resultado_raro(self, cliente_tecnico, tecnico):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        smart = resultado(orden, "Estado del disco")
        ventiladores = resultado(orden, "Revisión de ventiladores")
        datos = datos_lista(orden, **{f"r{smart.pk}-valor": "Excelente", f"r{ventiladores.pk}-resultado": "quizá",
                                      "accion": "guardar"})
        html = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos).content.decode()
        assert "no es una de las opciones" in html and "Elija pasa, falla o no aplica" in html

    def test_post_vacio_o_sin_formulario_de_refacciones(self, cliente_tecnico, tecnico):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        url = reverse("mantenimiento:checklist", args=[orden.pk])
        assert cliente_tecnico.post(url, {}).status_code == 400
        assert cliente_tecnico.post(url, {"accion": "terminar", "ref-TOTAL_FORMS": "x"}).status_code == 400
        assert cliente_tecnico.post(url, {**datos_lista(orden), "ref-TOTAL_FORMS": "500", "accion": "guardar"}
                                    ).status_code == 400
        orden.refresh_from_db()
        assert orden.estado == "en_proceso"

    def test_falta_un_punto_obligatorio(self, cliente_tecnico, tecnico):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        ventiladores = resultado(orden, "Revisión de ventiladores")
        datos = datos_lista(orden, conformidad_nombre="Ana", firma=firma_png(), accion="terminar")
        del datos[f"r{ventiladores.pk}-resultado"]
        respuesta = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos)
        assert respuesta.status_code == 400 and "Falta capturar: Revisión de ventiladores" in respuesta.content.decode()

    def test_refaccion_invalida(self, cliente_tecnico, tecnico):
        orden = services.iniciar_orden(orden_hoy(tecnico), tecnico)
        datos = datos_lista(orden, **{"ref-0-cantidad": "2", "ref-1-descripcion": "Cable", "ref-1-costo": "-5",
                                      "accion": "guardar"})
        respuesta = cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), datos)
        assert respuesta.status_code == 400 and "Describa la refacción" in respuesta.content.decode()
        assert not orden.refacciones.exists()

    def test_orden_de_otro_tecnico_403(self, cliente_tecnico):
        ajena = orden_hoy(usuario_con_rol(TECNICO, "tec-maria"))
        assert cliente_tecnico.post(reverse("mantenimiento:iniciar", args=[ajena.pk])).status_code == 403
        services.iniciar_orden(ajena, ajena.tecnico)
        assert cliente_tecnico.get(reverse("mantenimiento:checklist", args=[ajena.pk])).status_code == 403
        assert cliente_tecnico.post(reverse("mantenimiento:checklist", args=[ajena.pk]), {}).status_code == 403

    def test_el_supervisor_administrador_si_puede(self, client, db):
        ajena = orden_hoy(usuario_con_rol(TECNICO, "tec-maria"))
        client.force_login(usuario_con_rol(ADMINISTRADOR, "admin-sup"))
        assert client.post(reverse("mantenimiento:iniciar", args=[ajena.pk])).status_code == 302
        ajena.refresh_from_db()
        assert ajena.estado == "en_proceso" and ajena.tecnico.username == "tec-maria"

    def test_sin_asignar_la_toma_quien_la_inicia(self, cliente_tecnico, tecnico):
        orden = orden_hoy(None)
        cliente_tecnico.post(reverse("mantenimiento:iniciar", args=[orden.pk]))
        orden.refresh_from_db()
        assert orden.tecnico == tecnico

    def test_iniciar_dos_veces_y_cerrada(self, cliente_tecnico, tecnico):
        orden = orden_hoy(tecnico)
        url = reverse("mantenimiento:iniciar", args=[orden.pk])
        assert cliente_tecnico.post(url).status_code == 302
        assert cliente_tecnico.post(url).status_code == 302  # sigue en proceso, sin duplicar resultados
        assert orden.resultados.count() == 12
        cancelada = orden_hoy(tecnico, estado="cancelada")
        assert cliente_tecnico.post(reverse("mantenimiento:iniciar", args=[cancelada.pk])).status_code == 409

    def test_checklist_de_orden_programada_lleva_a_la_orden(self, cliente_tecnico, tecnico):
        orden = orden_hoy(tecnico)
        respuesta = cliente_tecnico.get(reverse("mantenimiento:checklist", args=[orden.pk]))
        assert respuesta.status_code == 302 and respuesta.url == orden.get_absolute_url()
        assert cliente_tecnico.post(reverse("mantenimiento:checklist", args=[orden.pk]), {}).status_code == 409

    def test_no_realizada(self, cliente_con_rol):
        orden = orden_hoy(None)
        cliente = cliente_con_rol("director")
        assert cliente.post(reverse("mantenimiento:no_realizada", args=[orden.pk]), {}).status_code == 400
        respuesta = cliente.post(reverse("mantenimiento:no_realizada", args=[orden.pk]),
                                 {"motivo": "La oficina estaba cerrada"})
        assert respuesta.status_code == 302
        orden.refresh_from_db()
        assert orden.estado == "no_realizada" and orden.motivo_cierre == "La oficina estaba cerrada"
        assert cliente.post(reverse("mantenimiento:no_realizada", args=[orden.pk]),
                            {"motivo": "otra vez"}).status_code == 409

    def test_reporte_de_orden_abierta_404(self, cliente_con_rol):
        assert cliente_con_rol("mesa").get(reverse("mantenimiento:reporte", args=[orden_hoy().pk])).status_code == 404


class TestPlanes:
    def datos(self, **cambios):
        datos = {"nombre": "PCs de Tesorería", "plantilla": services.PlantillaChecklist.objects.first().pk,
                 "modo": "fijo", "intervalo": "3", "unidad": "meses", "fecha_inicio": "2026-01-15",
                 "dias_anticipacion": "10", "ajuste_inhabil": "anterior", "tipos": [tipo().pk], "activo": "on"}
        datos.update(cambios)
        return {k: v for k, v in datos.items() if v is not None}

    def test_crear_plan(self, cliente_con_rol, tecnico):
        equipo = EquipoFactory(tipo=tipo("Impresora"), modelo=None)
        respuesta = cliente_con_rol("admin").post(reverse("mantenimiento:plan_nuevo"), self.datos(
            tecnicos=[tecnico.pk], lista_equipos=f" {equipo.numero_inventario.lower()} "))
        assert respuesta.status_code == 302
        plan = PlanMantenimiento.objects.get(nombre="PCs de Tesorería")
        assert list(plan.equipos.all()) == [equipo] and list(plan.tecnicos.all()) == [tecnico]

    @pytest.mark.parametrize(("cambios", "mensaje"), [
        ({"dias_anticipacion": "89"}, "deben ser menores que el intervalo"),
        ({"intervalo": "1", "unidad": "semanas", "dias_anticipacion": "7"}, "deben ser menores que el intervalo"),
        ({"intervalo": "0"}, "al menos 1"),
        ({"tipos": None}, "Indique a qué equipos aplica el plan"),
        ({"lista_equipos": "NO-EXISTE-1"}, "No existen estos números de inventario: NO-EXISTE-1"),
        ({"fecha_inicio": "31/02/2026"}, "fecha válida"),
        ({"unidad": "horas"}, "no es una de las opciones"),
        ({"intervalo": "30000", "unidad": "anios"}, "hasta 10 años"),
        ({"intervalo": "121"}, "hasta 120 meses"),
        ({"fecha_inicio": "9999-12-31"}, "entre 2000 y 2100"),
        ({"nombre": ""}, "obligatorio"),
    ])
    def test_plan_invalido(self, cliente_con_rol, cambios, mensaje):
        respuesta = cliente_con_rol("admin").post(reverse("mantenimiento:plan_nuevo"), self.datos(**cambios))
        assert respuesta.status_code == 400
        assert mensaje in respuesta.content.decode()
        assert not PlanMantenimiento.objects.exists()

    def test_equipo_de_baja_en_la_lista(self, cliente_con_rol):
        equipo = EquipoFactory(estado="baja", motivo_baja="Robo")
        respuesta = cliente_con_rol("admin").post(reverse("mantenimiento:plan_nuevo"),
                                                  self.datos(lista_equipos=equipo.numero_inventario))
        assert respuesta.status_code == 400 and "dados de baja" in respuesta.content.decode()

    def test_editar_y_sacar_del_alcance_cancela(self, cliente_con_rol):
        dep = DependenciaFactory(nombre="Catastro")
        equipo = EquipoFactory(dependencia=dep)
        plan = PlanFactory(equipos=[equipo])
        orden = OrdenFactory(plan=plan, equipo=equipo)
        respuesta = cliente_con_rol("admin").post(reverse("mantenimiento:plan_editar", args=[plan.pk]),
                                                  self.datos(nombre=plan.nombre, tipos=[tipo("Impresora").pk]))
        assert respuesta.status_code == 302
        orden.refresh_from_db()
        assert orden.estado == "cancelada" and orden.motivo_cierre == services.MOTIVO_FUERA

    def test_formulario_de_edicion_muestra_la_lista(self, cliente_con_rol):
        equipo = EquipoFactory()
        plan = PlanFactory(equipos=[equipo])
        html = cliente_con_rol("admin").get(reverse("mantenimiento:plan_editar", args=[plan.pk])).content.decode()
        assert equipo.numero_inventario in html and "Hoy abarca 1 equipo vigente." in html

    def test_generar_ahora(self, cliente_con_rol):
        PlanFactory(tipos=[tipo()], fecha_inicio=dt.date(2020, 1, 1), intervalo=1, unidad="dias",
                    dias_anticipacion=0)
        EquipoFactory()
        respuesta = cliente_con_rol("director").post(reverse("mantenimiento:generar"), follow=True)
        assert "1 órdenes nuevas" in respuesta.content.decode()

    def test_pagina_de_planes_con_consultas_constantes(self, cliente_con_rol, django_assert_max_num_queries):
        cliente = cliente_con_rol("director")
        hoy = timezone.localdate()

        def crear(n):
            for i in range(n):
                plan = PlanFactory(tipos=[tipo()], dependencias=[DependenciaFactory()])
                tec = usuario_con_rol(TECNICO, f"tec-p{plan.pk}")
                OrdenFactory(plan=plan, tecnico=tec, fecha_limite=hoy - dt.timedelta(days=20 + i),
                             ventana_hasta=hoy - dt.timedelta(days=15), estado="completada",
                             fecha_cierre=hoy - dt.timedelta(days=18))
                OrdenFactory(plan=plan, fecha_limite=hoy - dt.timedelta(days=2), ventana_hasta=hoy - dt.timedelta(1))

        crear(2)
        url = reverse("mantenimiento:planes")
        with django_assert_max_num_queries(15) as pocas:
            assert cliente.get(url).status_code == 200
        crear(6)
        with django_assert_max_num_queries(len(pocas.captured_queries)):
            respuesta = cliente.get(url)
        html = respuesta.content.decode()
        assert "50 %" in html  # 8 a tiempo de 16 vencidas

    def test_periodo_invertido_y_fechas_malas(self, cliente_con_rol):
        cliente = cliente_con_rol("mesa")
        assert cliente.get(reverse("mantenimiento:planes") + "?desde=2026-12-31&hasta=2026-01-01").status_code == 200
        assert cliente.get(reverse("mantenimiento:planes") + "?desde=nada&hasta=2026-99-01").status_code == 200


class TestCalendarioYEquipo:
    def test_calendario(self, cliente_con_rol):
        hoy = timezone.localdate()
        orden_hoy()
        cliente = cliente_con_rol("director")
        respuesta = cliente.get(reverse("mantenimiento:calendario") + f"?mes={hoy:%Y-%m}")
        assert respuesta.status_code == 200
        assert f"dia={hoy:%Y-%m-%d}" in respuesta.content.decode()
        for mes in ("2026-13", "9999-12", "0001-01", "abc", "2026", "2026-1-1"):
            assert cliente.get(reverse("mantenimiento:calendario") + f"?mes={mes}").status_code == 200
        lista = cliente.get(reverse("mantenimiento:mi_lista") + f"?tecnico=todos&dia={hoy}")
        assert lista.content.decode().count("orden-tarjeta") == 1

    def test_seccion_en_la_ficha_del_equipo(self, cliente_con_rol, django_assert_max_num_queries):
        equipo = EquipoFactory()
        plan = PlanFactory(tipos=[tipo()], fecha_inicio=dt.date(2026, 1, 5))
        OrdenFactory(plan=plan, equipo=equipo, estado="completada", fecha_cierre=dt.date(2026, 3, 6),
                     fecha_programada=dt.date(2026, 3, 5))
        cliente = cliente_con_rol("tecnico")
        html = cliente.get(reverse("inventario:detalle", args=[equipo.pk])).content.decode()
        assert "Mantenimiento preventivo" in html and "Próximo vencimiento" in html
        assert plan.nombre in html

    def test_proximo_vencimiento(self, db):
        from comun.calendario import Calendario
        from mantenimiento.secciones import planes_del_equipo, proximo_vencimiento

        equipo = EquipoFactory()
        otro = EquipoFactory()
        plan = PlanFactory(tipos=[tipo()], fecha_inicio=dt.date(2026, 1, 5))
        PlanFactory(equipos=[otro])
        assert list(planes_del_equipo(equipo)) == [plan]
        cerrada = OrdenFactory(plan=plan, equipo=equipo, estado="completada", fecha_cierre=dt.date(2026, 3, 6),
                               fecha_programada=dt.date(2026, 3, 5))
        hoy = dt.date(2026, 3, 6)
        esperado = Calendario.cargar().dia_habil_anterior(dt.date(2026, 4, 5))
        assert proximo_vencimiento(equipo, [cerrada], [plan], hoy) == esperado
        abierta = OrdenFactory(plan=plan, equipo=equipo, fecha_limite=dt.date(2026, 3, 20))
        assert proximo_vencimiento(equipo, [abierta, cerrada], [plan], hoy) == dt.date(2026, 3, 20)

    def test_panel_del_tecnico(self, cliente_tecnico, tecnico):
        orden_hoy(tecnico)
        html = cliente_tecnico.get(reverse("comun:inicio")).content.decode()
        assert "Abrir mi lista" in html
