"""Folios DIG-AAAA-NNNNNN y QJ-AAAA-NNNNNN: únicos y sin huecos por año, también con registros simultáneos."""
import datetime as dt
import threading
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from soporte import services
from soporte.models import ContadorFolio, Queja, Solicitud
from tests.factories import EmpleadoFactory
from tests.soporte import factories as f

ZONA = ZoneInfo("America/Mexico_City")
RECIBIDA = dt.datetime(2026, 11, 24, 10, tzinfo=ZONA)


@contextmanager
def ahora_es(momento):
    with mock.patch("django.utils.timezone.now", return_value=momento):
        yield


def registrar(empleado, recibida=RECIBIDA, clave="soporte-tecnico"):
    with ahora_es(recibida):
        return services.crear_solicitud(servicio=f.servicio(clave), solicitante=empleado, asunto="No enciende",
                                        recibida=recibida)


def folios_esperados(prefijo, anio, n):
    return [f"{prefijo}-{anio}-{i:06d}" for i in range(1, n + 1)]


@pytest.mark.django_db
class TestSecuencial:
    def test_folios_consecutivos_sin_huecos(self):
        empleado = EmpleadoFactory()
        folios = [registrar(empleado).folio for _ in range(25)]
        assert folios == folios_esperados("DIG", 2026, 25)
        assert ContadorFolio.objects.get(prefijo="DIG", anio=2026).ultimo == 25

    def test_un_registro_rechazado_no_deja_hueco(self):
        empleado = EmpleadoFactory()
        registrar(empleado)
        with pytest.raises(services.AccionNoPermitida), ahora_es(RECIBIDA):
            services.crear_solicitud(servicio=f.servicio("plataformas-web"), solicitante=empleado,
                                     asunto="Portal", recibida=RECIBIDA, fecha_compromiso=None)
        assert registrar(empleado).folio == "DIG-2026-000002"

    def test_el_anio_nuevo_empieza_en_uno(self):
        empleado = EmpleadoFactory()
        fin_de_anio = dt.datetime(2026, 12, 31, 23, 30, tzinfo=ZONA)
        # 03:00 UTC del 1 de enero sigue siendo 31 de diciembre en la oficina (UTC-6).
        casi = dt.datetime(2027, 1, 1, 3, 0, tzinfo=dt.UTC)
        anio_nuevo = dt.datetime(2027, 1, 1, 0, 10, tzinfo=ZONA)
        assert [registrar(empleado, r).folio for r in (fin_de_anio, casi, anio_nuevo, anio_nuevo)] == [
            "DIG-2026-000001", "DIG-2026-000002", "DIG-2027-000001", "DIG-2027-000002"]
        assert registrar(empleado, fin_de_anio).folio == "DIG-2026-000003"

    def test_quejas_llevan_su_propio_contador(self):
        empleado = EmpleadoFactory()
        solicitudes = [registrar(empleado) for _ in range(3)]
        with ahora_es(RECIBIDA + dt.timedelta(days=1)):
            quejas = [
                services.presentar_queja(s, compromiso="inicial", descripcion="Nadie atendió.",
                                         presentada_por="El solicitante", canal="mesa").folio
                for s in solicitudes + solicitudes[:1]
            ]
        assert quejas == folios_esperados("QJ", 2026, 4)
        assert registrar(empleado).folio == "DIG-2026-000004"
        with ahora_es(dt.datetime(2027, 1, 4, 10, tzinfo=ZONA)):
            queja = services.presentar_queja(solicitudes[0], compromiso="resolucion", descripcion="Otra vez.",
                                             presentada_por="El solicitante", canal="publico")
        assert queja.folio == "QJ-2027-000001"
        assert Queja.objects.count() == 5

    def test_prefijos_independientes(self):
        with transaction.atomic():
            assert ContadorFolio.siguiente("XX", 2026) == "XX-2026-000001"
            assert ContadorFolio.siguiente("XX", 2026) == "XX-2026-000002"
            assert ContadorFolio.siguiente("YY", 2026) == "YY-2026-000001"


HILOS, POR_HILO = 8, 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_folios_sin_huecos_ni_duplicados_con_hilos_simultaneos():
    empleado = EmpleadoFactory()
    servicio = f.servicio("soporte-tecnico")
    barrera = threading.Barrier(HILOS)
    errores = []

    def trabajar(n):
        try:
            barrera.wait(timeout=30)
            for i in range(POR_HILO):
                services.crear_solicitud(servicio=servicio, solicitante=empleado, asunto=f"Hilo {n} #{i}",
                                         recibida=RECIBIDA + dt.timedelta(minutes=n))
        except Exception as exc:  # pragma: no cover - se informa abajo
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=trabajar, args=(n,)) for n in range(HILOS)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert not errores, errores
    total = HILOS * POR_HILO
    folios = sorted(Solicitud.objects.values_list("folio", flat=True))
    assert folios == folios_esperados("DIG", 2026, total)
    assert ContadorFolio.objects.get(prefijo="DIG", anio=2026).ultimo == total
    # Cada hilo registró sus diez solicitudes.
    assert Solicitud.objects.filter(asunto__startswith="Hilo 7 #").count() == POR_HILO


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_primer_folio_del_anio_con_hilos_simultaneos():
    """El contador del año aún no existe: varios hilos lo crean a la vez (get_or_create) sin duplicar."""
    empleado = EmpleadoFactory()
    servicio = f.servicio("impresion-credenciales")
    barrera = threading.Barrier(HILOS)
    errores = []
    recibida = dt.datetime(2031, 1, 2, 10, tzinfo=ZONA)

    def trabajar():
        try:
            barrera.wait(timeout=30)
            services.crear_solicitud(servicio=servicio, solicitante=empleado, asunto="Credenciales",
                                     recibida=recibida, cantidad=3)
        except Exception as exc:  # pragma: no cover - se informa abajo
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=trabajar) for _ in range(HILOS)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert not errores, errores
    assert sorted(Solicitud.objects.values_list("folio", flat=True)) == folios_esperados("DIG", 2031, HILOS)
    assert ContadorFolio.objects.filter(prefijo="DIG", anio=2031).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_el_contador_exige_transaccion():
    with pytest.raises(RuntimeError, match="transacción"):
        ContadorFolio.siguiente("DIG", 2026)
