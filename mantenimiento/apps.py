from django.apps import AppConfig


class MantenimientoConfig(AppConfig):
    name = "mantenimiento"
    verbose_name = "Mantenimiento preventivo"

    def ready(self):
        from django.db.models.signals import post_save

        from inventario.models import Equipo

        from . import demo, enlace_soporte, paneles, secciones  # noqa: F401  registran demo, paneles y secciones
        from .receptores import equipo_guardado

        post_save.connect(equipo_guardado, sender=Equipo, dispatch_uid="mantenimiento_equipo_baja")
        enlace_soporte.conectar()
