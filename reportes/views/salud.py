"""Salud de los equipos y candidatos a renovación: página, .xlsx y PDF (delgadas sobre reportes/salud.py)."""
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from comun.roles import requiere_permiso

from .. import exportacion, salud

POR_PAGINA = 50
MODELOS_EN_PAGINA = 10

COLUMNAS_DEPENDENCIA = [
    ("nombre", "Dependencia"), ("equipos", "Equipos"), ("promedio", "Puntaje promedio"),
    ("vida_cumplida", "Vida útil cumplida"), ("so_sin_soporte", "SO sin soporte"),
    ("correctivas", "Correctivas 12 meses"), ("mantenimiento_vencido", "Mantenimiento vencido"),
    ("candidatos", "Candidatos a renovación"), ("costo", "Costo de reposición estimado (MXN)"),
    ("sin_costo", "Candidatos sin costo"),
]
COLUMNAS_MODELO = [
    ("nombre", "Marca y modelo"), ("equipos", "Equipos"), ("correctivas", "Correctivas 12 meses"),
    ("tasa", "Tasa de fallas (correctivas por equipo)"), ("promedio", "Puntaje promedio"),
    ("candidatos", "Candidatos a renovación"), ("costo", "Costo de reposición estimado (MXN)"),
]


def _hoy():
    return timezone.localdate()


def _url(**parametros):
    parametros = {k: v for k, v in parametros.items() if v not in (None, "")}
    return reverse("reportes:salud") + (f"?{urlencode(parametros)}" if parametros else "") + "#lista"


def _filtros(request):
    form = salud.FiltrosSalud(request.GET)
    return form, form.is_valid()


def _filtros_invalidos(form):
    """400 en texto para las descargas (Excel, PDF): no hay página donde mostrar el formulario."""
    return HttpResponse(f"Filtros inválidos: {_errores(form)}", status=400, content_type="text/plain; charset=utf-8")


def _errores(form):
    return " ".join(e for lista in form.errors.values() for e in lista)


def _modelo_param(modelo):
    return modelo if modelo == "sin" else (modelo.pk if modelo else "")


def _resumen(datos, hoy, limite_modelos=None, base=None):
    """Totales, por dependencia y por modelo con los filtros de dependencia y modelo (dos consultas + vidas)."""
    anotada = salud.filtrar(salud.anotar(hoy=hoy) if base is None else base, datos)
    dependencias = salud.por_dependencia(anotada)
    return salud.totales_de(dependencias), dependencias, salud.por_modelo(anotada, limite=limite_modelos)


@requiere_permiso("reportes.ver_reportes")
def salud_equipos(request):
    form, valido = _filtros(request)
    if not valido:
        return render(request, "reportes/salud.html", {"form": form, "criterios": salud.criterios()}, status=400)
    datos = form.cleaned_data
    hoy = _hoy()
    base = salud.anotar(hoy=hoy)
    total, dependencias, modelos = _resumen(datos, hoy, MODELOS_EN_PAGINA, base)
    dep = datos["dependencia"].pk if datos["dependencia"] else ""
    modelo = _modelo_param(datos["modelo"])
    for f in dependencias:
        f["enlaces"] = {
            "inventario": reverse("inventario:lista") + "?" + urlencode({"dependencia": f["id"]}),
            **{clave: _url(dependencia=f["id"], modelo=modelo, ver="todos", factor=factor) for clave, factor in (
                ("equipos", ""), ("vida", "vida"), ("so", "so"), ("correctivas", "correctivas"),
                ("mantenimiento", "mantenimiento"))},
            "candidatos": _url(dependencia=f["id"], modelo=modelo),
        }
    for f in modelos:
        clave_modelo = f["id"] or "sin"
        f["enlaces"] = {
            "equipos": _url(dependencia=dep, modelo=clave_modelo, ver="todos"),
            "correctivas": _url(dependencia=dep, modelo=clave_modelo, ver="todos", factor="correctivas"),
            "candidatos": _url(dependencia=dep, modelo=clave_modelo),
        }
    enlaces_total = {
        "equipos": _url(dependencia=dep, modelo=modelo, ver="todos"),
        "candidatos": _url(dependencia=dep, modelo=modelo),
        "vida": _url(dependencia=dep, modelo=modelo, ver="todos", factor="vida"),
        "so": _url(dependencia=dep, modelo=modelo, ver="todos", factor="so"),
        "correctivas": _url(dependencia=dep, modelo=modelo, ver="todos", factor="correctivas"),
        "mantenimiento": _url(dependencia=dep, modelo=modelo, ver="todos", factor="mantenimiento"),
        "sin_modelo": _url(dependencia=dep, ver=datos["ver"], factor=datos["factor"]),
    }
    consulta = salud.lista(salud.filtrar(base, datos, con_lista=True),
                           solo_candidatos=datos["ver"] == "candidatos")
    paginador = Paginator(consulta, POR_PAGINA)
    if not datos["factor"]:
        # El total ya salió del resumen (mismos filtros): se ahorra un COUNT que puntúa todos los equipos otra vez.
        paginador.count = total["candidatos"] if datos["ver"] == "candidatos" else total["equipos"]
    pagina = paginador.get_page(request.GET.get("pagina"))
    for equipo in pagina:
        equipo.motivos = salud.factores(equipo, hoy)
    qs_pagina = request.GET.copy()
    qs_pagina.pop("pagina", None)
    return render(request, "reportes/salud.html", {
        "form": form, "datos": datos, "hoy": hoy, "total": total, "dependencias": dependencias,
        "modelos": modelos, "modelos_limite": MODELOS_EN_PAGINA, "enlaces": enlaces_total, "pagina": pagina,
        "qs_pagina": qs_pagina.urlencode(), "consulta": request.GET.urlencode(), "criterios": salud.criterios(),
        "parametros": salud.parametros(), "factor_texto": salud.FACTORES.get(datos["factor"]),
    })


