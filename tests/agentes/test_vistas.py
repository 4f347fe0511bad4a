"""Páginas de agentes: formularios con errores claros, acciones en bloque y consultas fijas en las listas."""
import pytest
from django.urls import reverse

from agentes.choices import EstadoEscaneo, EstadoRevision, TipoRevision
from agentes.models import CredencialAgente, Escaneo, HostDescubierto, InstalacionSoftware, Revision, Segmento, Software
from tests.agentes.factories import AgenteFactory, EscaneoFactory, RevisionFactory, SegmentoFactory
from tests.factories import DependenciaFactory, EquipoFactory

pytestmark = pytest.mark.django_db


def _segmento(**cambios):
    datos = {"nombre": "Presidencia planta alta", "cidr": "192.168.10.0/24", "exclusiones": "", "dependencia": "",
             "perfil": "descubrimiento", "intervalo_horas": "24", "limite_minutos": "30", "activo": "on"}
    datos.update(cambios)
    return datos


@pytest.mark.parametrize(("cidr", "mensaje"), [
    ("192.168.10.0/33", "no es una red válida"),
    ("192.168.300.0/24", "no es una red válida"),
    ("presidencia", "no es una red válida"),
    ("10.0.0.0/8", "demasiado grande"),
    ("172.16.0.0/15", "el máximo es una /16"),
    ("fd00::/64", "Solo se pueden escanear redes IPv4"),
    ("", "obligatorio"),
])
def test_cidr_invalido_error_de_formulario(admin_client_sigma, cidr, mensaje):
    respuesta = admin_client_sigma.post(reverse("agentes:segmento_nuevo"), _segmento(cidr=cidr))
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert not Segmento.objects.exists()


def test_exclusiones_invalidas_y_limites(admin_client_sigma):
    respuesta = admin_client_sigma.post(reverse("agentes:segmento_nuevo"),
                                        _segmento(exclusiones="192.168.10.1, impresora", limite_minutos="0"))
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 400 and "No son direcciones ni redes válidas: impresora" in contenido
    assert "El tiempo límite va de 1 a 720 minutos" in contenido


def test_crear_y_editar_segmento_normaliza_la_red(admin_client_sigma):
    dependencia = DependenciaFactory()
    respuesta = admin_client_sigma.post(reverse("agentes:segmento_nuevo"),
                                        _segmento(cidr=" 192.168.10.77/24 ", dependencia=dependencia.pk))
    segmento = Segmento.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == segmento.get_absolute_url()
    assert segmento.cidr == "192.168.10.0/24" and segmento.dependencia == dependencia
    assert not Escaneo.objects.exists()  # guardar un segmento nunca escanea
    respuesta = admin_client_sigma.post(reverse("agentes:segmento_editar", args=[segmento.pk]),
                                        _segmento(nombre="Otro nombre", cidr="192.168.0.0/16"))
    segmento.refresh_from_db()
    assert respuesta.status_code == 302 and segmento.nombre == "Otro nombre"
    respuesta = admin_client_sigma.post(reverse("agentes:segmento_nuevo"), _segmento(nombre="Otro nombre"))
    assert "Ya existe un segmento con este nombre" in respuesta.content.decode()


