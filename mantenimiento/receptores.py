"""Reacciones a cambios de otras apps: un equipo dado de baja pierde sus órdenes abiertas (con el motivo)."""
from inventario.choices import Estado


def equipo_guardado(sender, instance, created=False, raw=False, **kwargs):
    if raw or created or instance.estado != Estado.BAJA:
        return
    from .services import cancelar_ordenes_de_equipo

    motivo = "El equipo se dio de baja."
    if instance.motivo_baja:
        motivo += f" Motivo: {instance.motivo_baja.strip()[:300]}"
    cancelar_ordenes_de_equipo(instance, motivo)
