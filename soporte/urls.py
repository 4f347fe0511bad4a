from django.urls import path

from . import views
from .urls_proyectos import urlpatterns as urls_proyectos
from .urls_quejas import urlpatterns as urls_quejas

app_name = "soporte"

urlpatterns = [
    path("", views.cola, name="cola"),
    path("nueva/", views.nueva, name="nueva"),
    path("nueva/solicitante/", views.contexto_solicitante, name="contexto_solicitante"),
    path("nueva/equipos/", views.buscar_equipos, name="buscar_equipos"),
    path("avisos/", views.avisos, name="avisos"),
    path("adjuntos/<int:pk>/", views.adjunto, name="adjunto"),
    *urls_quejas,
    *urls_proyectos,
    path("<str:folio>/", views.detalle, name="detalle"),
    path("<str:folio>/asignar/", views.asignar, name="asignar"),
    path("<str:folio>/estado/", views.cambiar_estado, name="estado"),
    path("<str:folio>/comentar/", views.comentar, name="comentar"),
    path("<str:folio>/adjuntar/", views.adjuntar, name="adjuntar"),
]
