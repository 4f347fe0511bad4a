"""Escrituras en bloque sin instanciar modelos: una sentencia por tabla.

bulk_create del ORM crea un objeto por fila y, en SQLite, parte los INSERT en lotes de 999 parámetros; con
4 096 hosts eso era la mayor parte del tiempo del cotejo. Aquí los valores se adaptan con las mismas funciones
del backend que usa el ORM y:
- en SQLite (en el mismo proceso, sin viajes de red) va un executemany;
- en PostgreSQL va un COPY (o, si hay que saltar conflictos, un executemany en modo pipeline; las
  actualizaciones, un UPDATE … FROM (VALUES …) por cada 65 535 parámetros).
Solo para modelos propios de filas simples (sin señales): hosts descubiertos, revisiones, software y el
historial de IP.
"""
from __future__ import annotations

import time
from operator import itemgetter

from django.db import connection, models
from django.db.models.constants import OnConflict


def _adaptador(campo, copia=False):
    """Adaptador de valores del backend para `campo` (None si el valor va tal cual).

    Con `copia` (COPY en formato de texto) la IP va como texto: PostgreSQL la interpreta, y convertirla antes a
    un objeto de ipaddress costaba más que todo el COPY."""
    ops = connection.ops  # una vez: cada acceso a `connection` pasa por un asgiref.Local
    if isinstance(campo, models.JSONField):
        return lambda v: ops.adapt_json_value(v, campo.encoder)
    if isinstance(campo, models.DateTimeField):
        cache = {}

        def fecha(v):
            if v not in cache:
                cache[v] = ops.adapt_datetimefield_value(v)
            return cache[v]

        return fecha
    if isinstance(campo, models.GenericIPAddressField):
        return (lambda v: v or None) if copia else (lambda v: ops.adapt_ipaddressfield_value(v or None))
    return None


def insertar(modelo, filas, ignorar_conflictos=False):
    """Inserta dicts {attname: valor}, todos con las mismas claves; los campos que no traen toman su valor por
    omisión del modelo.

    Con ignorar_conflictos, las filas que violan una restricción única se saltan (INSERT OR IGNORE / ON CONFLICT).
    """
    if not filas:
        return 0
    # Primero las columnas que traen las filas, luego las que van con su valor por omisión.
    traidos = [c for c in modelo._meta.concrete_fields if c.attname in filas[0]]
    omitidos = [c for c in modelo._meta.concrete_fields if c.attname not in filas[0] and not c.primary_key]
    campos = traidos + omitidos
    conflicto = OnConflict.IGNORE if ignorar_conflictos else None
    copia = connection.vendor == "postgresql" and conflicto is None
    adaptadores = [_adaptador(c, copia) for c in campos]
    obtener = itemgetter(*(c.attname for c in traidos))
    omisiones = [c.get_default() for c in omitidos]
    if len(traidos) == 1:
        valores = [[obtener(fila), *omisiones] for fila in filas]
    else:
        valores = [[*obtener(fila), *omisiones] for fila in filas]
    for i, adaptar in enumerate(adaptadores):
        if adaptar is not None:
            for fila in valores:
                fila[i] = adaptar(fila[i])
    q = connection.ops.quote_name
    fila = f"({', '.join(['%s'] * len(campos))})"

    def sentencia(n):
        return (f"{connection.ops.insert_statement(on_conflict=conflicto)} {q(modelo._meta.db_table)} "
                f"({', '.join(q(c.column) for c in campos)}) VALUES {', '.join([fila] * n)} "
                f"{connection.ops.on_conflict_suffix_sql(campos, conflicto, None, None)}")  # noqa: S608

    if copia:
        _copiar(q(modelo._meta.db_table), [q(c.column) for c in campos], valores)
    else:
        with _cursor() as cursor:
            cursor.executemany(sentencia(1), valores)
    return len(valores)


def _copiar(tabla, columnas, valores):
    """COPY … FROM STDIN: en PostgreSQL, varias veces más rápido que un INSERT con miles de filas (sin analizar ni
    planear una sentencia enorme). Queda en connection.queries_log como una consulta más."""
    sql = f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN"
    inicio = time.monotonic()
    with connection.cursor() as envoltorio, envoltorio.cursor.copy(sql) as copia:
        for fila in valores:
            copia.write_row(fila)
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"{sql} ({len(valores)} filas)",
                                       "time": f"{time.monotonic() - inicio:.3f}"})


def _cursor():
    """El cursor de Django, salvo en PostgreSQL: ahí uno con parámetros del lado del servidor, cuyo executemany
    manda todas las filas en modo pipeline (un viaje, no uno por fila). Pasa por el envoltorio de Django, así
    que la consulta queda registrada como cualquier otra."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg
    from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

    connection.ensure_connection()
    envoltorio = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    return envoltorio(psycopg.Cursor(connection.connection), connection)


def _trozos(filas, columnas, maximo=65535):
    por_trozo = max(maximo // columnas, 1)
    return [filas[i:i + por_trozo] for i in range(0, len(filas), por_trozo)]


def actualizar(modelo, campo, pares):
    """UPDATE modelo SET campo = valor WHERE pk = id, para cada (id, valor)."""
    if not pares:
        return
    objeto_campo = modelo._meta.get_field(campo)
    adaptar = _adaptador(objeto_campo) or (lambda v: v)
    q = connection.ops.quote_name
    tabla, columna, llave = q(modelo._meta.db_table), q(objeto_campo.column), q(modelo._meta.pk.column)
    filas = [(pk, adaptar(valor)) for pk, valor in pares]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"UPDATE {tabla} SET {columna} = %s WHERE {llave} = %s",  # noqa: S608
                               [(v, pk) for pk, v in filas])
            return
        tipo = objeto_campo.db_type(connection)
        for trozo in _trozos(filas, 2):
            valores = ", ".join(["(%s, %s)"] * len(trozo))
            cursor.execute(
                f"UPDATE {tabla} SET {columna} = CAST(v.valor AS {tipo}) FROM (VALUES {valores}) AS v(llave, valor) "  # noqa: S608
                f"WHERE {tabla}.{llave} = v.llave", [x for f in trozo for x in f])
