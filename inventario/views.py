from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from comun.roles import requiere_permiso

from . import services
from .filters import EquipoFilter, ordenar
from .forms import BajaForm, EquipoForm, InterfacesFormSet, TransferenciaForm
from .models import Equipo
from .selectors import historial_equipo

POR_PAGINA = 50


@requiere_permiso("inventario.view_equipo")
def lista(request):
    filtro = EquipoFilter(request.GET, queryset=Equipo.objects.para_lista())
    consulta, orden = ordenar(filtro.qs, request.GET.get("orden", "inventario"))
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    sin_orden = parametros.copy()
    sin_orden.pop("orden", None)
    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "orden": orden,
        "qs_pagina": parametros.urlencode(),
        "qs_orden": sin_orden.urlencode(),
        "hay_filtros": any(v for k, v in request.GET.items() if k not in ("pagina", "orden")),
        "filtros_activos": sum(1 for k, v in request.GET.items() if v and k not in ("pagina", "orden", "q")),
    }
    plantilla = "inventario/_resultados.html" if request.headers.get("HX-Request") else "inventario/lista.html"
    return render(request, plantilla, contexto)


@requiere_permiso("inventario.view_equipo")
def detalle(request, pk):
    equipo = get_object_or_404(Equipo.objects.para_lista().select_related("ubicacion", "modelo__tipo"), pk=pk)
    return render(request, "inventario/detalle.html", {
        "equipo": equipo,
        "interfaces": equipo.interfaces.all(),
        "movimientos": equipo.movimientos.select_related(
            "resguardante_anterior", "resguardante_nuevo", "dependencia_anterior", "dependencia_nueva",
            "registrado_por",
        ),
        "historial": historial_equipo(equipo),
        "importaciones": equipo.importaciones.select_related("importacion").order_by("-importacion__creado"),
    })


def _guardar(request, equipo, plantilla, accion, mensaje):
    form = EquipoForm(request.POST or None, instance=equipo)
    formset = InterfacesFormSet(request.POST or None, instance=equipo, prefix="interfaces")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                equipo = accion(form, formset, request.user)
            except IntegrityError:
                # Dos personas guardaron el mismo número o MAC a la vez: se avisa, no se escribe nada.
                form.add_error(None, "Otro usuario registró ese número de inventario o MAC hace un momento. "
                                     "Revise los datos y vuelva a intentarlo.")
            else:
                messages.success(request, mensaje.format(equipo=equipo))
                return redirect(equipo)
        messages.error(request, "Revise los campos marcados: el equipo no se guardó.")
    status = 400 if request.method == "POST" else 200
    return render(request, plantilla, {"form": form, "formset": formset, "equipo": equipo}, status=status)


@requiere_permiso("inventario.add_equipo")
@require_http_methods(["GET", "POST"])
def nuevo(request):
    return _guardar(request, Equipo(), "inventario/formulario.html", services.registrar_equipo,
                    "Se registró el equipo {equipo.numero_inventario}.")


@requiere_permiso("inventario.change_equipo")
@require_http_methods(["GET", "POST"])
def editar(request, pk):
    equipo = get_object_or_404(Equipo, pk=pk)
    return _guardar(request, equipo, "inventario/formulario.html", services.actualizar_equipo,
                    "Se guardaron los cambios de {equipo.numero_inventario}.")


def _accion_sobre_equipo(request, pk, form_class, accion, plantilla, mensaje):
    """Formulario de una acción registrada (transferencia, baja): valida, ejecuta el servicio y vuelve a la ficha."""
    equipo = get_object_or_404(Equipo.objects.para_lista(), pk=pk)
    form = form_class(request.POST or None, equipo=equipo)
    if request.method == "POST" and form.is_valid():
        try:
            accion(equipo, request.user, **form.cleaned_data)
        except services.AccionNoPermitida as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, mensaje.format(equipo=equipo))
            return redirect(equipo)
    status = 400 if request.method == "POST" else 200
    return render(request, plantilla, {"form": form, "equipo": equipo}, status=status)


@requiere_permiso("inventario.transferir_equipo")
@require_http_methods(["GET", "POST"])
def transferir(request, pk):
    return _accion_sobre_equipo(
        request, pk, TransferenciaForm, services.transferir_resguardo,
        "inventario/transferir.html", "Se transfirió el resguardo de {equipo.numero_inventario}.",
    )


@requiere_permiso("inventario.dar_baja_equipo")
@require_http_methods(["GET", "POST"])
def baja(request, pk):
    return _accion_sobre_equipo(
        request, pk, BajaForm, services.dar_de_baja,
        "inventario/baja.html", "El equipo {equipo.numero_inventario} quedó dado de baja.",
    )
