"""Demo de agentes: reproducible, idempotente y sin escanear nada."""
import pytest

from agentes.demo import generar
from agentes.models import Agente, Escaneo, Revision, Segmento
from inventario.demo import generar as generar_inventario


@pytest.mark.django_db
def test_demo_idempotente_y_sin_escaneos_reales():
    generar_inventario(semilla=7, empleados=40, equipos=120, con_historial=False)
    primera = generar(semilla=7)
    assert primera["Segmentos de red"] == 2 and primera["Escaneos"] == 2
    assert primera["Revisiones"] > 0 and primera["Agentes"] > 10
    assert generar(semilla=7) == {"Segmentos de red": 0, "Escaneos": 0, "Revisiones": 0, "Agentes": 0}
    # Los segmentos de la demo no se pueden escanear ni están programados.
    assert not Segmento.objects.filter(activo=True).exists()
    assert not Segmento.objects.filter(intervalo_horas__gt=0).exists()
    assert set(Escaneo.objects.values_list("estado", flat=True)) == {"completado"}
    assert all(s.cidr.startswith("192.168.") for s in Segmento.objects.all())
    assert Revision.objects.filter(tipo="nuevo").exists()
    assert Agente.objects.filter(so_completo__contains="Windows 7").exists() or Agente.objects.count() < 20
