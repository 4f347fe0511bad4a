"""Datos de demostración de agentes: dos segmentos, un escaneo terminado en cada uno (con su cola de revisión)
y agentes con sistema operativo y software en unas 60 PC.

Nada aquí abre conexiones: los segmentos de la demo quedan inactivos y sin programación, así que nunca se
escanean (ni a mano ni por la tarea programada); los hosts del escaneo se arman con las interfaces que la demo
de inventario ya creó (192.168.x.y, solo datos) más unos dispositivos «desconocidos».
Idempotente: un segmento que ya tiene escaneo y un agente que ya existe no se vuelven a crear.
"""
import random
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from comun import demo
from inventario.models import Equipo, InterfazRed

from .choices import EstadoEscaneo, Perfil, TipoAgente
from .conciliacion import conciliar
from .escaner import Host
from .ingesta import reemplazar_software
from .models import Agente, Escaneo, Segmento

SISTEMAS = [
    ("Microsoft Windows 10 Pro", "Windows", "10.0.19045", 45),
    ("Microsoft Windows 11 Pro", "Windows", "10.0.22631", 25),
    ("Microsoft Windows 7 Professional", "Windows", "6.1.7601", 15),
    ("Microsoft Windows 8.1 Pro", "Windows", "6.3.9600", 5),
    ("Ubuntu 22.04.4 LTS", "Ubuntu", "22.04", 10),
]
PROGRAMAS = [
    ("Microsoft Office Professional Plus 2016", "Microsoft Corporation", "16.0.4266.1001"),
    ("Microsoft Office LTSC Professional Plus 2021", "Microsoft Corporation", "16.0.14332.20447"),
    ("Google Chrome", "Google LLC", "124.0.6367.91"),
    ("Mozilla Firefox (x64 es-MX)", "Mozilla", "125.0.3"),
    ("Adobe Acrobat Reader DC - Español", "Adobe Systems Incorporated", "24.002.20687"),
    ("CONTPAQi Contabilidad", "CONTPAQi", "16.2.1"),
    ("AutoCAD 2018 - Español", "Autodesk", "22.0.49.0"),
    ("ESET Endpoint Antivirus", "ESET, spol. s r.o.", "10.1.2046.0"),
    ("AnyDesk", "philandro Software GmbH", "8.0.9"),
    ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01"),
    ("WinRAR 5.91 (64-bit)", "win.rar GmbH", "5.91.0"),
    ("LibreOffice 7.6.4.1", "The Document Foundation", "7.6.4.1"),
    ("Zoom Workplace", "Zoom Video Communications, Inc.", "6.0.2"),
    ("SIIAM Ingresos (cliente)", "Gobierno del Estado de Jalisco", "3.4"),
]


def _subredes_mas_usadas(cantidad):
    conteo = Counter(ip.rsplit(".", 1)[0] for ip in InterfazRed.objects.exclude(ip=None).values_list("ip", flat=True)
                     if ip.startswith("192.168."))
    return [prefijo for prefijo, _ in sorted(conteo.items(), key=lambda p: (-p[1], p[0]))[:cantidad]]


@demo.registrar("Agentes y red", orden=60)
@transaction.atomic
def generar(semilla=2026):
    rng = random.Random(f"agentes-{semilla}")
    creados = {"Segmentos de red": 0, "Escaneos": 0, "Revisiones": 0, "Agentes": 0}
    ahora = timezone.now()
    for n, prefijo in enumerate(_subredes_mas_usadas(2)):
        interfaces = list(InterfazRed.objects.filter(ip__startswith=prefijo + ".").exclude(mac=None)
                          .select_related("equipo__dependencia").order_by("ip"))
        dependencia = Counter(i.equipo.dependencia for i in interfaces).most_common(1)[0][0] if interfaces else None
        segmento, nuevo = Segmento.objects.get_or_create(
            cidr=f"{prefijo}.0/24",
            defaults={"nombre": f"Demo: {dependencia or prefijo}"[:80], "dependencia": dependencia,
                      "perfil": Perfil.DETALLADO if n else Perfil.DESCUBRIMIENTO, "intervalo_horas": 0,
                      "activo": False},
        )
        creados["Segmentos de red"] += int(nuevo)
        if segmento.escaneos.exists():
            continue
        inicio = ahora - timedelta(days=1, minutes=7 * n)
        escaneo = Escaneo.objects.create(
            segmento=segmento, perfil=segmento.perfil, estado=EstadoEscaneo.COMPLETADO, creado=inicio, inicio=inicio,
            fin=inicio + timedelta(seconds=rng.randint(4, 40)), progreso=100,
            comando=f"nmap {'-O --osscan-limit --top-ports 100' if n else '-sn'} -T4 --system-dns {segmento.cidr}",
        )
        vistos = [i for i in interfaces if rng.random() < 0.8]
        hosts = [Host(ip=i.ip if rng.random() < 0.9 else f"{prefijo}.{rng.randint(200, 250)}", mac=i.mac,
                      hostname=i.equipo.hostname if rng.random() < 0.7 else "") for i in vistos]
        usadas = {h.ip for h in hosts}
        for k in range(4):
            ip = f"{prefijo}.{240 + k}"
            if ip not in usadas:
                hosts.append(Host(ip=ip, mac=f"3c:52:82:{n:02x}:{k:02x}:{rng.randint(0, 255):02x}",
                                  fabricante="HP Inc.", puertos=[{"puerto": 9100, "protocolo": "tcp",
                                                                  "servicio": "jetdirect"}] if n else []))
        resumen = conciliar(escaneo, hosts, ahora=escaneo.fin)
        Escaneo.objects.filter(pk=escaneo.pk).update(hosts_activos=len(hosts), resumen=resumen)
        creados["Escaneos"] += 1
        creados["Revisiones"] += sum(v for k, v in resumen.items() if k.startswith("revision_"))
    equipos = list(Equipo.objects.filter(tipo__categoria="computo", interfaces__isnull=False).distinct()
                   .select_related("resguardante")
                   .order_by("numero_inventario")[:60])
    existentes = set(Agente.objects.filter(equipo__in=equipos).values_list("equipo_id", flat=True))
    for equipo in equipos:
        if equipo.pk in existentes:
            continue
        so, nombre, version, _ = rng.choices(SISTEMAS, weights=[s[3] for s in SISTEMAS])[0]
        Agente.objects.create(
            deviceid=f"{equipo.hostname or equipo.numero_inventario.lower()}-demo", tipo=rng.choice(TipoAgente.values),
            equipo=equipo, nombre=equipo.hostname, so_nombre=nombre, so_version=version, so_completo=so,
            usuario=equipo.resguardante.nombre.split()[0].lower() if equipo.resguardante_id else "",
            procesador=equipo.procesador, ultimo_inventario=ahora - timedelta(hours=rng.randint(1, 200)),
            num_software=0,
        )
        programas = [p for p in PROGRAMAS if rng.random() < 0.5] or PROGRAMAS[:2]
        Agente.objects.filter(equipo=equipo).update(num_software=reemplazar_software(equipo, programas))
        creados["Agentes"] += 1
    return creados
