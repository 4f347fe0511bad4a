"""Producción: `check --deploy` limpio con las variables de producción, cabeceras de seguridad, CSP sin JavaScript
en línea, bloqueo de inicio de sesión (django-axes), validadores de contraseñas y archivos de deploy/."""
import configparser
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from comun.roles import ADMINISTRADOR, MESA_AYUDA, TECNICO
from tests.factories import usuario_con_rol

RAIZ = Path(__file__).resolve().parents[2]
DEPLOY = RAIZ / "deploy"
# Avisos ajenos a la seguridad que aún da el esquema de la API (nombres de enums); los resuelve su dueño.
AJENOS: tuple[str, ...] = ()


def _entorno(tmp_path, **extra):
    entorno = {k: v for k, v in os.environ.items() if not k.startswith(("SIGMA_", "DJANGO_", "Q_", "DATABASE_"))}
    entorno.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sigma.ocotlan.gob.mx",
        CSRF_TRUSTED_ORIGINS="https://sigma.ocotlan.gob.mx",
        SIGMA_HTTPS="1",
        SIGMA_PROXY_HTTPS="1",
        SIGMA_VAR_DIR=str(tmp_path),
        PYTHONWARNINGS="ignore",
    )
    entorno.update(extra)
    return entorno


def _manage(tmp_path, *args, **extra):
    return subprocess.run(  # noqa: S603  orden fija, sin datos de fuera
        [sys.executable, "manage.py", *args], cwd=RAIZ, env=_entorno(tmp_path, **extra),
        capture_output=True, text=True, timeout=120,
    )


def _avisos(salida):
    return [linea for linea in re.findall(r"\((\w+\.[WE]\d+)\)", salida) if linea not in AJENOS]


def test_check_deploy_sin_avisos_con_variables_de_produccion(tmp_path):
    r = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    salida = r.stdout + r.stderr
    assert _avisos(salida) == [], salida
    if not any(a in salida for a in AJENOS):
        assert r.returncode == 0, salida
        assert "no issues" in salida


def test_check_deploy_en_red_local_sin_https_lo_advierte(tmp_path):
    # El caso honesto de una LAN en http: funciona, pero check --deploy avisa lo que falta.
    r = _manage(tmp_path, "check", "--deploy", "--tag", "security", SIGMA_HTTPS="0", SIGMA_PROXY_HTTPS="0")
    avisos = set(_avisos(r.stdout + r.stderr))
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= avisos
    assert r.returncode == 0


def test_sin_secret_key_no_arranca(tmp_path):
    r = _manage(tmp_path, "check", SECRET_KEY="")
    assert r.returncode != 0
    assert "Falta SECRET_KEY" in r.stderr


def test_redis_opcional_para_cache_y_cola(tmp_path):
    codigo = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.Q_CLUSTER.get('redis'), "
        "'orm' in s.Q_CLUSTER)"
    )
    url = "redis://127.0.0.1:6379/3"
    r = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ,  # noqa: S603
                       env=_entorno(tmp_path, SIGMA_REDIS_URL=url),
                       capture_output=True, text=True, timeout=60)
    try:
        import redis  # noqa: F401
    except ImportError:
        # Sin el paquete, un mensaje claro en español que dice cómo instalarlo.
        assert r.returncode != 0
        assert "necesita el paquete redis" in r.stderr
    else:
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == ["django.core.cache.backends.redis.RedisCache", url, url, "False"]
    sin = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, env=_entorno(tmp_path),  # noqa: S603
                         capture_output=True, text=True, timeout=60)
    assert sin.returncode == 0, sin.stderr
    assert sin.stdout.split()[0] == "django.core.cache.backends.filebased.FileBasedCache"
    assert sin.stdout.split()[-1] == "True"


# --- Cabeceras -----------------------------------------------------------------------------------


