"""Recuperación de trabajos abandonados, en cualquier base (la prueba con un cluster real y SIGKILL está en
test_trabajador_muerto.py, solo PostgreSQL): detección del proceso muerto, estado fallido y reintentable, tareas
viejas que django-q2 vuelva a entregar sin efecto, y el reintento desde la página."""
import socket
import subprocess
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from agentes import services as servicios_agentes
from agentes.models import Escaneo
from inventario import importacion as servicio
from inventario import tasks, trabajos
from inventario.models import Equipo
from inventario.models_importacion import Importacion
from tests.agentes.factories import EscaneoFactory, SegmentoFactory
from tests.factories import DependenciaFactory, tipo

pytestmark = pytest.mark.django_db


@pytest.fixture
def marca_muerta():
    proceso = subprocess.Popen(["true"])  # noqa: S603,S607  un proceso que ya terminó
    proceso.wait()
    return f"{socket.gethostname()}:{proceso.pid}:1"


def test_proceso_vivo(marca_muerta):
    assert trabajos.proceso_vivo(trabajos.marca_proceso()) is True
    assert trabajos.proceso_vivo(marca_muerta) is False
    assert trabajos.proceso_vivo("otro-servidor:1:1") is None
    assert trabajos.proceso_vivo("") is None and trabajos.proceso_vivo("basura") is None
    # Un pid reutilizado por otro proceso no engaña: el arranque no coincide.
    host, pid, _ = trabajos.marca_proceso().rsplit(":", 2)
    assert trabajos.proceso_vivo(f"{host}:{pid}:999999999") is False


def test_abandonado_por_latido_si_no_se_ve_el_proceso(settings):
    settings.SIGMA_TRABAJOS_LATIDO_SEGUNDOS = 60
    ahora = timezone.now()
    assert trabajos.abandonado("otro-servidor:1:1", ahora - timedelta(seconds=61), ahora)
    assert not trabajos.abandonado("otro-servidor:1:1", ahora - timedelta(seconds=30), ahora)
    # En este host manda el proceso: vivo con latido viejo (transacción larga) no se toca.
    assert not trabajos.abandonado(trabajos.marca_proceso(), ahora - timedelta(hours=3), ahora)


def _importacion_analizada(filas=30):
    dependencia = DependenciaFactory(nombre="Dirección de Recuperación")
    lineas = ["No. Inventario,Tipo,Marca,Modelo,Dependencia"]
    lineas += [f"REC-{n:04d},{tipo().nombre},Marca R,Modelo R,{dependencia.nombre}" for n in range(filas)]
    importacion = Importacion(archivo_nombre="rec.csv", opciones={"mapeo": {}, "crear_catalogos": True})
    importacion.archivo.save("rec.csv", ContentFile("\n".join(lineas).encode()), save=False)
    importacion.save()
    assert servicio.analizar_importacion(importacion) is not None
    return importacion


def test_importacion_aplicando_sin_proceso_se_recupera_y_se_reintenta(marca_muerta, admin_client_sigma):
    importacion = _importacion_analizada()
    Importacion.objects.filter(pk=importacion.pk).update(estado="aplicando", proceso=marca_muerta,
                                                         opciones={**importacion.opciones, "solo_validas": False})
    assert servicio.recuperar_importaciones() == 1
    assert servicio.recuperar_importaciones() == 0
    importacion.refresh_from_db()
    assert importacion.estado == "fallida" and importacion.reintentable
    assert importacion.opciones["reanudar"] == "aplicar" and importacion.intento == 1
    assert "No se escribió nada" in importacion.error

    # La tarea vieja (intento 0) que django-q2 vuelva a entregar no hace nada.
    assert tasks.aplicar_importacion(importacion.pk, None, False, intento=0).startswith("tarea de un intento")
    assert Equipo.objects.count() == 0

    url = importacion.get_absolute_url()
    pagina = admin_client_sigma.get(url).content.decode()
    assert "La importación se interrumpió" in pagina and 'value="reintentar"' in pagina
    assert admin_client_sigma.post(url, {"accion": "otra"}).status_code == 400
    respuesta = admin_client_sigma.post(url, {"accion": "reintentar"})  # en pruebas django-q2 corre en línea
    assert respuesta.status_code == 302
    importacion.refresh_from_db()
    assert importacion.estado == "aplicada" and importacion.intento == 2
    assert Equipo.objects.count() == 30
    assert admin_client_sigma.post(url, {"accion": "reintentar"}).status_code == 409


