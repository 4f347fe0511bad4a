from django.urls import path

from . import views

app_name = "mantenimiento"

urlpatterns = [
    path("", views.mi_lista, name="mi_lista"),
    path("calendario/", views.calendario, name="calendario"),
    path("reasignar/", views.reasignar, name="reasignar"),
    path("orden/<int:pk>/", views.orden, name="orden"),
    path("orden/<int:pk>/iniciar/", views.iniciar, name="iniciar"),
    path("orden/<int:pk>/lista/", views.checklist, name="checklist"),
    path("orden/<int:pk>/no-realizada/", views.no_realizada, name="no_realizada"),
    path("orden/<int:pk>/reporte.pdf", views.reporte, name="reporte"),
    path("resultado/<int:pk>/correctiva/", views.correctiva, name="correctiva"),
    path("planes/", views.planes, name="planes"),
    path("planes/nuevo/", views.plan_nuevo, name="plan_nuevo"),
    path("planes/<int:pk>/", views.plan_editar, name="plan_editar"),
    path("planes/generar/", views.generar, name="generar"),
]
