"""schemathesis contra la API viva: toda operación del esquema, sin 5xx, respuestas conformes al esquema.

Una sola prueba (una sola base transaccional para el servidor vivo): el esquema que sirve /api/schema/ se carga
con schemathesis y cada operación se prueba con Hypothesis contra live_server, con el token de un usuario
Director + Administrador. Acotado (pocos ejemplos por operación, determinista, sin reducción) para correr en CI en
SQLite y en PostgreSQL. (schemathesis.pytest.from_fixture usa subpruebas que no funcionan con pytest 9.)"""
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

EJEMPLOS_POR_OPERACION = 6
CHEQUEOS = [not_a_server_error, response_schema_conformance, status_code_conformance]
CONFIG = schemathesis.config.SchemathesisConfig.from_dict({
    "generation": {"deterministic": True, "no-shrink": True, "database": "none"},
})


def _datos():
    from api import tokens
    from comun.roles import ADMINISTRADOR, DIRECTOR
    from tests.factories import EquipoFactory, usuario_con_rol
    from tests.mantenimiento.factories import OrdenFactory
    from tests.soporte.factories import solicitud

    usuario = usuario_con_rol(DIRECTOR, username="esquema-director")
    usuario.groups.add(usuario.groups.model.objects.get(name=ADMINISTRADOR))
    for equipo in EquipoFactory.create_batch(3):
        OrdenFactory(equipo=equipo)
        solicitud(empleado=equipo.resguardante, equipos=[equipo])
    return tokens.generar(usuario).key


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_cumple_su_esquema(live_server):
    cabeceras = {"Authorization": f"Token {_datos()}"}
    url = f"{live_server.url}/api/schema/?format=json"
    assert requests.get(url, timeout=30).status_code == 401  # sin token no hay esquema
    esquema = schemathesis.openapi.from_url(url, config=CONFIG, headers=cabeceras)
    fallas, probadas = [], 0
    for resultado in esquema.get_all_operations():
        operacion = resultado.ok()

        @settings(max_examples=EJEMPLOS_POR_OPERACION, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operacion.as_strategy())
        def probar(case):
            case.call_and_validate(base_url=live_server.url, headers=cabeceras, checks=CHEQUEOS)

        try:
            probar()
        except Exception as error:  # noqa: BLE001  se juntan todas para verlas de una vez
            fallas.append(f"{operacion.label}: {error}")
        probadas += 1
    assert probadas >= 14, f"El esquema trae solo {probadas} operaciones"
    assert not fallas, "\n\n".join(fallas)
