from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from comun.secciones import secciones_de

register = template.Library()


@register.simple_tag(takes_context=True)
def secciones(context, punto, objeto):
    """Pinta las secciones que las demás apps registraron para la página de detalle «punto»."""
    request = context["request"]
    partes = [
        render_to_string(s["plantilla"], {**s["datos"], "objeto": objeto}, request=request)
        for s in secciones_de(punto, request, objeto)
    ]
    return mark_safe("".join(partes))  # noqa: S308  plantillas propias, ya escapadas al pintarse
