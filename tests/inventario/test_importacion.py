"""Importación de inventario desde hojas municipales: vista previa, defectos, confirmación, archivos malos."""
import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from comun.models import Dependencia, Empleado
from inventario import importacion as servicio
from inventario.choices import Condicion, Estado
from inventario.models import Equipo, InterfazRed
from inventario.models_importacion import Importacion, ImportacionEquipo, MapeoColumnas
from tests.factories import (
    EquipoFactory,
    InterfazRedFactory,
    UbicacionFactory,
)

from .libros_prueba import (
    DEFECTOS,
    NECESITAN_CATALOGO,
    a_bytes,
    con_dimension,
    crear_municipio,
    libro_exportado,
    libro_municipal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipio():
    return crear_municipio()


def _analizar(datos, nombre="inventario.xlsx", **kwargs):
    return servicio.analizar(servicio.leer_libro(datos, nombre), **kwargs)


def _escribir(tmp_path, datos, nombre="inventario.xlsx"):
    ruta = tmp_path / nombre
    ruta.write_bytes(datos)
    return str(ruta)


def _comando(*args):
    salida = io.StringIO()
    call_command("importar_inventario", *args, stdout=salida)
    return salida.getvalue()


# --- Vista previa del libro municipal ----------------------------------------------------------------------------

def test_cada_defecto_se_reporta_en_su_hoja_y_fila(municipio):
    antes = Equipo.objects.count()
    analisis = _analizar(libro_municipal(), crear_catalogos=True)
    por_fila = {(p.hoja, p.fila): p for p in analisis.problemas}
    assert set(por_fila) == set(DEFECTOS)
    for lugar, texto in DEFECTOS.items():
        assert texto in por_fila[lugar].motivo, (lugar, por_fila[lugar])
    assert "fila 6 de la hoja «Cómputo»" in por_fila[("Cómputo", 10)].motivo
    assert por_fila[("Cómputo", 11)].columna == "Fecha de adquisición"
    assert por_fila[("Cómputo", 11)].valor == "31/02/2020"
    assert analisis.conteos() == {"nuevos": 7, "cambiados": 1, "sin_cambios": 0, "rechazados": 6}
    assert any("Notas" in a and "vacía" in a for a in analisis.avisos)
    assert [s["encabezado"] for s in analisis.sin_reconocer] == ["Observaciones del técnico"]
    # La vista previa no escribe nada.
    assert Equipo.objects.count() == antes
    assert not Dependencia.objects.filter(nombre="Seguridad Pública").exists()


def test_normaliza_los_valores_de_la_hoja(municipio):
    analisis = _analizar(libro_municipal(), crear_catalogos=True)
    nuevos = {p.numero_inventario: p for p in analisis.nuevos}
    assert set(nuevos) == {"OCO-0002", "OCO-0003", "OCO-0004", "OCO-0100", "OCO-0101", "OCO-0200", "OCO-0201"}
    dos, tres, cuatro = nuevos["OCO-0002"].valores, nuevos["OCO-0003"].valores, nuevos["OCO-0004"].valores
    assert dos["fecha_adquisicion"] == date(2021, 1, 15) and dos["costo"] == Decimal("12500.00")
    assert tres["fecha_adquisicion"] == date(2021, 3, 15) and tres["costo"] == Decimal("12500.00")
    assert cuatro["fecha_adquisicion"] == date(2019, 1, 1) and cuatro["costo"] == Decimal("12500.00")  # fórmula
    assert dos["ram_gb"] == tres["ram_gb"] == 8 and cuatro["ram_gb"] == 16
    assert dos["almacenamiento_gb"] == 500 and tres["almacenamiento_gb"] == 1024
    assert "numero_serie" not in dos or dos["numero_serie"] == ""  # «S/N» no es un serial
    assert dos["condicion"] == Condicion.BUENO and tres["condicion"] == Condicion.REGULAR
    # Las tres grafías de la dependencia son la misma fila existente.
    for valores in (dos, tres, cuatro):
        assert valores["dependencia"] == ("id", municipio["informatica"].pk)
    assert dos["resguardante"] == tres["resguardante"] == ("id", municipio["maria"].pk)
    assert nuevos["OCO-0002"].interfaces == [("aa:bb:cc:00:11:22", None)]
    assert nuevos["OCO-0003"].interfaces == [("aa:bb:cc:00:11:33", None)]
    assert nuevos["OCO-0201"].interfaces == [("00:1a:2b:3c:4d:5f", "192.168.10.3"), ("00:1a:2b:3c:4d:60", None)]
    cambio = analisis.cambiados[0]
    assert cambio.numero_inventario == "OCO-0001"
    assert cambio.cambios == [("Condición", "Bueno", "Malo")]
    # «BAJA» en la columna de estado es el estado administrativo.
    baja = next(p for p in analisis.nuevos if p.numero_inventario == "OCO-0100")
    assert baja.valores["estado"] == Estado.BAJA


def test_sin_autorizacion_no_se_crean_dependencias_ni_resguardantes(municipio):
    analisis = _analizar(libro_municipal())
    rechazadas = {(f["hoja"], f["fila"]) for f in analisis.filas_rechazadas}
    assert rechazadas == set(DEFECTOS) | NECESITAN_CATALOGO
    motivos = " ".join(p.motivo for p in analisis.problemas)
    assert "La dependencia no existe" in motivos and "El resguardante no está registrado" in motivos


# --- Confirmación con el comando ---------------------------------------------------------------------------------

def test_comando_sin_confirmar_solo_previsualiza_en_json(municipio, tmp_path):
    ruta = _escribir(tmp_path, libro_municipal())
    antes = Equipo.objects.count()
    resultado = json.loads(_comando(ruta, "--json", "--crear-catalogos"))
    assert {k: resultado[k] for k in ("nuevos", "cambiados", "sin_cambios")} == {
        "nuevos": 7, "cambiados": 1, "sin_cambios": 0}
    assert {(r["hoja"], r["fila"]) for r in resultado["rechazados"]} == set(DEFECTOS)
    assert set(resultado["rechazados"][0]) == {"hoja", "fila", "columna", "valor", "motivo"}
    assert Equipo.objects.count() == antes
    assert not Importacion.objects.exists()


def test_con_rechazadas_confirmar_todo_no_escribe_nada(municipio, tmp_path):
    ruta = _escribir(tmp_path, libro_municipal())
    antes = Equipo.objects.count()
    with pytest.raises(CommandError, match="filas rechazadas"):
        _comando(ruta, "--confirmar", "--crear-catalogos")
    assert Equipo.objects.count() == antes
    assert not Importacion.objects.exists()


def test_solo_validas_escribe_las_validas_y_reimportar_no_cambia_nada(municipio, tmp_path, django_user_model):
    admin = django_user_model.objects.create_user("jefe")
    ruta = _escribir(tmp_path, libro_municipal())
    antes = Equipo.objects.count()
    _comando(ruta, "--confirmar", "--solo-validas", "--crear-catalogos", "--usuario", "jefe")
    assert Equipo.objects.count() == antes + 7
    assert set(Equipo.objects.filter(numero_inventario__in=["OCO-0005", "OCO-0006", "OCO-0007", "OCO-0008",
                                                            "OCO-0102"])) == set()
    equipo = Equipo.objects.get(numero_inventario="OCO-0003")
    assert equipo.costo == Decimal("12500.00") and equipo.fecha_adquisicion == date(2021, 3, 15)
    assert equipo.origen == "importado" and equipo.tipo.nombre == "PC de escritorio"
    assert equipo.interfaces.get().mac == "aa:bb:cc:00:11:33"
    alta = equipo.history.get()
    assert alta.history_type == "+" and alta.history_user == admin and alta.history_change_reason.startswith("Import")
    assert equipo.interfaces.get().history.get().history_user == admin
    assert equipo.movimientos.get().tipo == "alta"
    assert equipo.ubicacion is None
    ubicacion = Equipo.objects.get(numero_inventario="OCO-0002").ubicacion
    assert str(ubicacion) == "Presidencia Municipal / Planta alta / Sistemas"
    baja = Equipo.objects.get(numero_inventario="OCO-0100")
    assert baja.estado == Estado.BAJA and baja.motivo_baja
    nuevo = Equipo.objects.get(numero_inventario="OCO-0101").resguardante
    assert nuevo.nombre_completo == "Juan Nuevo Empleado" and nuevo.numero_empleado.startswith("IMP-")
    assert Dependencia.objects.get(nombre="Seguridad Pública").clave == "seguridad publica"
    assert Equipo.objects.get(numero_inventario="OCO-0201").interfaces.count() == 2
    existente = Equipo.objects.get(numero_inventario="OCO-0001")
    assert existente.condicion == Condicion.MALO
    ultimo = existente.history.first()
    assert ultimo.history_user == admin and ultimo.history_change_reason.startswith("Importación #")
    importacion = Importacion.objects.get()
    assert importacion.usuario == admin and importacion.estado == Importacion.Estado.APLICADA
    assert ImportacionEquipo.objects.filter(importacion=importacion).count() == 8
    assert existente.importaciones.get().accion == ImportacionEquipo.Accion.CAMBIADO

    # Segunda vez: nada cambia.
    historicos = Equipo.history.count()
    resultado = json.loads(_comando(ruta, "--json", "--crear-catalogos"))
    assert (resultado["nuevos"], resultado["cambiados"], resultado["sin_cambios"]) == (0, 0, 8)
    _comando(ruta, "--confirmar", "--solo-validas", "--crear-catalogos")
    assert Equipo.history.count() == historicos
    assert Equipo.objects.count() == antes + 7
    assert Empleado.objects.filter(nombre__startswith="Juan").count() == 1


def test_viaje_redondo_exportar_importar_no_cambia_nada(municipio):
    equipo = municipio["existente"]
    equipo.ubicacion = UbicacionFactory(oficina="Sistemas")
    equipo.proveedor, equipo.factura, equipo.notas = "Compucentro", "F-123", "Línea 1\nLínea 2"
    equipo.estado, equipo.procesador, equipo.garantia_hasta = Estado.EN_REPARACION, "Intel Core i5", date(2023, 5, 4)
    equipo.save()
    InterfazRedFactory(equipo=equipo, mac="10:20:30:40:50:60", ip="10.0.0.5")
    InterfazRedFactory(equipo=equipo, mac="10:20:30:40:50:61", ip=None)
    EquipoFactory(numero_inventario="OCO-7777", modelo=None, resguardante=None, numero_serie="")
    datos = libro_exportado(Equipo.objects.all())
    analisis = _analizar(datos)
    assert analisis.conteos() == {"nuevos": 0, "cambiados": 0, "sin_cambios": Equipo.objects.count(),
                                  "rechazados": 0}, [p.cambios for p in analisis.cambiados]


def test_celda_vacia_no_borra_y_una_hoja_parcial_actualiza(municipio):
    libro = Workbook()
    libro.active.append(["No. Inventario", "Costo", "Proveedor"])
    libro.active.append(["oco-0001", None, "Nuevo proveedor"])
    analisis = _analizar(a_bytes(libro))
    assert analisis.cambiados[0].cambios == [("Proveedor", "—", "Nuevo proveedor")]
    servicio.aplicar(analisis, None)
    equipo = Equipo.objects.get(numero_inventario="OCO-0001")
    assert equipo.costo == Decimal("15000") and equipo.proveedor == "Nuevo proveedor"


def test_csv_con_punto_y_coma_y_latin1(municipio, tmp_path):
    texto = ("Inventario de equipo\n\nNo. Inventario;Tipo;Dependencia;Costo;Fecha\n"
             "OCO-0300;Laptop;DIRECCIÓN DE INFORMÁTICA;$9,999.90;01/02/2022\n")
    ruta = _escribir(tmp_path, texto.encode("cp1252"), "equipos.csv")
    resultado = json.loads(_comando(ruta, "--json"))
    assert resultado["nuevos"] == 1 and resultado["rechazados"] == []
    _comando(ruta, "--confirmar")
    equipo = Equipo.objects.get(numero_inventario="OCO-0300")
    assert equipo.costo == Decimal("9999.90") and equipo.fecha_adquisicion == date(2022, 2, 1)


# --- Archivos malos ------------------------------------------------------------------------------------------------

def _libro_vacio():
    return a_bytes(Workbook())


def _libro_sin_encabezado():
    libro = Workbook()
    libro.active.append(["hola", "mundo"])
    libro.active.append([1, 2])
    return a_bytes(libro)


def _libro_millon():
    libro = Workbook()
    libro.active.append(["No. Inventario", "Tipo"])
    return con_dimension(a_bytes(libro), "A1:B1000000")


ARCHIVOS_MALOS = [
    ("texto.xlsx", lambda: b"esto no es una hoja de calculo", "no es un libro de Excel"),
    ("roto.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200, "dañado"),
    ("protegido.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "protegido con contraseña"),
    ("vacio.xlsx", _libro_vacio, "vacías"),
    ("sin_encabezado.xlsx", _libro_sin_encabezado, "No se encontró la fila de encabezados"),
    ("enorme.xlsx", _libro_millon, "1,000,000 filas"),
    ("imagen.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00", "no es una hoja de cálculo"),
]


@pytest.mark.parametrize(("nombre", "hacer", "mensaje"), ARCHIVOS_MALOS)
def test_archivo_malo_en_el_comando(nombre, hacer, mensaje, tmp_path, db):
    with pytest.raises(CommandError, match=mensaje):
        _comando(_escribir(tmp_path, hacer(), nombre))


@pytest.mark.parametrize(("nombre", "hacer", "mensaje"), ARCHIVOS_MALOS)
def test_archivo_malo_en_la_pagina(nombre, hacer, mensaje, admin_client_sigma):
    archivo = SimpleUploadedFile(nombre, hacer())
    respuesta = admin_client_sigma.post(reverse("inventario:importar"), {"archivo": archivo})
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert not Equipo.objects.exists()


def test_extension_y_limite_de_tamano_en_la_pagina(admin_client_sigma, settings, tmp_path):
    respuesta = admin_client_sigma.post(reverse("inventario:importar"),
                                        {"archivo": SimpleUploadedFile("foto.jpg", b"x")})
    assert respuesta.status_code == 400 and "Solo se importan" in respuesta.content.decode()
    settings.SIGMA_IMPORTACION_MAX_MB = 0
    respuesta = admin_client_sigma.post(reverse("inventario:importar"),
                                        {"archivo": SimpleUploadedFile("a.xlsx", libro_municipal())})
    assert respuesta.status_code == 400 and "el límite es 0 MB" in respuesta.content.decode()
    with pytest.raises(CommandError, match="límite"):
        _comando(_escribir(tmp_path, libro_municipal()))


# --- Páginas -------------------------------------------------------------------------------------------------------

def test_flujo_en_la_pagina(municipio, admin_client_sigma):
    url = reverse("inventario:importar")
    assert admin_client_sigma.get(url).status_code == 200
    respuesta = admin_client_sigma.post(url, {"archivo": SimpleUploadedFile("padron.xlsx", libro_municipal())})
    importacion = Importacion.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == importacion.get_absolute_url()
    pagina = admin_client_sigma.get(respuesta.url).content.decode()
    assert "Vista previa" in pagina and "Fecha imposible" in pagina and "Observaciones del técnico" in pagina
    assert importacion.resumen["rechazados"] == 8

    # Mapeo: la columna no reconocida son notas; se recuerda; y se autoriza crear catálogos.
    respuesta = admin_client_sigma.post(reverse("inventario:importacion_opciones", args=[importacion.pk]),
                                        {"col_0": "notas", "crear_catalogos": "on"})
    assert respuesta.status_code == 302
    importacion.refresh_from_db()
    assert importacion.resumen["rechazados"] == 6 and importacion.resumen["sin_reconocer"] == []
    assert MapeoColumnas.objects.get().columna == "notas"
    pagina = admin_client_sigma.get(importacion.get_absolute_url()).content.decode()
    assert "Seguridad Pública" in pagina and "Juan Nuevo Empleado" in pagina

    # Las rechazadas se descargan con su columna «error».
    descarga = admin_client_sigma.get(reverse("inventario:importacion_rechazadas", args=[importacion.pk]))
    libro = load_workbook(io.BytesIO(descarga.content))
    hoja = libro["Cómputo"]
    encabezados = [c.value for c in hoja[1]]
    assert "error" in encabezados and encabezados[0] == "No. Inventario"
    assert hoja.max_row == 1 + 5

    # «Importar todo» no vale con rechazadas; «solo las válidas» sí.
    confirmar = reverse("inventario:importacion_confirmar", args=[importacion.pk])
    assert admin_client_sigma.post(confirmar, {"modo": "todo"}).status_code == 400
    assert not Equipo.objects.filter(numero_inventario="OCO-0002").exists()
    respuesta = admin_client_sigma.post(confirmar, {"modo": "solo_validas"})
    assert respuesta.status_code == 302
    importacion.refresh_from_db()
    assert importacion.estado == Importacion.Estado.APLICADA
    assert Equipo.objects.get(numero_inventario="OCO-0001").notas == "Se cambió fuente"
    assert importacion.equipos.count() == 8
    assert "Importada el" in admin_client_sigma.get(importacion.get_absolute_url()).content.decode()
    respuesta = admin_client_sigma.get(reverse("inventario:importacion_estado", args=[importacion.pk]),
                                       headers={"HX-Request": "true"})
    assert respuesta.headers.get("HX-Refresh") == "true"


def test_archivo_grande_va_por_la_tarea(municipio, admin_client_sigma):
    libro = Workbook()
    libro.active.append(["No. Inventario", "Tipo", "Dependencia", "Dirección MAC"])
    for i in range(600):
        mac = f"02:00:00:00:{i // 256:02x}:{i % 256:02x}"
        libro.active.append([f"OCO-5{i:04d}", "Laptop", "Dirección de Informática", mac])
    respuesta = admin_client_sigma.post(reverse("inventario:importar"),
                                        {"archivo": SimpleUploadedFile("grande.xlsx", a_bytes(libro))})
    importacion = Importacion.objects.get()
    assert respuesta.status_code == 302
    importacion.refresh_from_db()  # con sync=True la tarea ya corrió
    assert importacion.estado == Importacion.Estado.ANALIZADA and importacion.resumen["nuevos"] == 600
    admin_client_sigma.post(reverse("inventario:importacion_confirmar", args=[importacion.pk]), {"modo": "todo"})
    importacion.refresh_from_db()
    assert importacion.estado == Importacion.Estado.APLICADA and importacion.progreso == 100
    assert Equipo.objects.filter(numero_inventario__startswith="OCO-5").count() == 600
    assert InterfazRed.objects.filter(mac__startswith="02:00").count() == 600


def test_lista_de_importaciones_con_pocas_consultas(admin_client_sigma, django_assert_max_num_queries, municipio):
    for i in range(15):
        Importacion.objects.create(archivo_nombre=f"a{i}.xlsx", resumen={"nuevos": i, "cambiados": 0,
                                                                          "rechazados": 1})
    with django_assert_max_num_queries(8):
        respuesta = admin_client_sigma.get(reverse("inventario:importar"))
    assert respuesta.status_code == 200 and "a14.xlsx" in respuesta.content.decode()


def test_solo_el_administrador_importa(cliente_con_rol):
    respuesta = cliente_con_rol("tecnico").post(reverse("inventario:importar"),
                                               {"archivo": SimpleUploadedFile("a.xlsx", b"x")})
    assert respuesta.status_code == 403


def test_macs_e_ips_se_emparejan_por_posicion(municipio):
    libro = Workbook()
    libro.active.append(["No. Inventario", "Tipo", "Dependencia", "Dirección MAC", "Dirección IP"])
    libro.active.append(["OCO-0400", "Laptop", "Dirección de Informática", "10:20:30:40:50:60; ; 10-20-30-40-50-61",
                         "; 10.0.0.1; 10.0.0.2"])
    libro.active.append(["OCO-0401", "Laptop", "Dirección de Informática", "10:20:30:40:50:60", None])
    analisis = _analizar(a_bytes(libro))
    assert analisis.nuevos[0].interfaces == [("10:20:30:40:50:60", None), (None, "10.0.0.1"),
                                             ("10:20:30:40:50:61", "10.0.0.2")]
    assert "ya aparece en la fila 2" in analisis.problemas[0].motivo and analisis.problemas[0].fila == 3


# --- Memoria acotada: vista previa sin planes, escritura por bloques, libros sin <dimension> ----------------------

def _libro_laptops(n, inicio=0, write_only=False):
    libro = Workbook(write_only=write_only)
    hoja = libro.create_sheet("Inventario") if write_only else libro.active
    hoja.append(["No. Inventario", "Tipo", "Dependencia", "Dirección MAC", "Resguardante"])
    for i in range(inicio, inicio + n):
        hoja.append([f"OCO-7{i:04d}", "Laptop", "Dirección de Informática",
                     f"02:00:00:01:{i // 256:02x}:{i % 256:02x}", "María Pérez López" if i % 2 else None])
    return a_bytes(libro)


def test_vista_previa_sin_planes_da_el_mismo_resumen(municipio):
    datos = libro_municipal()
    con_planes = _analizar(datos, crear_catalogos=True)
    sin_planes = _analizar(datos, crear_catalogos=True, conservar_planes=False)
    assert sin_planes.nuevos == [] and sin_planes.cambiados == []
    assert sin_planes.conteos() == con_planes.conteos()
    assert sin_planes.resumen() == con_planes.resumen()


def test_la_vista_previa_guarda_solo_los_primeros_cambios(municipio, monkeypatch):
    monkeypatch.setattr(servicio, "MAX_CAMBIOS_MOSTRADOS", 3)
    EquipoFactory.create_batch(6, dependencia=municipio["informatica"], proveedor="")
    libro = Workbook()
    libro.active.append(["No. Inventario", "Proveedor"])
    for equipo in Equipo.objects.order_by("pk"):
        libro.active.append([equipo.numero_inventario, "Proveedor nuevo"])
    analisis = _analizar(a_bytes(libro), conservar_planes=False)
    total = Equipo.objects.count()
    assert analisis.conteos()["cambiados"] == total and len(analisis.primeros_cambios) == 3
    assert len(analisis.resumen()["cambios"]) == 3


def test_confirmar_escribe_por_bloques_y_da_lo_mismo(municipio, monkeypatch, admin_user):
    monkeypatch.setattr(servicio, "LOTE_APLICAR", 7)
    monkeypatch.setattr(servicio, "LOTE_INSERTAR", 3)
    datos = _libro_laptops(40)
    importacion = Importacion.objects.create(archivo_nombre="a.xlsx", opciones={"mapeo": {}, "crear_catalogos": False})
    importacion.archivo.save("a.xlsx", SimpleUploadedFile("a.xlsx", datos))
    servicio.analizar_importacion(importacion)
    assert servicio.aplicar_importacion(importacion, admin_user), importacion.error
    importacion.refresh_from_db()
    assert importacion.resumen["aplicado"] == {"nuevos": 40, "cambiados": 0, "solo_validas": False}
    assert importacion.resumen["nuevos"] == 40 and importacion.progreso == 100
    assert ImportacionEquipo.objects.filter(importacion=importacion).count() == 40
    assert InterfazRed.objects.filter(mac__startswith="02:00:00:01").count() == 40
    nuevos = Equipo.objects.filter(numero_inventario__startswith="OCO-7")
    assert nuevos.count() == 40 and nuevos.filter(resguardante=municipio["maria"]).count() == 20
    assert Equipo.history.filter(numero_inventario__startswith="OCO-7", history_type="+").count() == 40


def test_un_rechazo_al_final_deshace_los_bloques_ya_escritos(municipio, monkeypatch, admin_user):
    monkeypatch.setattr(servicio, "LOTE_APLICAR", 5)
    libro = load_workbook(io.BytesIO(_libro_laptops(20)))
    libro.active.append(["OCO-79999", "Tostadora", "Dirección de Informática"])  # la última fila, rechazada
    datos = a_bytes(libro)
    importacion = Importacion.objects.create(archivo_nombre="a.xlsx", opciones={"mapeo": {}, "crear_catalogos": False})
    importacion.archivo.save("a.xlsx", SimpleUploadedFile("a.xlsx", datos))
    assert not servicio.aplicar_importacion(importacion, admin_user)
    importacion.refresh_from_db()
    assert "1 filas rechazadas" in importacion.error and importacion.estado == Importacion.Estado.ANALIZADA
    assert importacion.resumen["nuevos"] == 20 and importacion.resumen["rechazados"] == 1
    assert not Equipo.objects.filter(numero_inventario__startswith="OCO-7").exists()
    assert not InterfazRed.objects.filter(mac__startswith="02:00:00:01").exists()
    # Con «solo las válidas» se escriben las 20.
    assert servicio.aplicar_importacion(importacion, admin_user, solo_validas=True)
    assert Equipo.objects.filter(numero_inventario__startswith="OCO-7").count() == 20


def test_aplicar_un_analisis_con_planes_por_bloques(municipio, monkeypatch):
    monkeypatch.setattr(servicio, "LOTE_APLICAR", 4)
    analisis = _analizar(libro_municipal(), crear_catalogos=True)
    importacion = servicio.aplicar(analisis, None, solo_validas=True, crear_catalogos=True)
    assert importacion.resumen["aplicado"]["nuevos"] == len(analisis.nuevos)
    assert importacion.resumen["aplicado"]["cambiados"] == len(analisis.cambiados)
    assert importacion.equipos.count() == len(analisis.nuevos) + len(analisis.cambiados)


def test_libro_sin_dimension_cuenta_sus_filas(municipio):
    datos = _libro_laptops(1200, write_only=True)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(datos)).read("xl/worksheets/sheet1.xml")
    hojas = servicio.leer_libro(datos, "exportado.xlsx")
    assert hojas[0].filas_declaradas == 1201
    avance = []
    servicio.analizar(hojas, progreso=avance.append, conservar_planes=False)
    assert avance == [41, 83]  # filas 500 y 1000 de 1201, no 99 %


def test_libro_sin_dimension_demasiado_grande_se_rechaza_al_abrir(monkeypatch):
    monkeypatch.setattr(servicio, "MAX_FILAS_HOJA", 100)
    with pytest.raises(servicio.ArchivoInvalido, match="declara 151 filas"):
        servicio.leer_libro(_libro_laptops(150, write_only=True), "exportado.xlsx")


def test_progreso_sin_total_conocido_nunca_llega_a_99():
    assert servicio._porcentaje(500, 0) < 5
    assert servicio._porcentaje(99_999, 0) <= 90
    assert servicio._porcentaje(500, 1000) == 50 and servicio._porcentaje(2000, 1000) == 99


def test_avance_de_la_confirmacion_se_ve_por_la_cache(monkeypatch, django_user_model):
    """Dentro de la transacción de confirmar nadie vería el avance en la base: va a la caché compartida."""
    usuario = django_user_model.objects.create_user("importador")
    importacion = Importacion.objects.create(usuario=usuario, archivo_nombre="x.xlsx", progreso=7)
    vistos = []

    def importar_falso(hojas, usuario, **kwargs):
        kwargs["progreso"](55)
        importacion.refresh_from_db()
        vistos.append((importacion.estado, importacion.progreso_visible))

    monkeypatch.setattr(servicio, "_leer_importacion", lambda imp: [])
    monkeypatch.setattr(servicio, "importar", importar_falso)
    assert servicio.aplicar_importacion(importacion, usuario)
    assert vistos == [(Importacion.Estado.APLICANDO, 55)]
    importacion.estado = Importacion.Estado.ANALIZADA
    assert importacion.progreso_visible == importacion.progreso  # fuera de la confirmación manda la base


def test_confirmar_dos_veces_no_aplica_dos_veces(municipio, admin_client_sigma, monkeypatch):
    usuario = admin_client_sigma.get(reverse("comun:inicio")).wsgi_request.user
    importacion = Importacion.objects.create(usuario=usuario, archivo_nombre="x.xlsx",
                                             estado=Importacion.Estado.APLICANDO, resumen={"nuevos": 1})
    llamadas = []
    monkeypatch.setattr(servicio, "aplicar_importacion", lambda *a, **k: llamadas.append(a))
    respuesta = admin_client_sigma.post(reverse("inventario:importacion_confirmar", args=[importacion.pk]),
                                        {"modo": "todo"})
    assert respuesta.status_code == 302 and not llamadas
