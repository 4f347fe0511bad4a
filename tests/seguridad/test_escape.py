"""XSS: el texto que escribe una persona (o que reporta nmap o un agente) sale escapado en toda página que lo
muestra: listas, detalles, bitácoras, fragmentos htmx y páginas públicas."""
import pytest
from django.urls import reverse

from soporte import services as soporte
from soporte.choices import CanalQueja, Estado
from soporte.models import Servicio
from tests.factories import DependenciaFactory, EmpleadoFactory, EquipoFactory, usuario_con_rol
from tests.seguridad.utiles import XSS, sin_xss

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _get(cliente, nombre, args=(), datos=None, **extra):
    respuesta = cliente.get(reverse(nombre, args=args), datos or {}, **extra)
    assert respuesta.status_code == 200, f"{nombre}: {respuesta.status_code}"
    return respuesta.content.decode()


@pytest.fixture
def equipo_xss():
    dependencia = DependenciaFactory(nombre=f"Dep {XSS}")
    empleado = EmpleadoFactory(nombre=XSS, apellidos=XSS, puesto=XSS, dependencia=dependencia)
    return EquipoFactory(hostname=XSS, numero_serie=XSS, notas=XSS, proveedor=XSS, procesador=XSS,
                         sistema_operativo=XSS[:80], dependencia=dependencia, resguardante=empleado)


def test_inventario_y_busquedas(cliente_con_rol, equipo_xss):
    cliente = cliente_con_rol("admin")
    sin_xss(_get(cliente, "inventario:lista"), "inventario:lista")
    sin_xss(_get(cliente, "inventario:lista", datos={"q": XSS}, **HX), "inventario:lista htmx con q")
    sin_xss(_get(cliente, "inventario:detalle", [equipo_xss.pk]), "inventario:detalle")
    sin_xss(_get(cliente, "inventario:editar", [equipo_xss.pk]), "inventario:editar (valores en atributos)")
    sin_xss(_get(cliente, "inventario:empleado", [equipo_xss.resguardante_id]), "inventario:empleado")
    sin_xss(_get(cliente, "comun:buscar_empleados", datos={"q": "alert", "campo": "x"}), "buscar_empleados")
    sin_xss(_get(cliente, "comun:buscar_empleados", datos={"q": XSS}), "buscar_empleados (eco del texto)")
    sin_xss(_get(cliente, "soporte:buscar_equipos", datos={"q_equipo": "alert"}), "buscar_equipos")
    sin_xss(_get(cliente, "soporte:buscar_equipos", datos={"q_equipo": XSS}), "buscar_equipos (eco)",
            debe_mostrarse=False)
    sin_xss(_get(cliente, "soporte:contexto_solicitante", datos={"solicitante": equipo_xss.resguardante_id}),
            "contexto_solicitante")


@pytest.fixture
def solicitud_xss(equipo_xss):
    mesa = usuario_con_rol("Mesa de ayuda", username="mesa-xss")
    tecnico = usuario_con_rol("Técnico", username="tecnico-xss")
    tecnico.first_name = XSS[:150]
    tecnico.save()
    solicitud = soporte.crear_solicitud(
        servicio=Servicio.objects.get(clave="soporte-tecnico"), solicitante=equipo_xss.resguardante,
        asunto=XSS, descripcion=XSS, equipos=[equipo_xss], usuario=mesa)
    soporte.asignar(solicitud, tecnico, mesa)
    soporte.comentar(solicitud, XSS, mesa, publico=True)
    soporte.cambiar_estado(solicitud, Estado.EN_PROCESO, tecnico, nota=XSS)
    soporte.cambiar_estado(solicitud, Estado.RESUELTA, tecnico, nota=XSS, resolucion=XSS)
    from django.core.files.base import ContentFile

    soporte.adjuntar(solicitud, ContentFile(b"%PDF-1.4 x", name="a.pdf"), "application/pdf", mesa, XSS[:200])
    queja = soporte.presentar_queja(solicitud, compromiso="inicial", descripcion=XSS, presentada_por=XSS,
                                    canal=CanalQueja.MESA, usuario=mesa)
    soporte.responder_queja(queja, XSS, usuario_con_rol("Director", username="director-xss"))
    soporte.responder_encuesta(solicitud.encuesta, 2, XSS)
    solicitud.refresh_from_db()
    return solicitud


def test_soporte(cliente_con_rol, solicitud_xss):
    cliente = cliente_con_rol("admin")
    folio = solicitud_xss.folio
    sin_xss(_get(cliente, "soporte:cola", datos={"vista": "todas", "estado": ""}), "cola")
    sin_xss(_get(cliente, "soporte:cola", datos={"vista": "todas", "q": XSS}, **HX), "cola htmx (eco de q)",
            debe_mostrarse=False)
    html = _get(cliente, "soporte:detalle", [folio])
    sin_xss(html, "detalle de la solicitud")
    assert html.count("&lt;script&gt;") >= 5, "asunto, descripción, comentario, notas y resolución"
    queja = solicitud_xss.quejas.get()
    sin_xss(_get(cliente, "soporte:quejas"), "quejas")
    sin_xss(_get(cliente, "soporte:queja", [queja.folio]), "queja")
    sin_xss(_get(cliente, "soporte:avisos"), "avisos", debe_mostrarse=False)


