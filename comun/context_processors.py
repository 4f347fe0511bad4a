from django.conf import settings

from . import roles


def sigma(request):
    user = getattr(request, "user", None)
    lista = roles.roles_de(user) if user is not None else []
    return {
        "SIGMA_MUNICIPIO": settings.SIGMA_MUNICIPIO,
        "SIGMA_DEPENDENCIA": settings.SIGMA_DEPENDENCIA,
        "SIGMA_ADMINISTRACION": settings.SIGMA_ADMINISTRACION,
        "roles_usuario": lista,
        "rol_principal": roles.rol_principal(user) if user is not None else None,
    }
