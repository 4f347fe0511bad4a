from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import busquedas, paneles, roles
from .roles import requiere_permiso


@login_required
def inicio(request):
    mis_roles = roles.roles_de(request.user)
    return render(
        request,
        "comun/inicio.html",
        {"paneles": paneles.paneles_para(request, mis_roles), "sin_rol": not mis_roles},
    )


@requiere_permiso("comun.view_empleado")
def buscar_empleados(request):
    """Fragmento htmx: opciones de empleado para un selector con búsqueda (ver widgets/selector_empleado)."""
    campo = request.GET.get("campo", "empleado")
    if not campo.isidentifier():
        campo = "empleado"
    texto = request.GET.get("q", "")
    return render(request, "comun/widgets/opciones_empleado.html", {
        "empleados": busquedas.buscar_empleados(texto),
        "campo": campo,
        "texto": texto.strip(),
    })
