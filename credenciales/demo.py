"""Datos de demostración: lotes para las solicitudes de credenciales que existan, con fotos de relleno.

Si la demostración de la mesa de servicio no creó solicitudes de «impresion-credenciales», no se crea nada.
Idempotente: una solicitud que ya tiene lote se salta.
"""
import random

from django.core.files.base import ContentFile

from comun import demo
from comun.models import Empleado

from .choices import SERVICIO, Estado

MAX_LOTES = 4
ETIQUETA_LOTES = "Lotes de credenciales"
ETIQUETA_CREDENCIALES = "Credenciales"
ETIQUETA_REVOCADAS = "Credenciales revocadas"


@demo.registrar("Credenciales", orden=40)
def generar(semilla):
    from soporte.choices import ABIERTOS
    from soporte.models import Solicitud

    from . import fotos, services
    from .models import Credencial

    azar = random.Random(f"{semilla}-credenciales")
    solicitudes = list(
        Solicitud.objects.filter(servicio__clave=SERVICIO, estado__in=ABIERTOS, lotes_credenciales__isnull=True)
        .order_by("recibida", "pk")[:MAX_LOTES]
    )
    if not solicitudes:
        return {ETIQUETA_LOTES: 0, ETIQUETA_CREDENCIALES: 0, ETIQUETA_REVOCADAS: 0}
    con_credencial = Credencial.objects.filter(estado=Estado.VIGENTE).values_list("empleado_id", flat=True)
    candidatos = list(
        Empleado.objects.filter(activo=True).exclude(pk__in=con_credencial).order_by("numero_empleado")
        .values_list("pk", flat=True)
    )
    lotes = credenciales = revocadas = 0
    for solicitud in solicitudes:
        cuantos = min(max(solicitud.cantidad, 2), 12, len(candidatos))
        if cuantos < 1:
            break
        elegidos = azar.sample(candidatos, cuantos)
        candidatos = [c for c in candidatos if c not in elegidos]
        empleados = list(Empleado.objects.filter(pk__in=elegidos).select_related("dependencia").order_by(
            "numero_empleado"))
        lote = services.crear_lote(solicitud, empleados, None, notas="Lote de demostración")
        lotes += 1
        for n, credencial in enumerate(lote.credenciales.order_by("pk")):
            credenciales += 1
            if not credencial.foto:
                credencial.foto.save("foto.jpg", ContentFile(fotos.silueta(credencial.pk + n)), save=True)
        if lotes == 1 and cuantos > 1:
            services.revocar(lote.credenciales.order_by("pk").first(), "Extravío o robo")
            revocadas += 1
    return {ETIQUETA_LOTES: lotes, ETIQUETA_CREDENCIALES: credenciales, ETIQUETA_REVOCADAS: revocadas}
