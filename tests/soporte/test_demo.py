"""Demo de la mesa de servicio: reproducible, idempotente, coherente con los relojes y con todo representado."""
import datetime as dt

import pytest
from django.utils import timezone

from comun.calendario import Calendario
from inventario.demo import generar as generar_municipio
from soporte import services
from soporte.choices import TRANSICIONES, Estado
from soporte.demo import FORZADOS, PESO_SERVICIOS, generar
from soporte.models import (
    Asesoria,
    CambioEstado,
    ContadorFolio,
    Encuesta,
    Hito,
    Incumplimiento,
    Proyecto,
    Queja,
    Solicitud,
)

pytestmark = pytest.mark.django_db
N = 60
AHORA = timezone.now().replace(microsecond=0)


@pytest.fixture
def municipio():
    generar_municipio(semilla=7, empleados=40, equipos=80, con_historial=False)


def _huella():
    return (
        list(Solicitud.objects.order_by("folio").values_list(
            "folio", "servicio__clave", "canal", "solicitante__numero_empleado", "dependencia__nombre", "asunto",
            "estado", "tipo_espera", "recibida", "tecnico__username", "cantidad", "fecha_compromiso",
            "meta_inicial_min", "meta_resolucion_min", "atendida_en", "resuelta_en", "cerrada_en",
            "vence_inicial", "vence_resolucion")),
        list(CambioEstado.objects.order_by("solicitud__folio", "en", "pk").values_list(
            "solicitud__folio", "anterior", "nuevo", "en", "usuario__username", "nota")),
        list(Incumplimiento.objects.order_by("solicitud__folio", "compromiso").values_list(
            "solicitud__folio", "compromiso", "meta_min", "vencio_en")),
        list(Queja.objects.order_by("folio").values_list("folio", "solicitud__folio", "compromiso", "estado",
                                                         "respondida_por__username")),
        list(Encuesta.objects.order_by("solicitud__folio").values_list("solicitud__folio", "calificacion", "medio")),
        list(Proyecto.objects.order_by("solicitud__folio").values_list("solicitud__folio", "fase", "avance")),
        list(Hito.objects.order_by("proyecto__solicitud__folio", "fecha_objetivo", "nombre").values_list(
            "proyecto__solicitud__folio", "nombre", "fecha_objetivo", "cumplido_en")),
        list(Solicitud.equipos.through.objects.order_by("solicitud__folio", "equipo__numero_inventario")
             .values_list("solicitud__folio", "equipo__numero_inventario")),
    )


def _borrar_todo():
    Queja.objects.all().delete()
    Solicitud.objects.all().delete()
    Solicitud.history.all().delete()
    Proyecto.history.all().delete()
    ContadorFolio.objects.all().delete()


def test_todo_representado_y_coherente(municipio):
    creados = generar(semilla=11, solicitudes=N, ahora=AHORA)
    assert creados["Solicitudes"] == N == Solicitud.objects.count()
    assert set(Solicitud.objects.values_list("estado", flat=True)) == set(Estado.values) == set(FORZADOS)
    assert set(Solicitud.objects.values_list("servicio__clave", flat=True)) == set(PESO_SERVICIOS)
    assert Solicitud.objects.values("canal").distinct().count() >= 3
    assert creados["Incumplimientos"] == Incumplimiento.objects.count() > 0
    assert creados["Quejas"] == Queja.objects.count() >= 1
    assert all(q.incumplimiento_id and q.incumplimiento.solicitud_id == q.solicitud_id
               for q in Queja.objects.select_related("incumplimiento"))
    assert not Queja.objects.filter(estado="cerrada").exclude(respondida_por__username="director").exists()
    assert Encuesta.objects.filter(respondida_en__isnull=False).exists()
    assert creados["Asesorías"] == Asesoria.objects.count() > 0
    assert Proyecto.objects.count() == Solicitud.objects.filter(servicio__con_fases=True).count() > 0
    assert Hito.objects.exists()
    # Las credenciales traen cantidad y los proyectos su fecha acordada.
    assert not Solicitud.objects.filter(servicio__clave="impresion-credenciales", cantidad__lt=3).exists()
    assert not Solicitud.objects.filter(servicio__con_fases=True, fecha_compromiso__isnull=True).exists()


