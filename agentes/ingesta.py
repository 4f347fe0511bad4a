"""Aplica al inventario el reporte de un agente (FusionInventory/OCS o GLPI Agent, ya normalizado).

Cotejo (DESIGN §4, como las reglas de importación de GLPI): id del agente, luego número de serie
(los seriales basura nunca coinciden; el UUID desempata), luego MAC, luego nombre.
Equipo desconocido: a la cola de revisión («agente de un equipo desconocido»), o alta directa con
SIGMA_AGENTES_ALTA_AUTOMATICA=1 (número de inventario provisional AGT-000123, dependencia de la
credencial, del segmento de su IP o la Dirección de Innovación Gubernamental).
Campos bloqueados: ver agentes.models (CampoAgente). El software se reemplaza con operaciones en bloque:
un reporte con 750 programas cuesta un número fijo de consultas.
Un inventario parcial (GLPI, "partial": true) solo toca las secciones que trae.
"""
from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comun.models import Dependencia
from comun.normalizacion import es_mac_basura, es_serie_basura, normalizar_mac, normalizar_serie
from inventario.choices import Origen
from inventario.models import Equipo, InterfazRed, Marca, Modelo, MovimientoResguardo, TipoEquipo

from . import bloques
from .choices import EstadoRevision, TipoAgente, TipoRevision
from .models import Agente, CampoAgente, InstalacionSoftware, Revision, Segmento, Software

MAX_SOFTWARE = 5000
MAX_INTERFACES = 32
DEPENDENCIA_POR_OMISION = "Dirección de Innovación Gubernamental"
_MODELOS_BASURA = {"", "system product name", "to be filled by o.e.m.", "default string", "not specified",
                   "none", "unknown", "standard pc (i440fx + piix, 1996)"}
MARCAS = {"hewlett-packard": "HP", "hp": "HP", "dell inc.": "Dell", "dell": "Dell", "lenovo": "Lenovo",
          "acer": "Acer", "asustek computer inc.": "ASUS", "microsoft corporation": "Microsoft",
          "gigabyte technology co., ltd.": "Gigabyte", "apple inc.": "Apple", "toshiba": "Toshiba"}


# -- Normalización del contenido ---------------------------------------------------------------


def _lista(contenido, clave):
    valor = contenido.get(clave)
    if isinstance(valor, dict):
        return [valor]
    return [v for v in valor if isinstance(v, dict)] if isinstance(valor, list) else []


def _uno(contenido, clave):
    lista = _lista(contenido, clave)
    return lista[0] if lista else {}


def _t(valor, largo=255):
    if valor is None or isinstance(valor, dict | list):
        return ""
    return str(valor).strip()[:largo]


def _entero(valor, tope=2_000_000_000):
    """Entero no negativo y acotado (los campos de la base tienen límite), o None."""
    try:
        return min(max(int(float(str(valor).strip())), 0), tope)
    except (TypeError, ValueError, OverflowError):
        return None


