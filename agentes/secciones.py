"""Sección «Datos del agente» en la ficha del equipo: lo que reportó su agente y los campos bloqueados."""
from comun import secciones

from .models import Agente, CampoAgente
from .soporte_so import fin_de_soporte

ETIQUETAS = {"numero_serie": "Número de serie", "modelo": "Marca y modelo", "procesador": "Procesador",
             "ram_gb": "RAM (GB)", "almacenamiento_gb": "Almacenamiento (GB)",
             "sistema_operativo": "Sistema operativo", "hostname": "Hostname"}


@secciones.registrar(secciones.EQUIPO, "agentes/secciones/equipo.html", orden=60)
def datos_del_agente(request, equipo):
    if not request.user.has_perm("agentes.view_agente"):
        return None
    agente = Agente.objects.filter(equipo=equipo).order_by("-ultimo_contacto").first()
    if agente is None:
        return None
    bloqueados = [
        {"campo": ETIQUETAS.get(c.campo, c.campo), "clave": c.campo, "valor": c.valor}
        for c in CampoAgente.objects.filter(equipo=equipo, bloqueado=True).order_by("campo")
    ]
    return {"agente": agente, "bloqueados": bloqueados,
            "puede_cambiar": request.user.has_perm("inventario.change_equipo"),
            "fin_soporte": fin_de_soporte(agente.so_completo or agente.so_nombre, agente.so_version)}
