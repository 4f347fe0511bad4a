from django.apps import AppConfig


class ReportesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reportes"
    verbose_name = "Reportes"

    def ready(self):
        from . import paneles  # noqa: F401  registra el panel de inicio del Director
