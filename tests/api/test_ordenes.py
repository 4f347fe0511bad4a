"""API de órdenes de mantenimiento: quién ve cuáles, iniciar y completar (dueño, otro técnico, supervisor)."""
import pytest

from mantenimiento.models import OrdenMantenimiento
from tests.mantenimiento.factories import OrdenFactory, PlanFactory
from tests.mantenimiento.test_vistas import firma_png

URL = "/api/ordenes/"


def _captura(orden):
    """Todos los puntos de la plantilla de PC llenos (como datos_lista de las pruebas de la página)."""
    resultados = []
    for r in orden.resultados.select_related("item"):
        fila = {"id": r.pk}
        if r.tipo == "check":
            fila["valor"] = "si"
        elif r.tipo == "pasa_falla":
            fila["resultado"] = "pasa"
        elif r.tipo == "numero":
            fila["valor"] = "40" if r.item.unidad == "%" else "45"
        elif r.tipo == "opcion":
            fila["valor"] = r.item.lista_opciones()[0]
        resultados.append(fila)
    return {"resultados": resultados, "conformidad_nombre": "Ana Ruiz", "firma": firma_png(),
            "observaciones": "Sin novedad", "refacciones": [{"descripcion": "Pasta térmica", "costo": "85.50"}]}


def _iniciar(cliente, orden):
    respuesta = cliente.post(f"{URL}{orden.pk}/iniciar/")
    assert respuesta.status_code == 200, respuesta.json()
    orden.refresh_from_db()
    return respuesta.json()


def test_el_tecnico_inicia_y_completa_su_orden(api_con_rol):
    cliente, tecnico = api_con_rol("tecnico")
    orden = OrdenFactory(tecnico=tecnico)
    datos = _iniciar(cliente, orden)
    assert datos["estado"] == "en_proceso" and len(datos["resultados"]) == 12
    respuesta = cliente.post(f"{URL}{orden.pk}/completar/", _captura(orden), format="json")
    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["estado"] == "completada" and respuesta.json()["refacciones"][0]["costo"] == "85.50"
    orden.refresh_from_db()
    assert orden.conformidad_nombre == "Ana Ruiz" and bytes(orden.firma_png).startswith(b"\x89PNG")
    # Completar otra vez: 409 con el mensaje del servicio.
    otra = cliente.post(f"{URL}{orden.pk}/completar/", _captura(orden), format="json")
    assert otra.status_code == 409 and "completada" in otra.json()["detail"]


def test_otro_tecnico_403_y_el_supervisor_si(api_con_rol):
    dueno_cliente, dueno = api_con_rol("tecnico")
    otro, _ = api_con_rol("tecnico", "tec-otro")
    orden = OrdenFactory(tecnico=dueno)
    assert otro.post(f"{URL}{orden.pk}/iniciar/").status_code == 403
    _iniciar(dueno_cliente, orden)
    respuesta = otro.post(f"{URL}{orden.pk}/completar/", _captura(orden), format="json")
    assert respuesta.status_code == 403 and "asignada a otro técnico" in respuesta.json()["detail"]
    # El Director supervisa pero no trabaja órdenes (como en la página); el Administrador, sí.
    director, _ = api_con_rol("director")
    assert director.post(f"{URL}{orden.pk}/completar/", _captura(orden), format="json").status_code == 403
    admin, _ = api_con_rol("admin")
    assert admin.post(f"{URL}{orden.pk}/completar/", _captura(orden), format="json").status_code == 200
    orden.refresh_from_db()
    assert orden.estado == "completada" and orden.tecnico == dueno


