"""Panel de inicio del Director: accesos a los reportes (sin consultas: el inicio tiene un tope de consultas)."""
from comun import paneles
from comun.roles import ADMINISTRADOR, DIRECTOR


@paneles.registrar("reportes/paneles/accesos.html", [DIRECTOR, ADMINISTRADOR], orden=3)
def accesos(request):
    return {} if request.user.has_perm("reportes.ver_reportes") else None
