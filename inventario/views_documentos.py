"""Vistas de los documentos imprimibles (resguardo, acta de transferencia, etiquetas) y la ficha del empleado."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from comun.models import Empleado
from comun.roles import requiere_permiso

from . import documentos
from .filters import EquipoFilter, ordenar
from .models import Equipo, MovimientoResguardo

MAX_ETIQUETAS = 600
PARAMETROS_FILTRO = ("q", "tipo", "estado", "condicion", "dependencia", "sistema_operativo", "edad")


def _respuesta_pdf(contenido, nombre):
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'inline; filename="{nombre}"'
    return respuesta


def _aviso(request, titulo, mensaje, status):
    """Página de error en español con el motivo concreto (mejor que un PDF en blanco)."""
    return render(request, "inventario/aviso_documento.html", {"titulo": titulo, "mensaje": mensaje}, status=status)


@require_GET
@requiere_permiso("comun.view_empleado", "inventario.view_equipo")
def empleado(request, pk):
    empleado = get_object_or_404(Empleado.objects.select_related("dependencia"), pk=pk)
    equipos = list(documentos.equipos_en_resguardo(empleado))
    return render(request, "inventario/empleado.html", {"empleado": empleado, "equipos": equipos})


@require_GET
@requiere_permiso("comun.view_empleado", "inventario.view_equipo")
def resguardo_empleado(request, pk):
    return _resguardo(get_object_or_404(Empleado.objects.select_related("dependencia"), pk=pk))


def _resguardo(empleado):
    fecha = timezone.localdate()
    folio = documentos.folio_resguardo(empleado, fecha)
    return _respuesta_pdf(documentos.resguardo_empleado(empleado, fecha), f"{folio}.pdf")


@require_GET
@requiere_permiso("comun.view_empleado", "inventario.view_equipo")
def resguardo_equipo(request, pk):
    equipo = get_object_or_404(Equipo.objects.select_related("resguardante__dependencia"), pk=pk)
    if equipo.resguardante is None:
        return _aviso(
            request, "Sin resguardante",
            f"El equipo {equipo.numero_inventario} no tiene resguardante asignado, así que no hay resguardo que "
            "imprimir. Asígnele un resguardante con «Transferir resguardo» y vuelva a intentarlo.",
            404,
        )
    return _resguardo(equipo.resguardante)


@require_GET
@requiere_permiso("comun.view_empleado", "inventario.view_equipo", "inventario.view_movimientoresguardo")
def acta_transferencia(request, pk):
    movimiento = get_object_or_404(
        MovimientoResguardo.objects.select_related(
            "equipo__tipo", "equipo__modelo__marca", "equipo__ubicacion", "equipo__dependencia",
            "resguardante_anterior", "resguardante_nuevo", "dependencia_anterior", "dependencia_nueva",
            "registrado_por",
        ),
        pk=pk, tipo=MovimientoResguardo.Tipo.TRANSFERENCIA,
    )
    return _respuesta_pdf(documentos.acta_transferencia(movimiento), f"{documentos.folio_acta(movimiento)}.pdf")


def _ids(valores):
    ids = set()
    for valor in valores:
        try:
            ids.add(int(valor))
        except (TypeError, ValueError):
            continue  # un id mal formado se ignora
    return ids


@require_GET
@requiere_permiso("inventario.view_equipo")
def etiquetas(request):
    formato = request.GET.get("formato") or "carta"
    if formato not in documentos.FORMATOS_ETIQUETA:
        return _aviso(request, "Formato desconocido",
                      "El formato de etiqueta debe ser «carta» (hoja de 30) o «termica» (62 mm).", 400)
    seleccion = request.GET.getlist("equipo")
    base = Equipo.objects.select_related("tipo", "dependencia")
    if seleccion:
        ids = _ids(seleccion)
        if len(ids) > MAX_ETIQUETAS:
            return _demasiadas(request, len(ids))
        if not ids:
            return _sin_seleccion(request)
        consulta = base.filter(pk__in=ids).order_by("numero_inventario")
    elif any(request.GET.get(p) for p in PARAMETROS_FILTRO):
        filtro = EquipoFilter(request.GET, queryset=base)
        consulta, _ = ordenar(filtro.qs, request.GET.get("orden", "inventario"))
    else:
        return _sin_seleccion(request)
    equipos = list(consulta[:MAX_ETIQUETAS + 1])
    if len(equipos) > MAX_ETIQUETAS:
        return _demasiadas(request, consulta.count())
    if not equipos:
        if seleccion:
            raise Http404("Ninguno de los equipos seleccionados existe.")
        return _aviso(request, "Sin equipos", "Ningún equipo coincide con los filtros: no hay etiquetas que imprimir.",
                      400)
    nombre = f"etiquetas-{formato}-{len(equipos)}.pdf"
    return _respuesta_pdf(documentos.etiquetas(equipos, formato), nombre)


def _sin_seleccion(request):
    return _aviso(request, "Sin equipos seleccionados",
                  "Marque en la lista los equipos cuyas etiquetas quiere imprimir, o filtre la lista y use "
                  "«Etiquetas de lo filtrado».", 400)


def _demasiadas(request, cuantas):
    return _aviso(request, "Demasiadas etiquetas",
                  f"Se pidieron {cuantas} etiquetas y el máximo por impresión es {MAX_ETIQUETAS} "
                  f"({MAX_ETIQUETAS // documentos.POR_HOJA} hojas carta). Filtre la lista o seleccione menos equipos.",
                  400)
