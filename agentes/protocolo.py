"""Lectura de lo que POSTean los agentes: tamaño, compresión, formato (XML de OCS/FusionInventory o JSON de
GLPI Agent) y respuestas en el formato de cada protocolo.

- Límite de tamaño antes (cuerpo comprimido) y después de descomprimir (SIGMA_AGENTES_MAX_MB), leyendo
  por partes: una bomba zip no llega a ocupar memoria.
- XML con defusedxml y DTD prohibidas: una bomba XML (billion laughs) es un 400.
- Tipos aceptados: application/x-compress-zlib (OCS y GLPI), application/x-compress-gzip,
  application/json, application/xml y text/xml; también Content-Encoding gzip/deflate. Otro tipo: 415.
- Respuestas: OCS → XML <REPLY> comprimido con zlib; GLPI → JSON, con la misma compresión que la petición.
  Los errores de JSON son {"status": "error", "message": …}; los de OCS, <REPLY><ERROR>…</ERROR></REPLY>.
"""
from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.http import HttpResponse

ZLIB = {"application/x-compress-zlib", "application/x-zlib", "application/zlib"}
GZIP = {"application/x-compress-gzip", "application/gzip", "application/x-gzip"}
PLANOS = {"application/json", "application/xml", "text/xml", "text/plain"}
TIPOS_ACEPTADOS = ZLIB | GZIP | PLANOS


class ErrorProtocolo(Exception):
    def __init__(self, mensaje, status=400, formato="json"):
        super().__init__(mensaje)
        self.status = status
        self.formato = formato  # el error se responde en XML (OCS) si el cuerpo era XML


@dataclass
class Mensaje:
    formato: str  # "xml" (OCS/FusionInventory) o "json" (GLPI Agent)
    compresion: str  # "", "zlib" o "gzip"
    accion: str  # prolog, inventory, contact
    deviceid: str
    contenido: dict = field(default_factory=dict)
    parcial: bool = False
    version: str = ""


def limite_bytes():
    return int(getattr(settings, "SIGMA_AGENTES_MAX_MB", 20)) * 1024 * 1024


def _demasiado_grande(limite):
    return ErrorProtocolo(f"El reporte excede el límite de {limite // (1024 * 1024)} MB "
                          "(ajuste SIGMA_AGENTES_MAX_MB si es legítimo).", 413)


def leer_cuerpo(request, limite):
    try:
        declarado = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ErrorProtocolo("Content-Length inválido.") from None
    if declarado > limite:
        raise _demasiado_grande(limite)
    datos = request.read(limite + 1)
    if len(datos) > limite:
        raise _demasiado_grande(limite)
    if not datos:
        raise ErrorProtocolo("La petición llegó sin cuerpo.")
    return datos