def test_bitacora_legal_en_horario_y_relojes_como_los_del_servicio(municipio):
    generar(semilla=11, solicitudes=N, ahora=AHORA)
    calendario = Calendario.cargar()
    bitacoras = services.bitacoras_de(list(Solicitud.objects.values_list("pk", flat=True)))
    folios = []
    for solicitud in Solicitud.objects.select_related("servicio").order_by("recibida", "pk"):
        assert calendario.es_horario_habil(solicitud.recibida), solicitud.folio
        cambios = list(solicitud.cambios.values_list("anterior", "nuevo", "en"))
        assert cambios[0][:2] == ("", Estado.NUEVA)
        for anterior, nuevo, en in cambios[1:]:
            assert nuevo in TRANSICIONES[Estado(anterior)], (solicitud.folio, anterior, nuevo)
            assert solicitud.recibida <= en <= AHORA
        assert cambios[-1][1] == solicitud.estado
        folios.append(solicitud.folio)
        # Lo que calcularía la mesa con la misma bitácora: mismos vencimientos, ningún incumplimiento nuevo.
        antes = (solicitud.vence_inicial, solicitud.vence_resolucion, solicitud.incumplimientos.count())
        services.actualizar_relojes(solicitud, calendario, ahora=AHORA, bitacora=bitacoras[solicitud.pk])
        assert (solicitud.vence_inicial, solicitud.vence_resolucion, solicitud.incumplimientos.count()) == antes
    # Folios en orden de recepción, sin huecos, por año.
    por_anio = {}
    for folio in folios:
        _, anio, numero = folio.split("-")
        por_anio.setdefault(anio, []).append(int(numero))
    for numeros in por_anio.values():
        assert numeros == list(range(1, len(numeros) + 1))
    assert AHORA - dt.timedelta(days=370) < Solicitud.objects.order_by("recibida").first().recibida
    # Historial de los proyectos: en orden, en horario y antes de «ahora».
    for proyecto in Proyecto.objects.all():
        fechas = list(proyecto.history.order_by("history_id").values_list("history_date", flat=True))
        assert fechas == sorted(fechas) and fechas[-1] <= AHORA
        assert all(calendario.es_horario_habil(f) for f in fechas[1:]), proyecto.solicitud.folio


def test_idempotente_y_reproducible(municipio):
    primera = generar(semilla=11, solicitudes=N, ahora=AHORA)
    huella = _huella()
    segunda = generar(semilla=11, solicitudes=N, ahora=AHORA)
    assert not any(segunda.values()), segunda
    assert _huella() == huella
    _borrar_todo()
    assert generar(semilla=11, solicitudes=N, ahora=AHORA) == {**primera, "Usuarios de demostración": 0}
    assert _huella() == huella
    _borrar_todo()
    generar(semilla=12, solicitudes=N, ahora=AHORA)
    assert _huella() != huella


def test_usa_usuarios_existentes_y_crea_los_que_faltan(municipio):
    from django.contrib.auth import get_user_model

    from tests.factories import usuario_con_rol

    propio = usuario_con_rol("Técnico", username="tecnico")
    creados = generar(semilla=11, solicitudes=N, ahora=AHORA)
    assert creados["Usuarios de demostración"] == 4
    usuarios = get_user_model().objects.filter(username__in=["tecnico2", "tecnico3", "mesa", "director"])
    assert all(not u.has_usable_password() for u in usuarios)
    assert get_user_model().objects.get(username="tecnico2").groups.filter(name="Técnico").exists()
    assert Solicitud.objects.filter(tecnico=propio).exists()
    propio.refresh_from_db()
    assert propio.check_password("clave-de-prueba")


def test_sin_municipio_no_hace_nada():
    assert not any(generar(semilla=1, solicitudes=N).values())
    assert not Solicitud.objects.exists()


def test_por_omision_cinco_por_empleado(municipio):
    assert generar(semilla=1, ahora=AHORA)["Solicitudes"] == 5 * 40



def test_el_dia_despues_de_un_puente(municipio):
    """Martes después del lunes festivo (Revolución) : «ayer» y «antier» no son hábiles; no se cicla."""
    from comun.calendario import ZONA_OFICINA

    martes = dt.datetime(2026, 11, 17, 8, 0, tzinfo=ZONA_OFICINA)
    generar(semilla=5, solicitudes=20, ahora=martes)
    assert set(Solicitud.objects.values_list("estado", flat=True)) == set(Estado.values)
    assert not CambioEstado.objects.filter(en__gt=martes).exists()
