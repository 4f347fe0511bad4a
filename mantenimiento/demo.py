"""Datos de demostración: planes para cada tipo de equipo y un año de órdenes (a tiempo, tarde, no realizadas y
abiertas), simulado con las mismas reglas de calendario que el generador (programacion.py).

- Determinista para la semilla y el día en que se corre: la historia se ancla en hoy (las listas de «vencidas» y
  «de hoy» solo tienen sentido respecto a hoy); mismo día + misma semilla → mismos datos.
- Idempotente: si los planes de demostración ya existen no se crea nada.
- Rápida: todo se arma en memoria y se guarda con bulk_create (órdenes, resultados y refacciones).
"""
from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from comun import demo
from comun.calendario import Calendario
from comun.models import Dependencia
from comun.roles import TECNICO
from inventario.models import TipoEquipo

from . import programacion
from .choices import EstadoOrden, Resultado, TipoItem
from .models import (
    ItemChecklist,
    OrdenMantenimiento,
    PlanMantenimiento,
    PlantillaChecklist,
    RefaccionOrden,
    ResultadoItem,
)
from .services import evaluar

LOTE = 2000
TECNICOS = [("tecnico", "Técnico", "de Soporte"), ("tec.ramirez", "Jorge", "Ramírez Solís"),
            ("tec.gomez", "Adriana", "Gómez Padilla")]
GENERAL = "Equipo general (no-break, proyector)"
ITEMS_GENERAL = [
    ("Limpieza externa", TipoItem.CHECK), ("Funcionamiento general", TipoItem.PASA_FALLA),
    ("Conexiones eléctricas en buen estado", TipoItem.PASA_FALLA), ("Observaciones", TipoItem.TEXTO),
]
# (nombre, plantilla, tipos, modo, intervalo, unidad, anticipación, ajuste, grupo de dependencias o None)
GRUPOS_COMPUTO = 6  # los PCs se reparten en grupos de dependencias que arrancan con 15 días de diferencia
PLANES = [
    *[(f"Cómputo — trimestral (grupo {g + 1})", "PC de escritorio / laptop", ["PC de escritorio", "Laptop"],
       "fijo", 3, "meses", 14, "anterior", g) for g in range(GRUPOS_COMPUTO)],
    ("Servidores — bimestral", "PC de escritorio / laptop", ["Servidor"], "fijo", 2, "meses", 7, "siguiente", None),
    ("Impresoras y multifuncionales — cada 2 meses (flotante)", "Impresora", ["Impresora", "Multifuncional"],
     "flotante", 2, "meses", 10, "anterior", None),
    ("Red y telefonía — semestral", "Equipo de red", ["Switch", "Router", "Access point", "Teléfono IP"], "fijo",
     6, "meses", 15, "siguiente", None),
    ("No-break, proyectores y otros — anual", GENERAL, ["UPS", "Proyector", "Otro"], "fijo", 1, "anios", 20,
     "anterior", None),
]
REFACCIONES = [("Pasta térmica", Decimal("85.00")), ("Aire comprimido (lata)", Decimal("120.00")),
               ("Ventilador de CPU", Decimal("230.00")), ("Kit de rodillos", Decimal("450.00")),
               ("Cable de red Cat 6 (2 m)", Decimal("65.00")), ("Batería para no-break 12 V", Decimal("520.00"))]
OBSERVACIONES = ["Sin novedades.", "Se recomienda renovar el equipo el próximo año.",
                 "El usuario reporta lentitud; se liberó espacio.", "Se reacomodó el cableado.", ""]
MOTIVOS_NO_REALIZADA = ["La oficina estuvo cerrada por remodelación.", "El equipo estaba prestado a otra área.",
                        "El resguardante no permitió el acceso en la fecha."]


def _firma():
    from PIL import Image, ImageDraw

    imagen = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(imagen).line([(15, 70), (60, 25), (95, 75), (150, 30), (210, 70), (285, 40)],
                                fill=(11, 31, 77, 255), width=3)
    salida = io.BytesIO()
    imagen.save(salida, "PNG")
    return salida.getvalue()


def _tecnicos():
    grupo = Group.objects.get(name=TECNICO)
    User = get_user_model()
    usuarios = []
    for username, nombre, apellidos in TECNICOS:
        usuario, creado = User.objects.get_or_create(
            username=username, defaults={"first_name": nombre, "last_name": apellidos,
                                         "email": f"{username}@ocotlan.gob.mx"})
        if creado:
            usuario.set_unusable_password()  # crear_usuarios_demo le pone contraseña al usuario «tecnico»
            usuario.save()
        usuario.groups.add(grupo)
        usuarios.append(usuario)
    return usuarios


