from django.apps import AppConfig


class AgentesConfig(AppConfig):
    name = "agentes"
    verbose_name = "Agentes y escaneos de red"