def normalizar_reporte(contenido):
    """Del CONTENT (XML convertido o JSON de GLPI, mismas claves en minúsculas) a un dict propio.

    Solo trae las claves de las secciones presentes (para los inventarios parciales).
    """
    datos = {}
    hardware = _uno(contenido, "hardware")
    bios = _uno(contenido, "bios")
    so = _uno(contenido, "operatingsystem")
    if hardware:
        datos["nombre"] = _t(hardware.get("name"), 255)
        datos["uuid"] = _t(hardware.get("uuid"), 64)
        if _entero(hardware.get("memory")):
            datos["ram_mb"] = _entero(hardware.get("memory"))
        if not so:
            datos["so_completo"] = _t(hardware.get("osname"), 200)
            datos["so_nombre"] = _t(hardware.get("osname"), 120)
            datos["so_version"] = _t(hardware.get("osversion"), 80)
        if hardware.get("lastloggeduser"):
            datos["usuario"] = _t(hardware.get("lastloggeduser"), 120)
    if bios:
        datos["serie"] = normalizar_serie(_t(bios.get("ssn"), 120))
        datos["fabricante"] = _t(bios.get("smanufacturer") or bios.get("mmanufacturer"), 80)
        modelo = _t(bios.get("smodel") or bios.get("mmodel"), 120)
        datos["modelo"] = "" if modelo.lower() in _MODELOS_BASURA else modelo
    if so:
        datos["so_nombre"] = _t(so.get("name"), 120)
        datos["so_version"] = _t(so.get("version"), 80)
        datos["so_completo"] = _t(so.get("full_name") or so.get("name"), 200)
        datos["arquitectura"] = _t(so.get("arch"), 20)
    if "cpus" in contenido:
        cpus = _lista(contenido, "cpus")
        datos["procesador"] = _t(cpus[0].get("name"), 200) if cpus else ""
        datos["nucleos"] = min(sum(_entero(c.get("core"), 1024) or 0 for c in cpus), 32000) or None
    if "users" in contenido:
        usuarios = _lista(contenido, "users")
        if usuarios:
            u = usuarios[0]
            login = _t(u.get("login"), 100)
            datos["usuario"] = (f"{_t(u.get('domain'), 60)}\\{login}" if u.get("domain") else login)[:120]
    if "storages" in contenido:
        total = sum(_entero(s.get("disksize")) or 0 for s in _lista(contenido, "storages")
                    if _t(s.get("type")).lower() not in ("cd", "dvd", "removable"))
        datos["almacenamiento_gb"] = min(round(total / 1000), 2_000_000_000) if total else None
    if "drives" in contenido:
        datos["discos"] = [
            {"volumen": _t(d.get("volumn") or d.get("letter"), 80), "punto": _t(d.get("type"), 80),
             "sistema": _t(d.get("filesystem"), 20), "total_mb": _entero(d.get("total")),
             "libre_mb": _entero(d.get("free"))}
            for d in _lista(contenido, "drives")[:50]
        ]
    if "networks" in contenido:
        interfaces, vistas = [], set()
        for n in _lista(contenido, "networks"):
            mac = normalizar_mac(_t(n.get("macaddr")))
            if not mac or es_mac_basura(mac) or _t(n.get("type")).lower() == "loopback":
                continue
            if _t(n.get("virtualdev")) in ("1", "true", "True"):
                continue  # puentes, túneles, ifb, veth: no identifican a la PC
            ip = _t(n.get("ipaddress"), 45)
            try:
                ip = str(ipaddress.IPv4Address(ip)) if ip else ""
            except ValueError:
                ip = ""
            if mac in vistas:
                if ip:
                    for i in interfaces:
                        if i["mac"] == mac and not i["ip"]:
                            i["ip"] = ip
                continue
            vistas.add(mac)
            interfaces.append({"nombre": _t(n.get("description"), 40), "mac": mac, "ip": ip})
        datos["interfaces"] = interfaces[:MAX_INTERFACES]
    if "softwares" in contenido:
        programas = {}
        for s in _lista(contenido, "softwares"):
            nombre = _t(s.get("name"), 255)
            if nombre:
                clave = (nombre, _t(s.get("publisher"), 255), _t(s.get("version"), 100))
                programas[clave] = None
        datos["software"] = [list(c) for c in list(programas)[:MAX_SOFTWARE]]
    return datos


# -- Cotejo ------------------------------------------------------------------------------------


def _corto(nombre):
    return (nombre or "").strip().lower().split(".")[0][:63]


def buscar_equipo(agente, datos):
    """Devuelve (equipo o None, motivo del cotejo)."""
    if agente.equipo_id:
        equipo = Equipo.objects.filter(pk=agente.equipo_id).first()
        if equipo:
            return equipo, "agente"
    serie = datos.get("serie") or agente.numero_serie
    uuid = datos.get("uuid") or agente.uuid
    if serie and not es_serie_basura(serie):
        candidatos = list(Equipo.objects.filter(numero_serie=serie)[:5])
        if len(candidatos) == 1:
            return candidatos[0], "serie"
        if len(candidatos) > 1 and uuid:
            por_uuid = {a.equipo_id for a in Agente.objects.filter(uuid=uuid, equipo__in=candidatos)}
            if len(por_uuid) == 1:
                return next(c for c in candidatos if c.pk in por_uuid), "serie+uuid"
    elif uuid:
        por_uuid = set(Agente.objects.filter(uuid=uuid).exclude(equipo=None).exclude(pk=agente.pk)
                       .values_list("equipo_id", flat=True))
        if len(por_uuid) == 1:
            return Equipo.objects.get(pk=por_uuid.pop()), "uuid"
    macs = [i["mac"] for i in datos.get("interfaces", [])]
    if macs:
        ids = set(InterfazRed.objects.filter(mac__in=macs).values_list("equipo_id", flat=True))
        if len(ids) == 1:
            return Equipo.objects.get(pk=ids.pop()), "mac"
    nombre = _corto(datos.get("nombre"))
    if nombre:
        candidatos = list(Equipo.objects.vigentes().filter(hostname=nombre)[:2])
        if len(candidatos) == 1:
            return candidatos[0], "nombre"
    return None, ""


# -- Escritura ---------------------------------------------------------------------------------


