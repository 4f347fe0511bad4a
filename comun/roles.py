"""Los cuatro roles de SIGMA (grupos de Django) y ayudas para comprobarlos."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

MESA_AYUDA = "Mesa de ayuda"
TECNICO = "Técnico"
DIRECTOR = "Director"
ADMINISTRADOR = "Administrador"

ROLES = [MESA_AYUDA, TECNICO, DIRECTOR, ADMINISTRADOR]

# Clave corta de cada rol para plantillas, usuarios de demostración y pruebas.
CLAVES = {
    MESA_AYUDA: "mesa",
    TECNICO: "tecnico",
    DIRECTOR: "director",
    ADMINISTRADOR: "admin",
}


def asignar_permisos(apps, permisos_por_rol):
    """Para migraciones de datos: da a cada grupo los permisos «app.codename» indicados.

    Cada app declara en su propia migración los permisos de sus modelos, así comun no importa a nadie.
    """
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for rol, claves in permisos_por_rol.items():
        grupo, _ = Group.objects.get_or_create(name=rol)
        for clave in claves:
            app_label, codename = clave.split(".")
            grupo.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def roles_de(user):
    """Nombres de los roles del usuario, en el orden de ROLES (una consulta, cacheada en el objeto)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_sigma_roles"):
        nombres = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            nombres.add(ADMINISTRADOR)
        user._sigma_roles = [r for r in ROLES if r in nombres]
    return user._sigma_roles


def rol_principal(user):
    """El rol que decide la página de inicio: el de más alcance que tenga el usuario."""
    roles = roles_de(user)
    for rol in (ADMINISTRADOR, DIRECTOR, MESA_AYUDA, TECNICO):
        if rol in roles:
            return rol
    return None


def requiere_permiso(*permisos):
    """Decorador de vistas: sin sesión lleva al login; con sesión y sin los permisos, 403."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if not request.user.has_perms(permisos):
                raise PermissionDenied("Su rol no tiene permiso para esta página.")
            return vista(request, *args, **kwargs)

        return login_required(envoltura)

    return decorador
