from django.apps import AppConfig


class ComunConfig(AppConfig):
    name = "comun"
    verbose_name = "Organización y calendario"
