"""Diagramas de flujo de los servicios del manual, como SVG generado en el servidor (sin JavaScript).

El manual traía una imagen por servicio y se perdieron; aquí se dibuja el flujo que SIGMA ejecuta de verdad:
- los estados y las flechas salen de ``soporte.choices.TRANSICIONES`` (si se agrega una transición, aparece);
- dónde termina el compromiso inicial sale de ``soporte.sla._FIN_INICIAL`` y del ``reloj_inicial`` del servicio;
  «en espera» detiene el reloj porque no está en ``CORRE``;
- los pasos propios de cada servicio salen de sus campos (resolución por unidad, fecha acordada, fases) y de lo
  que hacen mantenimiento y credenciales al reaccionar a la solicitud.

Trazado por capas: rango = camino más largo desde «nueva» sin las aristas de retroceso (DFS); las flechas entre
capas vecinas van rectas, las que saltan capas por el canal izquierdo, las de retroceso por el derecho y
«cancelada» va en una columna lateral (se llega a ella desde casi todos los estados).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from credenciales.choices import SERVICIO as SERVICIO_CREDENCIALES
from mantenimiento.enlace_soporte import DIAS_HABILES_A_DEMANDA, SERVICIO_PREVENTIVO
from soporte import sla
from soporte.choices import CORRE, TRANSICIONES, Estado, Fase, TipoResolucion

LATERAL = {Estado.CANCELADA}
ANCHO, SEP_X, SEP_Y, CARRIL, LATERAL_ANCHO = 214, 16, 30, 9, 104
META = "⏱ "  # prefijo de las notas de compromiso (se pintan resaltadas, sin el símbolo)
LINEA, LINEA_SUB, MARGEN = 17, 14, 8


@dataclass
class Nodo:
    clave: str
    titulo: str
    notas: list[str] = field(default_factory=list)
    tipo: str = "estado"  # estado | entrada | lateral
    rango: int = 0
    x: float = 0
    y: float = 0
    alto: float = 0


@dataclass
class Diagrama:
    servicio: object
    nodos: dict[str, Nodo]
    aristas: list[tuple[str, str]]

    def svg(self) -> str:
        return _dibujar(self)


def _minutos(n):
    if n % 60 == 0 and n >= 60:
        horas = n // 60
        return f"{horas} h hábil{'es' if horas != 1 else ''}"
    return f"{n} min hábiles"


def _rangos(aristas):
    """Rango de cada estado: camino más largo desde «nueva» quitando las aristas de retroceso."""
    sucesores = {e: [] for e in Estado}
    for de, a in aristas:
        sucesores[Estado(de)].append(Estado(a))
    orden = list(Estado)
    for lista in sucesores.values():
        lista.sort(key=orden.index)
    adelante, visitado, pila = [], set(), set()

    def dfs(e):
        visitado.add(e)
        pila.add(e)
        for s in sucesores[e]:
            if s in pila:
                continue  # retroceso
            adelante.append((e, s))
            if s not in visitado:
                dfs(s)
        pila.discard(e)

    dfs(Estado.NUEVA)
    rango = dict.fromkeys(Estado, 0)
    for _ in Estado:  # relajación (grafo pequeño y acíclico sin los retrocesos)
        for de, a in adelante:
            rango[a] = max(rango[a], rango[de] + 1)
    return rango, set(adelante)


def notas_del_servicio(servicio) -> dict[str, list[str]]:
    """Pasos propios del servicio, por estado (lo que de verdad ocurre en SIGMA)."""
    notas: dict[str, list[str]] = {e: [] for e in Estado}
    notas[Estado.NUEVA].append("Mesa de ayuda: registro con folio y código de consulta")
    notas[Estado.ASIGNADA].append("Derivación al técnico o área que corresponde")
    fin_inicial = sla._FIN_INICIAL[servicio.reloj_inicial]
    primero = next((e for e in (Estado.ASIGNADA, Estado.EN_PROCESO, Estado.RESUELTA) if e in fin_inicial), None)
    if servicio.minutos_iniciales and primero:
        notas[primero].append(f"{META}Compromiso inicial cumplido aquí (meta {_minutos(servicio.minutos_iniciales)})")
    if Estado.EN_ESPERA not in CORRE:
        notas[Estado.EN_ESPERA].append("Del solicitante o de proveedor: el reloj se detiene")
    tipo = servicio.tipo_resolucion
    if servicio.clave == SERVICIO_PREVENTIVO:
        notas[Estado.NUEVA].append(f"Una orden de mantenimiento por equipo (vence en {DIAS_HABILES_A_DEMANDA} "
                                   "días hábiles)")
        notas[Estado.ASIGNADA].append("Las órdenes pasan al técnico asignado")
        notas[Estado.EN_PROCESO].append("Lista de verificación por equipo y conformidad del usuario")
        notas[Estado.RESUELTA].append("Al completar la última orden")
    elif servicio.clave == SERVICIO_CREDENCIALES:
        notas[Estado.EN_PROCESO].append("Lote de credenciales (empleados por número)")
        notas[Estado.EN_PROCESO].append("Impresión con código QR de verificación")
        notas[Estado.RESUELTA].append("Entrega del lote")
    elif servicio.es_asesoria:
        notas[Estado.EN_PROCESO].append("Asesoría: tema, duración y asistentes")
    elif servicio.con_fases:
        notas[Estado.EN_PROCESO].append("Fases: " + " → ".join(str(f.label).lower() for f in Fase))
        notas[Estado.EN_PROCESO].append("Hitos con fecha objetivo y avance")
    else:
        notas[Estado.EN_PROCESO].append("Diagnóstico y solución")
    if tipo == TipoResolucion.RANGO and servicio.rango_min_dias and servicio.rango_max_dias:
        notas[Estado.ASIGNADA].append(f"Fecha compromiso acordada ({servicio.rango_min_dias} a "
                                      f"{servicio.rango_max_dias} días)")
        notas[Estado.RESUELTA].append(f"{META}Compromiso: a más tardar en la fecha acordada")
    elif tipo == TipoResolucion.POR_UNIDAD and servicio.minutos_resolucion:
        notas[Estado.RESUELTA].append(f"{META}Compromiso: {servicio.minutos_resolucion} min por "
                                      f"{servicio.unidad or 'unidad'}")
    elif tipo == TipoResolucion.FIJO and servicio.minutos_resolucion:
        notas[Estado.RESUELTA].append(f"{META}Meta de resolución: {_minutos(servicio.minutos_resolucion)}")
    notas[Estado.RESUELTA].append("Encuesta de satisfacción")
    notas[Estado.REABIERTA].append("Si el problema sigue")
    return notas


def _entrada(servicio):
    texto = (servicio.requisitos or "").replace("1. Solicitud:", "").strip()
    return texto or "Solicitud por teléfono o por escrito"


def construir(servicio, transiciones=None) -> Diagrama:
    transiciones = TRANSICIONES if transiciones is None else transiciones
    aristas = sorted(((str(de), str(a)) for de, destinos in transiciones.items() for a in destinos),
                     key=lambda x: (list(Estado).index(x[0]), list(Estado).index(x[1])))
    rango, _ = _rangos(aristas)
    notas = notas_del_servicio(servicio)
    nodos = {"entrada": Nodo("entrada", "Solicitud", [_entrada(servicio)], "entrada", -1)}
    for e in Estado:
        nodos[str(e)] = Nodo(str(e), str(e.label), notas[e], "lateral" if e in LATERAL else "estado", rango[e])
    return Diagrama(servicio, nodos, [("entrada", str(Estado.NUEVA)), *aristas])


def _lineas(nodo):
    """[(renglón, es_compromiso)] de las notas del nodo, ya cortadas al ancho de la caja."""
    ancho = 14 if nodo.tipo == "lateral" else 33
    return [(renglon, nota.startswith(META)) for nota in nodo.notas
            for renglon in textwrap.wrap(nota.removeprefix(META), ancho - 4 * nota.startswith(META))]


def _dibujar(d: Diagrama) -> str:
    clave = d.servicio.clave
    centrales = [n for n in d.nodos.values() if n.tipo != "lateral"]
    laterales = [n for n in d.nodos.values() if n.tipo == "lateral"]
    filas: dict[int, list[Nodo]] = {}
    for n in centrales:
        filas.setdefault(n.rango, []).append(n)
    rangos = sorted(filas)
    fila_de = {n.clave: n.rango for n in centrales}
    # Clasificación de aristas.
    rectas, izquierda, derecha, al_lateral = [], [], [], []
    for de, a in d.aristas:
        if d.nodos[a].tipo == "lateral":
            al_lateral.append((de, a))
        elif fila_de[a] - fila_de[de] == 1:
            rectas.append((de, a))
        elif fila_de[a] > fila_de[de]:
            izquierda.append((de, a))
        else:
            derecha.append((de, a))
    # Las que saltan menos van en el carril más cercano a las cajas.
    izquierda.sort(key=lambda x: fila_de[x[1]] - fila_de[x[0]])
    derecha.sort(key=lambda x: fila_de[x[0]] - fila_de[x[1]])
    canal_izq = MARGEN + CARRIL * (len(izquierda) + 1)
    ancho_central = max(len(f) for f in filas.values()) * (ANCHO + SEP_X) - SEP_X
    canal_der = CARRIL * (len(derecha) + 1)
    x_lateral = canal_izq + ancho_central + canal_der + (16 if laterales else 0)
    total_ancho = x_lateral + (LATERAL_ANCHO if laterales else 0) + MARGEN
    # Posiciones.
    y = MARGEN
    for r in rangos:
        fila = filas[r]
        for n in fila:
            n.alto = 12 + LINEA + LINEA_SUB * len(_lineas(n)) + 6
        alto = max(n.alto for n in fila)
        ancho_fila = len(fila) * (ANCHO + SEP_X) - SEP_X
        x0 = canal_izq + (ancho_central - ancho_fila) / 2
        for i, n in enumerate(fila):
            n.x, n.y, n.alto = x0 + i * (ANCHO + SEP_X), y, alto
        y += alto + SEP_Y
    total_alto = y - SEP_Y + MARGEN
    for n in laterales:
        primera = filas[rangos[1]][0] if len(rangos) > 1 else filas[rangos[0]][0]
        n.x, n.y = x_lateral, primera.y
        n.alto = total_alto - MARGEN - n.y
    # Puertos: reparte entradas y salidas por lado.
    lados: dict[tuple[str, str], list] = {}
    for grupo, lado_de, lado_a in ((rectas, "abajo", "arriba"), (izquierda, "izq", "izq"),
                                   (derecha, "der", "der"), (al_lateral, "der", "lat")):
        for arista in grupo:
            lados.setdefault((arista[0], lado_de), []).append(arista)
            lados.setdefault((arista[1], lado_a), []).append(arista)

    def puerto(nodo_clave, lado, arista):
        n = d.nodos[nodo_clave]
        lista = lados[(nodo_clave, lado)]
        k, m = lista.index(arista) + 1, len(lista) + 1
        if lado in ("abajo", "arriba"):
            return n.x + ANCHO * k / m, n.y + (n.alto if lado == "abajo" else 0)
        if lado == "lat":
            return n.x, n.y + 20 + (n.alto - 40) * k / m
        return n.x + (0 if lado == "izq" else ANCHO), n.y + n.alto * k / m

    caminos = []
    for arista in rectas:
        (x1, y1), (x2, y2) = puerto(arista[0], "abajo", arista), puerto(arista[1], "arriba", arista)
        caminos.append((arista, f"M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}"))
    for i, arista in enumerate(izquierda):
        (x1, y1), (x2, y2) = puerto(arista[0], "izq", arista), puerto(arista[1], "izq", arista)
        xc = canal_izq - CARRIL * (i + 1)
        caminos.append((arista, f"M{x1:.0f},{y1:.0f} H{xc:.0f} V{y2:.0f} H{x2:.0f}"))
    x_der = canal_izq + ancho_central
    for i, arista in enumerate(derecha):
        (x1, y1), (x2, y2) = puerto(arista[0], "der", arista), puerto(arista[1], "der", arista)
        xc = x_der + CARRIL * (i + 1)
        caminos.append((arista, f"M{x1:.0f},{y1:.0f} H{xc:.0f} V{y2:.0f} H{x2:.0f}"))
    for arista in al_lateral:
        (x1, y1), (x2, y2) = puerto(arista[0], "der", arista), puerto(arista[1], "lat", arista)
        caminos.append((arista, f"M{x1:.0f},{y1:.0f} C{(x1 + x2) / 2:.0f},{y1:.0f} {(x1 + x2) / 2:.0f},{y2:.0f} "
                                f"{x2:.0f},{y2:.0f}"))

    titulo = f"Diagrama de flujo: {d.servicio.nombre}"
    transiciones = "; ".join(f"{d.nodos[de].titulo} → {d.nodos[a].titulo}" for de, a in d.aristas)
    descripcion = f"Flujo que sigue SIGMA para el servicio {d.servicio.nombre}. Pasos: {transiciones}."
    partes = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagrama-flujo" viewBox="0 0 {total_ancho:.0f} '
        f'{total_alto:.0f}" role="img" aria-labelledby="dg-t-{clave} dg-d-{clave}" data-servicio="{escape(clave)}"'
        f' font-family="system-ui, sans-serif">',
        f'<title id="dg-t-{clave}">{escape(titulo)}</title>',
        f'<desc id="dg-d-{clave}">{escape(descripcion)}</desc>',
        f'<defs><marker id="dg-f-{clave}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#495057"/></marker></defs>',
    ]
    for (de, a), camino in caminos:
        partes.append(
            f'<path class="arista" data-de="{de}" data-a="{a}" d="{camino}" fill="none" stroke="#495057" '
            f'stroke-width="1.4" marker-end="url(#dg-f-{clave})"><title>{escape(d.nodos[de].titulo)} → '
            f'{escape(d.nodos[a].titulo)}</title></path>')
    colores = {"entrada": ("#e7f1ff", "#0d6efd"), "estado": ("#ffffff", "#343a40"), "lateral": ("#f8f9fa", "#6c757d")}
    for n in d.nodos.values():
        relleno, borde = colores[n.tipo]
        ancho = LATERAL_ANCHO if n.tipo == "lateral" else ANCHO
        cx = n.x + ancho / 2
        partes.append(f'<g class="nodo" data-estado="{n.clave}">'
                      f'<rect x="{n.x:.0f}" y="{n.y:.0f}" width="{ancho}" height="{n.alto:.0f}" rx="8" '
                      f'fill="{relleno}" stroke="{borde}" stroke-width="1.5"/>')
        y_texto = n.y + 12 + LINEA - 4 if n.tipo != "lateral" else n.y + n.alto / 2
        partes.append(f'<text x="{cx:.0f}" y="{y_texto:.0f}" text-anchor="middle" font-size="15" font-weight="600"'
                      f' fill="#212529">{escape(n.titulo)}</text>')
        for i, (renglon, meta) in enumerate(_lineas(n)):
            estilo = 'font-weight="600" fill="#0a58ca"' if meta else 'fill="#495057"'
            partes.append(f'<text x="{cx:.0f}" y="{y_texto + LINEA_SUB * (i + 1) + 2:.0f}" text-anchor="middle" '
                          f'font-size="12" {estilo}>{escape(renglon)}</text>')
        partes.append("</g>")
    partes.append("</svg>")
    return "".join(partes)


def svg_de(servicio) -> str:
    return construir(servicio).svg()
