"""Respaldos: simulacro completo (respaldar, borrar, restaurar, comparar) con las órdenes reales en un proceso aparte
sobre una base en archivo (SQLite) o una base de PostgreSQL propia; archivos dañados, ajenos o incompatibles se
rechazan sin tocar nada; retención; la tarea diaria está declarada."""
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

from comun import respaldos

RAIZ = Path(settings.BASE_DIR)
BD_SIMULACRO_PG = "h_resp_simulacro"

# Datos de prueba: un municipio chico (inventario.demo), un usuario y archivos de media (uno binario, uno anidado).
POBLAR = """
from django.contrib.auth import get_user_model
from inventario.demo import generar
generar(semilla=7, dependencias=4, empleados=25, equipos=40)
get_user_model().objects.create_user("respaldo", password="clave-de-prueba")
"""

# Instantánea lógica de la instalación: filas por tabla, sha256 de un volcado ordenado de algunas tablas y de cada
# archivo de media. Se imprime como JSON.
INSTANTANEA = """
import hashlib, json, os
from pathlib import Path
from django.conf import settings
from django.db import connection
tablas = sorted(connection.introspection.table_names())
filas, volcados = {}, {}
with connection.cursor() as c:
    for t in tablas:
        c.execute(f'SELECT COUNT(*) FROM "{t}"')
        filas[t] = c.fetchone()[0]
    for t in ("inventario_equipo", "comun_empleado", "auth_user", "inventario_interfazred", "django_migrations"):
        c.execute(f'SELECT * FROM "{t}" ORDER BY 1')
        volcados[t] = hashlib.sha256(repr(c.fetchall()).encode()).hexdigest()
media = Path(settings.MEDIA_ROOT)
archivos = {
    p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
    for p in sorted(media.rglob("*")) if p.is_file()
} if media.is_dir() else {}
print(json.dumps({"filas": filas, "volcados": volcados, "media": archivos}))
"""

BORRAR = """
import shutil
from django.conf import settings
from django.core.management import call_command
call_command("flush", interactive=False, verbosity=0)
shutil.rmtree(settings.MEDIA_ROOT)
"""


class Instalacion:
    """Una instalación de SIGMA de prueba: variables de entorno + órdenes en un proceso aparte."""

    def __init__(self, raiz: Path, database_url: str):
        self.raiz = raiz
        self.var = raiz / "var"
        self.respaldos = raiz / "respaldos"
        self.entorno = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PG", "SIGMA_", "DATABASE_URL"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SIGMA_VAR_DIR": str(self.var),
            "SIGMA_RESPALDOS_DIR": str(self.respaldos),
            "SECRET_KEY": "clave-solo-para-pruebas",
            "LOG_LEVEL": "WARNING",
        }

    @property
    def media(self) -> Path:
        return self.var / "media"

    def python(self, codigo: str) -> str:
        salida = subprocess.run(  # noqa: S603
            [sys.executable, "-c", "import django; django.setup()\n" + codigo],
            cwd=RAIZ, env=self.entorno, capture_output=True, text=True, timeout=300, check=False,
        )
        assert salida.returncode == 0, salida.stderr
        return salida.stdout

    def orden(self, *args, entrada: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=RAIZ, env=self.entorno, capture_output=True, text=True, timeout=300, check=False,
            input=entrada if entrada is not None else "",
        )

    def instantanea(self) -> dict:
        return json.loads(self.python(INSTANTANEA).strip().splitlines()[-1])

    def poblar_media(self):
        (self.media / "adjuntos" / "2026").mkdir(parents=True, exist_ok=True)
        (self.media / "adjuntos" / "2026" / "oficio ñandú.pdf").write_bytes(b"%PDF-1.4 oficio\n" * 500)
        (self.media / "fotos.bin").write_bytes(bytes(range(256)) * 300)

    def respaldar(self, *args) -> Path:
        salida = self.orden("respaldar", *args)
        assert salida.returncode == 0, salida.stderr
        return respaldos.listar(self.respaldos)[-1]


