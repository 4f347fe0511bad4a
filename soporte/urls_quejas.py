"""Quejas y encuesta por teléfono (se incluyen en soporte/urls.py, espacio soporte:, antes de «<folio>/»)."""
from django.urls import path

from . import views_quejas as vistas

urlpatterns = [
    path("quejas/", vistas.lista, name="quejas"),
    path("quejas/nueva/<str:folio>/", vistas.nueva, name="nueva_queja"),
    path("quejas/<str:folio>/", vistas.detalle, name="queja"),
    path("encuesta-telefono/<str:folio>/", vistas.encuesta_telefono, name="encuesta_telefono"),
]
