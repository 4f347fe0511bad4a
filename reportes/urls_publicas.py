from django.urls import path

from . import views

urlpatterns = [
    path("transparencia/", views.transparencia, name="inicio"),
    path("transparencia/indicadores.xlsx", views.transparencia_xlsx, name="xlsx"),
    path("transparencia/indicadores.csv", views.transparencia_csv, name="csv"),
]
