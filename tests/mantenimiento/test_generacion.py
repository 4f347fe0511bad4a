"""El generador de órdenes: alcance, idempotencia, bajas, días inhábiles y corridas simultáneas."""
import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from comun.models import DiaInhabil
from inventario import services as inventario
from mantenimiento import services
from mantenimiento.choices import EstadoOrden
from mantenimiento.models import OrdenMantenimiento
from tests.factories import DependenciaFactory, EquipoFactory, tipo, usuario_con_rol

from .factories import OrdenFactory, PlanFactory

D = dt.date
HOY = D(2026, 3, 2)  # lunes


def abiertas(**filtros):
    return OrdenMantenimiento.objects.filter(estado__in=["programada", "en_proceso"], **filtros)


def completar(orden, cierre):
    orden.estado = EstadoOrden.COMPLETADA
    orden.fecha_cierre = cierre
    orden.save()


@pytest.fixture
def parque(db):
    """Dos dependencias con PCs e impresoras."""
    a, b = DependenciaFactory(nombre="Tesorería"), DependenciaFactory(nombre="Obras Públicas")
    pcs_a = [EquipoFactory(dependencia=a) for _ in range(3)]
    pcs_b = [EquipoFactory(dependencia=b) for _ in range(2)]
    impresora = EquipoFactory(dependencia=a, tipo=tipo("Impresora"), modelo=None)
    return {"a": a, "b": b, "pcs_a": pcs_a, "pcs_b": pcs_b, "impresora": impresora}


class TestAlcance:
    def test_por_tipo_y_dependencia(self, parque):
        plan = PlanFactory(tipos=[tipo()], dependencias=[parque["a"]])
        assert set(plan.equipos_en_alcance()) == set(parque["pcs_a"])

    def test_solo_tipo(self, parque):
        plan = PlanFactory(tipos=[tipo()])
        assert set(plan.equipos_en_alcance()) == set(parque["pcs_a"] + parque["pcs_b"])

    def test_lista_explicita_se_suma_al_filtro(self, parque):
        plan = PlanFactory(tipos=[tipo()], dependencias=[parque["b"]], equipos=[parque["impresora"]])
        assert set(plan.equipos_en_alcance()) == set(parque["pcs_b"] + [parque["impresora"]])

    def test_sin_filtros_ni_lista_no_abarca_nada(self, parque):
        assert not PlanFactory().equipos_en_alcance().exists()

    def test_la_baja_nunca_entra(self, parque):
        plan = PlanFactory(equipos=[parque["impresora"]])
        usuario = usuario_con_rol("Administrador", "admin-baja")
        inventario.dar_de_baja(parque["impresora"], usuario, fecha=HOY, motivo="Obsoleta")
        assert not plan.equipos_en_alcance().exists()