def test_consulta_publica(client, solicitud_xss):
    from soporte.views_publicas import firmar

    html = _get(client, "publico:consulta", datos={"t": firmar(solicitud_xss)})
    sin_xss(html, "consulta pública (comentario público y queja)")


@pytest.fixture
def orden_xss(equipo_xss):
    from mantenimiento import services as mant
    from mantenimiento.models import ResultadoItem
    from tests.mantenimiento.factories import OrdenFactory, PlanFactory

    orden = OrdenFactory(plan=PlanFactory(nombre=XSS), equipo=equipo_xss, fecha_programada=_hoy())
    admin = usuario_con_rol("Administrador", username="admin-orden")
    orden = mant.iniciar_orden(orden, admin)
    texto = orden.resultados.filter(tipo="texto").first() or ResultadoItem.objects.create(
        orden=orden, texto="Texto libre", tipo="texto", posicion=99)
    ResultadoItem.objects.filter(pk=texto.pk).update(valor=XSS, notas=XSS)
    orden.resultados.exclude(pk=texto.pk).update(notas=XSS)
    orden.observaciones = XSS
    orden.conformidad_nombre = XSS
    orden.save()
    return orden


def _hoy():
    from django.utils import timezone

    return timezone.localdate()


def test_mantenimiento(cliente_con_rol, orden_xss):
    cliente = cliente_con_rol("admin")
    sin_xss(_get(cliente, "mantenimiento:mi_lista", datos={"tecnico": "todos"}), "mi lista")
    sin_xss(_get(cliente, "mantenimiento:orden", [orden_xss.pk]), "orden")
    sin_xss(_get(cliente, "mantenimiento:checklist", [orden_xss.pk]), "checklist (valores en formularios)")
    sin_xss(_get(cliente, "mantenimiento:planes"), "planes")
    sin_xss(_get(cliente, "inventario:detalle", [orden_xss.equipo_id]), "sección de mantenimiento del equipo")


def test_agentes(cliente_con_rol, equipo_xss):
    from agentes.models import HostDescubierto, InstalacionSoftware, Software
    from tests.agentes.factories import AgenteFactory, EscaneoFactory, RevisionFactory

    escaneo = EscaneoFactory(error=XSS, advertencias=XSS, segmento__nombre=XSS[:80])
    HostDescubierto.objects.create(escaneo=escaneo, ip="198.18.0.9", hostname=XSS, fabricante=XSS,
                                   sistema_operativo=XSS, equipo=equipo_xss)
    RevisionFactory(escaneo=escaneo, hostname=XSS, datos={"sistema_operativo": XSS, "hostname": XSS})
    agente = AgenteFactory(equipo=equipo_xss, nombre=XSS, usuario=XSS[:120], so_completo=XSS, procesador=XSS)
    programa = Software.objects.create(nombre=f"Programa {XSS}", editor=XSS, version="1")
    InstalacionSoftware.objects.create(equipo=agente.equipo, software=programa)
    cliente = cliente_con_rol("admin")
    sin_xss(_get(cliente, "agentes:segmentos"), "segmentos")
    sin_xss(_get(cliente, "agentes:escaneo", [escaneo.pk]), "escaneo")
    sin_xss(_get(cliente, "agentes:escaneo_estado", [escaneo.pk], **HX), "estado del escaneo (htmx)",
            debe_mostrarse=False)
    sin_xss(_get(cliente, "agentes:revisiones"), "cola de revisión")
    sin_xss(_get(cliente, "agentes:agentes"), "agentes")
    sin_xss(_get(cliente, "agentes:software", datos={"q": "Programa"}), "software")
    sin_xss(_get(cliente, "agentes:software", datos={"q": XSS}), "software (eco de q)")
    sin_xss(_get(cliente, "inventario:detalle", [equipo_xss.pk]), "sección del agente en el equipo")


def test_credenciales(client, cliente_con_rol, equipo_xss):
    from tests.credenciales.factories import lote

    empleado = equipo_xss.resguardante
    nuevo = lote(empleados=[empleado])
    credencial = nuevo.credenciales.get()
    cliente = cliente_con_rol("admin")
    sin_xss(_get(cliente, "credenciales:lotes"), "lotes", debe_mostrarse=False)
    sin_xss(_get(cliente, "credenciales:lote", [nuevo.pk]), "lote")
    sin_xss(_get(cliente, "credenciales:lista"), "lista de credenciales")
    sin_xss(_get(cliente, "credenciales:lista", datos={"q": XSS}), "lista (eco de q)")
    sin_xss(_get(cliente, "credenciales:credencial", [credencial.pk]), "credencial")
    client.logout()
    sin_xss(_get(client, "verificacion:verificar", [credencial.token]), "verificación pública")