def test_escanear_ahora_encola_y_no_duplica(admin_client_sigma, monkeypatch, django_capture_on_commit_callbacks):
    from agentes import services

    encolados = []
    monkeypatch.setattr(services, "async_task", lambda *a, **k: encolados.append(a))
    segmento = SegmentoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = admin_client_sigma.post(reverse("agentes:escanear", args=[segmento.pk]))
    escaneo = Escaneo.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == escaneo.get_absolute_url()
    assert encolados == [("agentes.tasks.ejecutar_escaneo", escaneo.pk)]
    assert escaneo.estado == EstadoEscaneo.PENDIENTE and escaneo.solicitado_por.username == "prueba-admin"
    respuesta = admin_client_sigma.post(reverse("agentes:escanear", args=[segmento.pk]), follow=True)
    assert "ya tiene un escaneo pendiente" in respuesta.content.decode()
    assert Escaneo.objects.count() == 1
    # La página del escaneo abierto se refresca sola (htmx) y ofrece cancelar.
    pagina = admin_client_sigma.get(escaneo.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in pagina and "Cancelar escaneo" in pagina
    admin_client_sigma.post(reverse("agentes:cancelar", args=[escaneo.pk]))
    escaneo.refresh_from_db()
    assert escaneo.estado == EstadoEscaneo.CANCELADO
    estado = admin_client_sigma.get(reverse("agentes:escaneo_estado", args=[escaneo.pk]), HTTP_HX_REQUEST="true")
    assert estado["HX-Refresh"] == "true" and "every 2s" not in estado.content.decode()


def test_segmento_inactivo_no_se_escanea(admin_client_sigma):
    segmento = SegmentoFactory(activo=False)
    respuesta = admin_client_sigma.post(reverse("agentes:escanear", args=[segmento.pk]), follow=True)
    assert "está inactivo" in respuesta.content.decode() and not Escaneo.objects.exists()


def _datos_lista(n):
    escaneo = EscaneoFactory(hosts_activos=n)
    for i in range(n):
        SegmentoFactory()
        equipo = EquipoFactory()
        HostDescubierto.objects.create(escaneo=escaneo, ip=f"198.18.9.{i + 1}", mac=f"02:00:00:00:01:{i:02x}",
                                       equipo=equipo, cotejo="mac", puertos=[{"puerto": 80, "servicio": "http"}])
        RevisionFactory(escaneo=escaneo, equipo=equipo if i % 2 else None, tipo="ausente" if i % 2 else "nuevo")
        agente = AgenteFactory(equipo=equipo, so_completo=f"Microsoft Windows {7 if i % 3 else 10} Pro")
        software = Software.objects.create(nombre=f"Office {n}-{i}", version="2016")
        InstalacionSoftware.objects.create(equipo=agente.equipo, software=software)
    return escaneo


@pytest.mark.parametrize("nombre", ["segmentos", "revisiones", "software", "agentes", "escaneo", "software_q",
                                    "credenciales", "escaneos"])
def test_listas_con_consultas_fijas(admin_client_sigma, django_assert_max_num_queries, nombre):
    conteos = []
    for n in (3, 9):
        escaneo = _datos_lista(n)
        for i in range(n):
            CredencialAgente.objects.create(nombre=f"cred-{n}-{i}", secreto="x")
        url = {"escaneo": reverse("agentes:escaneo", args=[escaneo.pk]),
               "software_q": reverse("agentes:software") + "?q=office"}.get(nombre) or reverse(f"agentes:{nombre}")
        with django_assert_max_num_queries(20) as capturadas:
            respuesta = admin_client_sigma.get(url)
        assert respuesta.status_code == 200
        conteos.append(len(capturadas))
    assert conteos[0] == conteos[1], conteos


def test_lista_global_de_escaneos_con_filtros(cliente_con_rol):
    norte = SegmentoFactory(nombre="Norte", cidr="198.18.30.0/24")
    sur = SegmentoFactory(nombre="Sur", cidr="198.18.31.0/24")
    fallido = EscaneoFactory(segmento=norte, estado=EstadoEscaneo.FALLIDO, error="nmap no está instalado")
    completo = EscaneoFactory(segmento=sur, estado=EstadoEscaneo.COMPLETADO, hosts_activos=7)
    cliente = cliente_con_rol("director")
    url = reverse("agentes:escaneos")
    html = cliente.get(url).content.decode()
    assert f"Escaneo {fallido.pk}" in html and f"Escaneo {completo.pk}" in html
    assert "nmap no está instalado" in html and "198.18.30.0/24" in html and "2 escaneos" in html
    html = cliente.get(url, {"estado": "fallido"}).content.decode()
    assert f"Escaneo {fallido.pk}" in html and f"Escaneo {completo.pk}" not in html
    html = cliente.get(url, {"segmento": sur.pk}).content.decode()
    assert f"Escaneo {completo.pk}" in html and f"Escaneo {fallido.pk}" not in html
    assert "No hay escaneos con esos filtros" in cliente.get(url, {"estado": "cancelado"}).content.decode()
    for malo in ({"estado": "borrado"}, {"segmento": "99999"}, {"segmento": "abc"}):
        respuesta = cliente.get(url, malo)
        assert respuesta.status_code == 400 and "Seleccione una opción válida" in respuesta.content.decode(), malo


def test_pagina_del_segmento_pagina_sus_escaneos(admin_client_sigma):
    segmento = SegmentoFactory(cidr="198.18.32.0/24")
    escaneos = [EscaneoFactory(segmento=segmento) for _ in range(23)]
    url = reverse("agentes:segmento", args=[segmento.pk])
    html = admin_client_sigma.get(url).content.decode()
    assert "Siguiente" in html and f"Escaneo {escaneos[0].pk}<" not in html  # el más viejo va en la página 2
    assert f"Escaneo {escaneos[0].pk}<" in admin_client_sigma.get(url, {"pagina": 2}).content.decode()


def test_cola_de_revision_en_bloque(cliente_con_rol):
    tecnico = cliente_con_rol("tecnico")
    equipo = EquipoFactory()
    ausentes = [RevisionFactory(tipo="ausente", equipo=equipo, mac="") for _ in range(3)]
    nuevo = RevisionFactory(tipo="nuevo")
    pagina = tecnico.get(reverse("agentes:revisiones")).content.decode()
    assert "Aceptar marcados" in pagina and "Ignorar siempre" in pagina
    assert "Registrar</a>" not in pagina  # registrar equipos es del Administrador
    respuesta = tecnico.post(reverse("agentes:resolver"), {"accion": "aceptar",
                                                           "ids": [r.pk for r in ausentes] + [nuevo.pk],
                                                           "siguiente": "/agentes/revision/?tipo=ausente"})
    assert respuesta.status_code == 302 and respuesta.url == "/agentes/revision/?tipo=ausente"
    assert Revision.objects.filter(estado=EstadoRevision.ACEPTADA).count() == 3
    assert Revision.objects.get(pk=nuevo.pk).estado == EstadoRevision.PENDIENTE
    respuesta = tecnico.post(reverse("agentes:resolver"), {"accion": "descartar", "ids": [nuevo.pk]}, follow=True)
    assert "Se descartaron 1 elemento" in respuesta.content.decode()
    respuesta = tecnico.post(reverse("agentes:resolver"), {"accion": "borrar", "ids": ["x"]}, follow=True)
    assert "Elija al menos un elemento" in respuesta.content.decode()
    # Un destino fuera de la app no se sigue.
    respuesta = tecnico.post(reverse("agentes:resolver"), {"accion": "aceptar", "ids": [nuevo.pk],
                                                           "siguiente": "https://otro.sitio/"})
    assert respuesta.url == reverse("agentes:revisiones")
    # Filtros
    pagina = tecnico.get(reverse("agentes:revisiones") + "?estado=aceptada&tipo=ausente").content.decode()
    assert pagina.count('class="principal"') == 3


def test_registrar_nuevo_dispositivo_prellenado(admin_client_sigma):
    revision = RevisionFactory(tipo="nuevo", ip="198.18.1.44", mac="3c:d9:2b:00:00:44", hostname="impresora-dif",
                               datos={"sistema_operativo": "HP embedded"})
    pagina = admin_client_sigma.get(reverse("agentes:registrar", args=[revision.pk])).content.decode()
    assert 'value="3c:d9:2b:00:00:44"' in pagina and 'value="198.18.1.44"' in pagina
    assert 'value="impresora-dif"' in pagina and "HP embedded" in pagina
    respuesta = admin_client_sigma.post(reverse("agentes:registrar", args=[revision.pk]), {
        "numero_inventario": "", "interfaces-TOTAL_FORMS": "1", "interfaces-INITIAL_FORMS": "0",
        "interfaces-MIN_NUM_FORMS": "0", "interfaces-MAX_NUM_FORMS": "1000"})
    assert respuesta.status_code == 400
    revision.refresh_from_db()
    assert revision.estado == EstadoRevision.PENDIENTE
    ausente = RevisionFactory(tipo="ausente")
    assert admin_client_sigma.get(reverse("agentes:registrar", args=[ausente.pk])).status_code == 404


def test_credenciales(admin_client_sigma):
    url = reverse("agentes:credenciales")
    respuesta = admin_client_sigma.post(url, {"nombre": "con espacio", "contrasena": "corta"})
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 400 and "no puede estar vacío ni llevar espacios" in contenido
    assert "al menos 12 caracteres" in contenido.lower() or "asegúrese" in contenido.lower()
    respuesta = admin_client_sigma.post(url, {"nombre": "dig-oficinas", "contrasena": "una-clave-larga-1"})
    assert respuesta.status_code == 302
    credencial = CredencialAgente.objects.get()
    assert credencial.verificar("una-clave-larga-1") and "una-clave-larga-1" not in credencial.secreto
    admin_client_sigma.post(reverse("agentes:credencial_activa", args=[credencial.pk]))
    credencial.refresh_from_db()
    assert not credencial.activa


def test_software_y_sistemas_por_renovar(cliente_con_rol):
    viejo = AgenteFactory(so_completo="Microsoft Windows 7 Professional", so_nombre="Windows 7")
    AgenteFactory(so_completo="Debian GNU/Linux 12 (bookworm)")
    software = Software.objects.create(nombre="AutoCAD 2018", editor="Autodesk", version="22.0")
    InstalacionSoftware.objects.create(equipo=viejo.equipo, software=software)
    director = cliente_con_rol("director")
    pagina = director.get(reverse("agentes:software")).content.decode()
    assert "Equipos por renovar" in pagina and viejo.equipo.numero_inventario in pagina and "14/01/2020" in pagina
    pagina = director.get(reverse("agentes:software") + "?q=autocad").content.decode()
    assert "AutoCAD 2018" in pagina and viejo.equipo.numero_inventario in pagina


def test_panel_de_inicio(cliente_con_rol):
    RevisionFactory(tipo="nuevo")
    pagina = cliente_con_rol("tecnico").get(reverse("comun:inicio")).content.decode()
    assert "Red: cola de revisión" in pagina and "Dispositivo nuevo" in pagina


def test_tipo_revision_descripciones():
    for tipo, _ in TipoRevision.choices:
        assert isinstance(Revision(tipo=tipo, datos={}).descripcion(), str)
