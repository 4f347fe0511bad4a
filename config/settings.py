"""Configuración de SIGMA. Todo lo que cambia entre instalaciones se lee de variables de entorno."""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIGMA_VAR_DIR", BASE_DIR / "var"))


def _bool(nombre, defecto=False):
    valor = os.environ.get(nombre)
    if valor is None:
        return defecto
    return valor.strip().lower() in {"1", "true", "si", "sí", "yes", "on"}


def _lista(nombre, defecto):
    return [v.strip() for v in os.environ.get(nombre, defecto).split(",") if v.strip()]


DEBUG = _bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not _bool("SIGMA_PERMITIR_CLAVE_INSEGURA", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Falta SECRET_KEY. Defina la variable de entorno SECRET_KEY (o DEBUG=1 para desarrollo)."
        )
    SECRET_KEY = "sigma-inseguro-solo-para-desarrollo"  # noqa: S105
ALLOWED_HOSTS = _lista("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _lista("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_q",
    "simple_history",
    "comun",
    "inventario",
    "soporte",
    "mantenimiento",
    "agentes",
    "credenciales",
    "reportes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comun.context_processors.sigma",
                "soporte.context_processors.avisos",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Base de datos: SQLite en var/ por omisión; PostgreSQL (u otra) con DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sigma.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL deja leer mientras el broker ORM de django-q2 escribe; busy timeout evita "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Exportaciones grandes (contienen nombres de personal): fuera de MEDIA_ROOT, solo se bajan por la vista.
SIGMA_EXPORTACIONES_DIR = Path(os.environ.get("SIGMA_EXPORTACIONES_DIR", VAR_DIR / "exportaciones"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "comun:inicio"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Caché en archivos: la comparten los procesos web y el cluster de tareas (avance de tareas largas).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("SIGMA_CACHE_DIR", str(VAR_DIR / "cache")),
    }
}

# Cola de tareas: broker ORM (la misma base de datos) por omisión; Redis con Q_REDIS_URL.
Q_CLUSTER = {
    "name": "sigma",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": int(os.environ.get("Q_TIMEOUT", "600")),
    "retry": int(os.environ.get("Q_RETRY", "720")),
    "max_attempts": 1,
    "queue_limit": 50,
    "catch_up": False,
    "label": "Tareas",
    "orm": "default",
    "poll": 1,
}
if os.environ.get("Q_REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = os.environ["Q_REDIS_URL"]

# Identidad del municipio (aparece en encabezados y documentos).
SIGMA_MUNICIPIO = os.environ.get("SIGMA_MUNICIPIO", "Ocotlán, Jalisco")
SIGMA_DEPENDENCIA = os.environ.get("SIGMA_DEPENDENCIA", "Dirección de Innovación Gubernamental")
SIGMA_ADMINISTRACION = os.environ.get("SIGMA_ADMINISTRACION", "2024-2027")
# Dirección pública de SIGMA: la usan los QR de las etiquetas y los documentos impresos.
SIGMA_URL_BASE = os.environ.get("SIGMA_URL_BASE", "http://127.0.0.1:8000").rstrip("/")
# Tamaño máximo de un archivo de inventario a importar (MB).
SIGMA_IMPORTACION_MAX_MB = int(os.environ.get("SIGMA_IMPORTACION_MAX_MB", "15"))

# Correo (opcional): sin EMAIL_HOST los avisos solo se ven en la aplicación.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sigma@localhost")

# Mesa de servicio: adjuntos (oficios escaneados) y avisos de compromisos por vencer.
SIGMA_ADJUNTO_MAX_MB = int(os.environ.get("SIGMA_ADJUNTO_MAX_MB", "10"))
# Porcentaje del compromiso consumido a partir del cual se avisa al responsable y al Director.
SIGMA_SLA_AVISO_PCT = int(os.environ.get("SIGMA_SLA_AVISO_PCT", "75"))

# Páginas públicas: intentos por IP «intentos/segundos» (consulta por folio + queja; encuesta) y, detrás de
# un proxy de confianza, la clave de request.META con la IP real (p. ej. HTTP_X_REAL_IP).
SIGMA_LIMITE_CONSULTAS = os.environ.get("SIGMA_LIMITE_CONSULTAS", "20/600")
SIGMA_LIMITE_ENCUESTAS = os.environ.get("SIGMA_LIMITE_ENCUESTAS", "30/600")
SIGMA_IP_CABECERA = os.environ.get("SIGMA_IP_CABECERA", "")

# Credenciales: fin de la vigencia (fin de la administración 2024-2027) y límite de verificaciones por IP.
SIGMA_CREDENCIALES_VIGENCIA = os.environ.get("SIGMA_CREDENCIALES_VIGENCIA", "2027-09-30")
SIGMA_LIMITE_VERIFICACIONES = os.environ.get("SIGMA_LIMITE_VERIFICACIONES", "60/600")

# Agentes: redes desde las que un agente puede reportar sin credencial (CIDR separados por comas),
# alta automática de PCs desconocidas, días sin verse para marcar un equipo como ausente y
# tamaño máximo de un reporte (MB, ya descomprimido).
SIGMA_AGENTES_REDES = _lista("SIGMA_AGENTES_REDES", "")
SIGMA_AGENTES_ALTA_AUTOMATICA = _bool("SIGMA_AGENTES_ALTA_AUTOMATICA", False)
SIGMA_AGENTES_DIAS_SIN_VER = int(os.environ.get("SIGMA_AGENTES_DIAS_SIN_VER", "30"))
SIGMA_AGENTES_MAX_MB = int(os.environ.get("SIGMA_AGENTES_MAX_MB", "20"))
# Escaneos de red: ejecutable de nmap (o un envoltorio con capacidades), comando `ip` para leer la tabla de
# vecinos cuando nmap no obtiene las MAC, y opciones extra de nmap (separadas por comas, p. ej. "--privileged").
SIGMA_NMAP_RUTA = os.environ.get("SIGMA_NMAP_RUTA", "nmap")
SIGMA_IP_RUTA = os.environ.get("SIGMA_IP_RUTA", "ip")
SIGMA_NMAP_OPCIONES = _lista("SIGMA_NMAP_OPCIONES", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
