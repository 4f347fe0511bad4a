from django.urls import path

from . import views

app_name = "reportes"

urlpatterns = [
    path("", views.tablero, name="tablero"),
    path("tecnicos/", views.tecnicos, name="tecnicos"),
    path("tablero.xlsx", views.tablero_xlsx, name="tablero_xlsx"),
    path("salud/", views.salud.salud_equipos, name="salud"),
    path("salud.xlsx", views.salud.salud_xlsx, name="salud_xlsx"),
    path("salud.pdf", views.salud.salud_pdf, name="salud_pdf"),
    path("tablero.pdf", views.exportaciones.tablero_pdf, name="tablero_pdf"),
    path("tecnicos.pdf", views.exportaciones.tecnicos_pdf, name="tecnicos_pdf"),
    path("exportaciones/", views.exportaciones.trabajos, name="trabajos"),
    path("exportaciones/<int:pk>/", views.exportaciones.trabajo, name="trabajo"),
    path("exportaciones/<int:pk>/descargar/", views.exportaciones.trabajo_descargar, name="trabajo_descargar"),
    path("exportaciones/<int:pk>/reintentar/", views.exportaciones.trabajo_reintentar, name="trabajo_reintentar"),
    path("mensuales/", views.exportaciones.mensuales, name="mensuales"),
    path("mensuales/<int:pk>/<str:formato>/", views.exportaciones.mensual_descargar, name="mensual_descargar"),
]