def tipo_de(request):
    return (request.META.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()


def compresion_de(request):
    tipo = tipo_de(request)
    codificacion = (request.META.get("HTTP_CONTENT_ENCODING") or "").strip().lower()
    if tipo not in TIPOS_ACEPTADOS:
        raise ErrorProtocolo(
            f"Tipo de contenido no admitido: «{tipo or 'ninguno'}». Use application/x-compress-zlib, "
            "application/x-compress-gzip, application/json o application/xml.", 415)
    if tipo in GZIP or codificacion in ("gzip", "x-gzip"):
        return "gzip"
    if tipo in ZLIB or codificacion == "deflate":
        return "zlib"
    if codificacion and codificacion != "identity":
        raise ErrorProtocolo(f"Content-Encoding no admitido: «{codificacion}».", 415)
    return ""


def descomprimir(datos, compresion, limite):
    if not compresion:
        return datos
    descompresor = zlib.decompressobj(31 if compresion == "gzip" else 15)
    try:
        salida = descompresor.decompress(datos, limite + 1)
    except zlib.error as exc:
        raise ErrorProtocolo(f"El cuerpo no es {compresion} válido: {exc}.") from None
    if len(salida) > limite or descompresor.unconsumed_tail:
        raise _demasiado_grande(limite)
    if not descompresor.eof:
        raise ErrorProtocolo(f"El cuerpo {compresion} está incompleto (truncado).")
    return salida


def _xml_a_dict(elemento):
    """<A><B>1</B><B>2</B><C>x</C></A> → {"b": ["1", "2"], "c": "x"}; claves en minúsculas."""
    resultado = {}
    for hijo in elemento:
        clave = hijo.tag.lower()
        valor = _xml_a_dict(hijo) if len(hijo) else (hijo.text or "").strip()
        if clave in resultado:
            if not isinstance(resultado[clave], list):
                resultado[clave] = [resultado[clave]]
            resultado[clave].append(valor)
        else:
            resultado[clave] = valor
    return resultado


def _texto(valor):
    return valor.strip() if isinstance(valor, str) else ""


def analizar(datos, compresion):
    inicio = datos.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if inicio == b"<":
        try:
            raiz = fromstring(datos, forbid_dtd=True)
        except DefusedXmlException:
            raise ErrorProtocolo("XML rechazado: trae DTD o entidades (posible bomba XML).", formato="xml") from None
        except (ParseError, ValueError) as exc:
            raise ErrorProtocolo(f"XML mal formado: {exc}.", formato="xml") from None
        if raiz.tag != "REQUEST":
            raise ErrorProtocolo("XML sin el elemento REQUEST del protocolo OCS.", formato="xml")
        cuerpo = _xml_a_dict(raiz)
        consulta = _texto(cuerpo.get("query")).upper()
        if consulta not in ("PROLOG", "INVENTORY"):
            raise ErrorProtocolo(f"Consulta OCS no soportada: «{consulta or 'vacía'}».", formato="xml")
        contenido = cuerpo.get("content") if isinstance(cuerpo.get("content"), dict) else {}
        if consulta == "INVENTORY" and not contenido:
            raise ErrorProtocolo("El inventario llegó sin CONTENT.", formato="xml")
        version = _texto(contenido.get("versionclient")) if contenido else ""
        return Mensaje("xml", compresion, consulta.lower(), _texto(cuerpo.get("deviceid")), contenido,
                       version=version)
    if inicio == b"{":
        try:
            cuerpo = json.loads(datos)
        except (ValueError, RecursionError) as exc:
            raise ErrorProtocolo(f"JSON mal formado: {exc}.") from None
        if not isinstance(cuerpo, dict):
            raise ErrorProtocolo("El JSON debe ser un objeto.")
        accion = _texto(cuerpo.get("action")).lower()
        if accion not in ("contact", "inventory", "prolog"):
            raise ErrorProtocolo(f"Acción no soportada: «{accion or 'ninguna'}».")
        contenido = cuerpo.get("content")
        if accion == "inventory" and not isinstance(contenido, dict):
            raise ErrorProtocolo("El inventario llegó sin «content» (un objeto).")
        return Mensaje("json", compresion, accion, _texto(cuerpo.get("deviceid")),
                       contenido if isinstance(contenido, dict) else {}, parcial=cuerpo.get("partial") is True,
                       version=_texto(cuerpo.get("version")))
    raise ErrorProtocolo("El cuerpo no es XML (OCS) ni JSON (GLPI).")


def leer(request):
    limite = limite_bytes()
    compresion = compresion_de(request)
    datos = leer_cuerpo(request, limite)
    return analizar(descomprimir(datos, compresion, limite), compresion)


# -- Respuestas --------------------------------------------------------------------------------

TIPO_DE_COMPRESION = {"zlib": "application/x-compress-zlib", "gzip": "application/x-compress-gzip"}


def _comprimir(datos, compresion):
    if compresion == "gzip":
        return gzip.compress(datos)
    if compresion == "zlib":
        return zlib.compress(datos)
    return datos


def respuesta_xml(cuerpo, status=200):
    texto = f'<?xml version="1.0" encoding="UTF-8"?>\n<REPLY>{cuerpo}</REPLY>'.encode()
    return HttpResponse(zlib.compress(texto), status=status, content_type="application/x-compress-zlib")


def respuesta_json(datos, compresion="", status=200):
    texto = json.dumps(datos, ensure_ascii=False).encode()
    tipo = TIPO_DE_COMPRESION.get(compresion, "application/json")
    return HttpResponse(_comprimir(texto, compresion), status=status, content_type=tipo)


def _escapar(texto):
    return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def respuesta_error(mensaje, status, formato="json", compresion=""):
    if formato == "xml":
        return respuesta_xml(f"<ERROR>{_escapar(mensaje)}</ERROR>", status=status)
    return respuesta_json({"status": "error", "message": mensaje}, compresion, status=status)
