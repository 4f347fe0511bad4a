"""Rutas de proyectos y asesorías (se incluyen en soporte/urls.py, espacio soporte:)."""
from django.urls import path

from . import views_proyectos as vistas

urlpatterns = [
    path("proyectos/", vistas.proyectos, name="proyectos"),
    path("proyectos/<str:folio>/", vistas.proyecto, name="proyecto"),
    path("asesorias/", vistas.asesorias, name="asesorias"),
    path("asesorias/<str:folio>/", vistas.asesoria, name="asesoria"),
]
