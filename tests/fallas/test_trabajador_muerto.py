"""Un trabajador de django-q2 muere (SIGKILL) a media importación o a medio escaneo: nada queda a medias, la
recuperación marca el trabajo como fallido y reintentable, y el reintento termina bien.

Todo real: `manage.py qcluster` como subproceso contra la base de prueba de PostgreSQL (la de SQLite de las
pruebas vive en memoria y otro proceso no la ve), broker ORM, y para el escaneo un envoltorio de nmap que
espera mientras exista un archivo bandera y luego ejecuta el nmap real contra 127.0.0.1."""
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django_q.conf import Conf

from agentes import services as servicios_agentes
from agentes.models import Escaneo, HostDescubierto, Revision
from inventario import importacion as servicio
from inventario import trabajos
from inventario.models import Equipo, InterfazRed
from inventario.models_importacion import Importacion, ImportacionEquipo
from tests.agentes.factories import SegmentoFactory
from tests.factories import DependenciaFactory, tipo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FILAS = 3000
RAIZ = Path(__file__).resolve().parents[2]


def _esperar(condicion, segundos, que):
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.1)
    raise AssertionError(f"No ocurrió a tiempo: {que}")


@pytest.fixture(scope="module")
def carpeta_cluster(tmp_path_factory):
    return tmp_path_factory.mktemp("cluster")


@pytest.fixture
def cluster(carpeta_cluster, monkeypatch, settings):
    """`manage.py qcluster` real (1 trabajador) sobre la base de prueba; las tareas de esta prueba van a su cola."""
    datos = connection.settings_dict
    bandera = carpeta_cluster / "nmap-esperar"
    pids = carpeta_cluster / "nmap-pids"
    envoltorio = carpeta_cluster / "nmap-lento"
    envoltorio.write_text(
        "#!/bin/sh\n"
        '[ "$1" = "-V" ] && exec nmap -V\n'
        f'echo $$ >> "{pids}"\n'
        f'while [ -f "{bandera}" ]; do sleep 0.2; done\n'
        'exec nmap "$@"\n')
    envoltorio.chmod(0o755)
    media = carpeta_cluster / "media"
    media.mkdir(exist_ok=True)
    entorno = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "clave-solo-para-pruebas",
        "DATABASE_URL": (f"postgres://{datos['USER']}:{datos['PASSWORD']}@{datos['HOST']}:{datos['PORT']}/"
                         f"{datos['NAME']}"),
        "CONN_MAX_AGE": "0",
        "SIGMA_VAR_DIR": str(carpeta_cluster / "var"),
        "MEDIA_ROOT": str(media),
        "Q_WORKERS": "1",
        "SIGMA_NMAP_RUTA": str(envoltorio),
        "LOG_LEVEL": "WARNING",
    }
    bitacora = open(carpeta_cluster / "qcluster.log", "ab")  # noqa: SIM115  se cierra al terminar
    proceso = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=RAIZ, env=entorno,  # noqa: S603
                               stdout=bitacora, stderr=subprocess.STDOUT, start_new_session=True)
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = str(media)
    monkeypatch.setattr(Conf, "SYNC", False)  # async_task encola de verdad (broker ORM) en lugar de correr aquí
    try:
        yield {"proceso": proceso, "bandera": bandera, "pids": pids}
    finally:
        os.killpg(proceso.pid, signal.SIGTERM)
        try:
            proceso.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait()
        bitacora.close()
        bandera.unlink(missing_ok=True)
        for pid in (pids.read_text().split() if pids.exists() else []):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        pids.unlink(missing_ok=True)


def _matar(marca):
    pid = int(marca.rsplit(":", 2)[1])
    assert pid != os.getpid(), "el trabajo no lo corre el cluster"
    os.kill(pid, signal.SIGKILL)
    _esperar(lambda: trabajos.proceso_vivo(marca) is False, 10, "el trabajador muerto desaparezca")


def _escribiendo():
    """¿Hay otra conexión con una transacción que ya escribió (tiene xid)? = la importación va a medias."""
    datos = connection.settings_dict
    with psycopg.connect(host=datos["HOST"], port=datos["PORT"], user=datos["USER"], password=datos["PASSWORD"],
                         dbname=datos["NAME"], autocommit=True) as otra:
        return otra.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()").fetchone()[0]