class TestGenerar:
    def test_crea_una_por_equipo_y_una_segunda_corrida_no_crea_nada(self, parque, django_assert_max_num_queries):
        tecnico = usuario_con_rol("Técnico", "tec-1")
        plan = PlanFactory(tipos=[tipo()], fecha_inicio=D(2026, 3, 5), tecnicos=[tecnico])
        resumen = services.generar_ordenes(hoy=HOY)
        assert resumen["creadas"] == 5
        orden = abiertas(plan=plan).first()
        assert orden.fecha_programada == D(2026, 3, 5) and orden.fecha_limite == D(2026, 3, 5)
        assert orden.tecnico == tecnico and orden.plantilla == plan.plantilla
        assert orden.ventana_hasta == D(2026, 3, 9)
        with django_assert_max_num_queries(12):
            assert services.generar_ordenes(hoy=HOY)["creadas"] == 0
        assert abiertas().count() == 5

    def test_respeta_la_anticipacion(self, parque):
        plan = PlanFactory(tipos=[tipo()], dependencias=[parque["b"]], fecha_inicio=D(2026, 3, 20),
                           dias_anticipacion=7)
        assert services.generar_ordenes(hoy=HOY)["creadas"] == 0
        assert services.generar_ordenes(hoy=D(2026, 3, 12))["creadas"] == 0
        assert services.generar_ordenes(hoy=D(2026, 3, 13))["creadas"] == 2
        assert abiertas(plan=plan).count() == 2

    def test_hasta_genera_por_adelantado(self, parque):
        PlanFactory(tipos=[tipo()], dependencias=[parque["b"]], fecha_inicio=D(2026, 3, 20), dias_anticipacion=7)
        assert services.generar_ordenes(hoy=HOY, hasta=D(2026, 3, 13))["creadas"] == 2

    def test_dia_inhabil_municipal_y_fin_de_semana(self, parque):
        DiaInhabil.objects.create(fecha=D(2026, 3, 6), descripcion="Día del servidor público municipal")
        # 7 de marzo es sábado; el viernes 6 es inhábil municipal → jueves 5 (anterior) o lunes 9 (siguiente).
        anterior = PlanFactory(tipos=[tipo()], dependencias=[parque["b"]], fecha_inicio=D(2026, 3, 7))
        siguiente = PlanFactory(tipos=[tipo()], dependencias=[parque["b"]], fecha_inicio=D(2026, 3, 7),
                                ajuste_inhabil="siguiente")
        services.generar_ordenes(hoy=HOY)
        assert {o.fecha_limite for o in abiertas(plan=anterior)} == {D(2026, 3, 5)}
        assert {o.fecha_limite for o in abiertas(plan=siguiente)} == {D(2026, 3, 9)}
        assert {o.fecha_programada for o in abiertas()} == {D(2026, 3, 7)}

    def test_festivo_oficial(self, parque):
        # 16 de marzo de 2026: natalicio de Benito Juárez (tercer lunes de marzo).
        plan = PlanFactory(tipos=[tipo()], dependencias=[parque["b"]], fecha_inicio=D(2026, 3, 16),
                           ajuste_inhabil="siguiente", dias_anticipacion=20)
        services.generar_ordenes(hoy=HOY)
        assert {o.fecha_limite for o in abiertas(plan=plan)} == {D(2026, 3, 17)}

    def test_modo_fijo_tras_cierre_tardio_registra_las_omitidas(self, parque):
        equipo = parque["pcs_b"][0]
        plan = PlanFactory(equipos=[equipo], fecha_inicio=D(2026, 1, 5))
        services.generar_ordenes(hoy=D(2026, 1, 1))
        orden = abiertas(plan=plan).get()
        assert orden.fecha_programada == D(2026, 1, 5)
        completar(orden, D(2026, 3, 20))
        services.generar_ordenes(hoy=D(2026, 3, 20), hasta=D(2026, 4, 1))
        nueva = abiertas(plan=plan).get()
        assert (nueva.fecha_programada, nueva.fechas_omitidas) == (D(2026, 4, 5), 2)

    def test_modo_flotante_cuenta_desde_el_cierre(self, parque):
        equipo = parque["pcs_b"][0]
        plan = PlanFactory(equipos=[equipo], fecha_inicio=D(2026, 1, 5), modo="flotante")
        services.generar_ordenes(hoy=D(2026, 1, 1))
        completar(abiertas(plan=plan).get(), D(2026, 1, 20))
        services.generar_ordenes(hoy=D(2026, 2, 13))
        nueva = abiertas(plan=plan).get()
        assert (nueva.fecha_programada, nueva.fecha_limite) == (D(2026, 2, 20), D(2026, 2, 20))

    def test_no_realizada_cuenta_como_cierre(self, parque):
        equipo = parque["pcs_b"][0]
        plan = PlanFactory(equipos=[equipo], fecha_inicio=D(2026, 1, 5))
        services.generar_ordenes(hoy=D(2026, 1, 1))
        orden = abiertas(plan=plan).get()
        services.marcar_no_realizada(orden, None, "La oficina estuvo cerrada por remodelación.",
                                     ahora=dt.datetime(2026, 1, 9, 12, tzinfo=dt.UTC))
        services.generar_ordenes(hoy=D(2026, 1, 29))
        assert abiertas(plan=plan).get().fecha_programada == D(2026, 2, 5)

    def test_cambios_de_alcance(self, parque):
        plan = PlanFactory(tipos=[tipo()], dependencias=[parque["a"]], fecha_inicio=D(2026, 3, 5))
        services.generar_ordenes(hoy=HOY)
        assert abiertas(plan=plan).count() == 3
        # La dependencia A sale y entra B: las de A se cancelan con motivo; B recibe las suyas.
        plan.dependencias.set([parque["b"]])
        resumen = services.generar_ordenes(hoy=HOY)
        assert resumen == {"creadas": 2, "canceladas": 3, "planes": 1}
        assert {o.equipo for o in abiertas(plan=plan)} == set(parque["pcs_b"])
        canceladas = OrdenMantenimiento.objects.filter(estado="cancelada")
        assert canceladas.count() == 3
        assert all(o.motivo_cierre == services.MOTIVO_FUERA for o in canceladas)

    def test_equipo_que_se_mueve_de_dependencia(self, parque):
        plan = PlanFactory(tipos=[tipo()], dependencias=[parque["a"]], fecha_inicio=D(2026, 3, 5))
        services.generar_ordenes(hoy=HOY)
        equipo = parque["pcs_a"][0]
        usuario = usuario_con_rol("Administrador", "admin-trf")
        inventario.transferir_resguardo(equipo, usuario, fecha=HOY, motivo="Cambio de área",
                                        dependencia=parque["b"])
        services.generar_ordenes(hoy=HOY)
        assert not abiertas(plan=plan, equipo=equipo).exists()

    def test_baja_cancela_las_abiertas_con_el_motivo(self, parque):
        PlanFactory(tipos=[tipo()], fecha_inicio=D(2026, 3, 5))
        services.generar_ordenes(hoy=HOY)
        equipo = parque["pcs_a"][1]
        usuario = usuario_con_rol("Administrador", "admin-baja2")
        inventario.dar_de_baja(equipo, usuario, fecha=HOY, motivo="Tarjeta madre dañada")
        orden = OrdenMantenimiento.objects.get(equipo=equipo)
        assert orden.estado == "cancelada"
        assert "baja" in orden.motivo_cierre and "Tarjeta madre dañada" in orden.motivo_cierre
        assert services.generar_ordenes(hoy=HOY)["creadas"] == 0

    def test_baja_hecha_sin_el_servicio_la_limpia_el_generador(self, parque):
        PlanFactory(tipos=[tipo()], fecha_inicio=D(2026, 3, 5))
        services.generar_ordenes(hoy=HOY)
        equipo = parque["pcs_a"][2]
        type(equipo).objects.filter(pk=equipo.pk).update(estado="baja")
        assert services.generar_ordenes(hoy=HOY)["canceladas"] == 1
        assert OrdenMantenimiento.objects.get(equipo=equipo).motivo_cierre == services.MOTIVO_BAJA

    def test_plan_inactivo(self, parque):
        plan = PlanFactory(tipos=[tipo()], fecha_inicio=D(2026, 3, 5))
        services.generar_ordenes(hoy=HOY)
        plan.activo = False
        plan.save()
        assert services.generar_ordenes(hoy=HOY) == {"creadas": 0, "canceladas": 5, "planes": 0}

    def test_la_restriccion_impide_dos_abiertas(self, parque):
        from django.db import IntegrityError, transaction

        orden = OrdenFactory(equipo=parque["pcs_a"][0])
        with pytest.raises(IntegrityError), transaction.atomic():
            OrdenFactory(plan=orden.plan, equipo=orden.equipo)
        OrdenFactory(plan=orden.plan, equipo=orden.equipo, estado="completada")  # cerradas, las que sean

    def test_a_demanda(self, parque):
        orden = services.crear_orden_a_demanda(parque["impresora"], D(2026, 3, 7))
        assert orden.plan is None and orden.origen == "a_demanda"
        assert orden.plantilla.nombre == "Impresora"
        assert orden.fecha_limite == D(2026, 3, 9)  # sábado → lunes
        otra = services.crear_orden_a_demanda(parque["impresora"], D(2026, 3, 10))
        assert otra.pk != orden.pk
        type(parque["impresora"]).objects.filter(pk=parque["impresora"].pk).update(estado="baja")
        parque["impresora"].refresh_from_db()
        with pytest.raises(services.OperacionNoPermitida, match="baja"):
            services.crear_orden_a_demanda(parque["impresora"], D(2026, 3, 10))


