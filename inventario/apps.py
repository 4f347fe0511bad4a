from django.apps import AppConfig


class InventarioConfig(AppConfig):
    name = "inventario"
    verbose_name = "Inventario"

    def ready(self):
        from . import paneles  # noqa: F401  registra los paneles de inicio
