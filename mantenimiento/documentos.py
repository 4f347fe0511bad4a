"""Reporte de servicio en PDF de una orden completada (WeasyPrint, con el encabezado municipal de inventario)."""
import base64

from inventario.documentos import _pdf, descripcion


def firma_data_uri(orden):
    if not orden.firma_png:
        return None
    return "data:image/png;base64," + base64.b64encode(bytes(orden.firma_png)).decode("ascii")


def reporte_servicio(orden) -> bytes:
    resultados = list(orden.resultados.select_related("item"))
    refacciones = list(orden.refacciones.all())
    firma = firma_data_uri(orden)
    return _pdf("mantenimiento/pdf/reporte.html", {
        "orden": orden,
        "equipo": orden.equipo,
        "descripcion_equipo": descripcion(orden.equipo),
        "resultados": resultados,
        "fallas": [r for r in resultados if r.resultado == "falla"],
        "refacciones": refacciones,
        "total_refacciones": sum((r.importe for r in refacciones), 0),
        "firma": firma,
        "folio": orden.folio,
        "fecha": orden.fecha_cierre,
    })
