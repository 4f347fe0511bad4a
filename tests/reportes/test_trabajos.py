"""Exportaciones en segundo plano: ciclo de vida, avance, falla y reintento, permisos y entradas inválidas."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from comun.roles import DIRECTOR
from reportes import services, trabajos
from reportes.models import TrabajoExportacion
from reportes.trabajos import ErrorExportacion
from tests.factories import usuario_con_rol

from . import datos_exportaciones
from .datos import crear

pytestmark = pytest.mark.django_db
MARZO = {"desde": "2026-03-01", "hasta": "2026-03-31"}


@pytest.fixture
def generador_de_prueba():
    """Registra «prueba»: anota el avance que ve en la base, y falla mientras ``estado["fallar"]`` lo diga."""
    estado = {"fallar": None, "vistos": []}

    def generar(parametros, avance):
        for p in (30, 60):
            avance(p)
            estado["vistos"].append(TrabajoExportacion.objects.get(estado="en_curso").progreso)
        if estado["fallar"]:
            raise estado["fallar"]
        return b"contenido", "prueba.txt"

    trabajos.registrar("prueba", "Exportación de prueba")(generar)
    yield estado
    trabajos.GENERADORES.pop("prueba")


def _crear(cliente, capturar, datos):
    with capturar(execute=True):
        return cliente.post(reverse("reportes:trabajos"), datos)


def test_ciclo_completo_xlsx(cliente_con_rol, django_capture_on_commit_callbacks):
    crear()
    cliente = cliente_con_rol("director")
    r = _crear(cliente, django_capture_on_commit_callbacks, {"clave": "tablero_xlsx", **MARZO})
    t = TrabajoExportacion.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("reportes:trabajo", args=[t.pk])
    assert (t.estado, t.progreso, t.nombre_archivo) == ("terminado", 100, "reportes-2026-03-01-2026-03-31.xlsx")
    assert t.iniciado and t.terminado and t.usuario.username == "prueba-director"
    pagina = cliente.get(r["Location"]).content.decode()
    assert "El archivo está listo" in pagina and "hx-trigger" not in pagina  # terminado: ya no se consulta
    descarga = cliente.get(reverse("reportes:trabajo_descargar", args=[t.pk]))
    assert descarga["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="reportes-2026-03-01-2026-03-31.xlsx"' in descarga["Content-Disposition"]
    libro = load_workbook(io.BytesIO(b"".join(descarga.streaming_content)))
    assert libro.sheetnames == ["Resumen", "Compromisos", "Por dependencia", "Tendencia"]
    assert "Periodo: 01/03/2026 a 31/03/2026" in libro["Resumen"]["A2"].value


def test_avance_y_pagina_mientras_corre(cliente_con_rol, generador_de_prueba, django_capture_on_commit_callbacks):
    cliente = cliente_con_rol("director")
    with django_capture_on_commit_callbacks(execute=False) as encoladas:
        cliente.post(reverse("reportes:trabajos"), {"clave": "prueba"})
    t = TrabajoExportacion.objects.get()
    assert t.estado == "pendiente" and len(encoladas) == 1
    pagina = cliente.get(t.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in pagina and "En espera de turno" in pagina
    encoladas[0]()  # la tarea (Q en modo sync) corre aquí
    assert generador_de_prueba["vistos"] == [30, 60]
    t.refresh_from_db()
    assert t.estado == "terminado" and t.archivo.read() == b"contenido"


def test_falla_con_mensaje_y_reintento(cliente_con_rol, generador_de_prueba, django_capture_on_commit_callbacks):
    generador_de_prueba["fallar"] = ErrorExportacion("No hay datos para el periodo pedido.")
    cliente = cliente_con_rol("director")
    _crear(cliente, django_capture_on_commit_callbacks, {"clave": "prueba"})
    t = TrabajoExportacion.objects.get()
    assert (t.estado, t.error, t.archivo.name) == ("fallido", "No hay datos para el periodo pedido.", "")
    pagina = cliente.get(t.get_absolute_url()).content.decode()
    assert "No hay datos para el periodo pedido." in pagina and "Reintentar" in pagina
    assert cliente.get(reverse("reportes:trabajo_descargar", args=[t.pk])).status_code == 404
    generador_de_prueba["fallar"] = None
    with django_capture_on_commit_callbacks(execute=True):
        r = cliente.post(reverse("reportes:trabajo_reintentar", args=[t.pk]))
    assert r.status_code == 302
    t.refresh_from_db()
    assert (t.estado, t.error, t.intentos, t.progreso) == ("terminado", "", 2, 100)
    # Reintentar algo que no falló: 400 con mensaje, sin cambios.
    r = cliente.post(reverse("reportes:trabajo_reintentar", args=[t.pk]))
    assert r.status_code == 400 and "Solo se puede reintentar una exportación fallida." in r.content.decode()
    t.refresh_from_db()
    assert t.intentos == 2


def test_error_inesperado_no_da_500(cliente_con_rol, generador_de_prueba, django_capture_on_commit_callbacks):
    generador_de_prueba["fallar"] = RuntimeError("algo interno")
    r = _crear(cliente_con_rol("director"), django_capture_on_commit_callbacks, {"clave": "prueba"})
    assert r.status_code == 302
    t = TrabajoExportacion.objects.get()
    assert t.estado == "fallido" and "error interno (RuntimeError)" in t.error and "algo interno" not in t.error


@pytest.mark.parametrize(("datos", "mensaje"), [
    ({"clave": "no-existe"}, "No existe la exportación «no-existe»."),
    ({}, "No existe la exportación «»."),
    ({"clave": "tablero_pdf", "desde": "2026-02-30"}, "Filtros inválidos"),
    ({"clave": "tablero_pdf", "desde": "2026-03-31", "hasta": "2026-03-01"}, "Filtros inválidos"),
    ({"clave": "tablero_xlsx", "dependencia": "abc"}, "Filtros inválidos"),
])
def test_entradas_invalidas(cliente_con_rol, datos, mensaje, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as encoladas:
        r = cliente_con_rol("director").post(reverse("reportes:trabajos"), datos)
    assert r.status_code == 400 and mensaje in r.content.decode()
    assert not TrabajoExportacion.objects.exists() and not encoladas


def test_la_de_otro_usuario_no_existe(cliente_con_rol, client):
    ajena = datos_exportaciones.trabajo(usuario=usuario_con_rol(DIRECTOR, "otro-director"))
    director = cliente_con_rol("director")
    for nombre in ("reportes:trabajo", "reportes:trabajo_descargar"):
        assert director.get(reverse(nombre, args=[ajena.pk])).status_code == 404
    assert director.post(reverse("reportes:trabajo_reintentar", args=[ajena.pk])).status_code == 404
    assert director.get(reverse("reportes:trabajo", args=[999999])).status_code == 404
    assert "otro-director" not in director.get(reverse("reportes:trabajos")).content.decode()
    client.logout()
    admin = cliente_con_rol("admin")
    r = admin.get(reverse("reportes:trabajo_descargar", args=[ajena.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.7 prueba"


def test_tarea_repetida_no_hace_nada(db):
    t = datos_exportaciones.trabajo()
    assert services.ejecutar_trabajo(t.pk).startswith("sin cambios")
    assert services.ejecutar_trabajo(123456).startswith("sin cambios")


def test_registro_no_acepta_claves_duplicadas():
    with pytest.raises(ValueError, match="ya está registrado"):
        trabajos.registrar("tablero_pdf", "Otro")(lambda parametros, avance: (b"", "x"))
    with pytest.raises(ErrorExportacion):
        trabajos.obtener(["tablero_pdf"])
    assert {"tablero_xlsx", "tablero_pdf", "tecnicos_pdf"} <= {g.clave for g in trabajos.todos()}


@pytest.mark.parametrize("n", [3, 9])
def test_lista_sin_consultas_por_fila(cliente_con_rol, django_assert_max_num_queries, n):
    cliente = cliente_con_rol("director")
    yo = get_user_model().objects.get(username="prueba-director")
    for _ in range(n):
        datos_exportaciones.trabajo(usuario=yo)
    with django_assert_max_num_queries(8):
        r = cliente.get(reverse("reportes:trabajos"))
    assert r.content.decode().count("reportes-2026-03-01-2026-03-31.pdf") == n


def test_guarda_el_periodo_resuelto(cliente_con_rol, django_capture_on_commit_callbacks):
    """Sin fechas se usa el mes en curso, y se guarda así: un reintento días después da el mismo periodo."""
    from django.utils import timezone

    crear()
    with django_capture_on_commit_callbacks(execute=False):
        cliente_con_rol("director").post(reverse("reportes:trabajos"), {"clave": "tablero_pdf"})
    hoy = timezone.localdate()
    assert TrabajoExportacion.objects.get().parametros == {"desde": hoy.replace(day=1).isoformat(),
                                                           "hasta": hoy.isoformat()}


def test_limpieza_de_exportaciones_vencidas():
    import datetime as dt

    from django.utils import timezone

    from reportes import tasks

    vieja, reciente = datos_exportaciones.trabajo(), datos_exportaciones.trabajo()
    en_curso = datos_exportaciones.trabajo(estado=TrabajoExportacion.Estado.EN_CURSO)
    hace_8_dias = timezone.now() - dt.timedelta(days=8)
    TrabajoExportacion.objects.filter(pk__in=[vieja.pk, en_curso.pk]).update(creado=hace_8_dias)
    archivo = vieja.archivo.name
    assert tasks.limpiar_trabajos() == "1 exportaciones vencidas borradas"
    assert set(TrabajoExportacion.objects.values_list("pk", flat=True)) == {reciente.pk, en_curso.pk}
    assert not vieja.archivo.storage.exists(archivo) and reciente.archivo.storage.exists(reciente.archivo.name)
    assert any(p["funcion"] == "reportes.tasks.limpiar_trabajos" for p in tasks.PROGRAMADAS)
