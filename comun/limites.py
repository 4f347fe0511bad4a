"""Límite de intentos por IP para páginas públicas (consulta por folio, encuestas, verificación de credenciales).

Cuenta en la caché de Django (ventana fija): ``cache.add`` abre la ventana y ``cache.incr`` suma cada intento.
El límite se escribe «intentos/segundos» (p. ej. ``"20/600"``) y puede venir de un ajuste:

    @limitar("consulta", ajuste="SIGMA_LIMITE_CONSULTAS", por_omision="20/600", plantilla="app/429.html")
    def vista(request): ...

o usarse a mano con ``excedido(request, "consulta", "20/600")``. La IP es ``REMOTE_ADDR``; detrás de un
proxy de confianza, ``SIGMA_IP_CABECERA`` nombra la cabecera de ``request.META`` que trae la IP real
(p. ej. ``"HTTP_X_REAL_IP"``).
"""
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.shortcuts import render

PREFIJO = "sigma:limite"


def leer_limite(texto):
    """«20/600» → (20, 600). Un texto mal escrito es un error de configuración, no de la persona."""
    try:
        intentos, segundos = (int(parte) for parte in str(texto).split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"Límite mal escrito: {texto!r}; use «intentos/segundos» (p. ej. 20/600).") from None
    if intentos < 1 or segundos < 1:
        raise ImproperlyConfigured(f"Límite fuera de rango: {texto!r}.")
    return intentos, segundos


def ip_de(request):
    cabecera = getattr(settings, "SIGMA_IP_CABECERA", "")
    valor = request.META.get(cabecera, "") if cabecera else ""
    # Una lista «cliente, proxy1, ...»: el primero es el cliente según el proxy de confianza.
    ip = valor.split(",")[0].strip() if valor else ""
    return ip or request.META.get("REMOTE_ADDR", "") or "desconocida"


def _llave(alcance, ip):
    return f"{PREFIJO}:{alcance}:{ip}"


def registrar(request, alcance, limite):
    """Cuenta un intento; devuelve cuántos lleva la IP en la ventana actual."""
    intentos, segundos = leer_limite(limite)
    llave = _llave(alcance, ip_de(request))
    cache.add(llave, 0, timeout=segundos)
    try:
        return cache.incr(llave)
    except ValueError:  # la ventana venció entre add e incr
        cache.set(llave, 1, timeout=segundos)
        return 1


def excedido(request, alcance, limite):
    """Cuenta el intento y dice si ya pasó del límite."""
    intentos, _ = leer_limite(limite)
    return registrar(request, alcance, limite) > intentos


def limite_de(ajuste, por_omision):
    return getattr(settings, ajuste, por_omision) if ajuste else por_omision


def respuesta_excedida(request, limite, plantilla=None, contexto=None):
    """429 con una página en español y la cabecera Retry-After."""
    _, segundos = leer_limite(limite)
    minutos = max(1, round(segundos / 60))
    if plantilla:
        respuesta = render(request, plantilla, {"minutos": minutos, **(contexto or {})}, status=429)
    else:
        respuesta = HttpResponse(
            "<!doctype html><html lang='es-MX'><meta charset='utf-8'><title>Demasiados intentos</title>"
            f"<h1>Demasiados intentos</h1><p>Espere unos {minutos} minutos y vuelva a intentarlo.</p></html>",
            status=429,
        )
    respuesta["Retry-After"] = str(segundos)
    return respuesta


def limitar(alcance, *, ajuste=None, por_omision="20/600", metodos=("POST",), plantilla=None):
    """Decorador de vistas: cuenta los intentos con los métodos indicados y responde 429 al pasarse."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if request.method in metodos:
                limite = limite_de(ajuste, por_omision)
                if excedido(request, alcance, limite):
                    return respuesta_excedida(request, limite, plantilla)
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador
