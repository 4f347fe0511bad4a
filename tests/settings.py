"""Ajustes para las pruebas: los de producción con lo lento o lo externo cambiado."""
import os

os.environ.setdefault("SECRET_KEY", "clave-solo-para-pruebas")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405  las tareas se ejecutan en el mismo proceso
LOGGING = {"version": 1, "disable_existing_loggers": False}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Bloqueo de inicio de sesión apagado: client.login() no pasa request; las pruebas del bloqueo lo encienden.
AXES_ENABLED = False