def _plantilla_general():
    plantilla, creada = PlantillaChecklist.objects.get_or_create(
        nombre=GENERAL, defaults={"descripcion": "Revisión básica de equipo no informático."})
    if creada:
        ItemChecklist.objects.bulk_create([
            ItemChecklist(plantilla=plantilla, orden=n, texto=texto, tipo=tipo, obligatorio=tipo != TipoItem.TEXTO)
            for n, (texto, tipo) in enumerate(ITEMS_GENERAL, start=1)
        ])
    return plantilla


def _valor_item(item, rng, falla):
    """(valor, valor_numero, resultado) verosímiles para un punto."""
    if item.tipo == TipoItem.CHECK:
        return "sí", None, Resultado.PASA
    if item.tipo == TipoItem.PASA_FALLA:
        return "", None, Resultado.FALLA if falla else Resultado.PASA
    if item.tipo == TipoItem.NUMERO:
        if item.unidad == "%":
            numero = Decimal(rng.randint(3, 14) if falla and item.minimo else rng.randint(18, 85))
        elif item.unidad == "°C":
            numero = Decimal(rng.randint(72, 85) if falla and item.maximo else rng.randint(38, 58))
        else:
            numero = Decimal(rng.randint(1_000, 90_000))
        return f"{numero}", numero, evaluar(item, numero)
    if item.tipo == TipoItem.OPCION:
        opciones = item.lista_opciones()
        malas = [o for o in opciones if o in item.lista_opciones_falla()]
        valor = rng.choice(malas) if falla and malas else opciones[0]
        return valor, None, evaluar(item, valor)
    return "", None, Resultado.NO_APLICA


@demo.registrar("Mantenimiento preventivo", orden=30)
def generar(semilla=2026):
    nombres = [p[0] for p in PLANES]
    if PlanMantenimiento.objects.filter(nombre__in=nombres).exists():
        return {"planes de mantenimiento": 0, "órdenes de mantenimiento": 0, "resultados de listas": 0}
    with transaction.atomic():
        return _generar(semilla)


