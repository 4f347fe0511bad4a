from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import paneles, roles


@login_required
def inicio(request):
    mis_roles = roles.roles_de(request.user)
    return render(
        request,
        "comun/inicio.html",
        {"paneles": paneles.paneles_para(request, mis_roles), "sin_rol": not mis_roles},
    )
