"""Genera los datos del benchmark de la mesa de servicio: 200,000 solicitudes sobre ~20,000 equipos y ~300 empleados.

    python bench/soporte_datos.py                       # SQLite en bench/var/soporte.sqlite3
    python bench/soporte_datos.py --database-url postgres://usuario:clave@localhost:5432/sigma_bench_soporte

Rápido a propósito: no pasa por services.crear_solicitud una por una. Arma las filas en memoria y las guarda con
bulk_create: folios DIG-AAAA-NNNNNN consecutivos por año (y el ContadorFolio de cada año al último), la bitácora
(CambioEstado, 1–4 cambios por solicitud), las metas del servicio y los vencimientos e incumplimientos calculados
con soporte/sla.py de esa misma bitácora, como lo haría services.actualizar_relojes. Distribución realista: dos
años de solicitudes, la mayoría cerradas y ~5 % abiertas (recientes).

Idempotente: si ya hay solicitudes no crea más (use --recrear en SQLite, o dropdb/createdb en PostgreSQL).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

import _entorno

BD_SOPORTE = _entorno.VAR_BENCH / "soporte.sqlite3"
TECNICOS = 14
LOTE = 5_000

# (clave del servicio, peso)
SERVICIOS = [
    ("soporte-tecnico", 58), ("mantenimiento-preventivo", 12), ("impresion-credenciales", 12),
    ("asesorias", 10), ("plataformas-web", 4), ("proyectos", 4),
]
# Estados finales y su peso entre las cerradas; las abiertas (≈ 5 %) son recientes.
CERRADAS = [("cerrada", 82), ("resuelta", 12), ("cancelada", 6)]
ABIERTAS = [("nueva", 20), ("asignada", 30), ("en_proceso", 30), ("en_espera", 20)]
PORCENTAJE_ABIERTAS = 5
ASUNTOS = [
    "No enciende el equipo", "Sin acceso a internet", "La impresora no imprime", "Olvidé mi contraseña",
    "Instalación de software", "Correo no sincroniza", "Pantalla azul al iniciar", "Equipo muy lento",
    "Credenciales para personal de nuevo ingreso", "Asesoría en hoja de cálculo", "Cambio de tóner",
    "Alta en el sistema de nómina", "Virus detectado", "No reconoce la memoria USB", "Teléfono IP sin tono",
    "Actualización del portal de transparencia", "Respaldo de información", "Configurar escáner",
]
CANALES = ["telefono"] * 6 + ["escrito"] * 2 + ["presencial", "portal", "correo"]
NIVELES = ["alta", "media", "media", "baja", "baja"]


def _elegir(rng, opciones):
    claves, pesos = zip(*opciones, strict=True)
    return rng.choices(claves, pesos)[0]


def _usuarios():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comun.roles import MESA_AYUDA, TECNICO

    User = get_user_model()
    tecnicos = []
    for i in range(1, TECNICOS + 1):
        usuario, creado = User.objects.get_or_create(
            username=f"bench-tecnico-{i:02d}", defaults={"first_name": f"Técnico {i:02d}", "last_name": "Bench"})
        if creado:
            usuario.set_unusable_password()
            usuario.save()
            usuario.groups.add(Group.objects.get(name=TECNICO))
        tecnicos.append(usuario)
    mesa, creado = User.objects.get_or_create(username="bench-mesa", defaults={"first_name": "Mesa"})
    if creado:
        mesa.groups.add(Group.objects.get(name=MESA_AYUDA))
    return tecnicos, mesa


def _momento_habil(rng, calendario, dia):
    """Un momento en horario de oficina del día hábil ``dia`` (o el siguiente hábil)."""
    dia = calendario.dia_habil_siguiente(dia)
    apertura, cierre = calendario.horario_del_dia(dia)
    minutos = int((cierre - apertura).total_seconds() // 60)
    return apertura + dt.timedelta(minutes=rng.randrange(minutos))


def _despues(rng, calendario, momento, minimo, maximo):
    return calendario.sumar_minutos_habiles(momento, rng.randint(minimo, maximo))


def _plazo(rng, meta, otro):
    """Minutos hábiles que tardó un paso: casi siempre dentro de la meta (≈ 1 de cada 8 se pasa)."""
    if not meta:
        return rng.randint(*otro)
    return max(1, round(meta * (rng.uniform(1.0, 1.6) if rng.randrange(8) == 0 else rng.uniform(0.05, 0.95))))


def _bitacora(rng, calendario, estado, recibida, servicio, meta_resolucion):
    """[(momento, anterior, nuevo)] de una solicitud que terminó (o sigue) en ``estado``."""
    eventos = [(recibida, "", "nueva")]
    if estado == "nueva":
        return eventos
    if estado == "cancelada":
        return eventos + [(_despues(rng, calendario, recibida, 5, 600), "nueva", "cancelada")]
    asignada = calendario.sumar_minutos_habiles(recibida, _plazo(rng, servicio.minutos_iniciales, (1, 30)))
    eventos.append((asignada, "nueva", "asignada"))
    if estado == "asignada":
        return eventos
    if estado in ("en_proceso", "en_espera"):
        proceso = _despues(rng, calendario, asignada, 1, 240)
        eventos.append((proceso, "asignada", "en_proceso"))
        if estado == "en_espera":
            eventos.append((_despues(rng, calendario, proceso, 5, 300), "en_proceso", "en_espera"))
        return eventos
    # Las metas se miden desde la recepción; las asesorías (primera atención) se resuelven en la sesión.
    meta = meta_resolucion or (servicio.minutos_iniciales if servicio.reloj_inicial == "atencion" else None)
    resuelta = max(calendario.sumar_minutos_habiles(recibida, _plazo(rng, meta, (5, 900))),
                   asignada + dt.timedelta(minutes=1))
    eventos.append((resuelta, "asignada", "resuelta"))
    if estado == "cerrada":
        eventos.append((_despues(rng, calendario, resuelta, 30, 2_000), "resuelta", "cerrada"))
    return eventos


def generar(total, equipos, empleados, semilla, stdout=print):
    from django.db import transaction
    from django.utils import timezone

    from comun.calendario import Calendario
    from comun.models import Empleado
    from inventario.demo import generar as generar_inventario
    from inventario.models import Equipo
    from soporte import sla
    from soporte.choices import TipoResolucion, prioridad_de
    from soporte.models import CambioEstado, ContadorFolio, Incumplimiento, Servicio, Solicitud

    if Solicitud.objects.exists():
        stdout(f"Ya hay {Solicitud.objects.count():,} solicitudes: no se crea nada (use --recrear).")
        return {}

    inicio = time.perf_counter()
    generar_inventario(semilla=semilla, empleados=empleados, equipos=equipos, con_historial=False)
    stdout(f"Inventario: {Equipo.objects.count():,} equipos, {Empleado.objects.count():,} empleados "
           f"({time.perf_counter() - inicio:.1f} s)")

    rng = random.Random(semilla)
    calendario = Calendario.cargar()
    tecnicos, mesa = _usuarios()
    servicios = {s.clave: s for s in Servicio.objects.all()}
    solicitantes = list(Empleado.objects.filter(activo=True).values_list("pk", "dependencia_id"))
    ids_equipos = list(Equipo.objects.values_list("pk", flat=True))
    ahora = timezone.now()
    hoy = timezone.localdate(ahora)

    # 1. Fechas de recepción: dos años en horario de oficina; las abiertas, en las últimas 3 semanas.
    inicio = time.perf_counter()
    planes = []
    for _ in range(total):
        abierta = rng.randrange(100) < PORCENTAJE_ABIERTAS
        estado = _elegir(rng, ABIERTAS if abierta else CERRADAS)
        dias_atras = rng.randint(0, 21) if abierta else rng.randint(22, 730)
        recibida = _momento_habil(rng, calendario, hoy - dt.timedelta(days=dias_atras))
        ayer = _momento_habil(rng, calendario, calendario.dia_habil_anterior(hoy, incluir=False))
        if recibida > ahora:  # se sortea siempre: la secuencia no depende de la hora de la corrida
            recibida = ayer
        planes.append((recibida, estado, servicios[_elegir(rng, SERVICIOS)]))
    planes.sort(key=lambda p: p[0])

    # 2. Solicitudes con folio por año, metas, bitácora y relojes.
    consecutivo = {}
    filas, bitacoras = [], []
    for recibida, estado, servicio in planes:
        anio = timezone.localdate(recibida).year
        consecutivo[anio] = consecutivo.get(anio, 0) + 1
        solicitante, dependencia = rng.choice(solicitantes)
        urgencia, impacto = rng.choice(NIVELES), rng.choice(NIVELES)
        cantidad = rng.randint(1, 40) if servicio.tipo_resolucion == TipoResolucion.POR_UNIDAD else 1
        fecha_compromiso = None
        meta_resolucion = None
        if servicio.tipo_resolucion == TipoResolucion.RANGO:
            fecha_compromiso = timezone.localdate(recibida) + dt.timedelta(
                days=rng.randint(servicio.rango_min_dias, min(servicio.rango_max_dias, 92)))
            meta_resolucion = sla.meta_por_rango(recibida, fecha_compromiso, calendario)
        elif servicio.tipo_resolucion == TipoResolucion.FIJO:
            meta_resolucion = servicio.minutos_resolucion
        elif servicio.tipo_resolucion == TipoResolucion.POR_UNIDAD:
            meta_resolucion = servicio.minutos_resolucion * cantidad
        eventos = _bitacora(rng, calendario, estado, recibida, servicio, meta_resolucion)
        por_estado = {nuevo: en for en, _, nuevo in eventos}
        solicitud = Solicitud(
            folio=f"DIG-{anio}-{consecutivo[anio]:06d}",
            codigo="".join(rng.choices("23456789ABCDEFGHJKMNPQRSTUVWXYZ", k=6)),
            servicio=servicio, canal=rng.choice(CANALES), solicitante_id=solicitante, dependencia_id=dependencia,
            asunto=rng.choice(ASUNTOS), urgencia=urgencia, impacto=impacto, prioridad=prioridad_de(urgencia, impacto),
            cantidad=cantidad, fecha_compromiso=fecha_compromiso, estado=estado,
            tipo_espera=rng.choice(["solicitante", "proveedor"]) if estado == "en_espera" else "",
            tecnico=rng.choice(tecnicos) if "asignada" in por_estado else None,
            resolucion="Se atendió y quedó funcionando." if "resuelta" in por_estado else "",
            recibida=recibida, registrada_por=mesa,
            meta_inicial_min=servicio.minutos_iniciales, meta_resolucion_min=meta_resolucion,
            resuelta_en=por_estado.get("resuelta"), cerrada_en=por_estado.get("cerrada"),
        )
        fin_inicial = sla._FIN_INICIAL[servicio.reloj_inicial]
        solicitud.atendida_en = next((en for en, _, nuevo in eventos if nuevo in fin_inicial), None)
        incumplidos = []
        for reloj in sla.relojes(solicitud, [(en, nuevo) for en, _, nuevo in eventos], calendario, ahora):
            setattr(solicitud, "vence_inicial" if reloj.compromiso == "inicial" else "vence_resolucion", reloj.vence)
            if reloj.incumplido:
                incumplidos.append((reloj.compromiso, reloj.meta_min, reloj.vencio_en))
        filas.append((solicitud, incumplidos))
        bitacoras.append(eventos)
    stdout(f"Plan de {total:,} solicitudes armado en {time.perf_counter() - inicio:.1f} s")

    # 3. Guardar por lotes.
    inicio = time.perf_counter()
    Through = Solicitud.equipos.through
    cambios_total = incumplimientos_total = 0
    with transaction.atomic():
        for desde in range(0, total, LOTE):
            lote = filas[desde:desde + LOTE]
            Solicitud.objects.bulk_create([s for s, _ in lote], batch_size=1_000)
            if lote[0][0].pk is None:  # la base no devolvió los pk del INSERT
                folios = {s.folio: s for s, _ in lote}
                for pk, folio in Solicitud.objects.filter(folio__in=list(folios)).values_list("pk", "folio"):
                    folios[folio].pk = pk
            cambios, incumplimientos, enlaces = [], [], []
            for (solicitud, incumplidos), eventos in zip(lote, bitacoras[desde:desde + LOTE], strict=True):
                cambios.extend(
                    CambioEstado(solicitud_id=solicitud.pk, anterior=anterior, nuevo=nuevo, en=en,
                                 usuario=solicitud.tecnico if anterior else mesa)
                    for en, anterior, nuevo in eventos
                )
                incumplimientos.extend(
                    Incumplimiento(solicitud_id=solicitud.pk, compromiso=c, meta_min=m, vencio_en=v, detectado_en=v)
                    for c, m, v in incumplidos
                )
                if rng.randrange(100) < 60:
                    enlaces.append(Through(solicitud_id=solicitud.pk, equipo_id=rng.choice(ids_equipos)))
            CambioEstado.objects.bulk_create(cambios, batch_size=2_000)
            Incumplimiento.objects.bulk_create(incumplimientos, batch_size=2_000)
            Through.objects.bulk_create(enlaces, batch_size=2_000, ignore_conflicts=True)
            cambios_total += len(cambios)
            incumplimientos_total += len(incumplimientos)
            stdout(f"  {min(desde + LOTE, total):>7,} solicitudes guardadas")
        for anio, ultimo in consecutivo.items():
            ContadorFolio.objects.update_or_create(prefijo="DIG", anio=anio, defaults={"ultimo": ultimo})
    stdout(f"Guardadas en {time.perf_counter() - inicio:.1f} s")
    return {"solicitudes": total, "cambios de estado": cambios_total, "incumplimientos": incumplimientos_total}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--solicitudes", type=int, default=200_000, help="Solicitudes (200000).")
    parser.add_argument("--equipos", type=int, default=20_000, help="Equipos (20000).")
    parser.add_argument("--empleados", type=int, default=300, help="Empleados (300).")
    parser.add_argument("--semilla", type=int, default=2026, help="Semilla aleatoria (2026).")
    parser.add_argument("--recrear", action="store_true", help="Solo SQLite: borrar el archivo de la base antes.")
    parser.add_argument("--analizar", action="store_true",
                        help="ANALYZE al terminar en SQLite (en PostgreSQL se corre siempre).")
    _entorno.agregar_argumentos_bd(parser)
    parser.set_defaults(bd=BD_SOPORTE)
    opciones = parser.parse_args(argv)
    if opciones.solicitudes < 1:
        parser.error("--solicitudes debe ser 1 o mayor")

    url = _entorno.url_bd(opciones)
    if opciones.recrear:
        if opciones.database_url:
            parser.error("--recrear es solo para SQLite; en PostgreSQL borre y cree la base (dropdb/createdb).")
        ruta = opciones.bd.expanduser().resolve()
        for sufijo in ("", "-wal", "-shm", "-journal"):
            ruta.with_name(ruta.name + sufijo).unlink(missing_ok=True)
        print(f"Se borró {ruta}")
    _entorno.arrancar_django(url, debug=False)

    from django.core.management import call_command
    from django.db import connection

    print(f"Base de datos: {_entorno.describir_url(url)} ({connection.vendor})")
    total = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    creados = generar(opciones.solicitudes, opciones.equipos, opciones.empleados, opciones.semilla)
    for clave, n in creados.items():
        print(f"  {clave:<18} {n:>9,}")
    if connection.vendor == "postgresql" or opciones.analizar:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("ANALYZE hecho")
    print(f"Tiempo total: {time.perf_counter() - total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
