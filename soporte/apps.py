from django.apps import AppConfig


class SoporteConfig(AppConfig):
    name = "soporte"
    verbose_name = "Mesa de servicio"

    def ready(self):
        # demo, paneles y secciones se registran al importarse.
        from . import demo, paneles, proyectos, secciones, services  # noqa: F401

        # Un Proyecto nace con cada solicitud de un servicio por fases (plataformas-web, proyectos).
        services.solicitud_registrada.connect(proyectos.crear_proyecto, dispatch_uid="soporte.crear_proyecto")
