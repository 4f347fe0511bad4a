from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventario.choices import Estado
from inventario.models import Equipo, InterfazRed, MovimientoResguardo
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, InterfazRedFactory, tipo

pytestmark = pytest.mark.django_db
LISTA = reverse("inventario:lista")


def _consultas(cliente, url):
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(url)
    assert respuesta.status_code == 200
    return len(capturadas)


def _crear_equipos(n):
    dependencias = [DependenciaFactory() for _ in range(3)]
    for i in range(n):
        equipo = EquipoFactory(dependencia=dependencias[i % 3])
        InterfazRedFactory(equipo=equipo)


@pytest.mark.parametrize(
    "parametros",
    ["", "?q=oco&orden=-resguardante", "?estado=activo&edad=0-3", "?q=oco&dependencia={dep}&tipo={tipo}"],
)
def test_lista_con_consultas_constantes(admin_client_sigma, parametros, django_assert_max_num_queries):
    _crear_equipos(10)
    url = LISTA + parametros.format(dep=Equipo.objects.first().dependencia_id, tipo=tipo().pk)
    con_10 = _consultas(admin_client_sigma, url)
    _crear_equipos(490)
    # 10 de la lista + 1 de la campana de avisos (soporte) en la barra.
    with django_assert_max_num_queries(11):
        con_500 = _consultas(admin_client_sigma, url)
    assert con_10 == con_500


def test_paneles_de_inicio_con_consultas_acotadas(cliente_con_rol, django_assert_max_num_queries):
    _crear_equipos(30)
    for rol in ("mesa", "tecnico", "director", "admin"):
        cliente = cliente_con_rol(rol)
        # Paneles de inventario, mesa de servicio, mantenimiento y agentes.
        with django_assert_max_num_queries(13):
            assert cliente.get(reverse("comun:inicio")).status_code == 200
        cliente.logout()


