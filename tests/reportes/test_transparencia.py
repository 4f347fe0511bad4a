"""Página pública de transparencia: meses en español, secciones por servicio con gráfica y tabla, diagramas de flujo
que salen de TRANSICIONES (si cambian, cambia el diagrama), sin datos personales, descargas sin cambios, año
inválido → 400, y Chart.js / graficas.js servidos localmente sin JavaScript en línea."""
import csv
import datetime as dt
import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from openpyxl import load_workbook

from comun.roles import TECNICO
from reportes import diagramas
from soporte.choices import TRANSICIONES, Estado
from soporte.models import Servicio, Solicitud
from tests.factories import usuario_con_rol
from tests.soporte import factories as sf

from .datos import NOMBRE_QUEJOSO, ZONA, crear

pytestmark = pytest.mark.django_db
URL = reverse("transparencia:inicio")


@pytest.fixture
def d():
    return crear()


@pytest.fixture
def html(client, d):
    r = client.get(URL, {"anio": 2026})
    assert r.status_code == 200
    return r.content.decode()


def _aristas(svg):
    return set(re.findall(r'class="arista" data-de="([a-z_]+)" data-a="([a-z_]+)"', svg))


def _esperadas(transiciones=TRANSICIONES):
    return {(str(de), str(a)) for de, destinos in transiciones.items() for a in destinos} | {("entrada", "nueva")}


def test_meses_en_espanol_y_secciones_por_servicio(html):
    assert "Marzo" in html and "Febrero" in html
    assert "3/2026" not in html and "2/2026" not in html
    for servicio in Servicio.objects.filter(activo=True):
        assert f'id="servicio-{servicio.clave}"' in html
        assert f'href="#servicio-{servicio.clave}"' in html
    seccion = html.split('id="servicio-soporte-tecnico"')[1].split("</section>")[0]
    assert "Total 2026" in seccion and "75.0 %" in seccion
    assert "Sin solicitudes de este servicio en 2026." in html.split('id="servicio-asesorias"')[1]


def test_datos_de_la_grafica_en_json_script(html):
    bloque = re.search(r'<script id="datos-servicio-soporte-tecnico" type="application/json">(.*?)</script>', html,
                       re.S)
    datos = json.loads(bloque.group(1))
    marzo = datos["meses"].index("Marzo")
    assert datos["recibidas"][marzo] == 3 and datos["atendidas"][marzo] == 2
    assert datos["cumplimiento"][marzo] == 75.0
    assert datos["recibidas"][datos["meses"].index("Enero")] == 0


def test_sin_javascript_en_linea_y_biblioteca_local(html):
    for etiqueta in re.findall(r"<script[^>]*>", html):
        assert "src=" in etiqueta or 'type="application/json"' in etiqueta, etiqueta
    assert static("vendor/chartjs/chart.umd.min.js") in html
    assert static("reportes/graficas.js") in html
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("ruta, contiene", [
    ("vendor/chartjs/chart.umd.min.js", b"Chart.js v4"),
    ("reportes/graficas.js", b"data-grafica"),
    ("reportes/reportes.css", b".grafica-contenedor"),
])
def test_estaticos_servidos(client, db, ruta, contiene):
    archivo = finders.find(ruta)
    assert archivo, ruta
    r = client.get(static(ruta))
    assert r.status_code == 200
    contenido = b"".join(r.streaming_content) if r.streaming else r.content
    assert contiene in contenido
    assert b"sourceMappingURL" not in contenido


def test_un_diagrama_por_servicio_accesible(html):
    servicios = list(Servicio.objects.filter(activo=True))
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == len(servicios)
    for servicio, svg in zip(servicios, svgs, strict=True):
        assert f'data-servicio="{servicio.clave}"' in svg
        assert 'role="img"' in svg and "viewBox=" in svg
        assert f"<title id=\"dg-t-{servicio.clave}\">Diagrama de flujo: {servicio.nombre}</title>" in svg
        assert "<desc" in svg
        assert _aristas(svg) == _esperadas()
        for estado in Estado:
            assert f'data-estado="{estado}"' in svg and f">{estado.label}</text>" in svg


def test_diagrama_sigue_los_cambios_de_transiciones(db, monkeypatch):
    servicio = Servicio.objects.get(clave="soporte-tecnico")
    cambiadas = {k: set(v) for k, v in TRANSICIONES.items()}
    cambiadas[Estado.CERRADA].add(Estado.REABIERTA)  # una transición nueva
    cambiadas[Estado.NUEVA].discard(Estado.RESUELTA)  # y una que se quita
    monkeypatch.setattr(diagramas, "TRANSICIONES", cambiadas)
    svg = diagramas.svg_de(servicio)
    assert ("cerrada", "reabierta") in _aristas(svg)
    assert ("nueva", "resuelta") not in _aristas(svg)
    assert _aristas(svg) == _esperadas(cambiadas)
    assert "Cerrada → Reabierta" in svg  # también en la descripción accesible