def _marca_modelo(fabricante, modelo, tipo_id):
    nombre_marca = MARCAS.get(fabricante.lower(), fabricante)
    marca = Marca.objects.filter(nombre__iexact=nombre_marca).first() or Marca.objects.create(nombre=nombre_marca)
    existente = Modelo.objects.filter(marca=marca, nombre__iexact=modelo).first()
    if existente:
        return existente if existente.tipo_id in (None, tipo_id) else None
    return Modelo.objects.create(marca=marca, nombre=modelo, tipo_id=tipo_id)


def _valores_equipo(datos):
    """Campo del equipo → (valor de texto para comparar, valor a escribir)."""
    valores = {}
    if datos.get("serie"):
        valores["numero_serie"] = datos["serie"][:80]
    if datos.get("fabricante") and datos.get("modelo"):
        valores["modelo"] = f"{MARCAS.get(datos['fabricante'].lower(), datos['fabricante'])} {datos['modelo']}"
    if datos.get("procesador"):
        valores["procesador"] = datos["procesador"][:120]
    if datos.get("ram_mb"):
        valores["ram_gb"] = str(min(max(round(datos["ram_mb"] / 1024), 1), 32767))
    if datos.get("almacenamiento_gb"):
        valores["almacenamiento_gb"] = str(datos["almacenamiento_gb"])
    if datos.get("so_completo"):
        valores["sistema_operativo"] = datos["so_completo"][:80]
    if _corto(datos.get("nombre")):
        valores["hostname"] = _corto(datos["nombre"])
    return valores


def _actual(equipo, campo):
    if campo == "modelo":
        return str(equipo.modelo) if equipo.modelo_id else ""
    valor = getattr(equipo, campo)
    return "" if valor is None else str(valor)


def aplicar_a_equipo(equipo, datos, motivo, ahora=None):
    """Escribe en el equipo lo reportado, salvo los campos bloqueados. Devuelve la lista de campos bloqueados."""
    ahora = ahora or timezone.now()
    registros = {c.campo: c for c in CampoAgente.objects.filter(equipo=equipo)}
    cambios, bloqueados, nuevos = [], [], []
    for campo, valor in _valores_equipo(datos).items():
        registro = registros.get(campo)
        if registro is None:
            registro = CampoAgente(equipo=equipo, campo=campo)
            nuevos.append(registro)
        actual = _actual(equipo, campo)
        registro.valor = valor[:255]
        libre = actual == "" or actual == valor or (registro.escrito is not None and actual == registro.escrito)
        if not libre:
            registro.bloqueado = True
            bloqueados.append(campo)
            continue
        registro.bloqueado = False
        if actual != valor:
            if campo == "modelo":
                modelo = _marca_modelo(datos["fabricante"], datos["modelo"], equipo.tipo_id)
                if modelo is None:
                    registro.escrito = registro.escrito or None
                    continue
                equipo.modelo = modelo
            else:
                setattr(equipo, campo, int(valor) if campo in ("ram_gb", "almacenamiento_gb") else valor)
            cambios.append(campo)
        registro.escrito = valor[:255]
    equipo.ultima_vez_visto = ahora
    if cambios:
        equipo._change_reason = f"{motivo}: {', '.join(cambios)}"[:100]
        equipo.save()
    else:
        Equipo.objects.filter(pk=equipo.pk).update(ultima_vez_visto=ahora)
    CampoAgente.objects.bulk_create(nuevos)
    existentes = [r for r in registros.values() if r.pk]
    if existentes:
        CampoAgente.objects.bulk_update(existentes, ["valor", "escrito", "bloqueado"])
    return bloqueados


@transaction.atomic
def usar_valor_del_agente(equipo, campo, usuario):
    """Desbloquea un campo: escribe en el equipo el valor que reportó el agente (queda en el historial)."""
    registro = CampoAgente.objects.select_for_update().filter(equipo=equipo, campo=campo, bloqueado=True).first()
    if registro is None:
        raise ValueError("Ese campo no está bloqueado.")
    if campo == "modelo":
        agente = Agente.objects.filter(equipo=equipo).order_by("-ultimo_contacto").first()
        datos = agente.reporte if agente else {}
        modelo = (_marca_modelo(datos["fabricante"], datos["modelo"], equipo.tipo_id)
                  if datos.get("fabricante") and datos.get("modelo") else None)
        if modelo is None:
            raise ValueError("El modelo que reportó el agente es de otro tipo de equipo: cámbielo a mano.")
        equipo.modelo = modelo
    elif campo in ("ram_gb", "almacenamiento_gb"):
        setattr(equipo, campo, int(registro.valor))
    else:
        setattr(equipo, campo, registro.valor)
    equipo._history_user = usuario
    equipo._change_reason = f"Se aceptó el valor del agente ({campo})"[:100]
    equipo.save()
    registro.escrito, registro.bloqueado = registro.valor, False
    registro.save(update_fields=["escrito", "bloqueado", "actualizado"])