def _reempaquetar(origen: Path, destino: Path, cambiar=None, manifiesto=None, extra=None):
    """Copia un respaldo cambiando el contenido de partes (recalculando su sha256 en el manifiesto), el manifiesto
    o agregando miembros: para fabricar respaldos ajenos o incompatibles pero íntegros."""
    cambiar = cambiar or {}
    with tarfile.open(origen, "r:gz") as tar:
        miembros = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    datos_manifiesto = json.loads(miembros.pop(respaldos.MANIFIESTO))
    for nombre, (nuevo_nombre, contenido) in cambiar.items():
        viejo = miembros.pop(nombre)
        contenido = viejo if contenido is None else contenido
        miembros[nuevo_nombre] = contenido
        del datos_manifiesto["partes"][nombre]
        datos_manifiesto["partes"][nuevo_nombre] = {
            "sha256": hashlib.sha256(contenido).hexdigest(), "bytes": len(contenido)
        }
    if manifiesto:
        manifiesto(datos_manifiesto)
    miembros[respaldos.MANIFIESTO] = json.dumps(datos_manifiesto).encode()
    miembros.update(extra or {})
    with tarfile.open(destino, "w:gz") as tar:
        for nombre, contenido in miembros.items():
            info = tarfile.TarInfo(nombre)
            info.size = len(contenido)
            tar.addfile(info, io.BytesIO(contenido))
    return destino


def _arbol(ruta: Path) -> dict:
    return {
        p.relative_to(ruta).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(ruta.rglob("*")) if p.is_file()
    }


# ------------------------------------------------------------------------------------------------------------
# SQLite: base en archivo; la plantilla (migrada y con datos) se hace una vez y se copia a cada prueba.
# ------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plantilla_sqlite(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("plantilla")
    instalacion = Instalacion(raiz, f"sqlite:///{raiz / 'sigma.sqlite3'}")
    instalacion.python("from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n"
                       + POBLAR)
    instalacion.poblar_media()
    return instalacion


@pytest.fixture
def sqlite_inst(plantilla_sqlite, tmp_path):
    instalacion = Instalacion(tmp_path, f"sqlite:///{tmp_path / 'sigma.sqlite3'}")
    origen = sqlite3.connect(plantilla_sqlite.raiz / "sigma.sqlite3")
    destino = sqlite3.connect(tmp_path / "sigma.sqlite3")
    origen.backup(destino)
    destino.close()
    origen.close()
    shutil.copytree(plantilla_sqlite.media, instalacion.media)
    return instalacion


def _estado_sqlite(instalacion: Instalacion) -> dict:
    """Instantánea sin arrancar Django (rápida): filas y contenido de cada tabla, media y respaldos."""
    con = sqlite3.connect(instalacion.raiz / "sigma.sqlite3")
    try:
        tablas = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        contenido = {}
        for t in tablas:
            filas = con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()  # noqa: S608
            contenido[t] = hashlib.sha256(repr(filas).encode()).hexdigest()
    finally:
        con.close()
    return {"bd": contenido, "media": _arbol(instalacion.media), "respaldos": _arbol(instalacion.respaldos)}


