"""Un empleado que pasa a inactivo (causó baja) pierde sus credenciales vigentes.

Se engancha a post_save: un QuerySet.update(activo=False) no manda señales; quien dé de baja en bloque debe
llamar a services.revocar_de_empleado por cada empleado.
"""
from django.db.models.signals import post_save
from django.dispatch import receiver

from comun.models import Empleado


@receiver(post_save, sender=Empleado, dispatch_uid="credenciales_revocar_al_dar_de_baja")
def revocar_al_dar_de_baja(sender, instance, created, raw=False, **kwargs):
    if raw or created or instance.activo:
        return
    from .services import revocar_de_empleado

    revocar_de_empleado(instance)