def test_detalle_con_consultas_acotadas(admin_client_sigma, django_assert_max_num_queries):
    equipo = EquipoFactory()
    InterfazRedFactory(equipo=equipo)
    for i in range(5):
        equipo.condicion = ["bueno", "regular", "malo"][i % 3]
        equipo.save()
    # 15 del equipo + secciones de otras apps (solicitudes 1, mantenimiento 2–4, agentes 1).
    with django_assert_max_num_queries(20):
        assert admin_client_sigma.get(equipo.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("busqueda", ["AA-BB-CC-11-22-33", "aabb.cc11.2233", "AABBCC112233", "aa:bb:cc:11:22:33"])
def test_buscar_por_mac_en_cualquier_notacion(admin_client_sigma, busqueda):
    buscado = EquipoFactory(numero_inventario="OCO-2021-00777")
    InterfazRedFactory(equipo=buscado, mac="aa:bb:cc:11:22:33")
    InterfazRedFactory()
    respuesta = admin_client_sigma.get(LISTA, {"q": busqueda})
    assert [e.pk for e in respuesta.context["pagina"].object_list] == [buscado.pk]


@pytest.mark.parametrize(
    "busqueda",
    [
        "OCO-2021-00777",
        "2021-00777",
        "mxl99",
        "oco-tes",
        "192.168.40.7",
        "Núñez",
        "nunez",
        "elitedesk",
        "ramírez nuñez",
    ],
)
def test_una_caja_para_todo(admin_client_sigma, busqueda):
    resguardante = EmpleadoFactory(nombre="Ana", apellidos="Ramírez Núñez")
    buscado = EquipoFactory(
        numero_inventario="OCO-2021-00777",
        numero_serie="MXL9911",
        hostname="oco-tes-pc01",
        resguardante=resguardante,
        dependencia=resguardante.dependencia,
        modelo__nombre="EliteDesk 800",
    )
    InterfazRedFactory(equipo=buscado, ip="192.168.40.7")
    # Los demás con nombres fijos: un apellido aleatorio de Faker podría coincidir con la búsqueda.
    EquipoFactory.create_batch(3, resguardante__nombre="Pedro", resguardante__apellidos="Soto Villa")
    respuesta = admin_client_sigma.get(LISTA, {"q": busqueda})
    assert buscado in respuesta.context["pagina"].object_list
    assert len(respuesta.context["pagina"].object_list) == 1


def test_filtros_y_orden(admin_client_sigma):
    dep = DependenciaFactory(nombre="Catastro")
    viejo = EquipoFactory(dependencia=dep, fecha_adquisicion=date(2015, 5, 1), estado=Estado.EN_REPARACION)
    EquipoFactory(dependencia=dep, fecha_adquisicion=date.today() - timedelta(days=100))
    EquipoFactory()
    respuesta = admin_client_sigma.get(LISTA, {"dependencia": dep.pk, "edad": "5+"})
    assert list(respuesta.context["pagina"].object_list) == [viejo]
    respuesta = admin_client_sigma.get(LISTA, {"estado": "en_reparacion"})
    assert list(respuesta.context["pagina"].object_list) == [viejo]
    respuesta = admin_client_sigma.get(LISTA, {"orden": "-adquisicion", "dependencia": dep.pk})
    assert respuesta.context["pagina"].object_list[0] != viejo


@pytest.mark.parametrize(
    "parametros",
    [
        {"dependencia": "abc"},
        {"tipo": "999999"},
        {"pagina": "zzz"},
        {"pagina": "-4"},
        {"orden": "'; drop"},
        {"edad": "mucha"},
        {"q": "x" * 2000},
    ],
)
def test_parametros_malos_no_dan_500(admin_client_sigma, parametros):
    EquipoFactory()
    assert admin_client_sigma.get(LISTA, parametros).status_code == 200


def test_htmx_devuelve_solo_resultados(admin_client_sigma):
    EquipoFactory()
    respuesta = admin_client_sigma.get(LISTA, {"q": "oco"}, HTTP_HX_REQUEST="true")
    assert b'<nav class="navbar' not in respuesta.content
    assert b"tabla-equipos" in respuesta.content


def test_id_desconocido_da_404(admin_client_sigma):
    for nombre in ("detalle", "editar", "transferir", "baja"):
        assert admin_client_sigma.get(reverse(f"inventario:{nombre}", args=[987654])).status_code == 404


def _datos_alta(**extra):
    dep = DependenciaFactory(nombre="Registro Civil")
    empleado = EmpleadoFactory(dependencia=dep)
    datos = {
        "numero_inventario": "oco-2024-00001 ",
        "tipo": tipo().pk,
        "estado": "activo",
        "condicion": "bueno",
        "dependencia": dep.pk,
        "resguardante": empleado.pk,
        "fecha_adquisicion": "2024-03-01",
        "costo": "15500.00",
        "hostname": "OCO-RC-PC01",
        "numero_serie": "S/N",
        "interfaces-TOTAL_FORMS": "1",
        "interfaces-INITIAL_FORMS": "0",
        "interfaces-0-nombre": "Ethernet",
        "interfaces-0-mac": "AA-BB-CC-DD-EE-01",
        "interfaces-0-ip": "192.168.3.4",
    }
    datos.update(extra)
    return datos


def test_alta_de_equipo(admin_client_sigma):
    respuesta = admin_client_sigma.post(reverse("inventario:nuevo"), _datos_alta())
    equipo = Equipo.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == equipo.get_absolute_url()
    assert equipo.numero_inventario == "OCO-2024-00001"
    assert equipo.hostname == "oco-rc-pc01"
    assert equipo.numero_serie == ""
    assert equipo.interfaces.get().mac == "aa:bb:cc:dd:ee:01"
    assert equipo.movimientos.get().tipo == MovimientoResguardo.Tipo.ALTA
    assert equipo.history.get().history_user.username == "prueba-admin"


def test_alta_con_numero_repetido_nombra_al_equipo(admin_client_sigma):
    existente = EquipoFactory(numero_inventario="OCO-2024-00001")
    respuesta = admin_client_sigma.post(reverse("inventario:nuevo"), _datos_alta())
    assert respuesta.status_code == 400
    texto = respuesta.content.decode()
    assert "OCO-2024-00001 ya lo tiene el equipo" in texto and str(existente.dependencia) in texto
    assert Equipo.objects.count() == 1


def test_alta_con_mac_repetida_nombra_al_equipo(admin_client_sigma):
    otro = InterfazRedFactory(mac="aa:bb:cc:dd:ee:01").equipo
    respuesta = admin_client_sigma.post(reverse("inventario:nuevo"), _datos_alta())
    assert respuesta.status_code == 400
    assert f"ya está registrada en el equipo {otro.numero_inventario}" in respuesta.content.decode()
    assert Equipo.objects.count() == 1 and InterfazRed.objects.count() == 1


@pytest.mark.parametrize(
    ("campo", "valor", "mensaje"),
    [
        ("interfaces-0-mac", "no-es-mac", "no es una dirección MAC"),
        ("interfaces-0-ip", "999.1.1.1", "IPv4 o IPv6 válida"),
        ("fecha_adquisicion", "2999-01-01", "no puede estar en el futuro"),
        ("fecha_adquisicion", "31/02/2024", "Introduzca una fecha válida"),
        ("costo", "-5", "no puede ser negativo"),
        ("numero_inventario", "   ", "Este campo es obligatorio"),
        ("tipo", "999999", "Seleccione una opción válida"),
    ],
)
def test_alta_con_datos_malos(admin_client_sigma, campo, valor, mensaje):
    respuesta = admin_client_sigma.post(reverse("inventario:nuevo"), _datos_alta(**{campo: valor}))
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert not Equipo.objects.exists()


def test_resguardante_de_otra_dependencia_rechazado(admin_client_sigma):
    ajeno = EmpleadoFactory()
    respuesta = admin_client_sigma.post(reverse("inventario:nuevo"), _datos_alta(resguardante=ajeno.pk))
    assert respuesta.status_code == 400
    assert f"pertenece a {ajeno.dependencia}" in respuesta.content.decode()


def test_edicion_queda_en_el_historial_con_antes_y_despues(cliente_con_rol):
    equipo = EquipoFactory(condicion="bueno", ram_gb=4)
    interfaz = InterfazRedFactory(equipo=equipo, mac="aa:bb:cc:00:00:01")
    cliente = cliente_con_rol("tecnico")
    datos = {
        "numero_inventario": equipo.numero_inventario,
        "tipo": equipo.tipo_id,
        "modelo": equipo.modelo_id,
        "estado": "en_reparacion",
        "condicion": "regular",
        "ram_gb": "8",
        "hostname": equipo.hostname,
        "sistema_operativo": equipo.sistema_operativo,
        "numero_serie": equipo.numero_serie,
        "interfaces-TOTAL_FORMS": "2",
        "interfaces-INITIAL_FORMS": "1",
        "interfaces-0-id": interfaz.pk,
        "interfaces-0-nombre": "Ethernet",
        "interfaces-0-mac": "AABBCC000001",
        "interfaces-0-ip": "192.168.9.9",
        "interfaces-1-nombre": "",
        "interfaces-1-mac": "",
        "interfaces-1-ip": "",
    }
    respuesta = cliente.post(reverse("inventario:editar", args=[equipo.pk]), datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    texto = cliente.get(equipo.get_absolute_url()).content.decode()
    assert 'Bueno</span> → <span class="despues">Regular' in texto
    assert 'RAM (GB):</span> <span class="antes">4</span> → <span class="despues">8' in texto
    assert "192.168.9.9" in texto
    assert "prueba-tecnico" in texto


def test_transferencia_de_resguardo(admin_client_sigma):
    equipo = EquipoFactory()
    anterior = equipo.resguardante
    nuevo = EmpleadoFactory(nombre="Lucía", apellidos="Gómez Ávila")
    url = reverse("inventario:transferir", args=[equipo.pk])
    respuesta = admin_client_sigma.post(
        url, {"resguardante": nuevo.pk, "fecha": date.today().isoformat(), "motivo": "Cambio de área"}
    )
    assert respuesta.status_code == 302
    equipo.refresh_from_db()
    assert equipo.resguardante == nuevo and equipo.dependencia == nuevo.dependencia
    movimiento = equipo.movimientos.get(tipo="transferencia")
    assert movimiento.resguardante_anterior == anterior and movimiento.registrado_por.username == "prueba-admin"
    texto = admin_client_sigma.get(equipo.get_absolute_url()).content.decode()
    assert f'{anterior.nombre_completo}</span> → <span class="despues">Lucía Gómez Ávila' in texto


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        ({"motivo": "x"}, "Elija un nuevo resguardante"),
        ({"motivo": "x", "dependencia": "abc"}, "Seleccione una opción válida"),
        ({"motivo": "", "dependencia": "DEP"}, "Este campo es obligatorio"),
        ({"motivo": "x", "dependencia": "DEP", "fecha": "2999-01-01"}, "no puede estar en el futuro"),
    ],
)
def test_transferencia_con_datos_malos(admin_client_sigma, datos, mensaje):
    equipo = EquipoFactory()
    otra = DependenciaFactory()
    datos = {"fecha": date.today().isoformat(), **datos}
    if datos.get("dependencia") == "DEP":
        datos["dependencia"] = otra.pk
    respuesta = admin_client_sigma.post(reverse("inventario:transferir", args=[equipo.pk]), datos)
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert not equipo.movimientos.exists()