def test_importacion_trabajador_muerto_no_deja_nada_y_se_reintenta(cluster, admin_client_sigma):
    dependencia = DependenciaFactory(nombre="Dirección de Pruebas de Fallas")
    nombre_tipo = tipo().nombre
    lineas = ["No. Inventario,Tipo,Marca,Modelo,No. de Serie,Dependencia"]
    lineas += [f"FALLA-{n:05d},{nombre_tipo},Marca Falla,Modelo F{n % 7},SERIEF{n:06d},{dependencia.nombre}"
               for n in range(FILAS)]
    importacion = Importacion(archivo_nombre="grande.csv", opciones={"mapeo": {}, "crear_catalogos": True})
    importacion.archivo.save("grande.csv", ContentFile("\n".join(lineas).encode()), save=False)
    importacion.save()
    assert servicio.analizar_importacion(importacion) is not None
    assert importacion.resumen["nuevos"] == FILAS and not importacion.resumen.get("rechazados")

    # Como la vista «Confirmar»: tomarla y encolarla para el cluster.
    Importacion.objects.filter(pk=importacion.pk).update(estado=Importacion.Estado.APLICANDO, proceso="")
    from django_q.tasks import async_task

    async_task("inventario.tasks.aplicar_importacion", importacion.pk, None, False, intento=importacion.intento)
    tomada = _esperar(lambda: Importacion.objects.filter(pk=importacion.pk).exclude(proceso="").first(), 20,
                      "el trabajador tome la importación")
    _esperar(_escribiendo, 20, "la importación empiece a escribir")
    _matar(tomada.proceso)

    # Nada a medias: la transacción murió con el trabajador.
    assert Equipo.objects.count() == 0
    assert Equipo.history.count() == 0
    assert ImportacionEquipo.objects.count() == 0 and InterfazRed.objects.count() == 0
    assert Importacion.objects.get(pk=importacion.pk).estado == Importacion.Estado.APLICANDO

    assert servicio.recuperar_importaciones() == 1
    importacion.refresh_from_db()
    assert importacion.estado == Importacion.Estado.FALLIDA and importacion.reintentable
    assert "se detuvo" in importacion.error and "No se escribió nada" in importacion.error
    pagina = admin_client_sigma.get(importacion.get_absolute_url()).content.decode()
    assert "La importación se interrumpió" in pagina and "Reintentar" in pagina

    respuesta = admin_client_sigma.post(importacion.get_absolute_url(), {"accion": "reintentar"})
    assert respuesta.status_code == 302
    _esperar(lambda: Importacion.objects.filter(pk=importacion.pk, estado=Importacion.Estado.APLICADA).exists(),
             25, "el reintento termine")
    assert Equipo.objects.count() == FILAS
    assert servicio.recuperar_importaciones() == 0
    # Reintentar otra vez ya no aplica.
    assert admin_client_sigma.post(importacion.get_absolute_url(), {"accion": "reintentar"}).status_code == 409


def test_escaneo_trabajador_muerto_no_deja_nada_y_se_reintenta(cluster, admin_client_sigma):
    cluster["bandera"].touch()  # el envoltorio de nmap espera mientras exista
    segmento = SegmentoFactory(cidr="127.0.0.1/32", nombre="Solo este servidor")
    escaneo = servicios_agentes.solicitar_escaneo(segmento)
    en_curso = _esperar(
        lambda: Escaneo.objects.filter(pk=escaneo.pk, estado="en_curso").exclude(proceso="").first(), 20,
        "el trabajador tome el escaneo")
    _esperar(lambda: cluster["pids"].exists(), 10, "arranque el envoltorio de nmap")
    _matar(en_curso.proceso)

    assert HostDescubierto.objects.count() == 0 and Revision.objects.count() == 0
    assert servicios_agentes.recuperar_escaneos() == 1
    escaneo.refresh_from_db()
    assert escaneo.estado == "fallido" and "se interrumpió" in escaneo.error
    pagina = admin_client_sigma.get(escaneo.get_absolute_url()).content.decode()
    assert "Reintentar escaneo" in pagina and "apt-get install nmap" not in pagina

    cluster["bandera"].unlink()
    respuesta = admin_client_sigma.post(reverse("agentes:escanear", args=[segmento.pk]))
    assert respuesta.status_code == 302
    nuevo = Escaneo.objects.exclude(pk=escaneo.pk).get(segmento=segmento)
    _esperar(lambda: Escaneo.objects.filter(pk=nuevo.pk, estado="completado").exists(), 25,
             "el escaneo reintentado termine")
    escaneo.refresh_from_db()
    assert escaneo.estado == "fallido"  # el viejo queda como registro
    assert servicios_agentes.recuperar_escaneos() == 0
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