@pytest.mark.sqlite
def test_simulacro_sqlite_respaldar_borrar_restaurar(sqlite_inst):
    antes = sqlite_inst.instantanea()
    assert antes["filas"]["inventario_equipo"] == 40
    assert antes["filas"]["auth_user"] == 1
    assert len(antes["media"]) == 2

    # Dos respaldos conservando 1: la retención borra el más viejo.
    primero = sqlite_inst.respaldar("--conservar", "1")
    archivo = sqlite_inst.respaldar("--conservar", "1")
    assert respaldos.listar(sqlite_inst.respaldos) == [archivo] and primero != archivo
    assert not list(sqlite_inst.respaldos.glob(".sigma-*"))  # sin temporales

    manifiesto = respaldos.verificar(archivo)
    assert manifiesto["motor"] == "sqlite"
    assert manifiesto["tablas"]["inventario_equipo"] == 40
    assert manifiesto["migraciones"]["inventario"]
    assert manifiesto["sigma"]["version"]
    assert set(manifiesto["partes"]) == {"db.sqlite3", "media/fotos.bin", "media/adjuntos/2026/oficio ñandú.pdf"}
    assert all(len(p["sha256"]) == 64 for p in manifiesto["partes"].values())
    verificado = sqlite_inst.orden("respaldar", "--verificar", str(archivo))
    assert verificado.returncode == 0 and "íntegro" in verificado.stdout

    borrado = json.loads(sqlite_inst.python(BORRAR + INSTANTANEA).strip().splitlines()[-1])
    assert borrado["filas"]["inventario_equipo"] == 0 and borrado["media"] == {}

    assert sqlite_inst.orden("restaurar", str(archivo), "--comprobar").returncode == 0
    salida = sqlite_inst.orden("restaurar", str(archivo), "--si")
    assert salida.returncode == 0, salida.stderr
    assert "iguales al manifiesto" in salida.stdout
    assert sqlite_inst.instantanea() == antes
    # El estado borrado quedó respaldado antes de restaurar.
    assert len(respaldos.listar(sqlite_inst.respaldos, respaldos.PREFIJO_PREVIO)) == 1


