"""Configuración de SIGMA. Todo lo que cambia entre instalaciones se lee de variables de entorno."""
import os
from datetime import timedelta
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
    "axes",
    "comun",
    "inventario",
    "soporte",
    "mantenimiento",
    "agentes",
    "credenciales",
    "reportes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

# API REST (/api/): token por usuario (cabecera «Authorization: Token …») o sesión (con CSRF) para la
# documentación navegable; permisos por rol en cada vista (api/permissions.py); esquema OpenAPI con drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.paginacion.Paginacion",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.esquema.Esquema",
    "EXCEPTION_HANDLER": "api.errores.manejar_excepcion",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API de SIGMA",
    "DESCRIPTION": "Inventario, empleados, dependencias, solicitudes y órdenes de mantenimiento. "
                   "Autenticación: cabecera «Authorization: Token CLAVE» (cada usuario crea su clave en /api/token/).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "defaultModelsExpandDepth": 0},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    "ENUM_NAME_OVERRIDES": {
        "EstadoEquipoEnum": "inventario.choices.Estado",
        "OrigenEquipoEnum": "inventario.choices.Origen",
        "EstadoSolicitudEnum": "soporte.choices.Estado",
        "NivelEnum": "soporte.choices.Nivel",
        "EstadoOrdenEnum": "mantenimiento.choices.EstadoOrden",
        "OrigenOrdenEnum": "mantenimiento.choices.OrigenOrden",
    },
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "comun.middleware.BaseDeDatosNoResponde",  # base de datos caída → 503 en español, no 500
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # al final: convierte un bloqueo en la página de «cuenta bloqueada»
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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("SIGMA_CLAVE_MINIMA", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
LOCALE_PATHS = [BASE_DIR / "locale"]  # traducciones propias, antes que las de las bibliotecas
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
    # Escribe en un temporal y lo renombra: con el disco lleno no queda un archivo a medias (comun/almacenamiento.py).
    "default": {"BACKEND": "comun.almacenamiento.AlmacenamientoSeguro"},
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

# --- Seguridad en producción (docs/seguridad.md) ---
# SIGMA_HTTPS=1 cuando se llega por HTTPS (nginx con TLS): cookies solo por HTTPS, redirección de http a https y
# HSTS. Apagado por omisión porque sin TLS esas opciones impiden iniciar sesión; en una red local solo en http
# `check --deploy` lo advierte y las contraseñas viajan en claro (docs/instalacion.md).
SIGMA_HTTPS = _bool("SIGMA_HTTPS", _bool("SESSION_COOKIE_SECURE", False))
SESSION_COOKIE_SECURE = SIGMA_HTTPS
CSRF_COOKIE_SECURE = SIGMA_HTTPS
SECURE_SSL_REDIRECT = SIGMA_HTTPS and _bool("SIGMA_REDIRIGIR_HTTPS", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SIGMA_HSTS_SEGUNDOS", "31536000")) if SIGMA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SIGMA_HSTS_SUBDOMINIOS", True)
SECURE_HSTS_PRELOAD = _bool("SIGMA_HSTS_PRECARGA", False)
# La lista de precarga de los navegadores es decisión del dominio del municipio, no de esta aplicación.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Solo detrás de un proxy que reescribe X-Forwarded-Proto (nginx: proxy_set_header X-Forwarded-Proto $scheme).
if _bool("SIGMA_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SIGMA_SESION_HORAS", "12")) * 3600

# Content-Security-Policy (django-csp 4), en todas partes (también en pruebas): nada de JavaScript en línea;
# los estilos sí admiten 'unsafe-inline' (atributos style="" de las plantillas, indicadores de htmx).
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if SIGMA_HTTPS:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Bloqueo de inicio de sesión (django-axes): N intentos fallidos por (usuario, IP) bloquean ese par durante
# SIGMA_BLOQUEO_MINUTOS. La IP es la misma que usan los límites de las páginas públicas (SIGMA_IP_CABECERA).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = _bool("SIGMA_BLOQUEO", True)
AXES_FAILURE_LIMIT = int(os.environ.get("SIGMA_BLOQUEO_INTENTOS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGMA_BLOQUEO_MINUTOS", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "config.settings.ip_para_bloqueo"
AXES_VERBOSE = False


def ip_para_bloqueo(request):
    """La IP del cliente según comun.limites, o None si no es una IP válida (axes la guarda como inet)."""
    import ipaddress

    from comun.limites import ip_de

    ip = ip_de(request)
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None


# Caché en archivos: la comparten los procesos web y el cluster de tareas (avance de tareas largas). Con varios
# servidores, SIGMA_REDIS_URL pone la caché y la cola de tareas en Redis (paquete `redis`, docs/varios_servidores.md).
SIGMA_REDIS_URL = os.environ.get("SIGMA_REDIS_URL", "")
if SIGMA_REDIS_URL or os.environ.get("Q_REDIS_URL"):
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SIGMA_REDIS_URL (o Q_REDIS_URL) necesita el paquete redis: .venv/bin/pip install 'redis>=5,<7'"
        )
if SIGMA_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SIGMA_REDIS_URL,
            "KEY_PREFIX": "sigma",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("SIGMA_CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

# Cola de tareas: broker ORM (la misma base de datos) por omisión; Redis con SIGMA_REDIS_URL (o Q_REDIS_URL).
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
if os.environ.get("Q_REDIS_URL") or SIGMA_REDIS_URL:
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = os.environ.get("Q_REDIS_URL") or SIGMA_REDIS_URL

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

# Salud de los equipos (reportes/salud/): RAM y almacenamiento mínimos de un equipo de cómputo (GB) y puntaje
# (0-100) por debajo del cual un equipo es candidato a renovación.
SIGMA_SALUD_RAM_MIN_GB = int(os.environ.get("SIGMA_SALUD_RAM_MIN_GB", "8"))
SIGMA_SALUD_DISCO_MIN_GB = int(os.environ.get("SIGMA_SALUD_DISCO_MIN_GB", "240"))
SIGMA_SALUD_UMBRAL = int(os.environ.get("SIGMA_SALUD_UMBRAL", "60"))

# Respaldos (manage.py respaldar / restaurar y la tarea diaria): directorio y cuántos conservar (los más nuevos).
SIGMA_RESPALDOS_DIR = Path(os.environ.get("SIGMA_RESPALDOS_DIR", VAR_DIR / "respaldos"))
SIGMA_RESPALDOS_CONSERVAR = int(os.environ.get("SIGMA_RESPALDOS_CONSERVAR", "14"))

# Bitácora a stderr (systemd la guarda en journald: journalctl -u sigma-web). Errores 5xx con traza en
# django.request; avisos de seguridad (host no permitido, CSRF) en django.security.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django-q": {"level": os.environ.get("Q_LOG_LEVEL", "WARNING")},
    },
}