def _interfaces(equipo, interfaces, motivo, agente):
    if not interfaces:
        return
    existentes = {i.mac: i for i in InterfazRed.objects.filter(mac__in=[i["mac"] for i in interfaces])}
    for datos in interfaces:
        interfaz = existentes.get(datos["mac"])
        if interfaz is None:
            interfaz = InterfazRed(equipo=equipo, nombre=datos["nombre"], mac=datos["mac"], ip=datos["ip"] or None)
        elif interfaz.equipo_id != equipo.pk:
            _revision_unica(TipoRevision.MAC_DUPLICADA, equipo=equipo, agente=agente, mac=datos["mac"], datos={
                "detalle": f"El agente de {equipo.numero_inventario} reporta la MAC {datos['mac']}, "
                           f"registrada en otro equipo (id {interfaz.equipo_id}).",
                "equipos": [equipo.pk, interfaz.equipo_id]})
            continue
        elif not datos["ip"] or interfaz.ip == datos["ip"]:
            continue
        else:
            interfaz.ip = datos["ip"]
        interfaz._change_reason = motivo[:100]
        interfaz.save()


def _filtrar_nombres(nombres):
    return Software.objects.filter(nombre__in=nombres).only("pk", "nombre", "editor", "version")


def reemplazar_software(equipo, programas):
    """Deja en el equipo exactamente `programas` [(nombre, editor, versión)], en consultas fijas."""
    claves = {tuple(p) for p in programas}
    nombres = {p[0] for p in claves}
    conocidos = {}
    if nombres:
        for s in _filtrar_nombres(nombres):
            conocidos[(s.nombre, s.editor, s.version)] = s.pk
    faltan = [{"nombre": n, "editor": e, "version": v} for (n, e, v) in claves if (n, e, v) not in conocidos]
    if faltan:
        bloques.insertar(Software, faltan, ignorar_conflictos=True)
        for s in _filtrar_nombres({f["nombre"] for f in faltan}):
            conocidos[(s.nombre, s.editor, s.version)] = s.pk
    deseados = {conocidos[c] for c in claves if c in conocidos}
    actuales = set(InstalacionSoftware.objects.filter(equipo=equipo).values_list("software_id", flat=True))
    sobran = actuales - deseados
    if sobran:
        InstalacionSoftware.objects.filter(equipo=equipo, software_id__in=sobran).delete()
    bloques.insertar(InstalacionSoftware, [{"equipo_id": equipo.pk, "software_id": pk} for pk in deseados - actuales],
                     ignorar_conflictos=True)
    return len(deseados)


def _revision_unica(tipo, *, equipo=None, agente=None, mac="", ip=None, hostname="", datos=None):
    pendiente = Revision.objects.pendientes().filter(tipo=tipo, equipo=equipo, agente=agente, mac=mac).first()
    if pendiente:
        pendiente.datos, pendiente.ip, pendiente.hostname = datos or {}, ip, hostname
        pendiente.save(update_fields=["datos", "ip", "hostname"])
        return pendiente
    return Revision.objects.create(tipo=tipo, equipo=equipo, agente=agente, mac=mac, ip=ip, hostname=hostname,
                                   datos=datos or {})


def _dependencia_para(credencial, ip):
    if credencial is not None and credencial.dependencia_id:
        return credencial.dependencia
    if ip:
        direccion = ipaddress.ip_address(ip)
        for segmento in Segmento.objects.exclude(dependencia=None).select_related("dependencia"):
            if direccion.version == 4 and direccion in segmento.red:
                return segmento.dependencia
    dependencia = Dependencia.objects.filter(nombre=DEPENDENCIA_POR_OMISION).first()
    return dependencia or Dependencia.objects.create(nombre=DEPENDENCIA_POR_OMISION, siglas="DIG")


