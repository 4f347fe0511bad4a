from django.apps import AppConfig


class AgentesConfig(AppConfig):
    name = "agentes"
    verbose_name = "Agentes y escaneos de red"

    def ready(self):
        from . import demo, paneles, secciones  # noqa: F401  registran demo, paneles y secciones
