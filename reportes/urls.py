from django.urls import path

from . import views

app_name = "reportes"

urlpatterns = [
    path("", views.tablero, name="tablero"),
    path("tecnicos/", views.tecnicos, name="tecnicos"),
    path("tablero.xlsx", views.tablero_xlsx, name="tablero_xlsx"),
]
