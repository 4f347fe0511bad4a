"""Páginas públicas (sin sesión): catálogo de servicios, consulta por folio y encuesta.

Se montan en la raíz con el espacio de nombres «publico» (config/urls.py).
"""
from django.urls import path

from . import views_publicas as vistas

urlpatterns = [
    path("servicios/", vistas.catalogo, name="catalogo"),
    path("servicios/<slug:clave>/", vistas.servicio, name="servicio"),
    path("consulta/", vistas.consulta, name="consulta"),
    path("consulta/queja/", vistas.queja, name="queja"),
    path("encuesta/<str:token>/", vistas.encuesta, name="encuesta"),
]
