"""Verificación pública de una credencial por su token (sin sesión, con límite de intentos por IP).

Muestra solo foto, nombre, puesto, dependencia y el estado (vigente / revocada / vencida): ni número de
empleado, ni folio, ni ningún otro dato. La foto va incrustada como data: URI, así no existe una URL de medios
que se pueda adivinar o enlazar. Un token desconocido da la página «Credencial no válida» con 404.
"""
from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from comun.limites import excedido, respuesta_excedida

from .documentos import foto_data_uri
from .models import Credencial

LONGITUD_MAX_TOKEN = 64


@require_GET
@never_cache
def verificar(request, token):
    limite = getattr(settings, "SIGMA_LIMITE_VERIFICACIONES", "60/600")
    if excedido(request, "verificacion", limite):
        return respuesta_excedida(request, limite, "credenciales/publico/429.html")
    credencial = None
    if len(token) <= LONGITUD_MAX_TOKEN and "\x00" not in token:
        credencial = Credencial.objects.filter(token=token).only(
            "nombre", "puesto", "dependencia", "foto", "estado", "vigencia").first()
    if credencial is None:
        return render(request, "credenciales/publico/no_valida.html", status=404)
    respuesta = render(request, "credenciales/publico/verificar.html", {
        "nombre": credencial.nombre,
        "puesto": credencial.puesto,
        "dependencia": credencial.dependencia,
        "foto": foto_data_uri(credencial),
        "estado": credencial.estado_mostrado,
        "municipio": f"H. Ayuntamiento de {settings.SIGMA_MUNICIPIO}",
    })
    respuesta["X-Robots-Tag"] = "noindex, nofollow"
    respuesta["Referrer-Policy"] = "no-referrer"
    return respuesta