@pytest.mark.sqlite
def test_archivo_danado_o_ajeno_se_rechaza_sin_tocar_nada(sqlite_inst, plantilla_sqlite, tmp_path):
    archivo = sqlite_inst.respaldar()
    datos = bytearray(archivo.read_bytes())
    datos[len(datos) // 2] ^= 0xFF
    danado = tmp_path / "danado.tar.gz"
    danado.write_bytes(bytes(datos))
    # Otro motor: el mismo volcado presentado como de PostgreSQL (íntegro, pero no de esta instalación).
    otro_motor = _reempaquetar(
        archivo, tmp_path / "otro.tar.gz", cambiar={"db.sqlite3": ("db.pgdump", None)},
        manifiesto=lambda m: m.update(motor="postgresql"),
    )
    # Un volcado que no es SQLite pero con sumas correctas.
    basura = _reempaquetar(archivo, tmp_path / "basura.tar.gz", cambiar={"db.sqlite3": ("db.sqlite3", b"x" * 4096)})
    # Estado distinto al del respaldo: si se restaurara algo, se notaría.
    con = sqlite3.connect(sqlite_inst.raiz / "sigma.sqlite3")
    with con:
        con.execute("UPDATE inventario_equipo SET hostname = 'cambiado-despues'")
    con.close()
    (sqlite_inst.media / "fotos.bin").unlink()
    (sqlite_inst.media / "nuevo.txt").write_text("después del respaldo")
    antes = _estado_sqlite(sqlite_inst)

    casos = [(danado, "dañado"), (otro_motor, "PostgreSQL"), (basura, "dañada")]
    for ruta, mensaje in casos:
        salida = sqlite_inst.orden("restaurar", str(ruta), "--si")
        assert salida.returncode != 0, ruta
        assert mensaje in salida.stderr, salida.stderr
        assert "Traceback" not in salida.stderr
        assert _estado_sqlite(sqlite_inst) == antes

    # Sin --si y sin confirmar: no cambia nada.
    salida = sqlite_inst.orden("restaurar", str(archivo), entrada="no\n")
    assert salida.returncode != 0 and "cancelada" in salida.stderr
    assert _estado_sqlite(sqlite_inst) == antes

    # Servidor nuevo (sin base todavía): se restaura sin respaldo previo (no hay nada que guardar).
    nuevo = Instalacion(tmp_path / "nuevo", f"sqlite:///{tmp_path / 'nuevo' / 'sigma.sqlite3'}")
    salida = nuevo.orden("restaurar", str(archivo), entrada="restaurar\n")
    assert salida.returncode == 0, salida.stderr
    con = sqlite3.connect(nuevo.raiz / "sigma.sqlite3")
    assert con.execute("SELECT COUNT(*) FROM inventario_equipo").fetchone() == (40,)
    con.close()
    assert _arbol(nuevo.media) == _arbol(plantilla_sqlite.media)
    assert respaldos.listar(nuevo.respaldos, respaldos.PREFIJO_PREVIO) == []


# ------------------------------------------------------------------------------------------------------------
# Verificación en proceso (sin base): archivos ajenos, incompletos o peligrosos.
# ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def respaldo_minimo(tmp_path):
    """Un respaldo íntegro fabricado a mano (formato del manifiesto real)."""
    db = b"SQLite format 3\x00" + b"\x00" * 100
    media = b"archivo de media"
    manifiesto = {
        "formato": respaldos.FORMATO, "version_formato": respaldos.VERSION_FORMATO, "motor": "sqlite",
        "creado": "2026-01-01T00:00:00+00:00", "sigma": {}, "tablas": {"x": 1}, "media": {"archivos": 1, "bytes": 16},
        "migraciones": {"contenttypes": ["0001_initial"]},
        "partes": {
            "db.sqlite3": {"sha256": hashlib.sha256(db).hexdigest(), "bytes": len(db)},
            "media/a.txt": {"sha256": hashlib.sha256(media).hexdigest(), "bytes": len(media)},
        },
    }
    ruta = tmp_path / "minimo.tar.gz"
    with tarfile.open(ruta, "w:gz") as tar:
        for nombre, contenido in (("db.sqlite3", db), ("media/a.txt", media),
                                  ("manifest.json", json.dumps(manifiesto).encode())):
            info = tarfile.TarInfo(nombre)
            info.size = len(contenido)
            tar.addfile(info, io.BytesIO(contenido))
    return ruta


def test_respaldo_minimo_es_valido(respaldo_minimo):
    assert respaldos.verificar(respaldo_minimo)["motor"] == "sqlite"


@pytest.mark.parametrize(
    ("caso", "mensaje"),
    [
        ("truncado", "dañado"),
        ("texto", "dañado"),
        ("tar_ajeno", "no es un respaldo de SIGMA"),
        ("sin_manifiesto", "falta el manifiesto"),
        ("sin_formato", "no es de un respaldo de SIGMA"),
        ("formato_futuro", "formato 99"),
        ("parte_alterada", "sha256"),
        ("parte_faltante", "faltan"),
        ("parte_extra", "no lista"),
        ("ruta_peligrosa", "no es un archivo permitido"),
        ("enlace", "no es un archivo permitido"),
    ],
)
def test_verificar_rechaza(respaldo_minimo, tmp_path, caso, mensaje):
    ruta = tmp_path / "caso.tar.gz"
    if caso == "truncado":
        ruta.write_bytes(respaldo_minimo.read_bytes()[:-40])
    elif caso == "texto":
        ruta.write_text("esto no es un respaldo")
    elif caso == "tar_ajeno":
        with tarfile.open(ruta, "w:gz") as tar:
            info = tarfile.TarInfo("notas.txt")
            tar.addfile(info, io.BytesIO(b""))
    elif caso == "sin_manifiesto":
        with tarfile.open(respaldo_minimo, "r:gz") as origen, tarfile.open(ruta, "w:gz") as tar:
            for miembro in origen:
                if miembro.name != respaldos.MANIFIESTO:
                    tar.addfile(miembro, origen.extractfile(miembro))
    elif caso == "sin_formato":
        _reempaquetar(respaldo_minimo, ruta, manifiesto=lambda m: m.pop("formato"))
    elif caso == "formato_futuro":
        _reempaquetar(respaldo_minimo, ruta, manifiesto=lambda m: m.update(version_formato=99))
    elif caso == "parte_alterada":
        _reempaquetar(respaldo_minimo, ruta, manifiesto=lambda m: m["partes"]["media/a.txt"].update(sha256="0" * 64))
    elif caso == "parte_faltante":
        _reempaquetar(respaldo_minimo, ruta, manifiesto=lambda m: m["partes"].update({"media/b": {}}))
    elif caso == "parte_extra":
        _reempaquetar(respaldo_minimo, ruta, extra={"media/intrusa.txt": b"x"})
    elif caso == "ruta_peligrosa":
        _reempaquetar(respaldo_minimo, ruta, extra={"media/../../etc/passwd": b"x"})
    elif caso == "enlace":
        with tarfile.open(ruta, "w:gz") as tar:
            info = tarfile.TarInfo("media/enlace")
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
    with pytest.raises(respaldos.RespaldoInvalido, match=mensaje):
        respaldos.verificar(ruta)


def test_compatibilidad_motor_y_migraciones(respaldo_minimo):
    manifiesto = respaldos.verificar(respaldo_minimo)
    manifiesto["motor"] = "postgresql" if respaldos._motor() == "sqlite" else "sqlite"
    with pytest.raises(respaldos.RespaldoInvalido, match="no se puede restaurar en otro motor"):
        respaldos.comprobar_compatible(manifiesto)
    manifiesto["motor"] = respaldos._motor()
    assert "migrate" in respaldos.comprobar_compatible(manifiesto)[0]  # más viejo: se restaura y se migra
    manifiesto["migraciones"]["inventario"] = ["9999_de_una_version_futura"]
    with pytest.raises(respaldos.RespaldoInvalido, match="versión más nueva de SIGMA"):
        respaldos.comprobar_compatible(manifiesto)
    manifiesto["migraciones"] = {}
    with pytest.raises(respaldos.RespaldoInvalido, match="migraciones"):
        respaldos.comprobar_compatible(manifiesto)


def test_retencion_conserva_los_mas_nuevos(tmp_path):
    nombres = [f"sigma-respaldo-20260{m}01-023000-000.tar.gz" for m in range(1, 6)]
    for nombre in [*nombres, "otro-archivo.tar.gz", "sigma-antes-de-restaurar-20260101-000000-000.tar.gz"]:
        (tmp_path / nombre).write_bytes(b"")
    borrados = respaldos.aplicar_retencion(tmp_path, 2)
    assert [p.name for p in borrados] == nombres[:3]
    assert [p.name for p in respaldos.listar(tmp_path)] == nombres[3:]
    assert (tmp_path / "otro-archivo.tar.gz").exists()  # nunca borra lo que no es suyo
    assert (tmp_path / "sigma-antes-de-restaurar-20260101-000000-000.tar.gz").exists()
    with pytest.raises(respaldos.RespaldoInvalido):
        respaldos.aplicar_retencion(tmp_path, 0)


@pytest.mark.django_db
def test_tarea_diaria_declarada_y_sincronizada(monkeypatch, settings, tmp_path):
    from django.core.management import call_command
    from django_q.models import Schedule

    from comun import tasks

    decl = next(p for p in tasks.PROGRAMADAS if p["funcion"] == "comun.tasks.respaldar")
    assert decl["tipo"] == "D" and decl["hora"]
    call_command("sincronizar_tareas", stdout=io.StringIO())
    assert Schedule.objects.filter(func="comun.tasks.respaldar", schedule_type="D").count() == 1

    llamadas = []
    settings.SIGMA_RESPALDOS_DIR = tmp_path
    settings.SIGMA_RESPALDOS_CONSERVAR = 5
    monkeypatch.setattr(
        respaldos, "crear",
        lambda d, conservar: llamadas.append((d, conservar)) or respaldos.Resultado(tmp_path / "r.tar.gz", {}, []),
    )
    assert "r.tar.gz" in tasks.respaldar()
    assert llamadas == [(tmp_path, 5)]


def test_ordenes_validan_argumentos(tmp_path, settings):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--conservar debe ser 1 o mayor"):
        call_command("respaldar", "--conservar", "0", "--destino", str(tmp_path))
    with pytest.raises(CommandError, match="No existe"):
        call_command("restaurar", str(tmp_path / "nada.tar.gz"), "--si")
    settings.SIGMA_RESPALDOS_DIR = tmp_path
    with pytest.raises(CommandError, match="No hay respaldos"):
        call_command("restaurar", "ultimo", "--si")


# ------------------------------------------------------------------------------------------------------------
# PostgreSQL: base propia creada y borrada por la prueba; pg_dump/pg_restore/psql reales.
# ------------------------------------------------------------------------------------------------------------


FALLA_A_MEDIAS_PG = """
import subprocess
from pathlib import Path
from django.db import connection
from comun import respaldos
with connection.cursor() as c:
    c.execute("CREATE SCHEMA h_resp_extra; CREATE TABLE h_resp_extra.t (id int)")
subprocess.run(["pg_dump", "-Fc", "--file={volcado}"], env=respaldos._entorno_pg(), check=True)
try:
    respaldos._cargar_pg(Path("{volcado}"))
except respaldos.RespaldoInvalido as exc:
    print(exc)
with connection.cursor() as c:
    c.execute("DROP SCHEMA h_resp_extra CASCADE")
"""


@pytest.fixture
def postgres_inst(tmp_path):
    import psycopg

    bd = settings.DATABASES["default"]
    params = {"host": bd["HOST"], "port": bd["PORT"], "user": bd["USER"], "password": bd["PASSWORD"]}

    def admin(sql):
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as con:
            con.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BD_SIMULACRO_PG} WITH (FORCE)")
    admin(f"CREATE DATABASE {BD_SIMULACRO_PG}")
    url = f"postgres://{bd['USER']}:{bd['PASSWORD']}@{bd['HOST']}:{bd['PORT']}/{BD_SIMULACRO_PG}"
    try:
        yield Instalacion(tmp_path, url)
    finally:
        admin(f"DROP DATABASE IF EXISTS {BD_SIMULACRO_PG} WITH (FORCE)")