class TestComando:
    def test_fecha_invalida(self, db):
        with pytest.raises(CommandError, match="Fecha inválida"):
            call_command("generar_ordenes", "--hasta", "31/02/2026")

    def test_fecha_pasada(self, db):
        with pytest.raises(CommandError, match="anterior a hoy"):
            call_command("generar_ordenes", "--hasta", "2000-01-01")

    def test_genera(self, parque, capsys):
        PlanFactory(tipos=[tipo()], fecha_inicio=D(2020, 1, 1), intervalo=1, unidad="dias", dias_anticipacion=0)
        call_command("generar_ordenes")
        assert "Órdenes creadas: 5" in capsys.readouterr().out
        call_command("generar_ordenes", "--hasta", "2099-12-31")
        assert "Órdenes creadas: 0" in capsys.readouterr().out

    def test_tarea_programada_se_sincroniza_y_corre(self, parque):
        from django_q.models import Schedule

        from mantenimiento import tasks

        call_command("sincronizar_tareas")
        call_command("sincronizar_tareas")  # idempotente
        programada = Schedule.objects.get(func="mantenimiento.tasks.generar_ordenes")
        assert programada.schedule_type == "D"
        PlanFactory(tipos=[tipo()], fecha_inicio=D(2020, 1, 1), intervalo=1, unidad="dias", dias_anticipacion=0)
        assert tasks.generar_ordenes() == "5 órdenes creadas, 0 canceladas"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # no deja la base sin catálogos a las e2e
def test_dos_corridas_simultaneas_no_duplican():
    dependencia = DependenciaFactory(nombre="Dependencia concurrente")
    for _ in range(40):
        EquipoFactory(dependencia=dependencia)
    PlanFactory(tipos=[tipo()], fecha_inicio=D(2026, 3, 5))
    PlanFactory(dependencias=[dependencia], fecha_inicio=D(2026, 3, 4), modo="flotante")
    barrera = threading.Barrier(4)
    errores, resultados = [], []

    def correr():
        try:
            barrera.wait()
            resultados.append(services.generar_ordenes(hoy=HOY)["creadas"])
        except Exception as exc:  # pragma: no cover - se informa abajo
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr) for _ in range(4)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert not errores
    assert abiertas().count() == 80
    assert abiertas().values("plan", "equipo").distinct().count() == 80
    assert services.generar_ordenes(hoy=HOY)["creadas"] == 0