def _encabezado(datos, hoy):
    filtros = [str(datos["dependencia"]) if datos["dependencia"] else "Todas las dependencias"]
    if datos["modelo"]:
        filtros.append("Sin modelo" if datos["modelo"] == "sin" else f"Modelo {datos['modelo']}")
    return [f"{settings.SIGMA_DEPENDENCIA} — Salud de los equipos y candidatos a renovación",
            f"Al {hoy:%d/%m/%Y} · " + " · ".join(filtros),
            f"Generado: {timezone.localtime():%d/%m/%Y %H:%M}"]


def _candidatos(datos, hoy):
    consulta = salud.filtrar(salud.anotar(hoy=hoy), datos, con_lista=True)
    return salud.lista(consulta, solo_candidatos=True)


@requiere_permiso("reportes.ver_reportes")
def salud_xlsx(request):
    form, valido = _filtros(request)
    if not valido:
        return _filtros_invalidos(form)
    datos = form.cleaned_data
    hoy = _hoy()
    total, dependencias, modelos = _resumen(datos, hoy)
    encabezado = _encabezado(datos, hoy)
    libro = exportacion.libro_nuevo()
    resumen = [
        {"i": "Equipos evaluados (sin bajas)", "v": total["equipos"]},
        {"i": "Puntaje promedio (0 a 100)", "v": total["promedio"]},
        {"i": "Con la vida útil cumplida", "v": total["vida_cumplida"]},
        {"i": "Con sistema operativo sin soporte", "v": total["so_sin_soporte"]},
        {"i": "Solicitudes correctivas en 12 meses", "v": total["correctivas"]},
        {"i": "Con mantenimiento preventivo vencido", "v": total["mantenimiento_vencido"]},
        {"i": "Candidatos a renovación", "v": total["candidatos"]},
        {"i": "Costo de reposición estimado de los candidatos (MXN)", "v": total["costo"]},
        {"i": "Candidatos sin costo estimado", "v": total["sin_costo"]},
    ]
    exportacion.hoja(libro, "Resumen", [("i", "Indicador"), ("v", "Valor")], resumen, encabezado)
    exportacion.hoja(libro, "Cómo se calcula", [("c", "Criterio"), ("p", "Puntos")],
                     [{"c": c, "p": p} for c, p in salud.criterios()], encabezado)
    ws, fila = exportacion.hoja(libro, "Por dependencia", COLUMNAS_DEPENDENCIA, dependencias, encabezado)
    exportacion.grafica_barras(ws, fila, len(dependencias), 9, "Costo de reposición estimado por dependencia",
                               "L2")
    ws, fila = exportacion.hoja(libro, "Por modelo", COLUMNAS_MODELO, modelos, encabezado)
    exportacion.grafica_barras(ws, fila, min(len(modelos), 15), 4, "Tasa de fallas por modelo (los 15 mayores)",
                               "I2")
    candidatos = [salud.fila_equipo(e, hoy) for e in _candidatos(datos, hoy).iterator(chunk_size=2000)]
    exportacion.hoja(libro, "Candidatos", salud.COLUMNAS_EQUIPO, candidatos, encabezado)
    respuesta = HttpResponse(exportacion.a_bytes(libro), content_type=exportacion.XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="salud-equipos-{hoy:%Y-%m-%d}.xlsx"'
    return respuesta


CANDIDATOS_EN_PDF = 100


@requiere_permiso("reportes.ver_reportes")
def salud_pdf(request):
    form, valido = _filtros(request)
    if not valido:
        return _filtros_invalidos(form)
    from .. import pdf

    datos = form.cleaned_data
    hoy = _hoy()
    total, dependencias, modelos = _resumen(datos, hoy, 20)
    candidatos = list(_candidatos(datos, hoy)[:CANDIDATOS_EN_PDF])
    for equipo in candidatos:
        equipo.motivos = salud.factores(equipo, hoy)
    # El periodo del PDF es el de las correctivas (12 meses); los demás factores son la situación de hoy.
    periodo = pdf.texto_periodo(salud.hace_meses(hoy, salud.MESES_CORRECTIVAS), hoy, datos["dependencia"])
    if datos["modelo"]:
        periodo += " · " + ("Sin modelo" if datos["modelo"] == "sin" else f"Modelo {datos['modelo']}")
    contenido = pdf.renderizar("reportes/pdf/salud.html", {
        "total": total, "dependencias": dependencias, "modelos": modelos, "candidatos": candidatos,
        "limite": CANDIDATOS_EN_PDF, "criterios": salud.criterios(), "parametros": salud.parametros(),
    }, "Salud de los equipos y candidatos a renovación", periodo)
    respuesta = HttpResponse(contenido, content_type=pdf.CONTENT_TYPE)
    respuesta["Content-Disposition"] = f'attachment; filename="salud-equipos-{hoy:%Y-%m-%d}.pdf"'
    return respuesta