def test_analisis_interrumpido_se_reintenta(marca_muerta, cliente_con_rol):
    importacion = _importacion_analizada(5)
    Importacion.objects.filter(pk=importacion.pk).update(estado="analizando", proceso=marca_muerta)
    assert servicio.recuperar_importaciones() == 1
    importacion.refresh_from_db()
    assert importacion.opciones["reanudar"] == "analizar"
    # Solo el Administrador (permiso de importar) puede reintentar.
    assert cliente_con_rol("tecnico").post(importacion.get_absolute_url(), {"accion": "reintentar"}).status_code == 403
    servicio.reintentar_importacion(importacion)
    importacion.refresh_from_db()
    assert importacion.estado == "analizada" and importacion.resumen["nuevos"] == 5


def test_importaciones_vivas_o_recientes_no_se_tocan(settings):
    settings.SIGMA_TRABAJOS_LATIDO_SEGUNDOS = 600
    viva = _importacion_analizada(2)
    Importacion.objects.filter(pk=viva.pk).update(estado="aplicando", proceso=trabajos.marca_proceso())
    reciente = Importacion.objects.create(archivo_nombre="x.csv")  # pendiente, nadie la ha tomado aún
    vieja = Importacion.objects.create(archivo_nombre="y.csv")
    Importacion.objects.filter(pk=vieja.pk).update(creado=timezone.now() - timedelta(hours=1))
    assert servicio.recuperar_importaciones() == 1
    assert Importacion.objects.get(pk=viva.pk).estado == "aplicando"
    assert Importacion.objects.get(pk=reciente.pk).estado == "pendiente"
    vieja.refresh_from_db()
    assert vieja.estado == "fallida" and "Ningún trabajador" in vieja.error and vieja.reintentable


def test_escaneos_abandonados(marca_muerta, settings, admin_client_sigma):
    settings.SIGMA_TRABAJOS_LATIDO_SEGUNDOS = 600
    hace_poco, hace_rato = timezone.now() - timedelta(seconds=30), timezone.now() - timedelta(hours=1)
    muerto = EscaneoFactory(estado="en_curso", inicio=hace_poco, latido=hace_poco, proceso=marca_muerta)
    vivo = EscaneoFactory(estado="en_curso", inicio=hace_rato, latido=hace_rato, proceso=trabajos.marca_proceso(),
                          limite_segundos=7200)
    otro_host = EscaneoFactory(estado="en_curso", inicio=hace_rato, latido=hace_rato, proceso="otro-servidor:5:1")
    sin_tomar = EscaneoFactory(estado="pendiente")
    Escaneo.objects.filter(pk=sin_tomar.pk).update(creado=hace_rato)
    assert servicios_agentes.recuperar_escaneos() == 3
    estados = dict(Escaneo.objects.values_list("pk", "estado"))
    assert estados == {muerto.pk: "fallido", vivo.pk: "en_curso", otro_host.pk: "fallido", sin_tomar.pk: "fallido"}
    muerto.refresh_from_db()
    assert "se interrumpió" in muerto.error
    pagina = admin_client_sigma.get(muerto.get_absolute_url()).content.decode()
    assert reverse("agentes:escanear", args=[muerto.segmento_id]) in pagina and "Reintentar escaneo" in pagina
    assert "apt-get install nmap" not in pagina  # la ayuda de nmap solo cuando el error es de nmap


def test_escaneo_tomado_registra_proceso_y_latido(settings, tmp_path):
    """ejecutar_escaneo marca el escaneo con su proceso; una tarea repetida no lo vuelve a correr."""
    envoltorio = tmp_path / "nmap-falla"
    envoltorio.write_text('#!/bin/sh\n[ "$1" = "-V" ] && exec nmap -V\nexit 3\n')
    envoltorio.chmod(0o755)
    settings.SIGMA_NMAP_RUTA = str(envoltorio)
    escaneo = Escaneo.objects.create(segmento=SegmentoFactory(cidr="127.0.0.1/32"), perfil="descubrimiento")
    servicios_agentes.ejecutar_escaneo(escaneo.pk)
    escaneo.refresh_from_db()
    assert escaneo.proceso == trabajos.marca_proceso() and escaneo.latido is not None
    assert escaneo.estado == "fallido"
    assert servicios_agentes.ejecutar_escaneo(escaneo.pk) == "nada que hacer"
