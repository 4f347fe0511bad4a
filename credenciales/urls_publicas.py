"""Verificación pública de credenciales (/verificar/<token>/), espacio «verificacion»."""
from django.urls import path

from . import views_publicas

urlpatterns = [
    path("verificar/<str:token>/", views_publicas.verificar, name="verificar"),
]
