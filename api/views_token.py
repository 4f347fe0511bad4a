"""Página «Mi token de la API»: cada usuario crea, regenera o revoca el suyo."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import tokens


@login_required
@require_http_methods(["GET", "POST"])
def mi_token(request):
    nuevo = None
    if request.method == "POST":
        accion = request.POST.get("accion")
        if accion == "generar":
            nuevo = tokens.generar(request.user)
            messages.success(request, "Se generó su token. Cópielo ahora: no se vuelve a mostrar completo.")
        elif accion == "revocar":
            if tokens.revocar(request.user):
                messages.success(request, "Token revocado: las aplicaciones que lo usaban ya no tienen acceso.")
            return redirect("api:token")
        else:
            messages.error(request, "Acción desconocida.")
            return render(request, "api/token.html", {"token": tokens.de(request.user)}, status=400)
    return render(request, "api/token.html", {"token": nuevo or tokens.de(request.user), "nuevo": nuevo})