def _generar(semilla):
    rng = random.Random(f"mantenimiento-{semilla}")
    hoy = timezone.localdate()
    inicio = hoy - dt.timedelta(days=365)
    calendario = Calendario.cargar()
    tecnicos = _tecnicos()
    _plantilla_general()
    plantillas = {p.nombre: p for p in PlantillaChecklist.objects.prefetch_related("items")}
    tipos = {t.nombre: t for t in TipoEquipo.objects.all()}
    dependencias = list(Dependencia.objects.order_by("nombre").values_list("pk", flat=True))
    grupos = [dependencias[i::GRUPOS_COMPUTO] for i in range(GRUPOS_COMPUTO)]
    firma = _firma()
    ordenes, resultados_por_orden, refacciones_por_orden = [], [], []
    for n, (nombre, plantilla, tipos_plan, modo, intervalo, unidad, anticipacion, ajuste, grupo) in enumerate(PLANES):
        plan = PlanMantenimiento.objects.create(
            nombre=nombre, plantilla=plantillas[plantilla], modo=modo, intervalo=intervalo, unidad=unidad,
            fecha_inicio=inicio + dt.timedelta(days=15 * (grupo or 0) + n), dias_anticipacion=anticipacion,
            ajuste_inhabil=ajuste, descripcion="Plan de demostración.",
        )
        plan.tipos.set([tipos[t] for t in tipos_plan if t in tipos])
        if grupo is not None:
            plan.dependencias.set(grupos[grupo])
        responsables = tecnicos
        plan.tecnicos.set(responsables)
        items = list(plantillas[plantilla].items.all())
        equipos = list(plan.equipos_en_alcance().select_related("resguardante").order_by("ubicacion_id", "pk"))
        for i, equipo in enumerate(equipos):
            tecnico = responsables[i * len(responsables) // len(equipos)]
            _historia(plan, equipo, tecnico, items, rng, calendario, inicio, hoy, firma,
                      ordenes, resultados_por_orden, refacciones_por_orden)
    OrdenMantenimiento.objects.bulk_create(ordenes, batch_size=LOTE)
    resultados = list(_con_orden(ordenes, resultados_por_orden))
    _insertar_resultados(resultados)
    partes = list(_con_orden(ordenes, refacciones_por_orden))
    RefaccionOrden.objects.bulk_create(partes, batch_size=LOTE)
    return {"planes de mantenimiento": len(PLANES), "órdenes de mantenimiento": len(ordenes),
            "resultados de listas": len(resultados)}


def _insertar_resultados(resultados):
    """INSERT con executemany: decenas de miles de filas sin el costo por campo de bulk_create."""
    tabla = ResultadoItem._meta.db_table
    campos = ["orden_id", "item_id", "posicion", "texto", "tipo", "valor", "valor_numero", "resultado", "notas"]
    sql = (f"INSERT INTO {connection.ops.quote_name(tabla)} ({', '.join(campos)}) "  # noqa: S608  nombres fijos
           f"VALUES ({', '.join(['%s'] * len(campos))})")
    with connection.cursor() as cursor:
        for inicio in range(0, len(resultados), LOTE):
            cursor.executemany(sql, [tuple(getattr(r, c) for c in campos) for r in resultados[inicio:inicio + LOTE]])


def _con_orden(ordenes, filas_por_orden):
    # Las filas hijas se guardan después de las órdenes, cuando éstas ya tienen su clave.
    for orden, filas in zip(ordenes, filas_por_orden, strict=True):
        for fila in filas:
            fila.orden = orden
            yield fila


def _momento(fecha, rng):
    hora = dt.time(rng.randint(9, 13), rng.choice((0, 15, 30, 45)))
    return dt.datetime.combine(fecha, hora, tzinfo=timezone.get_current_timezone())


def _historia(plan, equipo, tecnico, items, rng, calendario, inicio, hoy, firma, ordenes, resultados, partes):
    """Simula un año de mantenimiento de un equipo en un plan; deja abierta la orden vigente (si ya se generó)."""
    regla = plan.regla
    v = programacion.siguiente_vencimiento(regla, calendario, inicio)
    while v.fecha_generacion <= hoy:
        orden = OrdenMantenimiento(
            plan=plan, equipo=equipo, plantilla_id=plan.plantilla_id, fecha_programada=v.fecha_programada,
            fecha_limite=v.fecha_limite, ventana_hasta=v.ventana_hasta, fecha_generacion=v.fecha_generacion,
            fechas_omitidas=v.omitidas, tecnico=tecnico, estado=EstadoOrden.PROGRAMADA,
        )
        suerte = rng.random()
        if v.ventana_hasta >= hoy or suerte < 0.02:
            # La vigente (o una olvidada, ya vencida): queda abierta; alguna ya empezó.
            if v.fecha_limite <= hoy + dt.timedelta(days=2) and rng.random() < 0.1:
                orden.estado = EstadoOrden.EN_PROCESO
                orden.inicio = _momento(min(hoy, v.fecha_limite), rng)
            ordenes.append(orden)
            resultados.append([])
            partes.append([])
            return
        if suerte < 0.07:
            cierre = min(v.ventana_hasta + dt.timedelta(days=1), hoy)
            orden.estado = EstadoOrden.NO_REALIZADA
            orden.motivo_cierre = rng.choice(MOTIVOS_NO_REALIZADA)
            orden.fin = _momento(cierre, rng)
            orden.fecha_cierre = cierre
            resultados.append([])
            partes.append([])
        else:
            if suerte < 0.22:  # tarde: a veces tanto que se salta fechas de la rejilla
                cierre = v.ventana_hasta + dt.timedelta(days=rng.randint(1, 100))
            else:
                cierre = v.fecha_limite - dt.timedelta(days=rng.randint(0, max(regla.anticipacion // 2, 1)))
                cierre = min(cierre + dt.timedelta(days=rng.randint(0, 2)), v.ventana_hasta)
            cierre = calendario.dia_habil_anterior(min(cierre, hoy))
            minutos = rng.randint(25, 95)
            orden.fin = _momento(cierre, rng)
            orden.inicio = orden.fin - dt.timedelta(minutes=minutos)
            orden.minutos = minutos
            orden.fecha_cierre = cierre
            orden.estado = EstadoOrden.COMPLETADA
            orden.conformidad_nombre = (equipo.resguardante.nombre_completo if equipo.resguardante_id
                                        else "Titular del área")
            orden.firma_png = firma
            orden.observaciones = rng.choice(OBSERVACIONES)
            fallas = {i for i in range(len(items)) if rng.random() < 0.04}
            filas = []
            for k, item in enumerate(items):
                valor, numero, resultado = _valor_item(item, rng, k in fallas)
                filas.append(ResultadoItem(item=item, posicion=item.orden, texto=item.texto, tipo=item.tipo,
                                           valor=valor, valor_numero=numero, resultado=resultado,
                                           notas="Revisar en la próxima visita." if k in fallas else ""))
            resultados.append(filas)
            if rng.random() < 0.15:
                descripcion, costo = rng.choice(REFACCIONES)
                partes.append([RefaccionOrden(descripcion=descripcion, cantidad=Decimal(1), costo=costo)])
            else:
                partes.append([])
        ordenes.append(orden)
        if orden.fecha_cierre >= hoy:
            return
        v = programacion.siguiente_vencimiento(regla, calendario, hoy, v.fecha_programada, orden.fecha_cierre)

