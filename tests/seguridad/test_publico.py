"""Las páginas públicas (catálogo, consulta por folio, encuesta, verificación, transparencia) no muestran datos
personales: con un juego de datos cuyos datos personales son textos inconfundibles, ninguno aparece en el HTML,
el CSV ni el xlsx."""
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from soporte import services as soporte
from soporte.choices import Estado
from soporte.views_publicas import firmar
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.soporte.factories import solicitud as nueva_solicitud

pytestmark = pytest.mark.django_db

PRIVADOS = {
    "nombre": "Zacariasprivado", "apellidos": "Quetzalprivado Wiñayprivado", "numero_empleado": "EMP-PRIV-4242",
    "extension": "98761", "puesto": "Puestoprivado", "tecnico": "Tecnicoprivado", "usuario": "usuario-privado",
    "inventario": "OCO-PRIV-0001", "hostname": "host-privado", "serie": "SERIEPRIV99", "nota": "Notaprivada de estado",
    "interno": "Comentarioprivado interno", "descripcion": "Descripcionprivada", "asunto": "Asuntoprivado",
    "resolucion": "Resolucionprivada", "encuesta": "Encuestaprivada comentario", "correo": "privado@ocotlan.gob.mx",
}


@pytest.fixture
def datos():
    dependencia = DependenciaFactory()
    empleado = EmpleadoFactory(nombre=PRIVADOS["nombre"], apellidos=PRIVADOS["apellidos"],
                               numero_empleado=PRIVADOS["numero_empleado"], extension=PRIVADOS["extension"],
                               puesto=PRIVADOS["puesto"], dependencia=dependencia)
    equipo = EquipoFactory(numero_inventario=PRIVADOS["inventario"], hostname=PRIVADOS["hostname"],
                           numero_serie=PRIVADOS["serie"], resguardante=empleado, dependencia=dependencia)
    tecnico = usuario_con_rol("Técnico", username=PRIVADOS["usuario"])
    tecnico.first_name, tecnico.email = PRIVADOS["tecnico"], PRIVADOS["correo"]
    tecnico.save()
    solicitud = nueva_solicitud(solicitante=empleado, equipos=[equipo], asunto=PRIVADOS["asunto"],
                                descripcion=PRIVADOS["descripcion"], recibida=timezone.now())
    soporte.asignar(solicitud, tecnico)
    soporte.comentar(solicitud, PRIVADOS["interno"], tecnico, publico=False)
    soporte.comentar(solicitud, "Comentario público para el solicitante", tecnico, publico=True)
    soporte.cambiar_estado(solicitud, Estado.EN_PROCESO, tecnico, nota=PRIVADOS["nota"])
    soporte.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, nota=PRIVADOS["nota"],
                           resolucion=PRIVADOS["resolucion"])
    solicitud.refresh_from_db()
    from tests.credenciales.factories import credencial

    return {"solicitud": solicitud, "credencial": credencial(empleado), "empleado": empleado}


def _sin_privados(texto, donde, permitidos=()):
    for clave, valor in PRIVADOS.items():
        if clave not in permitidos:
            assert valor.lower() not in texto.lower(), f"{donde} muestra {clave}: {valor}"


def _texto_xlsx(contenido):
    from openpyxl import load_workbook

    libro = load_workbook(io.BytesIO(contenido), read_only=True)
    return " ".join(str(c) for hoja in libro.worksheets for fila in hoja.iter_rows(values_only=True) for c in fila
                    if c is not None)


def test_catalogo_y_servicios(client, datos):
    html = client.get(reverse("publico:catalogo")).content.decode()
    _sin_privados(html, "catálogo")
    for clave in ("soporte-tecnico", "impresion-credenciales"):
        _sin_privados(client.get(reverse("publico:servicio", args=[clave])).content.decode(), clave)


def test_consulta_por_folio(client, datos):
    solicitud = datos["solicitud"]
    respuesta = client.post(reverse("publico:consulta"), {"folio": solicitud.folio, "codigo": solicitud.codigo})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert solicitud.folio in html and "Comentario público para el solicitante" in html
    _sin_privados(html, "consulta")
    _sin_privados(client.get(reverse("publico:consulta"), {"t": firmar(solicitud)}).content.decode(),
                  "consulta (enlace firmado)")


def test_encuesta(client, datos):
    encuesta = datos["solicitud"].encuesta
    html = client.get(reverse("publico:encuesta", args=[encuesta.token])).content.decode()
    assert datos["solicitud"].folio in html
    _sin_privados(html, "encuesta")
    respuesta = client.post(reverse("publico:encuesta", args=[encuesta.token]),
                            {"calificacion": "5", "comentario": PRIVADOS["encuesta"]})
    assert respuesta.status_code == 200
    _sin_privados(respuesta.content.decode(), "encuesta (gracias)")
    _sin_privados(client.get(reverse("publico:encuesta", args=[encuesta.token])).content.decode(),
                  "encuesta ya respondida")


def test_verificacion(client, datos):
    html = client.get(reverse("verificacion:verificar", args=[datos["credencial"].token])).content.decode()
    # Lo que la credencial impresa ya muestra: nombre, apellidos y puesto. Nada más.
    assert PRIVADOS["nombre"] in html
    _sin_privados(html, "verificación", permitidos={"nombre", "apellidos", "puesto"})
    assert datos["credencial"].folio not in html


def test_transparencia_html_csv_xlsx(client, datos):
    anio = timezone.localdate().year
    html = client.get(reverse("transparencia:inicio"), {"anio": anio}).content.decode()
    _sin_privados(html, "transparencia")
    csv = client.get(reverse("transparencia:csv"), {"anio": anio})
    assert csv.status_code == 200
    _sin_privados(b"".join(csv).decode() if csv.streaming else csv.content.decode(), "transparencia.csv")
    xlsx = client.get(reverse("transparencia:xlsx"), {"anio": anio})
    assert xlsx.status_code == 200
    _sin_privados(_texto_xlsx(b"".join(xlsx) if xlsx.streaming else xlsx.content), "transparencia.xlsx")


def test_paginas_publicas_no_enlazan_medios_ni_admin(client, datos):
    paginas = [reverse("publico:catalogo"), reverse("publico:consulta"),
               reverse("verificacion:verificar", args=[datos["credencial"].token]), reverse("transparencia:inicio")]
    for url in paginas:
        html = client.get(url).content.decode()
        assert "/media/" not in html and "/admin/" not in html, url
