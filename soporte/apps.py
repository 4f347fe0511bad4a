from django.apps import AppConfig


class SoporteConfig(AppConfig):
    name = "soporte"
    verbose_name = "Mesa de servicio"
