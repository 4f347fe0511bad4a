"""Búsquedas y filtros de cada lista con texto hostil: comillas y SQL, «%» y «_», textos muy largos, bytes NUL,
ids no numéricos, opciones que no existen, fechas imposibles. Siempre 200 o 400 con mensaje, nunca 500, y
nunca filas de más."""
import pytest
from django.urls import reverse

from tests.factories import EmpleadoFactory, EquipoFactory

pytestmark = pytest.mark.django_db

HOSTILES = [
    "' OR '1'='1; DROP TABLE inventario_equipo; --", "%_\\", "x" * 5000, "a\x00b", "-1", "99999999999999999999999",
    "²", "abc", "2026-02-31", "ñ€😀",
]
# Los que más fallan, para probar cada parámetro por separado (los demás van en la vuelta de todos a la vez).
POR_PARAMETRO = ["a\x00b", "99999999999999999999999", "²"]

# Página → parámetros que lee (búsquedas, filtros, orden, página, fechas).
PAGINAS = {
    "inventario:lista": ["q", "tipo", "estado", "condicion", "dependencia", "sistema_operativo", "edad", "orden",
                         "pagina"],
    "inventario:exportar": ["q", "tipo", "estado", "dependencia", "edad", "orden", "por_tipo"],
    "comun:buscar_empleados": ["q", "campo"],
    "soporte:cola": ["q", "estado", "servicio", "dependencia", "tecnico", "prioridad", "incumpliendo", "vista",
                     "orden", "pagina"],
    "soporte:buscar_equipos": ["q_equipo"],
    "soporte:contexto_solicitante": ["solicitante", "equipos"],
    "soporte:quejas": ["q", "estado", "servicio", "pagina"],
    "soporte:proyectos": ["fase", "servicio", "vigentes", "pagina"],
    "soporte:asesorias": ["q", "pagina"],
    "mantenimiento:mi_lista": ["tecnico", "dia"],
    "mantenimiento:calendario": ["mes"],
    "mantenimiento:planes": ["desde", "hasta"],
    "agentes:segmentos": [],
    "agentes:escaneos": ["estado", "segmento", "pagina"],
    "agentes:revisiones": ["estado", "tipo", "escaneo", "pagina"],
    "agentes:software": ["q", "so", "pagina"],
    "agentes:agentes": ["pagina"],
    "credenciales:lotes": ["pendientes", "pagina"],
    "credenciales:lista": ["q", "estado", "pagina"],
    "reportes:tablero": ["desde", "hasta", "dependencia", "servicio", "tecnico"],
    "reportes:tecnicos": ["desde", "hasta", "dependencia"],
    "reportes:salud": ["dependencia", "modelo", "ver", "factor", "pagina"],
    "transparencia:inicio": ["anio"],
    "publico:catalogo": [],
}


def _revisar(respuesta, donde):
    assert respuesta.status_code in (200, 302, 400), f"{donde}: {respuesta.status_code}"
    if respuesta.status_code == 400 and respuesta["Content-Type"].startswith("text/html"):
        assert respuesta.content.strip(), f"{donde}: 400 sin mensaje"


@pytest.fixture
def datos_lista():
    equipo = EquipoFactory(numero_inventario="OCO-SENTINELA-1", hostname="sentinela-1")
    # Apellido fijo: uno al azar («Orta») contendría «or» y la búsqueda por palabras lo encontraría con razón.
    return {"equipo": equipo, "empleado": EmpleadoFactory(nombre="Sentinela", apellidos="Quiñones")}


@pytest.mark.parametrize("nombre", sorted(PAGINAS))
def test_filtros_hostiles_nunca_dan_500(nombre, cliente_con_rol, datos_lista):
    cliente = cliente_con_rol("admin")
    url = reverse(nombre)
    parametros = PAGINAS[nombre]
    for valor in HOSTILES:  # todos los parámetros a la vez con el mismo valor
        _revisar(cliente.get(url, dict.fromkeys(parametros or ["q"], valor)), f"{url} todos={valor[:30]!r}")
    for parametro in parametros:  # cada parámetro solo, con los valores que más fallan
        for valor in POR_PARAMETRO:
            _revisar(cliente.get(url, {parametro: valor}), f"{url} {parametro}={valor[:30]!r}")


