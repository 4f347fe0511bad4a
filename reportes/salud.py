"""Salud de los equipos y candidatos a renovación (DESIGN §4: vida útil CONAC, tasa de fallas por modelo).

Todo se calcula en la base de datos: el puntaje es una anotación (Case/When + aritmética) sobre Equipo, los
resúmenes por dependencia y por modelo son GROUP BY sobre esa misma consulta y la lista se ordena y pagina ahí.

Puntaje = max(0, 100 − penalizaciones); las penalizaciones están en PUNTOS y se explican en la página:
- antigüedad contra la vida útil (la del modelo, o la del tipo; CONAC: 36 meses en cómputo), en meses cumplidos
  (igual que ``Equipo.vida_util_agotada``): ≥ 2 vidas útiles 35, ≥ 1 vida útil 25, ≥ 75 % 10; sin fecha de
  adquisición 10 (una edad desconocida también es un riesgo para el presupuesto);
- solo equipo de cómputo: sistema operativo sin soporte hoy 20 (tabla de agentes/soporte_so.py, con la versión
  que reportó el agente), RAM por debajo del mínimo 10, almacenamiento por debajo del mínimo 10 (ajustes
  SIGMA_SALUD_RAM_MIN_GB y SIGMA_SALUD_DISCO_MIN_GB; un dato desconocido no penaliza);
- solicitudes correctivas (servicio «Soporte técnico» ligadas al equipo, no canceladas) en los últimos 12 meses:
  5 por cada una, hasta 20;
- mantenimiento preventivo vencido (una orden abierta con fecha límite ya pasada): 10;
- condición: regular 10, malo 25.
Candidato a renovación: puntaje menor que SIGMA_SALUD_UMBRAL (60). Costo de reposición estimado: el del tipo de
equipo (CostoReposicion, editable en el admin) o, si el tipo no tiene, el costo de compra del propio equipo.
Se evalúan los equipos que no están de baja.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import math
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    Greatest,
    Least,
    NullIf,
)
from django.utils import timezone
from openpyxl import Workbook

from agentes.models import Agente
from agentes.soporte_so import FIN_SOPORTE
from comun.formularios import EstiloBootstrap
from comun.models import Dependencia
from inventario.choices import Categoria, Condicion, Estado
from inventario.models import Equipo, Modelo, TipoEquipo
from mantenimiento.choices import ABIERTAS
from mantenimiento.enlace_soporte import SERVICIO_CORRECTIVO
from mantenimiento.models import OrdenMantenimiento
from soporte.choices import Estado as EstadoSolicitud
from soporte.models import Solicitud

from . import trabajos

PUNTOS = {
    "vida_doble": 35, "vida_agotada": 25, "vida_75": 10, "sin_fecha": 10,
    "so_sin_soporte": 20, "ram_baja": 10, "disco_bajo": 10,
    "por_correctiva": 5, "correctivas_max": 20,
    "mantenimiento_vencido": 10,
    "condicion_regular": 10, "condicion_malo": 25,
}
# Filtro «factor» de la lista: la condición (sobre la consulta anotada) y su texto.
FACTORES = {
    "vida": "Vida útil cumplida",
    "sin_fecha": "Sin fecha de adquisición",
    "so": "Sistema operativo sin soporte",
    "ram": "RAM bajo el mínimo",
    "disco": "Almacenamiento bajo el mínimo",
    "correctivas": "Con solicitudes correctivas (12 meses)",
    "mantenimiento": "Mantenimiento preventivo vencido",
    "condicion": "Condición regular o mala",
}
MESES_CORRECTIVAS = 12
DINERO = DecimalField(max_digits=14, decimal_places=2)


def parametros() -> dict:
    return {
        "ram_min": getattr(settings, "SIGMA_SALUD_RAM_MIN_GB", 8),
        "disco_min": getattr(settings, "SIGMA_SALUD_DISCO_MIN_GB", 240),
        "umbral": getattr(settings, "SIGMA_SALUD_UMBRAL", 60),
    }


def criterios() -> list[tuple[str, str]]:
    """Las reglas del puntaje como texto, para «¿Cómo se calcula?» (página, Excel y PDF)."""
    p, n = parametros(), PUNTOS
    return [
        ("Antigüedad contra la vida útil (la del modelo o la del tipo; CONAC: 3 años en cómputo)",
         f"−{n['vida_doble']} con el doble de la vida útil o más; −{n['vida_agotada']} con la vida útil cumplida; "
         f"−{n['vida_75']} desde el 75 %; −{n['sin_fecha']} sin fecha de adquisición"),
        ("Sistema operativo sin soporte del fabricante (solo cómputo)", f"−{n['so_sin_soporte']}"),
        (f"RAM menor que {p['ram_min']} GB (solo cómputo, si se conoce)", f"−{n['ram_baja']}"),
        (f"Almacenamiento menor que {p['disco_min']} GB (solo cómputo, si se conoce)", f"−{n['disco_bajo']}"),
        (f"Solicitudes correctivas de «Soporte técnico» en los últimos {MESES_CORRECTIVAS} meses",
         f"−{n['por_correctiva']} por cada una, hasta −{n['correctivas_max']}"),
        ("Mantenimiento preventivo vencido (orden abierta pasada su fecha límite)",
         f"−{n['mantenimiento_vencido']}"),
        ("Condición física", f"−{n['condicion_regular']} regular; −{n['condicion_malo']} mala"),
        ("Puntaje", f"100 menos las penalizaciones (mínimo 0). Candidato a renovación: menos de {p['umbral']}"),
        ("Costo de reposición estimado",
         "El del tipo de equipo (catálogo «Costos de reposición» del admin); si el tipo no tiene, el costo de "
         "compra del equipo"),
    ]


def hace_meses(hoy: dt.date, meses: int) -> dt.date:
    total = hoy.year * 12 + hoy.month - 1 - meses
    return dt.date(total // 12, total % 12 + 1, min(hoy.day, 28))


def _fin_soporte():
    """La fecha de fin de soporte del SO como CASE, con la misma tabla y el mismo orden que
    ``agentes.soporte_so.fin_de_soporte`` (el build se busca en el nombre o en la versión del agente)."""
    condiciones = []
    for clave, build, fecha in FIN_SOPORTE:
        q = Q(sistema_operativo__icontains=clave)
        if build is not None:
            q &= Q(sistema_operativo__contains=build) | Q(so_version__contains=build)
        condiciones.append(When(q, then=Value(fecha)))
    return Case(*condiciones, default=Value(None), output_field=DateField())


def corte(hoy: dt.date, meses: int) -> dt.date:
    """Última fecha de compra con ``meses`` cumplidos a ``hoy``, igual que ``Equipo.fin_vida_util`` (día máx. 28)."""
    anio, mes = divmod(hoy.year * 12 + hoy.month - 1 - meses, 12)
    if hoy.day >= 28:
        return dt.date(anio, mes + 1, calendar.monthrange(anio, mes + 1)[1])
    return dt.date(anio, mes + 1, hoy.day)


def meses_cumplidos(fecha: dt.date | None, hoy: dt.date) -> int | None:
    if fecha is None:
        return None
    return (hoy.year - fecha.year) * 12 + hoy.month - fecha.month - (1 if min(fecha.day, 28) > hoy.day else 0)


def _vidas() -> list[int]:
    """Las vidas útiles en uso (tipos y modelos): pocas; una consulta."""
    tipos = TipoEquipo.objects.order_by().values_list("vida_util_meses", flat=True)
    modelos = Modelo.objects.filter(vida_util_meses__gt=0).order_by().values_list("vida_util_meses", flat=True)
    return sorted({v for v in tipos.union(modelos) if v})


def _edad_al_menos(hoy, vidas, fraccion=1.0) -> Q:
    """Equipos con al menos ``fraccion`` de su vida útil en meses cumplidos: comparaciones de fecha por cada vida
    útil en uso (sin funciones de fecha por fila, que en SQLite son lentas; usa el índice de fecha)."""
    q = Q(pk__in=[])
    for v in vidas:
        q |= Q(vida_meses=v, fecha_adquisicion__lte=corte(hoy, math.ceil(v * fraccion)))
    return q


def anotar(consulta=None, hoy: dt.date | None = None):
    """Equipos (sin los de baja) con sus factores, ``puntaje`` y ``costo_reposicion`` anotados en la base."""
    hoy = hoy or timezone.localdate()
    p, n = parametros(), PUNTOS
    vidas = _vidas()
    consulta = Equipo.objects.exclude(estado=Estado.BAJA) if consulta is None else consulta
    desde = dt.datetime.combine(hace_meses(hoy, MESES_CORRECTIVAS), dt.time.min, tzinfo=timezone.get_current_timezone())
    # Por equipo: sus ligas (índice equipo_id) y la solicitud por su llave (un IN no correlacionado lleva a SQLite a
    # recorrer todas las correctivas por cada equipo).
    correctivas = Solicitud.equipos.through.objects.filter(
        equipo_id=OuterRef("pk"), solicitud__servicio__clave=SERVICIO_CORRECTIVO, solicitud__recibida__gte=desde,
    ).exclude(solicitud__estado=EstadoSolicitud.CANCELADA).order_by().values("equipo_id").annotate(
        n=Count("pk")).values("n")
    version_agente = Agente.objects.filter(equipo_id=OuterRef("pk")).order_by("-ultimo_contacto").values(
        "so_version")[:1]
    computo = Q(tipo__categoria=Categoria.COMPUTO)
    consulta = consulta.annotate(
        vida_meses=Coalesce(NullIf(F("modelo__vida_util_meses"), Value(0)), F("tipo__vida_util_meses")),
        so_version=Coalesce(Subquery(version_agente), Value("")),
        n_correctivas=Coalesce(Subquery(correctivas, output_field=IntegerField()), Value(0)),
        mantenimiento_vencido=Exists(OrdenMantenimiento.objects.filter(
            equipo_id=OuterRef("pk"), estado__in=ABIERTAS, fecha_limite__lt=hoy)),
    ).annotate(
        fin_soporte=_fin_soporte(),
    ).annotate(
        p_vida=Case(
            When(fecha_adquisicion__isnull=True, then=Value(n["sin_fecha"])),
            When(_edad_al_menos(hoy, vidas, 2), then=Value(n["vida_doble"])),
            When(_edad_al_menos(hoy, vidas, 1), then=Value(n["vida_agotada"])),
            When(_edad_al_menos(hoy, vidas, 0.75), then=Value(n["vida_75"])),
            default=Value(0)),
        f_vida=Case(When(_edad_al_menos(hoy, vidas, 1), then=Value(1)), default=Value(0)),
        p_so=Case(When(computo & Q(fin_soporte__lte=hoy), then=Value(n["so_sin_soporte"])), default=Value(0)),
        p_ram=Case(When(computo & Q(ram_gb__lt=p["ram_min"]), then=Value(n["ram_baja"])), default=Value(0)),
        p_disco=Case(When(computo & Q(almacenamiento_gb__lt=p["disco_min"]), then=Value(n["disco_bajo"])),
                     default=Value(0)),
        p_correctivas=Least(F("n_correctivas") * n["por_correctiva"], Value(n["correctivas_max"])),
        p_mantenimiento=Case(When(mantenimiento_vencido=True, then=Value(n["mantenimiento_vencido"])),
                             default=Value(0)),
        p_condicion=Case(When(condicion=Condicion.REGULAR, then=Value(n["condicion_regular"])),
                         When(condicion=Condicion.MALO, then=Value(n["condicion_malo"])), default=Value(0)),
    ).annotate(
        puntaje=Greatest(Value(100) - F("p_vida") - F("p_so") - F("p_ram") - F("p_disco") - F("p_correctivas")
                         - F("p_mantenimiento") - F("p_condicion"), Value(0), output_field=IntegerField()),
        costo_reposicion=Coalesce(F("tipo__costo_reposicion__costo"), F("costo"), output_field=DINERO),
    )
    return consulta


def condicion_factor(clave: str) -> Q:
    return {
        "vida": Q(f_vida=1),
        "sin_fecha": Q(fecha_adquisicion__isnull=True),
        "so": Q(p_so__gt=0),
        "ram": Q(p_ram__gt=0),
        "disco": Q(p_disco__gt=0),
        "correctivas": Q(n_correctivas__gt=0),
        "mantenimiento": Q(p_mantenimiento__gt=0),
        "condicion": Q(condicion__in=(Condicion.REGULAR, Condicion.MALO)),
    }[clave]


def _candidato():
    return Q(puntaje__lt=parametros()["umbral"])


# Resúmenes: la consulta anotada va como tabla derivada (cada equipo se puntúa una sola vez) y se agrupa afuera;
# con values().annotate() Django repetiría la expresión completa del puntaje dentro de cada agregado.
_AGREGADOS = """COUNT(*) AS equipos, SUM(u.puntaje) AS suma, SUM(u.f_vida) AS vida_cumplida,
    SUM(CASE WHEN u.p_so > 0 THEN 1 ELSE 0 END) AS so_sin_soporte, SUM(u.n_correctivas) AS correctivas,
    SUM(CASE WHEN u.n_correctivas > 0 THEN 1 ELSE 0 END) AS con_correctivas,
    SUM(CASE WHEN u.p_mantenimiento > 0 THEN 1 ELSE 0 END) AS mantenimiento_vencido,
    SUM(CASE WHEN u.puntaje < %s THEN 1 ELSE 0 END) AS candidatos,
    SUM(CASE WHEN u.puntaje < %s THEN u.costo_reposicion END) AS costo,
    SUM(CASE WHEN u.puntaje < %s AND u.costo_reposicion IS NULL THEN 1 ELSE 0 END) AS sin_costo"""
CAMPOS_RESUMEN = ["equipos", "suma", "vida_cumplida", "so_sin_soporte", "correctivas", "con_correctivas",
                  "mantenimiento_vencido", "candidatos", "costo", "sin_costo"]
# OFFSET 0 impide que la base «aplane» la tabla derivada y vuelva a evaluar las subconsultas en cada referencia.
_BARRERA = {False: " LIMIT -1 OFFSET 0", True: " OFFSET 0"}
PARCIALES = ["p_vida", "p_so", "p_ram", "p_disco", "p_mantenimiento", "p_condicion"]


def _puntaje_sql():
    """El mismo puntaje que la anotación ``puntaje``, sobre las columnas ya calculadas de la tabla derivada ``t``
    (así la subconsulta de correctivas corre una vez por equipo). Las pruebas comparan ambos caminos."""
    n = PUNTOS
    correctivas = (f"CASE WHEN t.n_correctivas * {n['por_correctiva']} > {n['correctivas_max']} "
                   f"THEN {n['correctivas_max']} ELSE t.n_correctivas * {n['por_correctiva']} END")
    suma = " + ".join([*(f"t.{c}" for c in PARCIALES), correctivas])
    return f"CASE WHEN {suma} >= 100 THEN 0 ELSE 100 - ({suma}) END"


def _agrupar(anotada, grupos: dict, orden: str, limite: int | None = None) -> list[dict]:
    """``grupos`` = {alias: ruta}; ``orden`` = ORDER BY sobre los alias y los agregados. Una consulta."""
    interna = anotada.order_by().values(*PARCIALES, "f_vida", "n_correctivas", "costo_reposicion",
                                        **{alias: F(ruta) for alias, ruta in grupos.items()})
    sql, params = interna.query.sql_with_params()
    columnas = ", ".join(f"u.{alias}" for alias in grupos)
    umbral = parametros()["umbral"]
    barrera = _BARRERA[connection.vendor == "postgresql"]
    # Solo alias y expresiones fijas de este módulo van en el texto; los valores van como parámetros.
    consulta = (f"SELECT {columnas}, {_AGREGADOS} FROM (SELECT t.*, {_puntaje_sql()} AS puntaje "  # noqa: S608
                f"FROM ({sql}{barrera}) t) u GROUP BY {columnas} ORDER BY {orden}" + (" LIMIT %s" if limite else ""))
    with connection.cursor() as cursor:
        cursor.execute(consulta, (umbral, umbral, umbral, *params, *([limite] if limite else [])))
        nombres = [*grupos, *CAMPOS_RESUMEN]
        return [_resumen(dict(zip(nombres, fila, strict=True))) for fila in cursor.fetchall()]


def _resumen(fila):
    for campo in CAMPOS_RESUMEN:
        if campo != "costo":
            fila[campo] = int(fila[campo] or 0)
    fila["costo"] = None if fila["costo"] is None else Decimal(str(fila["costo"])).quantize(Decimal("0.01"))
    fila["promedio"] = round(fila["suma"] / fila["equipos"], 1) if fila["equipos"] else None
    return fila


def totales(anotada) -> dict:
    """Los totales a partir de las filas por dependencia (sumas de pocas filas, ya agregadas en la base)."""
    return totales_de(por_dependencia(anotada))


def totales_de(filas: list[dict]) -> dict:
    total = {campo: sum(f[campo] for f in filas) for campo in CAMPOS_RESUMEN if campo != "costo"}
    costos = [f["costo"] for f in filas if f["costo"] is not None]
    total["costo"] = sum(costos) if costos else None
    total["promedio"] = round(total["suma"] / total["equipos"], 1) if total["equipos"] else None
    del total["suma"]
    return total


def por_dependencia(anotada) -> list[dict]:
    """Por dependencia (una consulta): equipos, puntaje promedio, factores, candidatos y su costo de reposición."""
    filas = _agrupar(anotada, {"g_id": "dependencia_id", "g_nombre": "dependencia__nombre"}, "u.g_nombre")
    for f in filas:
        f["id"], f["nombre"] = f.pop("g_id"), f.pop("g_nombre")
    return filas


def por_modelo(anotada, limite: int | None = None) -> list[dict]:
    """Por modelo (una consulta), de mayor a menor tasa de fallas = correctivas en 12 meses ÷ equipos."""
    filas = _agrupar(anotada, {"g_id": "modelo_id", "g_marca": "modelo__marca__nombre", "g_nombre": "modelo__nombre"},
                     "1.0 * SUM(u.n_correctivas) / COUNT(*) DESC, COUNT(*) DESC, "
                     "CASE WHEN u.g_marca IS NULL THEN 1 ELSE 0 END, u.g_marca, u.g_nombre", limite)
    for f in filas:
        marca, nombre = f.pop("g_marca"), f.pop("g_nombre")
        f["id"] = f.pop("g_id")
        f["nombre"] = f"{marca} {nombre}" if f["id"] else "Sin modelo"
        f["tasa"] = round(f["correctivas"] / f["equipos"], 2)
    return filas


def lista(anotada, solo_candidatos=True):
    """La lista ordenada: peor puntaje primero, luego el más antiguo (compra más vieja), luego por inventario."""
    consulta = anotada.filter(_candidato()) if solo_candidatos else anotada
    return consulta.select_related("tipo", "modelo__marca", "dependencia").order_by(
        "puntaje", F("fecha_adquisicion").asc(nulls_last=True), "numero_inventario")


def factores(equipo, hoy: dt.date) -> list[str]:
    """Los motivos del puntaje de un equipo ya anotado (sin consultas), para la lista y las exportaciones."""
    p = parametros()
    motivos = []
    if equipo.fecha_adquisicion is None:
        motivos.append("sin fecha de adquisición")
    elif equipo.p_vida:
        edad = meses_cumplidos(equipo.fecha_adquisicion, hoy)
        motivos.append(f"{edad / 12:.1f} años" + (" (vida útil cumplida)" if equipo.f_vida
                                              else " (75 % de su vida útil)"))
    if equipo.p_so:
        motivos.append(f"SO sin soporte desde {equipo.fin_soporte:%m/%Y}")
    if equipo.p_ram:
        motivos.append(f"RAM {equipo.ram_gb} GB (< {p['ram_min']})")
    if equipo.p_disco:
        motivos.append(f"disco {equipo.almacenamiento_gb} GB (< {p['disco_min']})")
    if equipo.n_correctivas:
        n = equipo.n_correctivas
        motivos.append(f"{n} correctiva{'s' if n != 1 else ''} en 12 meses")
    if equipo.mantenimiento_vencido:
        motivos.append("mantenimiento vencido")
    if equipo.p_condicion:
        motivos.append(f"condición: {equipo.get_condicion_display().lower()}")
    return motivos


def fila_equipo(e, hoy: dt.date) -> dict:
    """Una fila plana de un equipo anotado (exportaciones)."""
    return {
        "inventario": e.numero_inventario, "tipo": e.tipo.nombre,
        "modelo": str(e.modelo) if e.modelo_id else "", "dependencia": e.dependencia.nombre,
        "estado": e.get_estado_display(), "condicion": e.get_condicion_display(),
        "adquisicion": e.fecha_adquisicion, "edad_anios": round(meses_cumplidos(e.fecha_adquisicion, hoy) / 12, 1)
        if e.fecha_adquisicion else None, "vida_anios": round(e.vida_meses / 12, 1), "so": e.sistema_operativo,
        "fin_soporte": e.fin_soporte, "ram": e.ram_gb, "disco": e.almacenamiento_gb, "correctivas": e.n_correctivas,
        "mantenimiento_vencido": "Sí" if e.mantenimiento_vencido else "No", "puntaje": e.puntaje,
        "candidato": "Sí" if e.puntaje < parametros()["umbral"] else "No",
        "costo_reposicion": e.costo_reposicion, "motivos": "; ".join(factores(e, hoy)),
    }


COLUMNAS_EQUIPO = [
    ("inventario", "No. de inventario"), ("tipo", "Tipo"), ("modelo", "Marca y modelo"),
    ("dependencia", "Dependencia"), ("estado", "Estado"), ("condicion", "Condición"),
    ("adquisicion", "Adquisición"), ("edad_anios", "Edad (años)"), ("vida_anios", "Vida útil (años)"),
    ("so", "Sistema operativo"), ("fin_soporte", "Fin de soporte del SO"), ("ram", "RAM (GB)"),
    ("disco", "Almacenamiento (GB)"), ("correctivas", "Correctivas 12 meses"),
    ("mantenimiento_vencido", "Mantenimiento vencido"), ("puntaje", "Puntaje"), ("candidato", "Candidato"),
    ("costo_reposicion", "Costo de reposición (MXN)"), ("motivos", "Motivos"),
]


class FiltrosSalud(EstiloBootstrap, forms.Form):
    """Filtros de la página y de las exportaciones (modelo: un id, o «sin» para los equipos sin modelo)."""

    dependencia = forms.ModelChoiceField(queryset=Dependencia.objects.order_by("nombre"), required=False,
                                         empty_label="Todas las dependencias", label="Dependencia")
    ver = forms.ChoiceField(choices=[("candidatos", "Solo candidatos"), ("todos", "Todos los equipos")],
                            required=False, label="Mostrar")
    factor = forms.ChoiceField(choices=[("", "Cualquier motivo"), *FACTORES.items()], required=False,
                               label="Motivo")
    modelo = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def clean_modelo(self):
        valor = (self.cleaned_data.get("modelo") or "").strip()
        if valor in ("", "sin"):
            return valor
        if not (valor.isascii() and valor.isdigit()):
            raise forms.ValidationError("El modelo indicado no es válido.")
        modelo = Modelo.objects.select_related("marca").filter(pk=int(valor)).first()
        if modelo is None:
            raise forms.ValidationError("El modelo indicado no existe.")
        return modelo

    def clean_ver(self):
        return self.cleaned_data.get("ver") or "candidatos"


def filtrar(anotada, datos: dict, con_lista=False):
    """Aplica dependencia y modelo (a todo) y, con ``con_lista``, también motivo (a la lista)."""
    if datos.get("dependencia"):
        anotada = anotada.filter(dependencia=datos["dependencia"])
    modelo = datos.get("modelo")
    if modelo == "sin":
        anotada = anotada.filter(modelo__isnull=True)
    elif modelo:
        anotada = anotada.filter(modelo=modelo)
    if con_lista and datos.get("factor"):
        anotada = anotada.filter(condicion_factor(datos["factor"]))
    return anotada


@trabajos.registrar("salud_equipos", "Salud de todos los equipos (.xlsx)", formulario=FiltrosSalud)
def exportar_todos(parametros: dict, avance) -> tuple[bytes, str]:
    """Todos los equipos (sin los de baja) con su puntaje y motivos, en un .xlsx de escritura continua."""
    form = FiltrosSalud(parametros)
    if not form.is_valid():
        raise trabajos.ErrorExportacion("Filtros inválidos para la exportación de salud de equipos.")
    datos = form.cleaned_data
    hoy = timezone.localdate()
    consulta = filtrar(anotar(hoy=hoy), datos, con_lista=True)
    total = consulta.count() or 1
    libro = Workbook(write_only=True)
    ws = libro.create_sheet("Equipos")
    ws.append([f"{settings.SIGMA_DEPENDENCIA} — Salud de los equipos al {hoy:%d/%m/%Y}"
               + (f" · {datos['dependencia']}" if datos.get("dependencia") else "")])
    ws.append([t for _, t in COLUMNAS_EQUIPO])
    for i, equipo in enumerate(lista(consulta, solo_candidatos=False).iterator(chunk_size=2000), start=1):
        fila = fila_equipo(equipo, hoy)
        ws.append([fila[c] for c, _ in COLUMNAS_EQUIPO])
        if i % 2000 == 0:
            avance(min(99, 100 * i // total))
    salida = io.BytesIO()
    libro.save(salida)
    avance(100)
    return salida.getvalue(), f"salud-equipos-{hoy:%Y-%m-%d}.xlsx"
