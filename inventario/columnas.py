"""Columnas de las hojas de inventario: una sola definición para exportar e importar.

La exportación escribe `encabezado`; la importación reconoce el encabezado y sus `sinonimos`
comparando sin acentos, mayúsculas, puntuación ni espacios (comun.normalizacion.clave_nombre).
Lo que se exporta debe importarse sin cambios (viaje redondo).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Columna:
    clave: str  # nombre interno (campo de Equipo o dato derivado)
    encabezado: str  # como se escribe al exportar
    sinonimos: tuple = field(default_factory=tuple)  # otras formas frecuentes en hojas municipales
    ancho: int = 14  # ancho de columna al exportar (caracteres)


COLUMNAS = (
    Columna("numero_inventario", "No. Inventario",
            ("numero de inventario", "no inventario", "num inventario", "no de inventario", "inventario",
             "no inv", "num inv", "numero inv", "folio inventario", "clave patrimonial", "no patrimonial",
             "numero patrimonial", "no de control patrimonial"), 18),
    Columna("tipo", "Tipo", ("tipo de equipo", "equipo", "descripcion", "tipo de bien", "clase"), 18),
    Columna("marca", "Marca", ("fabricante",), 14),
    Columna("modelo", "Modelo", ("mod",), 22),
    Columna("numero_serie", "No. de Serie",
            ("numero de serie", "no serie", "num serie", "serie", "serial", "n s", "ns", "s n"), 18),
    Columna("estado", "Estado", ("estatus", "status", "situacion", "estado administrativo"), 14),
    Columna("condicion", "Condición", ("condicion fisica", "estado fisico", "condiciones"), 12),
    Columna("dependencia", "Dependencia",
            ("area", "departamento", "direccion", "unidad administrativa", "adscripcion", "dependencia area"), 36),
    Columna("ubicacion", "Ubicación", ("area ubicacion", "lugar", "oficina", "ubicacion fisica"), 30),
    Columna("resguardante", "Resguardante",
            ("responsable", "usuario", "nombre del resguardante", "resguardo", "asignado a", "custodio"), 28),
    Columna("numero_empleado", "No. Empleado",
            ("numero de empleado", "no de empleado", "num empleado", "no empleado resguardante", "nomina"), 14),
    Columna("fecha_adquisicion", "Fecha de adquisición",
            ("fecha adquisicion", "fecha de compra", "fecha compra", "adquisicion", "ano de adquisicion",
             "año de adquisicion", "ano", "fecha"), 14),
    Columna("costo", "Costo",
            ("costo de adquisicion", "valor", "importe", "precio", "monto", "valor de adquisicion"), 14),
    Columna("proveedor", "Proveedor", ("vendedor",), 24),
    Columna("factura", "Factura", ("no factura", "no de factura", "numero de factura", "folio factura"), 14),
    Columna("garantia_hasta", "Fin de garantía", ("garantia", "vigencia garantia", "garantia hasta"), 14),
    Columna("procesador", "Procesador", ("cpu modelo", "micro", "microprocesador"), 24),
    Columna("ram_gb", "RAM (GB)", ("ram", "memoria", "memoria ram"), 10),
    Columna("almacenamiento_gb", "Almacenamiento (GB)",
            ("disco duro", "disco", "almacenamiento", "hdd", "ssd", "capacidad disco"), 12),
    Columna("sistema_operativo", "Sistema operativo", ("so", "s o", "sistema"), 22),
    Columna("hostname", "Hostname", ("nombre de equipo", "nombre del equipo", "host", "nombre de red"), 18),
    Columna("mac", "Dirección MAC", ("mac", "direccion fisica", "mac address", "macs"), 20),
    Columna("ip", "Dirección IP", ("ip", "direccion ip", "ips"), 16),
    Columna("notas", "Notas", ("observaciones", "comentarios", "obs"), 30),
)

POR_CLAVE = {c.clave: c for c in COLUMNAS}

# Varias MAC o IP en una celda se separan con «; » al exportar (la importación acepta también , y saltos).
SEPARADOR_MULTIPLE = "; "
