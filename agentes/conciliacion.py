"""Cotejo de los hosts de un escaneo con el inventario (DESIGN §4).

Orden: MAC normalizada (las MAC basura nunca coinciden), luego nombre (hostname, primera etiqueta),
luego IP solo como indicio débil (no marca al equipo como visto: queda como sugerencia en la cola).

- Coincide por MAC: es ese equipo con certeza. Se actualiza `ultima_vez_visto`; si la IP cambió se
  escribe en la interfaz (con historial, motivo «Escaneo de red») y queda un aviso en la cola que se
  puede aceptar o descartar (descartar devuelve la IP anterior). Un nombre distinto va a la cola.
- Coincide por nombre: se marca visto; una IP distinta va a la cola (aceptar la aplica).
- Nada coincide: «dispositivo nuevo» en la cola (salvo MAC ignorada para siempre).
- La misma MAC en dos IP de la corrida, o una MAC de un equipo con el nombre de otro: «MAC reclamada
  por dos equipos».
- Equipos con IP dentro del segmento que no se han visto en SIGMA_AGENTES_DIAS_SIN_VER días: «equipo no visto».
No se repite un aviso que ya está pendiente. Todo se hace con un número fijo de consultas, sin importar
cuántos hosts haya: cargas en diccionarios, bulk_create y bulk_update.
"""
from __future__ import annotations

import ipaddress
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from comun.normalizacion import es_mac_basura
from inventario.choices import Estado
from inventario.models import Equipo, InterfazRed

from . import bloques
from .choices import Cotejo, TipoRevision
from .models import HostDescubierto, MacIgnorada, Revision

MOTIVO = "Escaneo de red"
_SIN_FILTRO = 20000  # con más claves que esto se carga todo en vez de un IN enorme


def nombre_corto(hostname):
    return (hostname or "").strip().lower().split(".")[0]


def clave_revision(tipo, equipo_id=None, mac="", ip=None, hostname=""):
    if tipo == TipoRevision.NUEVO:
        return (tipo, mac or ip)
    if tipo == TipoRevision.AUSENTE:
        return (tipo, equipo_id)
    if tipo == TipoRevision.IP_CAMBIADA:
        return (tipo, equipo_id, ip)
    if tipo == TipoRevision.HOSTNAME_CAMBIADO:
        return (tipo, equipo_id, hostname)
    return (tipo, mac, equipo_id)


def _claves_pendientes():
    return {
        clave_revision(r.tipo, r.equipo_id, r.mac, r.ip, r.hostname)
        for r in Revision.objects.pendientes().only("tipo", "equipo_id", "mac", "ip", "hostname")
    }


def _filtrar(consulta, campo, valores):
    """consulta.filter(campo__in=valores) sin la preparación del ORM valor por valor (con miles de claves pesa).

    Los valores ya vienen normalizados (MAC, IP, nombres en minúsculas, ids) y van como parámetros, nunca en el SQL.
    """
    if len(valores) > _SIN_FILTRO:
        return consulta
    if not valores:
        return consulta.none()
    modelo = consulta.model
    campo = modelo._meta.get_field(campo)
    columna = f"{connection.ops.quote_name(modelo._meta.db_table)}.{connection.ops.quote_name(campo.column)}"
    if connection.vendor == "postgresql":
        # Un solo parámetro (un arreglo): PostgreSQL no analiza ni planea miles de marcas de un IN.
        donde, parametros = f"{columna} = ANY(%s::{campo.db_type(connection)}[])", [list(valores)]
    else:
        donde, parametros = f"{columna} IN ({', '.join(['%s'] * len(valores))})", list(valores)
    return consulta.extra(where=[donde], params=parametros)  # noqa: S610  columna del modelo; valores con %s


def _prefijo(red):
    """Prefijo de texto de las IP de la red (octetos fijos), para filtrar en la base sin tipos inet."""
    octetos = red.prefixlen // 8
    if octetos == 0:
        return ""
    return ".".join(str(red.network_address).split(".")[:octetos]) + "."


def conciliar(escaneo, hosts, ahora=None):
    """Guarda los hosts del escaneo y llena la cola de revisión. Devuelve un resumen {concepto: número}."""
    return _conciliar(escaneo, hosts, ahora)


