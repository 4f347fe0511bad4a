"""Páginas: crear lote desde una solicitud, detalle, PDF, entrega, foto, revocación, reimpresión y listas."""
import pytest
from django.urls import reverse

from credenciales import services
from credenciales.choices import Estado
from credenciales.models import Credencial, LoteImpresion
from soporte.choices import Estado as EstadoSolicitud
from soporte.models import Solicitud
from tests.credenciales import factories as f
from tests.factories import EmpleadoFactory

pytestmark = pytest.mark.django_db


def _html(respuesta):
    return respuesta.content.decode()


def test_crear_lote_con_numeros_y_elegidos(cliente_con_rol):
    cliente = cliente_con_rol("mesa")
    solicitud = f.solicitud()
    pegados = [EmpleadoFactory() for _ in range(2)]
    elegido = EmpleadoFactory()
    url = reverse("credenciales:lote_nuevo", args=[solicitud.folio])
    assert cliente.get(url).status_code == 200
    respuesta = cliente.post(url, {"numeros": "\n".join(e.numero_empleado for e in pegados),
                                   "empleados": [elegido.pk], "notas": "Oficio RH/123"})
    lote = LoteImpresion.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == lote.get_absolute_url()
    assert lote.credenciales.count() == 3 and lote.notas == "Oficio RH/123"
    assert Solicitud.objects.get(pk=solicitud.pk).meta_resolucion_min == 15


def test_crear_lote_con_errores_no_escribe_nada(cliente_con_rol):
    cliente = cliente_con_rol("tecnico")
    solicitud = f.solicitud()
    bueno = EmpleadoFactory()
    baja = EmpleadoFactory(activo=False)
    respuesta = cliente.post(reverse("credenciales:lote_nuevo", args=[solicitud.folio]),
                             {"numeros": f"{bueno.numero_empleado}\nNO-EXISTE\n{baja.numero_empleado}"})
    assert respuesta.status_code == 400
    html = _html(respuesta)
    assert "Renglón 2: no existe el empleado número «NO-EXISTE»." in html
    assert "Renglón 3:" in html and "dado de baja" in html
    assert not LoteImpresion.objects.exists() and not Credencial.objects.exists()
    vacio = cliente.post(reverse("credenciales:lote_nuevo", args=[solicitud.folio]), {"numeros": ""})
    assert vacio.status_code == 400 and "Elija empleados" in _html(vacio)


def test_lote_para_solicitud_de_otro_servicio(cliente_con_rol):
    from tests.soporte.factories import solicitud

    otra = solicitud("soporte-tecnico")
    respuesta = cliente_con_rol("mesa").get(reverse("credenciales:lote_nuevo", args=[otra.folio]))
    assert respuesta.status_code == 400 and "no de impresión de credenciales" in _html(respuesta)


def test_detalle_del_lote_pdf_y_entrega(cliente_con_rol):
    cliente = cliente_con_rol("mesa")
    lote = f.lote(2)
    html = _html(cliente.get(lote.get_absolute_url()))
    assert "PDF tarjetas CR80" in html and "Marcar entregadas" in html
    pdf = cliente.get(reverse("credenciales:lote_pdf", args=[lote.pk]) + "?formato=carta")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf["Content-Disposition"]
    malo = cliente.get(reverse("credenciales:lote_pdf", args=[lote.pk]) + "?formato=a4")
    assert malo.status_code == 400
    respuesta = cliente.post(reverse("credenciales:lote_entregar", args=[lote.pk]))
    assert respuesta.status_code == 302
    assert Solicitud.objects.get(pk=lote.solicitud_id).estado == EstadoSolicitud.RESUELTA
    otra_vez = cliente.post(reverse("credenciales:lote_entregar", args=[lote.pk]))
    assert otra_vez.status_code == 409 and "ya se había entregado" in _html(otra_vez)


def test_director_ve_pero_no_imprime(cliente_con_rol):
    lote = f.lote(1)
    cliente = cliente_con_rol("director")
    html = _html(cliente.get(lote.get_absolute_url()))
    assert "PDF tarjetas" not in html and "Marcar entregadas" not in html
    assert cliente.get(reverse("credenciales:lote_pdf", args=[lote.pk])).status_code == 403


@pytest.mark.parametrize(("contenido", "mensaje"), [
    (b"<html>no soy foto</html>", "no es una imagen JPEG o PNG"),
    (f.imagen(200, 200), "al menos 300"),
    (f.imagen(400, 600, "GIF"), "debe ser JPEG o PNG"),
])
def test_subir_foto_mala_400_con_mensaje(cliente_con_rol, contenido, mensaje):
    c = f.credencial()
    nombre_antes = c.foto.name
    respuesta = cliente_con_rol("mesa").post(reverse("credenciales:cambiar_foto", args=[c.pk]),
                                             {"foto": f.archivo_foto(contenido=contenido, nombre="foto.jpg")})
    assert respuesta.status_code == 400 and mensaje in _html(respuesta)
    c.refresh_from_db()
    assert c.foto.name == nombre_antes


def test_subir_foto_buena(cliente_con_rol):
    c = f.credencial()
    antes = c.foto.name
    cliente = cliente_con_rol("tecnico")
    respuesta = cliente.post(reverse("credenciales:cambiar_foto", args=[c.pk]), {"foto": f.archivo_foto(900, 1200)})
    assert respuesta.status_code == 302
    c.refresh_from_db()
    assert c.foto.name != antes
    foto = cliente.get(reverse("credenciales:foto", args=[c.pk]))
    assert foto.status_code == 200 and foto["Content-Type"] == "image/jpeg"


