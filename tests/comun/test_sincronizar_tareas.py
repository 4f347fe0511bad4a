"""sincronizar_tareas: claves de siempre (diaria a una hora) y la programación mensual en un día del mes."""
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from comun.management.commands import sincronizar_tareas as orden

ZONA = ZoneInfo("America/Mexico_City")


def _en(anio, mes, dia, hora=0, minuto=0):
    return datetime(anio, mes, dia, hora, minuto, tzinfo=ZONA)


@pytest.mark.parametrize(("ahora", "esperado"), [
    (_en(2026, 11, 25, 10), _en(2026, 12, 1, 6)),
    (_en(2026, 12, 15, 10), _en(2027, 1, 1, 6)),
    (_en(2026, 12, 1, 5, 59), _en(2026, 12, 1, 6)),
    (_en(2026, 12, 1, 6), _en(2027, 1, 1, 6)),
])
def test_siguiente_mensual(ahora, esperado):
    assert orden._siguiente("06:00", 1, ahora=ahora) == esperado


def test_siguiente_diaria_sin_cambios():
    assert orden._siguiente("02:30", ahora=_en(2026, 3, 10, 1)) == _en(2026, 3, 10, 2, 30)
    assert orden._siguiente("02:30", ahora=_en(2026, 3, 10, 3)) == _en(2026, 3, 11, 2, 30)
    assert orden._siguiente(None, ahora=_en(2026, 3, 10, 3)) == _en(2026, 3, 10, 3)


def _sincronizar(monkeypatch, declaradas):
    monkeypatch.setattr(orden, "programaciones_declaradas", lambda: declaradas)
    salida = io.StringIO()
    call_command("sincronizar_tareas", stdout=salida)
    return salida.getvalue()


@pytest.mark.django_db
def test_mensual_creada_una_vez_y_movida_si_cambia_el_dia(monkeypatch):
    decl = {"nombre": "prueba mensual", "funcion": "comun.tasks.limpiar_sesiones", "tipo": "M", "dia": 1,
            "hora": "06:00"}
    diaria = {"nombre": "prueba diaria", "funcion": "comun.tasks.limpiar_sesiones", "tipo": "D", "hora": "02:30"}
    assert "Creada: sigma · prueba mensual" in _sincronizar(monkeypatch, [decl, diaria])
    salida = _sincronizar(monkeypatch, [decl, diaria])
    assert "Creada" not in salida and "Actualizada" not in salida  # idempotente
    programacion = Schedule.objects.get(name="sigma · prueba mensual")
    assert programacion.schedule_type == "M" and programacion.next_run.astimezone(ZONA).day == 1
    assert Schedule.objects.get(name="sigma · prueba diaria").next_run.astimezone(ZONA).hour == 2
    assert "Actualizada" in _sincronizar(monkeypatch, [{**decl, "dia": 15}, diaria])
    programacion.refresh_from_db()
    assert (programacion.next_run.astimezone(ZONA).day, programacion.next_run.astimezone(ZONA).hour) == (15, 6)


@pytest.mark.django_db
@pytest.mark.parametrize("decl", [
    {"tipo": "D", "dia": 1}, {"tipo": "M", "dia": 31}, {"tipo": "M", "dia": "1"}, {"tipo": "M", "dia": 0},
])
def test_dia_invalido(monkeypatch, decl):
    with pytest.raises(CommandError, match="«dia» va de 1 a 28"):
        _sincronizar(monkeypatch, [{"nombre": "mala", "funcion": "x.y", "hora": "06:00", **decl}])
    assert not Schedule.objects.filter(name="sigma · mala").exists()