def _conciliar(escaneo, hosts, ahora):
    ahora = ahora or timezone.now()
    red = ipaddress.ip_network(escaneo.segmento.cidr, strict=False)
    macs = {h.mac for h in hosts if h.mac and not es_mac_basura(h.mac)}
    nombres = {nombre_corto(h.hostname) for h in hosts if nombre_corto(h.hostname)}
    ips = {h.ip for h in hosts}

    # Interfaces como tuplas (id, equipo_id, nombre, mac, ip): sin instanciar miles de modelos.
    interfaces_mac = {
        fila[3]: list(fila)
        for fila in _filtrar(InterfazRed.objects.all(), "mac", macs).values_list(
            "id", "equipo_id", "nombre", "mac", "ip")
        if fila[3] in macs
    }
    por_nombre = defaultdict(set)
    for pk, hostname in _filtrar(Equipo.objects.vigentes(), "hostname", nombres).values_list("pk", "hostname"):
        if nombre_corto(hostname) in nombres:
            por_nombre[nombre_corto(hostname)].add(pk)
    por_ip = defaultdict(set)
    for ip, equipo_id in _filtrar(InterfazRed.objects.exclude(ip=None), "ip", ips).values_list("ip", "equipo_id"):
        if ip in ips:
            por_ip[ip].add(equipo_id)
    ids_nombre = {next(iter(v)) for v in por_nombre.values() if len(v) == 1}
    interfaces_de = defaultdict(list)
    if ids_nombre:
        for pk, equipo_id, ip in _filtrar(InterfazRed.objects.all(), "equipo_id", ids_nombre).values_list(
                "id", "equipo_id", "ip"):
            interfaces_de[equipo_id].append((pk, ip))
    equipos_ids = {i[1] for i in interfaces_mac.values()} | ids_nombre
    equipos = {e["pk"]: e for e in _filtrar(Equipo.objects.all(), "id", equipos_ids)
               .values("pk", "hostname", "numero_inventario", "estado") if e["pk"] in equipos_ids}
    ignoradas = set(_filtrar(MacIgnorada.objects.all(), "mac", macs).values_list("mac", flat=True))
    pendientes = _claves_pendientes()

    conteo_mac = defaultdict(set)
    for h in hosts:
        if h.mac in macs:
            conteo_mac[h.mac].add(h.ip)

    vistos, nuevas, cambios_ip, registros, cambiadas = set(), [], [], [], set()
    resumen = defaultdict(int)

    def avisar(tipo, equipo_id=None, mac="", ip=None, hostname="", **datos):
        clave = clave_revision(tipo, equipo_id, mac, ip, hostname)
        if clave in pendientes:
            return
        pendientes.add(clave)
        nuevas.append({"tipo": tipo, "equipo_id": equipo_id, "escaneo_id": escaneo.pk, "mac": mac, "ip": ip,
                       "hostname": hostname, "datos": datos, "creada": ahora})
        resumen[f"revision_{tipo}"] += 1

    for h in hosts:
        corto = nombre_corto(h.hostname)
        interfaz = interfaces_mac.get(h.mac) if h.mac in macs else None
        candidatos_nombre = por_nombre.get(corto, set())
        equipo_nombre = next(iter(candidatos_nombre)) if len(candidatos_nombre) == 1 else None
        equipo_id, cotejo = None, Cotejo.NUEVO
        if h.mac in macs and len(conteo_mac[h.mac]) > 1:
            avisar(TipoRevision.MAC_DUPLICADA, interfaz[1] if interfaz else None, mac=h.mac,
                   detalle=f"La MAC {h.mac} respondió en varias IP: {', '.join(sorted(conteo_mac[h.mac]))}.")
        if interfaz is not None:
            equipo_id, cotejo = interfaz[1], Cotejo.MAC
            equipo = equipos.get(equipo_id, {})
            if equipo_nombre and equipo_nombre != equipo_id:
                cotejo = Cotejo.CONFLICTO
                otro = equipos.get(equipo_nombre, {})
                avisar(TipoRevision.MAC_DUPLICADA, equipo_id, mac=h.mac, equipos=[equipo_id, equipo_nombre],
                       detalle=f"La MAC {h.mac} es de {equipo.get('numero_inventario')} pero el nombre "
                               f"«{corto}» es de {otro.get('numero_inventario')}.")
            if interfaz[4] != h.ip and interfaz[0] not in cambiadas:
                cambiadas.add(interfaz[0])
                anterior = interfaz[4]
                interfaz[4] = h.ip
                cambios_ip.append(interfaz)
                avisar(TipoRevision.IP_CAMBIADA, equipo_id, mac=h.mac, ip=h.ip, anterior=anterior, nueva=h.ip,
                       aplicada=True, interfaz=interfaz[0])
            if corto and equipo.get("hostname") and nombre_corto(equipo["hostname"]) != corto:
                avisar(TipoRevision.HOSTNAME_CAMBIADO, equipo_id, mac=h.mac, ip=h.ip, hostname=corto,
                       anterior=equipo["hostname"], nuevo=corto)
        elif equipo_nombre is not None:
            equipo_id, cotejo = equipo_nombre, Cotejo.HOSTNAME
            propias = interfaces_de.get(equipo_id, [])
            if h.ip not in {ip for _, ip in propias}:
                con_ip = [(pk, ip) for pk, ip in propias if ip]
                avisar(TipoRevision.IP_CAMBIADA, equipo_id, mac=h.mac if h.mac in macs else "", ip=h.ip,
                       anterior=con_ip[0][1] if len(con_ip) == 1 else "", nueva=h.ip, aplicada=False,
                       interfaz=con_ip[0][0] if len(con_ip) == 1 else None)
        elif h.mac in ignoradas:
            cotejo = Cotejo.IGNORADO
        else:
            sugeridos = por_ip.get(h.ip, set())
            if len(sugeridos) == 1:
                cotejo = Cotejo.IP
            avisar(TipoRevision.NUEVO, mac=h.mac if h.mac in macs else "", ip=h.ip, hostname=corto,
                   fabricante=h.fabricante, sistema_operativo=h.sistema_operativo,
                   puertos=[p["puerto"] for p in h.puertos][:20],
                   sugerido=next(iter(sugeridos)) if len(sugeridos) == 1 else None)
        if cotejo in (Cotejo.MAC, Cotejo.HOSTNAME, Cotejo.CONFLICTO):
            vistos.add(equipo_id)
        resumen[f"cotejo_{cotejo}"] += 1
        registros.append({
            "escaneo_id": escaneo.pk, "ip": h.ip, "mac": h.mac, "mac_de_vecinos": h.mac_de_vecinos,
            "fabricante": h.fabricante, "hostname": h.hostname, "sistema_operativo": h.sistema_operativo,
            "puertos": h.puertos, "equipo_id": equipo_id if cotejo != Cotejo.IP else None, "cotejo": cotejo,
        })

    _ausentes(escaneo, red, vistos, ahora, avisar)
    bloques.insertar(HostDescubierto, registros)
    if vistos:
        ids = sorted(vistos)
        for inicio in range(0, len(ids), _SIN_FILTRO):  # una sola consulta salvo en redes enormes
            _filtrar(Equipo.objects.all(), "id", ids[inicio:inicio + _SIN_FILTRO]).update(ultima_vez_visto=ahora)
    if cambios_ip:
        # La IP nueva y su registro en el historial de la interfaz (lo que haría save() con simple_history).
        bloques.actualizar(InterfazRed, "ip", [(i[0], i[4]) for i in cambios_ip])
        bloques.insertar(InterfazRed.history.model, [
            {"id": pk, "equipo_id": equipo_id, "nombre": nombre, "mac": mac, "ip": ip, "history_date": ahora,
             "history_change_reason": MOTIVO, "history_type": "~", "history_user_id": None}
            for pk, equipo_id, nombre, mac, ip in cambios_ip
        ])
    bloques.insertar(Revision, nuevas)
    resumen["vistos"] = len(vistos)
    resumen["ip_actualizadas"] = len(cambios_ip)
    return dict(resumen)


def _ausentes(escaneo, red, vistos, ahora, avisar):
    limite = ahora - timedelta(days=settings.SIGMA_AGENTES_DIAS_SIN_VER)
    consulta = InterfazRed.objects.exclude(ip=None).exclude(equipo__estado=Estado.BAJA).filter(
        Q(equipo__ultima_vez_visto__lt=limite)
        | Q(equipo__ultima_vez_visto__isnull=True, equipo__creado__lt=limite)
    )
    prefijo = _prefijo(red)
    if prefijo:
        consulta = consulta.filter(ip__startswith=prefijo)
    ya = set()
    for equipo_id, ip, ultima in consulta.values_list("equipo_id", "ip", "equipo__ultima_vez_visto"):
        if equipo_id in vistos or equipo_id in ya or ipaddress.ip_address(ip) not in red:
            continue
        ya.add(equipo_id)
        avisar(TipoRevision.AUSENTE, equipo_id, ip=ip,
               ultima_vez=timezone.localtime(ultima).strftime("%d/%m/%Y") if ultima else "nunca",
               dias=settings.SIGMA_AGENTES_DIAS_SIN_VER)
