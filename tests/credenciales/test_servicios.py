"""Lotes, emisión, revocación, baja del empleado, reimpresión y entrega."""
import pytest
from django.test import override_settings

from comun.models import Empleado
from credenciales import services
from credenciales.choices import Estado
from credenciales.models import Credencial, LoteImpresion
from soporte.choices import Estado as EstadoSolicitud
from soporte.models import Solicitud
from tests.credenciales import factories as f
from tests.factories import EmpleadoFactory
from tests.soporte.factories import solicitud as solicitud_soporte

pytestmark = pytest.mark.django_db


def test_lote_ajusta_cantidad_y_meta_de_la_solicitud():
    solicitud = f.solicitud(cantidad=1)
    assert solicitud.meta_resolucion_min == 5
    lote = services.crear_lote(solicitud, [EmpleadoFactory() for _ in range(4)])
    solicitud.refresh_from_db()
    assert lote.credenciales.count() == 4
    assert solicitud.cantidad == 4 and solicitud.meta_resolucion_min == 20
    assert solicitud.vence_resolucion is not None
    services.crear_lote(solicitud, [EmpleadoFactory() for _ in range(2)])
    solicitud.refresh_from_db()
    assert solicitud.cantidad == 6 and solicitud.meta_resolucion_min == 30


def test_credencial_folio_token_y_copia_de_datos():
    empleado = EmpleadoFactory(puesto="Auxiliar", tipo=Empleado.Tipo.POLICIA)
    c = f.credencial(empleado)
    assert c.folio.startswith("CRED-") and len(c.folio) == len("CRED-2026-000001")
    assert len(c.token) >= 32 and str(c.pk) != c.token
    assert c.nombre == empleado.nombre_completo and c.numero_empleado == empleado.numero_empleado
    assert c.es_policia and c.estado == Estado.VIGENTE
    assert str(c.vigencia) == "2027-09-30"
    assert f.credencial().token != c.token


def test_solicitud_de_otro_servicio_rechazada():
    otra = solicitud_soporte("soporte-tecnico")
    with pytest.raises(services.AccionNoPermitida, match="no de impresión de credenciales"):
        services.crear_lote(otra, [EmpleadoFactory()])
    assert not LoteImpresion.objects.exists()


def test_solicitud_cerrada_no_admite_lotes():
    solicitud = f.solicitud()
    from soporte import services as soporte

    soporte.cambiar_estado(solicitud, EstadoSolicitud.CANCELADA, nota="Duplicada")
    with pytest.raises(services.AccionNoPermitida, match="cancelada"):
        services.crear_lote(solicitud, [EmpleadoFactory()])


def test_empleado_inactivo_no_recibe_credencial():
    inactivo = EmpleadoFactory(activo=False)
    with pytest.raises(services.AccionNoPermitida, match="dado de baja"):
        services.emitir(inactivo)
    solicitud = f.solicitud()
    with pytest.raises(services.AccionNoPermitida, match="dados de baja"):
        services.crear_lote(solicitud, [EmpleadoFactory(), inactivo])
    assert not Credencial.objects.exists() and not LoteImpresion.objects.exists()


def test_numeros_pegados_con_errores_por_renglon():
    activo = EmpleadoFactory(numero_empleado="A-100")
    EmpleadoFactory(numero_empleado="B-200", activo=False)
    empleados, errores = services.leer_numeros("a-100\nZZ-9\nB-200, A-100\n\n")
    assert empleados == [activo]
    assert errores == [
        "Renglón 2: no existe el empleado número «ZZ-9».",
        f"Renglón 3: {Empleado.objects.get(numero_empleado='B-200').nombre_completo} (B-200) está dado de baja.",
        "Renglón 3: el empleado A-100 está repetido.",
    ]


def test_baja_del_empleado_revoca_sus_credenciales():
    c = f.credencial()
    otra = f.credencial()
    empleado = c.empleado
    empleado.activo = False
    empleado.save()
    c.refresh_from_db()
    otra.refresh_from_db()
    assert c.estado == Estado.REVOCADA and c.motivo_revocacion == "El empleado causó baja"
    assert otra.estado == Estado.VIGENTE


def test_reimpresion_revoca_el_token_anterior():
    anterior = f.credencial()
    nueva = services.reimprimir(anterior, motivo="Extravío")
    anterior.refresh_from_db()
    assert anterior.estado == Estado.REVOCADA and anterior.motivo_revocacion == "Reimpresión: Extravío"
    assert nueva.reemplaza == anterior and nueva.token != anterior.token and nueva.folio != anterior.folio
    assert nueva.estado == Estado.VIGENTE and nueva.foto  # conserva la foto anterior
    with pytest.raises(services.AccionNoPermitida, match="ya fue reimpresa"):
        services.reimprimir(anterior)
    assert anterior.history.count() == 2  # emitida y revocada


def test_revocar_dos_veces_y_sin_motivo():
    c = f.credencial()
    with pytest.raises(services.AccionNoPermitida, match="motivo"):
        services.revocar(c, "  ")
    services.revocar(c, "Extravío o robo")
    with pytest.raises(services.AccionNoPermitida, match="ya estaba revocada"):
        services.revocar(c, "Otra vez")


@override_settings(SIGMA_CREDENCIALES_VIGENCIA="30/09/2027")
def test_vigencia_mal_escrita_da_mensaje_claro():
    with pytest.raises(services.AccionNoPermitida, match="SIGMA_CREDENCIALES_VIGENCIA"):
        services.emitir(EmpleadoFactory())
    assert not Credencial.objects.exists()


@override_settings(SIGMA_CREDENCIALES_VIGENCIA="2020-01-31")
def test_vigencia_pasada_no_emite():
    with pytest.raises(services.AccionNoPermitida, match="ya pasó"):
        services.emitir(EmpleadoFactory())


def test_foto_del_expediente_se_usa_si_es_valida():
    from django.core.files.base import ContentFile

    from credenciales import fotos

    empleado = EmpleadoFactory()
    empleado.foto.save("e.jpg", ContentFile(fotos.silueta(1)), save=True)
    c = services.emitir(empleado)
    assert c.foto
    sin_foto = services.emitir(EmpleadoFactory())
    assert not sin_foto.foto


def test_marcar_entregadas_resuelve_la_solicitud():
    lote = f.lote(2)
    services.marcar_entregadas(lote)
    solicitud = Solicitud.objects.get(pk=lote.solicitud_id)
    assert solicitud.estado == EstadoSolicitud.RESUELTA
    assert solicitud.resolucion == f"2 credenciales impresas (lote #{lote.pk})"
    with pytest.raises(services.AccionNoPermitida, match="ya se había entregado"):
        services.marcar_entregadas(lote)


def test_entrega_con_solicitud_cancelada_no_escribe_nada():
    lote = f.lote(1)
    from soporte import services as soporte

    soporte.cambiar_estado(lote.solicitud, EstadoSolicitud.CANCELADA, nota="Se canceló")
    with pytest.raises(services.AccionNoPermitida):
        services.marcar_entregadas(lote)
    lote.refresh_from_db()
    assert lote.entregado_en is None


def test_cambiar_foto_de_revocada_no_procede():
    c = f.credencial()
    services.revocar(c, "Extravío o robo")
    with pytest.raises(services.AccionNoPermitida, match="revocada"):
        services.cambiar_foto(c, f.archivo_foto())