def test_revocar_y_reimprimir_desde_la_ficha(cliente_con_rol):
    cliente = cliente_con_rol("mesa")
    c = f.credencial()
    sin_motivo = cliente.post(reverse("credenciales:revocar", args=[c.pk]), {"motivo": ""})
    assert sin_motivo.status_code == 400
    otro_vacio = cliente.post(reverse("credenciales:revocar", args=[c.pk]), {"motivo": "otro", "detalle": ""})
    assert otro_vacio.status_code == 400 and "Escriba el motivo" in _html(otro_vacio)
    ok = cliente.post(reverse("credenciales:revocar", args=[c.pk]), {"motivo": "Extravío o robo"})
    assert ok.status_code == 302
    c.refresh_from_db()
    assert c.estado == Estado.REVOCADA and c.revocada_por.username == "prueba-mesa"
    respuesta = cliente.post(reverse("credenciales:reimprimir", args=[c.pk]), {"motivo": "Extravío"})
    nueva = Credencial.objects.get(reemplaza=c)
    assert respuesta.status_code == 302 and respuesta.url == nueva.get_absolute_url()
    html = _html(cliente.get(nueva.get_absolute_url()))
    assert c.folio in html and "Emitida" in html
    html_anterior = _html(cliente.get(c.get_absolute_url()))
    assert "Reemplazada por" in html_anterior and "Revocada: Extravío o robo" in html_anterior
    pdf = cliente.get(reverse("credenciales:credencial_pdf", args=[nueva.pk]))
    assert pdf.status_code == 200
    assert cliente.get(reverse("credenciales:credencial_pdf", args=[c.pk])).status_code == 400


def test_reimprimir_con_foto_mala(cliente_con_rol):
    c = f.credencial()
    respuesta = cliente_con_rol("mesa").post(reverse("credenciales:reimprimir", args=[c.pk]), {
        "motivo": "Dañada", "foto": f.archivo_foto(contenido=b"GIF89a....", nombre="x.jpg")})
    assert respuesta.status_code == 400 and "no es una imagen" in _html(respuesta)
    c.refresh_from_db()
    assert c.estado == Estado.VIGENTE and not Credencial.objects.filter(reemplaza=c).exists()


def test_busqueda_por_empleado(cliente_con_rol):
    c = f.credencial(EmpleadoFactory(nombre="Zacarías", apellidos="Quintero", numero_empleado="Q-1"))
    f.credencial()
    cliente = cliente_con_rol("director")
    html = _html(cliente.get(reverse("credenciales:lista"), {"q": "zacar"}))
    assert c.folio in html and "1 credencial" in html
    html = _html(cliente.get(reverse("credenciales:lista"), {"q": "Q-1", "estado": "vigente"}))
    assert c.folio in html


def _consultas_constantes(cliente, url, crear, django_assert_max_num_queries, maximo):
    crear(2)
    with django_assert_max_num_queries(maximo):
        assert cliente.get(url).status_code == 200
    crear(6)
    with django_assert_max_num_queries(maximo):
        assert cliente.get(url).status_code == 200


def test_consultas_de_las_listas_no_crecen(cliente_con_rol, django_assert_max_num_queries):
    cliente = cliente_con_rol("mesa")
    _consultas_constantes(cliente, reverse("credenciales:lotes"),
                          lambda n: [f.lote(1, con_foto=False) for _ in range(n)], django_assert_max_num_queries, 8)
    _consultas_constantes(cliente, reverse("credenciales:lista"),
                          lambda n: [f.credencial() for _ in range(n)], django_assert_max_num_queries, 8)
    lote = f.lote(2)
    with django_assert_max_num_queries(10):
        cliente.get(lote.get_absolute_url())
    grande = services.crear_lote(f.solicitud(), [EmpleadoFactory() for _ in range(8)])
    with django_assert_max_num_queries(10):
        cliente.get(grande.get_absolute_url())


def test_parcial_de_la_solicitud():
    from django.contrib.auth.context_processors import PermWrapper
    from django.template.loader import render_to_string

    from comun.roles import MESA_AYUDA
    from tests.factories import usuario_con_rol

    solicitud = f.solicitud()
    contexto = {"solicitud": solicitud, "perms": PermWrapper(usuario_con_rol(MESA_AYUDA, username="m"))}
    html = render_to_string("credenciales/_detalle_solicitud.html", contexto)
    assert reverse("credenciales:lote_nuevo", args=[solicitud.folio]) in html and "Aún no hay lotes" in html
    lote = services.crear_lote(solicitud, [EmpleadoFactory()])
    html = render_to_string("credenciales/_detalle_solicitud.html", contexto)
    assert f"Lote #{lote.pk}" in html


def test_seccion_en_la_ficha_del_empleado(cliente_con_rol):
    c = f.credencial()
    html = _html(cliente_con_rol("director").get(reverse("inventario:empleado", args=[c.empleado_id])))
    assert 'id="credenciales-empleado"' in html and c.folio in html


def test_vigencia_mal_configurada_da_mensaje_y_no_escribe(cliente_con_rol, settings):
    settings.SIGMA_CREDENCIALES_VIGENCIA = "fin de la administración"
    solicitud = f.solicitud()
    respuesta = cliente_con_rol("mesa").post(reverse("credenciales:lote_nuevo", args=[solicitud.folio]),
                                             {"numeros": EmpleadoFactory().numero_empleado})
    assert respuesta.status_code == 400 and "SIGMA_CREDENCIALES_VIGENCIA" in _html(respuesta)
    assert not LoteImpresion.objects.exists() and not Credencial.objects.exists()


def test_lote_avisa_de_credenciales_sin_foto(cliente_con_rol):
    lote = f.lote(2, con_foto=False)
    html = _html(cliente_con_rol("tecnico").get(lote.get_absolute_url()))
    assert "2 credenciales sin fotografía" in html