@pytest.mark.parametrize("clave, estado, textos", [
    ("impresion-credenciales", "en_proceso", ["Lote de credenciales", "Impresión con código QR"]),
    ("impresion-credenciales", "resuelta", ["Entrega del lote", "Compromiso: 5 min por credencial"]),
    ("mantenimiento-preventivo", "nueva", ["Una orden de mantenimiento por", "5 días hábiles"]),
    ("mantenimiento-preventivo", "en_proceso", ["Lista de verificación por equipo"]),
    ("plataformas-web", "asignada", ["Fecha compromiso acordada (7 a 92", "Compromiso inicial cumplido"]),
    ("plataformas-web", "en_proceso", ["planificación → diseño → programación"]),
    ("proyectos", "en_proceso", ["Hitos con fecha objetivo"]),
    ("asesorias", "en_proceso", ["Asesoría: tema, duración y", "Compromiso inicial cumplido"]),
    ("soporte-tecnico", "resuelta", ["Meta de resolución: 12 h hábiles"]),
    ("soporte-tecnico", "en_espera", ["el reloj se detiene"]),
])
def test_pasos_propios_de_cada_servicio(db, clave, estado, textos):
    svg = diagramas.svg_de(Servicio.objects.get(clave=clave))
    nodo = re.search(rf'<g class="nodo" data-estado="{estado}">(.*?)</g>', svg, re.S).group(1)
    texto = " ".join(re.findall(r">([^<]+)</text>", nodo))
    for esperado in textos:
        assert esperado in texto, (clave, estado, esperado, texto)


def test_compromiso_inicial_de_la_asesoria_no_esta_en_asignada(db):
    svg = diagramas.svg_de(Servicio.objects.get(clave="asesorias"))
    asignada = re.search(r'<g class="nodo" data-estado="asignada">(.*?)</g>', svg, re.S).group(1)
    assert "Compromiso inicial" not in asignada


def test_sin_datos_personales(client, d):
    tecnico = usuario_con_rol(TECNICO, "tecnico-transparencia")
    tecnico.first_name, tecnico.last_name, tecnico.email = "Porfirio", "Zacarías Ulloa", "porfirio@ocotlan.gob.mx"
    tecnico.save()
    Solicitud.objects.filter(pk=d["s1"].pk).update(tecnico=tecnico)
    empleados = [d[k].solicitante for k in ("s1", "s2", "s3", "s4")]
    for i, e in enumerate(empleados):
        e.correo, e.extension = f"persona{i}@ocotlan.gob.mx", f"77{i}"
        e.save()
    html = client.get(URL, {"anio": 2026}).content.decode()
    personales = [NOMBRE_QUEJOSO, "Porfirio", "Zacarías", "porfirio@", "tecnico-transparencia", "Tardaron",
                  "Disculpe"]
    for e in empleados:
        personales += [e.nombre_completo, e.apellidos, e.numero_empleado, e.correo]
    for s in ("s1", "s2", "s3", "s4"):
        personales += [d[s].folio, d[s].codigo, d[s].asunto]
    for dato in filter(None, personales):
        assert dato not in html, dato
    assert "@" not in re.sub(r"<(script|svg)\b.*?</\1>", "", html, flags=re.S).replace("@media", "")


def test_csv_y_xlsx_sin_cambios(client, d):
    r = client.get(reverse("transparencia:csv"), {"anio": 2026})
    filas = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert filas[0] == ["Servicio", "Año", "Mes", "Solicitudes recibidas", "Solicitudes atendidas",
                        "Compromisos evaluados", "Compromisos cumplidos", "Cumplimiento (%)", "Quejas recibidas",
                        "Quejas respondidas", "Encuestas respondidas", "Satisfacción promedio (1-5)"]
    assert ["Soporte técnico", "2026", "3", "3", "2", "4", "3", "75.0", "2", "1", "2", "3.5"] in filas
    r = client.get(reverse("transparencia:xlsx"), {"anio": 2026})
    assert r.status_code == 200
    hoja = load_workbook(io.BytesIO(r.content)).active
    valores = [c for fila in hoja.iter_rows(values_only=True) for c in fila if c is not None]
    assert "Soporte técnico" in valores and NOMBRE_QUEJOSO not in valores


@pytest.mark.parametrize("nombre", ["transparencia:inicio", "transparencia:csv", "transparencia:xlsx"])
@pytest.mark.parametrize("anio", ["dos mil", "1900", "99999", "2026.5"])
def test_anio_invalido_400(client, db, nombre, anio):
    r = client.get(reverse(nombre), {"anio": anio})
    assert r.status_code == 400
    if nombre == "transparencia:inicio":
        assert 'role="alert"' in r.content.decode()
    else:
        assert "Año inválido" in r.content.decode()


def test_anio_sin_datos(client, db):
    r = client.get(URL, {"anio": 2001})
    assert r.status_code == 200
    assert "Sin solicitudes registradas en 2001." in r.content.decode()


def test_consultas_constantes(client, d, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as pocas:
        client.get(URL, {"anio": 2026})
    for mes, clave in enumerate(["asesorias", "impresion-credenciales", "plataformas-web", "proyectos"], start=4):
        for _ in range(2):
            sf.solicitud(clave, recibida=dt.datetime(2026, mes, 8, 10, tzinfo=ZONA))
    cache.clear()  # sin la caché de la página: se cuentan las consultas de verdad
    with django_assert_max_num_queries(len(pocas)):
        assert client.get(URL, {"anio": 2026}).status_code == 200


def test_cifras_en_cache_cinco_minutos(client, d, django_assert_num_queries):
    """La página es pública: una segunda visita no repite las agregaciones del año; al vencer la caché, sí."""
    primera = client.get(reverse("transparencia:csv"), {"anio": 2026}).content
    sf.solicitud("asesorias", recibida=dt.datetime(2026, 4, 8, 10, tzinfo=ZONA))
    with django_assert_num_queries(0):
        assert client.get(reverse("transparencia:csv"), {"anio": 2026}).content == primera
    cache.clear()
    assert client.get(reverse("transparencia:csv"), {"anio": 2026}).content != primera