@pytest.mark.postgres
def test_simulacro_postgres_respaldar_borrar_restaurar(postgres_inst, tmp_path):
    postgres_inst.python("from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n"
                         + POBLAR)
    postgres_inst.poblar_media()
    antes = postgres_inst.instantanea()
    assert antes["filas"]["inventario_equipo"] == 40

    archivo = postgres_inst.respaldar()
    manifiesto = respaldos.verificar(archivo)
    assert manifiesto["motor"] == "postgresql" and "db.pgdump" in manifiesto["partes"]
    assert manifiesto["tablas"] == antes["filas"]

    # Rechazos (íntegros pero no restaurables aquí) antes de borrar: nada debe cambiar.
    otro_motor = _reempaquetar(
        archivo, tmp_path / "otro.tar.gz", cambiar={"db.pgdump": ("db.sqlite3", None)},
        manifiesto=lambda m: m.update(motor="sqlite"),
    )
    basura = _reempaquetar(archivo, tmp_path / "basura.tar.gz", cambiar={"db.pgdump": ("db.pgdump", b"PGDMP" * 50)})
    for ruta, mensaje in ((otro_motor, "es de SQLite"), (basura, "pg_restore no puede leer")):
        salida = postgres_inst.orden("restaurar", str(ruta), "--si")
        assert salida.returncode != 0 and mensaje in salida.stderr, salida.stderr
    assert postgres_inst.instantanea() == antes

    # Vaciar + cargar van en UNA transacción: un volcado que falla a la mitad (aquí, un esquema que ya existe) no
    # deja la base vacía ni a medias.
    salida = postgres_inst.python(FALLA_A_MEDIAS_PG.format(volcado=tmp_path / "falla.pgdump"))
    assert "deshizo" in salida
    assert postgres_inst.instantanea() == antes

    postgres_inst.python(BORRAR)
    assert postgres_inst.instantanea()["filas"]["inventario_equipo"] == 0

    salida = postgres_inst.orden("restaurar", str(archivo), "--si", "--sin-respaldo-previo")
    assert salida.returncode == 0, salida.stderr
    assert postgres_inst.instantanea() == antes
    # Las secuencias también vuelven: una fila nueva no choca con las restauradas.
    postgres_inst.python("from django.contrib.auth import get_user_model\n"
                         "get_user_model().objects.create_user('despues', password='clave-de-prueba')\n")