def _directivas(respuesta):
    csp = respuesta["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}


@pytest.mark.django_db
def test_cabeceras_de_seguridad(client):
    r = client.get(reverse("login"))
    assert r.status_code == 200
    directivas = _directivas(r)
    assert directivas["default-src"] == ["'self'"]
    assert directivas["script-src"] == ["'self'"]
    assert directivas["object-src"] == ["'none'"]
    assert directivas["frame-ancestors"] == ["'none'"]
    assert set(directivas["img-src"]) == {"'self'", "data:", "blob:"}
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in r  # sin HTTPS no hay HSTS


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=True)
def test_hsts_y_redireccion_con_https(client):
    r = client.get(reverse("login"), secure=True)
    assert r["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get(reverse("login")).status_code == 301


@pytest.mark.django_db
def test_csp_tambien_en_paginas_con_sesion_y_publicas(cliente_con_rol, client):
    assert "script-src 'self'" in cliente_con_rol("admin").get(reverse("comun:inicio"))["Content-Security-Policy"]
    assert "script-src 'self'" in client.get(reverse("publico:catalogo"))["Content-Security-Policy"]


def _plantillas():
    for carpeta in RAIZ.iterdir():
        if carpeta.is_dir() and (carpeta / "templates").is_dir():
            yield from (carpeta / "templates").rglob("*.html")


# Plantillas de otros equipos aún por corregir (el lead las quita de aquí al aplicar el cambio; ver
# /tmp/integracion_prod.md). Con esta lista vacía, ninguna excepción.
PENDIENTES: set[str] = set()


def test_ninguna_plantilla_tiene_javascript_en_linea():
    prohibido = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=|hx-on|javascript:", re.I)
    hallazgos = []
    for ruta in _plantillas():
        if str(ruta.relative_to(RAIZ)) in PENDIENTES:
            continue
        for n, linea in enumerate(ruta.read_text(encoding="utf-8").splitlines(), 1):
            for m in prohibido.finditer(linea):
                if 'type="application/json"' in m.group(0) or "type='application/json'" in m.group(0):
                    continue  # datos (json_script), no código
                hallazgos.append(f"{ruta.relative_to(RAIZ)}:{n}: {m.group(0)}")
    assert hallazgos == [], "JavaScript en línea (pásalo a un archivo estático):\n" + "\n".join(hallazgos)


# --- Bloqueo de inicio de sesión -------------------------------------------------------------------


@pytest.fixture
def bloqueo(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings


def _entrar(client, usuario, clave, **extra):
    return client.post(reverse("login"), {"username": usuario, "password": clave}, **extra)


@pytest.mark.django_db
def test_bloqueo_tras_intentos_fallidos(client, bloqueo):
    usuario_con_rol(TECNICO, "pedro")
    for _ in range(2):
        r = _entrar(client, "pedro", "equivocada")
        assert r.status_code == 200  # el formulario otra vez, con su error
    r = _entrar(client, "pedro", "equivocada")
    assert r.status_code == 429
    texto = r.content.decode()
    assert "Entrada bloqueada" in texto and "15 minutos" in texto and "pedro" in texto
    # Bloqueado incluso con la contraseña correcta.
    assert _entrar(client, "pedro", "clave-de-prueba").status_code == 429
    # Otro usuario desde la misma IP, y el mismo usuario desde otra IP, sí entran.
    usuario_con_rol(MESA_AYUDA, "lucia")
    assert _entrar(client, "lucia", "clave-de-prueba").status_code == 302
    assert _entrar(client.__class__(), "pedro", "clave-de-prueba", REMOTE_ADDR="10.9.8.7").status_code == 302


@pytest.mark.django_db
def test_bloqueo_vence_tras_el_enfriamiento(client, bloqueo):
    from axes.models import AccessAttempt

    usuario_con_rol(TECNICO, "pedro")
    for _ in range(3):
        _entrar(client, "pedro", "mala")
    assert _entrar(client, "pedro", "clave-de-prueba").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _entrar(client, "pedro", "clave-de-prueba").status_code == 302


@pytest.mark.django_db
def test_el_administrador_desbloquea_desde_el_admin_sin_ser_superusuario(client, bloqueo):
    from axes.models import AccessAttempt

    usuario_con_rol(TECNICO, "pedro")
    for _ in range(3):
        _entrar(client, "pedro", "mala")
    assert _entrar(client, "pedro", "clave-de-prueba").status_code == 429
    admin = usuario_con_rol(ADMINISTRADOR, "ana")
    admin.is_staff = True
    admin.save()
    assert not admin.is_superuser
    oficina = client.__class__(REMOTE_ADDR="198.18.0.20")
    oficina.force_login(admin)
    lista = oficina.get("/admin/axes/accessattempt/")
    assert lista.status_code == 200 and "pedro" in lista.content.decode()
    intento = AccessAttempt.objects.get(username="pedro")
    assert oficina.post(f"/admin/axes/accessattempt/{intento.pk}/delete/", {"post": "yes"}).status_code == 302
    assert _entrar(client, "pedro", "clave-de-prueba").status_code == 302
    # Puede ver los accesos, no cambiarlos ni borrarlos.
    assert oficina.get("/admin/axes/accesslog/").status_code == 200
    assert not admin.has_perm("axes.delete_accesslog") and not admin.has_perm("axes.add_accessattempt")


@pytest.mark.django_db
def test_bloqueo_usa_la_ip_de_la_cabecera_del_proxy(client, bloqueo):
    bloqueo.SIGMA_IP_CABECERA = "HTTP_X_REAL_IP"
    usuario_con_rol(TECNICO, "pedro")
    for _ in range(3):
        _entrar(client, "pedro", "mala", HTTP_X_REAL_IP="198.18.0.10")
    assert _entrar(client, "pedro", "clave-de-prueba", HTTP_X_REAL_IP="198.18.0.10").status_code == 429
    # Mismo REMOTE_ADDR (el proxy) pero otro cliente real: no está bloqueado.
    assert _entrar(client, "pedro", "clave-de-prueba", HTTP_X_REAL_IP="198.18.0.11").status_code == 302


@pytest.mark.django_db
def test_bloqueo_con_ip_basura_no_da_500(client, bloqueo):
    bloqueo.SIGMA_IP_CABECERA = "HTTP_X_REAL_IP"
    usuario_con_rol(TECNICO, "pedro")
    r = _entrar(client, "pedro", "mala", HTTP_X_REAL_IP="no-es-una-ip")
    assert r.status_code == 200
    assert r.context["form"].errors


# --- Contraseñas -------------------------------------------------------------------------------------


@pytest.mark.parametrize("clave", ["12345678", "1234567890", "password123", "contra"])
def test_validadores_rechazan_claves_debiles(clave):
    with pytest.raises(ValidationError):
        validate_password(clave)


def test_validadores_piden_al_menos_diez_caracteres():
    with pytest.raises(ValidationError) as exc:
        validate_password("Ocot-2026")  # 9 caracteres
    assert any("10" in m for m in exc.value.messages)
    validate_password("Ocotlan-Hidalgo-65")


# --- deploy/ --------------------------------------------------------------------------------------------


def _unidad(nombre):
    cp = configparser.ConfigParser(strict=False, interpolation=None)
    cp.optionxform = str
    cp.read(DEPLOY / nombre, encoding="utf-8")
    return cp


@pytest.mark.parametrize("nombre", ["sigma-web.service", "sigma-tareas.service", "sigma-tareas@.service"])
def test_unidades_systemd_apuntan_a_lo_que_existe(nombre):
    unidad = _unidad(nombre)
    servicio = unidad["Service"]
    assert servicio["User"] == "sigma"
    assert "\nEnvironmentFile=/etc/sigma/sigma.env\n" in (DEPLOY / nombre).read_text(encoding="utf-8")
    raiz = Path(servicio["WorkingDirectory"])
    inicio = servicio["ExecStart"].split()
    assert inicio[0].startswith(str(raiz / ".venv" / "bin") + "/")
    if nombre == "sigma-web.service":
        assert inicio[0].endswith("/gunicorn")
        conf = Path(inicio[inicio.index("-c") + 1])
        assert (RAIZ / conf.relative_to(raiz)).is_file()
        assert inicio[-1] == "config.wsgi:application" and (RAIZ / "config" / "wsgi.py").is_file()
    else:
        assert inicio[1:] == [str(raiz / "manage.py"), "qcluster"]
    assert unidad["Install"]["WantedBy"] == "multi-user.target"


def test_gunicorn_conf():
    espacio = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8"), espacio)  # noqa: S102
    assert espacio["wsgi_app"] == "config.wsgi:application"
    assert 2 <= espacio["workers"] <= 4
    assert espacio["bind"].startswith(("127.0.0.1:", "unix:"))


def test_nginx_no_publica_los_archivos_subidos():
    texto = re.sub(r"#.*", "", (DEPLOY / "nginx-sigma.conf").read_text(encoding="utf-8"))
    assert "ssl_certificate" in texto and "return 301 https://" in texto
    assert "X-Forwarded-Proto $scheme" in texto and "X-Real-IP $remote_addr" in texto
    # Fotos y adjuntos solo salen por las vistas de Django (con permiso): nginx nunca sirve media/.
    assert not re.search(r"location\s+[^{]*/media", texto)


def test_ejemplo_de_entorno_documenta_cada_variable():
    ajustes = (RAIZ / "config" / "settings.py").read_text(encoding="utf-8")
    variables = set(re.findall(r"(?:environ\.get|environ\[|_bool|_lista)\(\s*\"([A-Z][A-Z0-9_]+)\"", ajustes))
    variables |= set(re.findall(r"environ\[\"([A-Z][A-Z0-9_]+)\"\]", ajustes))
    ejemplo = (DEPLOY / "sigma.env.example").read_text(encoding="utf-8")
    documentadas = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ejemplo, re.M))
    assert variables - documentadas == set()