def test_salud_modelo_hostil(cliente_con_rol):
    _revisar(cliente_con_rol("admin").get(reverse("reportes:salud"), {"modelo": "²"}), "reportes:salud modelo=²")


BUSQUEDAS = [
    ("inventario:lista", "q", "OCO-SENTINELA-1"),
    ("soporte:buscar_equipos", "q_equipo", "OCO-SENTINELA-1"),
    ("comun:buscar_empleados", "q", "Sentinela"),
]


@pytest.mark.parametrize(("nombre", "parametro", "testigo"), BUSQUEDAS)
@pytest.mark.parametrize("valor", ["' OR '1'='1", "%", "_", "%%", "' OR 1=1 --", "\\", ".*"])
def test_busqueda_con_comodines_no_devuelve_filas_de_mas(nombre, parametro, testigo, valor, cliente_con_rol,
                                                         datos_lista):
    cliente = cliente_con_rol("admin")
    respuesta = cliente.get(reverse(nombre), {parametro: valor})
    assert respuesta.status_code in (200, 400)
    assert testigo not in respuesta.content.decode(), f"{valor!r} devolvió filas que no coinciden"
    # Control: la búsqueda legítima sí lo encuentra.
    assert testigo in cliente.get(reverse(nombre), {parametro: testigo[:9]}).content.decode()


def test_busqueda_de_solicitudes_y_credenciales_con_comodines(cliente_con_rol, datos_lista):
    from tests.credenciales.factories import credencial
    from tests.soporte.factories import solicitud

    s = solicitud(asunto="Asunto sentinela", solicitante=datos_lista["empleado"])
    c = credencial(datos_lista["empleado"])
    cliente = cliente_con_rol("admin")
    for valor in ("%", "_", "' OR '1'='1"):
        html = cliente.get(reverse("soporte:cola"), {"q": valor, "vista": "todas"}).content.decode()
        assert s.folio not in html, valor
        html = cliente.get(reverse("soporte:quejas"), {"q": valor}).content.decode()
        html = cliente.get(reverse("credenciales:lista"), {"q": valor}).content.decode()
        assert c.folio not in html, valor
    assert s.folio in cliente.get(reverse("soporte:cola"), {"q": "sentinela", "vista": "todas"}).content.decode()


def test_ids_no_numericos_en_la_ruta_dan_404(cliente_con_rol):
    cliente = cliente_con_rol("admin")
    for url in ("/inventario/abc/", "/inventario/1%20OR%201=1/", "/mantenimiento/orden/-1/",
                "/credenciales/credenciales/99999999999999999999999/", "/soporte/DIG-2026-%27%20OR%201=1/",
                "/soporte/quejas/%00/", "/verificar/%00/", "/encuesta/%27%20OR%201=1/"):
        assert cliente.get(url).status_code == 404, url


@pytest.mark.parametrize("valor", POR_PARAMETRO + ["-1", "1.5", "' OR '1'='1"])
def test_ids_hostiles_en_formularios(valor, cliente_con_rol, datos_lista):
    """Listas de ids que llegan por POST (reasignar órdenes, resolver la cola, empleados de un lote)."""
    from tests.credenciales.factories import solicitud

    cliente = cliente_con_rol("admin")
    folio = solicitud(cantidad=1).folio
    for url, campos in (
        (reverse("mantenimiento:reasignar"), {"ordenes": [valor], "tecnico": valor}),
        (reverse("agentes:resolver"), {"ids": [valor], "accion": "aceptar"}),
        (reverse("credenciales:lote_nuevo", args=[folio]), {"empleados": [valor], "numeros": valor}),
        (reverse("soporte:nueva"), {"solicitante": valor, "servicio": valor, "equipos": [valor]}),
        (reverse("inventario:nuevo"), {"resguardante": valor, "dependencia": valor, "modelo": valor}),
        (reverse("mantenimiento:plan_nuevo"), {"tipos": [valor], "dependencias": [valor], "tecnicos": [valor],
                                               "plantilla": valor}),
        (reverse("agentes:segmento_nuevo"), {"dependencia": valor, "nombre": "x", "cidr": valor}),
    ):
        _revisar(cliente.post(url, campos), f"{url} {valor!r}")
