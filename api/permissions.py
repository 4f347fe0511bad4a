"""Permisos de la API: los mismos permisos de Django (por rol) que exigen las páginas."""
from rest_framework.permissions import BasePermission


class PermisosDelRol(BasePermission):
    """La vista declara ``permisos = {"list": ("app.perm",), ...}``; la acción que no aparece usa ``"*"``.

    Un método no permitido (sin acción) solo exige sesión o token: responde 405."""

    message = "Su rol no tiene permiso para esta operación."

    def has_permission(self, request, view):
        usuario = request.user
        if not (usuario and usuario.is_authenticated):
            return False
        accion = getattr(view, "action", None)
        if accion is None:
            return True
        permisos = getattr(view, "permisos", {})
        return usuario.has_perms(permisos.get(accion, permisos.get("*", ())))
