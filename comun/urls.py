from django.urls import path

from . import views

app_name = "comun"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("empleados/buscar/", views.buscar_empleados, name="buscar_empleados"),
]
