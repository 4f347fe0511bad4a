from django.apps import AppConfig


class CredencialesConfig(AppConfig):
    name = "credenciales"
    verbose_name = "Credenciales de empleados"

    def ready(self):
        from . import demo, secciones, signals  # noqa: F401  (señal, sección del empleado y demostración)