def test_baja_de_computo_pide_dictamen(admin_client_sigma):
    equipo = EquipoFactory()
    url = reverse("inventario:baja", args=[equipo.pk])
    respuesta = admin_client_sigma.post(url, {"fecha": date.today().isoformat(), "motivo": "Tarjeta madre dañada"})
    assert respuesta.status_code == 400
    assert "necesita el dictamen técnico" in respuesta.content.decode()
    respuesta = admin_client_sigma.post(
        url,
        {
            "fecha": date.today().isoformat(),
            "motivo": "Tarjeta madre dañada",
            "dictamen": "Sin reparación posible; costo mayor al valor.",
        },
    )
    assert respuesta.status_code == 302
    equipo.refresh_from_db()
    assert equipo.estado == Estado.BAJA and "Dictamen técnico" in equipo.motivo_baja
    # Un equipo de baja ya no se transfiere ni se da de baja otra vez.
    respuesta = admin_client_sigma.post(
        url, {"fecha": date.today().isoformat(), "motivo": "otra vez más", "dictamen": "x"}
    )
    assert respuesta.status_code == 400 and "ya está dado de baja" in respuesta.content.decode()


def test_baja_de_impresora_sin_dictamen(admin_client_sigma):
    equipo = EquipoFactory(tipo=tipo("Impresora"), modelo=None)
    respuesta = admin_client_sigma.post(
        reverse("inventario:baja", args=[equipo.pk]),
        {"fecha": date.today().isoformat(), "motivo": "Obsoleta, sin refacciones"},
    )
    assert respuesta.status_code == 302


def test_campos_con_error_se_marcan(admin_client_sigma):
    respuesta = admin_client_sigma.post(reverse("inventario:nuevo"), _datos_alta(costo="-5"))
    html = respuesta.content.decode()
    assert 'name="costo"' in html
    campo = html[html.index('name="costo"') - 200 : html.index('name="costo"') + 200]
    assert "is-invalid" in campo and 'aria-invalid="true"' in campo
    campo_bueno = html[html.index('name="hostname"') - 200 : html.index('name="hostname"') + 200]
    assert "is-invalid" not in campo_bueno
