"""Señales de mantenimiento.

``orden_completada`` se envía (dentro de la transacción) al completar una orden, con ``orden`` y ``fallas``
(lista de ResultadoItem con resultado «falla»): de aquí colgará la solicitud correctiva de soporte.
"""
from django.dispatch import Signal

orden_completada = Signal()