@pytest.mark.parametrize(("cambio", "campo", "mensaje"), [
    ({"firma": "no-es-imagen"}, "firma", "Falta la firma"),
    ({"firma": firma_png(vacia=True)}, "firma", "en blanco"),
    ({"conformidad_nombre": ""}, "conformidad_nombre", "no puede estar en blanco"),
    ({"minutos": 0}, "minutos", "mayor o igual a 1"),
    ({"refacciones": [{"descripcion": "Disco", "cantidad": "-1"}]}, "refacciones", "mayor o igual a 0.01"),
    ({"resultados": [{"id": 999999}]}, "resultados", "no son de la orden"),
    ({"resultados": "todo bien"}, "resultados", "lista"),
])
def test_completar_con_datos_malos_400_sin_cambios(api_con_rol, cambio, campo, mensaje):
    cliente, tecnico = api_con_rol("tecnico")
    orden = OrdenFactory(tecnico=tecnico)
    _iniciar(cliente, orden)
    respuesta = cliente.post(f"{URL}{orden.pk}/completar/", {**_captura(orden), **cambio}, format="json")
    assert respuesta.status_code == 400
    assert mensaje in str(respuesta.json()[campo])
    orden.refresh_from_db()
    assert orden.estado == "en_proceso" and not orden.refacciones.exists()


def test_valor_fuera_de_tipo_400_y_falta_obligatorio_409(api_con_rol):
    cliente, tecnico = api_con_rol("tecnico")
    orden = OrdenFactory(tecnico=tecnico)
    _iniciar(cliente, orden)
    captura = _captura(orden)
    numero = next(r for r in orden.resultados.all() if r.tipo == "numero")
    malo = [{**f, "valor": "mucho"} if f["id"] == numero.pk else f for f in captura["resultados"]]
    respuesta = cliente.post(f"{URL}{orden.pk}/completar/", {**captura, "resultados": malo}, format="json")
    assert respuesta.status_code == 400 and "no es un número" in respuesta.json()["resultados"][str(numero.pk)]
    respuesta = cliente.post(f"{URL}{orden.pk}/completar/", {**captura, "resultados": []}, format="json")
    assert respuesta.status_code == 409 and "Falta capturar" in respuesta.json()["detail"]
    orden.refresh_from_db()
    assert orden.estado == "en_proceso"


def test_completar_sin_iniciar_409(api_con_rol):
    cliente, tecnico = api_con_rol("tecnico")
    orden = OrdenFactory(tecnico=tecnico)
    respuesta = cliente.post(f"{URL}{orden.pk}/completar/", _captura(orden), format="json")
    assert respuesta.status_code == 409 and "Primero inicie la orden" in respuesta.json()["detail"]


def test_quien_ve_que_ordenes(api_con_rol):
    tecnico_cliente, tecnico = api_con_rol("tecnico")
    _, otro = api_con_rol("tecnico", "tec-otro")
    mia = OrdenFactory(tecnico=tecnico)
    ajena = OrdenFactory(tecnico=otro)
    de_mi_plan = OrdenFactory(tecnico=None, plan=PlanFactory(tecnicos=[tecnico]))
    OrdenFactory(tecnico=None)  # de un plan ajeno
    assert {o["id"] for o in tecnico_cliente.get(URL).json()["results"]} == {mia.pk, de_mi_plan.pk}
    director, _ = api_con_rol("director")
    assert director.get(URL).json()["count"] == 4
    assert {o["id"] for o in director.get(URL, {"tecnico": otro.pk}).json()["results"]} == {ajena.pk}
    assert director.get(URL, {"estado": "completada"}).json()["count"] == 0
    assert director.get(URL, {"desde": "2026-03-06"}).json()["count"] == 0
    malo = director.get(URL, {"desde": "ayer"})
    assert malo.status_code == 400 and "fecha" in malo.json()["desde"][0].lower()
    mesa, _ = api_con_rol("mesa")
    assert mesa.get(URL).status_code == 403
    assert mesa.get(f"{URL}{ajena.pk}/").status_code == 200  # la ficha de la orden sí, como en la página
    assert mesa.post(f"{URL}{ajena.pk}/iniciar/").status_code == 403


def test_consultas_constantes(api_con_rol, django_assert_max_num_queries):
    cliente, _ = api_con_rol("director")

    def contar():
        with django_assert_max_num_queries(10) as contexto:
            assert cliente.get(URL).status_code == 200
        return len(contexto.captured_queries)

    OrdenFactory.create_batch(3)
    con_n = contar()
    OrdenFactory.create_batch(6)
    assert contar() == con_n
    assert OrdenMantenimiento.objects.count() == 9