def alta_automatica(agente, datos, motivo):
    tipo = TipoEquipo.objects.filter(nombre="PC de escritorio").first() or TipoEquipo.objects.first()
    dependencia = _dependencia_para(agente.credencial, agente.ip_origen)
    equipo = Equipo(numero_inventario=f"AGT-{agente.pk:06d}", tipo=tipo, dependencia=dependencia,
                    origen=Origen.AGENTE, notas="Alta automática por el agente de inventario: asigne el número "
                                                "de inventario definitivo y el resguardante.")
    equipo._change_reason = f"Alta automática ({motivo})"[:100]
    equipo.save()
    MovimientoResguardo.objects.create(equipo=equipo, tipo=MovimientoResguardo.Tipo.ALTA,
                                       fecha=timezone.localdate(), dependencia_nueva=dependencia,
                                       motivo=f"Alta automática por el agente de inventario ({agente.deviceid})")
    return equipo


def motivo_de(tipo):
    return "Agente GLPI" if tipo == TipoAgente.GLPI else "Agente FusionInventory"


CAMPOS_AGENTE = ["nombre", "uuid", "usuario", "so_nombre", "so_version", "so_completo", "arquitectura",
                 "procesador", "nucleos", "ram_mb", "discos", "interfaces"]


def _datos_a_agente(agente, datos):
    for campo in CAMPOS_AGENTE:
        if campo in datos and datos[campo] is not None:
            setattr(agente, campo, datos[campo])
    if "serie" in datos:
        agente.numero_serie = datos["serie"]
    if "software" in datos:
        agente.num_software = len(datos["software"])


def _aplicar(agente, equipo, datos, ahora):
    motivo = motivo_de(agente.tipo)
    aplicar_a_equipo(equipo, datos, motivo, ahora)
    _interfaces(equipo, datos.get("interfaces"), motivo, agente)
    if "software" in datos:
        reemplazar_software(equipo, datos["software"])


@transaction.atomic
def registrar_contacto(deviceid, tipo, credencial, ip, version=""):
    ahora = timezone.now()
    agente, creado = Agente.objects.get_or_create(deviceid=deviceid[:255], defaults={
        "tipo": tipo, "credencial": credencial, "ip_origen": ip, "version_agente": version[:80],
        "primer_contacto": ahora, "ultimo_contacto": ahora})
    if not creado:
        Agente.objects.filter(pk=agente.pk).update(ultimo_contacto=ahora, ip_origen=ip,
                                                   credencial=credencial or agente.credencial)
    return agente


@transaction.atomic
def registrar_inventario(deviceid, tipo, contenido, *, parcial=False, credencial=None, ip=None, version=""):
    """Guarda el reporte del agente y lo aplica a su equipo. Devuelve (agente, equipo o None, cómo se cotejó)."""
    ahora = timezone.now()
    datos = normalizar_reporte(contenido)
    agente = Agente.objects.select_for_update().filter(deviceid=deviceid[:255]).first()
    if agente is None:
        agente = Agente(deviceid=deviceid[:255], tipo=tipo, primer_contacto=ahora)
    agente.tipo = tipo
    agente.credencial = credencial or agente.credencial
    agente.ip_origen = ip
    agente.version_agente = (version or agente.version_agente)[:80]
    agente.ultimo_contacto = agente.ultimo_inventario = ahora
    _datos_a_agente(agente, datos)
    agente.reporte = {**agente.reporte, **datos} if parcial else datos
    agente.save()
    equipo, como = buscar_equipo(agente, datos)
    if equipo is None and not parcial and getattr(settings, "SIGMA_AGENTES_ALTA_AUTOMATICA", False):
        equipo, como = alta_automatica(agente, datos, motivo_de(tipo)), "alta"
    if equipo is None:
        macs = [i["mac"] for i in datos.get("interfaces", [])]
        _revision_unica(TipoRevision.AGENTE_DESCONOCIDO, agente=agente, ip=ip, hostname=agente.nombre[:255],
                        mac=macs[0] if macs else "", datos={
                            "serie": agente.numero_serie, "modelo": f"{datos.get('fabricante', '')} "
                            f"{datos.get('modelo', '')}".strip(), "so": agente.so_completo, "macs": macs,
                            "usuario": agente.usuario})
        return agente, None, ""
    if agente.equipo_id != equipo.pk:
        agente.equipo = equipo
        agente.save(update_fields=["equipo"])
    _aplicar(agente, equipo, agente.reporte if not parcial else datos, ahora)
    return agente, equipo, como


@transaction.atomic
def aplicar_reporte_guardado(agente, equipo):
    """Vincula un agente a un equipo recién registrado y le aplica su último reporte."""
    agente.equipo = equipo
    agente.save(update_fields=["equipo"])
    Revision.objects.pendientes().filter(agente=agente, tipo=TipoRevision.AGENTE_DESCONOCIDO).update(
        estado=EstadoRevision.ACEPTADA, resuelta=timezone.now(), equipo=equipo)
    _aplicar(agente, equipo, agente.reporte or {}, timezone.now())
