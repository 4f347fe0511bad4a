"""Importación en un navegador real: subir un libro municipal con defectos, ver la vista previa con sus errores,
mapear una columna desconocida, confirmar solo las filas válidas, encontrar un equipo importado y exportar a Excel."""

import re

import pytest
from openpyxl import load_workbook

from comun.roles import ADMINISTRADOR
from inventario.columnas import COLUMNAS
from inventario.models import Equipo
from inventario.models_importacion import Importacion, MapeoColumnas
from tests.factories import (
    usuario_con_rol,
)
from tests.inventario.libros_prueba import DEFECTOS, NECESITAN_CATALOGO, crear_municipio, libro_municipal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip(
    "playwright.sync_api", reason="falta el paquete playwright (requirements-dev.txt) para las pruebas e2e"
).expect

IMPORTADO = "OCO-0003"  # fila 8 de «Cómputo»: Dell OptiPlex 3080, serie ABC123, dependencia escrita en minúsculas
COLUMNA_DESCONOCIDA = "Observaciones del técnico"


@pytest.fixture
def municipio():
    return crear_municipio()["existente"]


def test_importar_libro_municipal_y_exportar(live_server, nuevo_contexto, entrar, capturar, municipio, tmp_path):
    archivo = tmp_path / "padron-municipal.xlsx"
    archivo.write_bytes(libro_municipal())
    usuario = usuario_con_rol(ADMINISTRADOR, "director-ti")

    escritorio = nuevo_contexto()
    pagina = entrar(escritorio.new_page(), usuario)

    # Inventario → Importar → subir el archivo.
    pagina.goto(f"{live_server.url}/inventario/")
    expect(pagina.locator("#resultados")).to_contain_text("2 equipos")
    pagina.get_by_role("link", name="Importar").click()
    expect(pagina).to_have_url(re.compile(r"/inventario/importar/$"))
    expect(pagina.locator("h1")).to_have_text("Importar inventario desde Excel")
    expect(pagina.get_by_text("Aún no hay importaciones.")).to_be_visible()
    pagina.locator("#id_archivo").set_input_files(archivo)
    pagina.get_by_role("button", name="Analizar archivo").click()

    # Vista previa: nada guardado todavía, conteos y cada defecto en su hoja y fila.
    expect(pagina).to_have_url(re.compile(r"/inventario/importar/\d+/$"))
    importacion = Importacion.objects.get()
    expect(pagina.locator("h1")).to_contain_text(f"Importación #{importacion.pk}")
    expect(pagina.locator("h1")).to_contain_text("padron-municipal.xlsx")
    expect(pagina.locator(".alert-info")).to_contain_text("Vista previa.")

    def tarjeta(etiqueta):
        return pagina.locator(".card-body", has=pagina.get_by_text(etiqueta, exact=True)).locator(".tarjeta-numero")

    # Sin autorizar catálogos nuevos, las filas con dependencia o resguardante desconocidos también se rechazan.
    rechazadas = len(DEFECTOS) + len(NECESITAN_CATALOGO)
    expect(tarjeta("nuevos")).to_have_text("5")
    expect(tarjeta("con cambios")).to_have_text("1")
    expect(tarjeta("sin cambios")).to_have_text("0")
    expect(tarjeta("rechazados")).to_have_text(str(rechazadas))
    expect(tarjeta("rechazados")).to_have_class(re.compile(r"\btext-danger\b"))
    problemas = pagina.locator("table", has=pagina.get_by_role("columnheader", name="Motivo")).locator("tbody tr")
    expect(problemas).to_have_count(rechazadas)
    fecha_imposible = problemas.filter(has_text="Cómputo · fila 11")
    expect(fecha_imposible).to_have_count(1)
    expect(fecha_imposible.locator("td").nth(1)).to_have_text("Fecha de adquisición")
    expect(fecha_imposible.locator("td").nth(2)).to_have_text("31/02/2020")
    expect(fecha_imposible.locator("td").nth(3)).to_contain_text("Fecha imposible")
    for (hoja, fila), motivo in DEFECTOS.items():
        expect(problemas.filter(has_text=f"{hoja} · fila {fila}")).to_contain_text(motivo)
    expect(problemas.filter(has_text="Red · fila 3")).to_contain_text("La dependencia no existe")
    expect(pagina.get_by_text("Columnas no reconocidas")).to_be_visible()
    capturar(pagina, "importacion-vista-previa-escritorio")

    # La misma vista previa en un teléfono, con la sesión ya iniciada.
    movil = nuevo_contexto(telefono=True, storage_state=escritorio.storage_state()).new_page()
    movil.goto(pagina.url)
    expect(movil.get_by_label(f"«{COLUMNA_DESCONOCIDA}» (hoja Cómputo)")).to_be_visible()
    expect(movil.get_by_role("button", name=re.compile("Importar solo las filas válidas"))).to_be_visible()
    capturar(movil, "importacion-vista-previa-telefono")

    # Mapeo: «Observaciones del técnico» son las notas; y se autoriza crear dependencias y resguardantes.
    desconocida = pagina.get_by_label(f"«{COLUMNA_DESCONOCIDA}» (hoja Cómputo)")
    expect(desconocida).to_have_value("")  # «Ignorar esta columna» mientras no se diga otra cosa
    desconocida.select_option(label="Notas")
    pagina.get_by_label("Crear las dependencias y resguardantes nuevos").check()
    pagina.get_by_role("button", name="Volver a analizar").click()

    expect(pagina.locator(".alert-info", has_text="Se volvió a analizar")).to_be_visible()
    expect(pagina.get_by_text("Columnas no reconocidas")).to_have_count(0)
    expect(tarjeta("nuevos")).to_have_text("7")
    expect(tarjeta("con cambios")).to_have_text("1")
    expect(tarjeta("rechazados")).to_have_text(str(len(DEFECTOS)))
    expect(problemas).to_have_count(len(DEFECTOS))
    catalogos = pagina.locator(".alert-warning", has_text="Dependencias que se crearán:")
    expect(catalogos).to_contain_text("Seguridad Pública")
    expect(catalogos).to_contain_text("Resguardantes que se crearán: Juan Nuevo Empleado")
    # La nota del técnico ahora es un cambio de OCO-0001, junto con la condición.
    cambio = pagina.locator("table.historial tbody tr", has_text="OCO-0001")
    expect(cambio).to_contain_text("Malo")
    expect(cambio).to_contain_text("Se cambió fuente")
    assert MapeoColumnas.objects.get(encabezado__icontains="observaciones").columna == "notas"
    capturar(pagina, "importacion-vista-previa-mapeada-escritorio")

    # Con filas rechazadas «Importar todo» está deshabilitado: solo se pueden importar las válidas.
    expect(pagina.get_by_role("button", name="Importar todo")).to_be_disabled()
    solo_validas = pagina.get_by_role("button", name="Importar solo las filas válidas (8)")
    expect(solo_validas).to_be_enabled()
    expect(pagina.get_by_role("link", name=re.compile("Descargar las filas rechazadas"))).to_be_visible()
    assert not Equipo.objects.filter(numero_inventario=IMPORTADO).exists()  # la vista previa no guarda nada
    solo_validas.click()

    expect(pagina).to_have_url(re.compile(rf"/inventario/importar/{importacion.pk}/$"))
    expect(pagina.locator(".alert-success").first).to_contain_text(
        f"Importación #{importacion.pk} aplicada: 7 equipos nuevos y 1 actualizado."
    )
    expect(pagina.locator(".alert-success", has_text="Importada el")).to_contain_text("(solo las filas válidas)")
    expect(pagina.get_by_role("button", name="Importar todo")).to_have_count(0)
    capturar(pagina, "importacion-aplicada-escritorio")

    # El equipo importado se encuentra en la lista (búsqueda en vivo, htmx) y su ficha enlaza a la importación.
    pagina.get_by_role("link", name="Ir al inventario").click()
    expect(pagina).to_have_url(re.compile(r"/inventario/$"))
    expect(pagina.locator("#resultados")).to_contain_text("9 equipos")
    with pagina.expect_response(lambda r: "q=oco-0003" in r.url and r.request.headers.get("hx-request") == "true"):
        pagina.locator("#id_q").press_sequentially("oco-0003", delay=20)
    resultados = pagina.locator("#resultados")
    expect(resultados.locator("tbody tr")).to_have_count(1)
    expect(resultados.locator("tbody tr")).to_contain_text("OptiPlex 3080")
    expect(resultados.locator("tbody tr")).to_contain_text("María Pérez López")
    resultados.get_by_role("link", name=IMPORTADO).click()

    equipo = Equipo.objects.get(numero_inventario=IMPORTADO)
    expect(pagina).to_have_url(re.compile(rf"/inventario/{equipo.pk}/$"))
    expect(pagina.locator("h1")).to_have_text(IMPORTADO)
    enlace = pagina.get_by_role("link", name=f"importación #{importacion.pk}")
    expect(enlace).to_be_visible()
    enlace.click()
    expect(pagina).to_have_url(re.compile(rf"/inventario/importar/{importacion.pk}/$"))

    # Exportar toda la lista a Excel («Una hoja») y leer el archivo descargado.
    pagina.goto(f"{live_server.url}/inventario/")
    expect(pagina.locator("#resultados")).to_contain_text("9 equipos")
    pagina.get_by_role("button", name="Exportar a Excel").click()
    una_hoja = pagina.get_by_role("link", name="Una hoja", exact=True)
    expect(una_hoja).to_be_visible()
    with pagina.expect_download() as descarga:
        una_hoja.click()
    assert re.fullmatch(r"inventario-\d{8}-\d{4}\.xlsx", descarga.value.suggested_filename)
    ruta = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(ruta)
    hoja = load_workbook(ruta, read_only=True).active
    filas = list(hoja.iter_rows(values_only=True))
    assert list(filas[0]) == [c.encabezado for c in COLUMNAS]
    assert len(filas) == 1 + 9
    numeros = [fila[0] for fila in filas[1:]]
    assert IMPORTADO in numeros
    fila = next(f for f in filas[1:] if f[0] == IMPORTADO)
    assert fila[1] == equipo.tipo.nombre and fila[2] == "Dell" and fila[4] == "ABC123"
