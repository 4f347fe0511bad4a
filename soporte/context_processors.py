from .models import Aviso


def avisos(request):
    """Avisos sin leer del usuario para la campana de la barra. Perezoso: la plantilla llama a la función solo si
    la usa (los fragmentos htmx no consultan nada) y se cuenta una vez por petición; None sin sesión o sin
    permiso."""

    def contar():
        usuario = getattr(request, "user", None)
        if usuario is None or not usuario.is_authenticated or not usuario.has_perm("soporte.view_solicitud"):
            return None
        if not hasattr(request, "_sigma_avisos_sin_leer"):
            request._sigma_avisos_sin_leer = Aviso.objects.filter(usuario=usuario, leido=False).count()
        return request._sigma_avisos_sin_leer

    return {"avisos_sin_leer": contar}
