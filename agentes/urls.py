from django.urls import path

from . import views

app_name = "agentes"

urlpatterns = [
    path("", views.segmentos, name="segmentos"),
    path("segmentos/nuevo/", views.segmento_nuevo, name="segmento_nuevo"),
    path("segmentos/<int:pk>/", views.segmento, name="segmento"),
    path("segmentos/<int:pk>/editar/", views.segmento_editar, name="segmento_editar"),
    path("segmentos/<int:pk>/escanear/", views.escanear, name="escanear"),
    path("escaneos/", views.escaneos, name="escaneos"),
    path("escaneos/<int:pk>/", views.escaneo, name="escaneo"),
    path("escaneos/<int:pk>/estado/", views.escaneo_estado, name="escaneo_estado"),
    path("escaneos/<int:pk>/cancelar/", views.cancelar, name="cancelar"),
    path("revision/", views.revisiones, name="revisiones"),
    path("revision/resolver/", views.resolver, name="resolver"),
    path("revision/<int:pk>/registrar/", views.registrar, name="registrar"),
    path("revision/<int:pk>/ignorar/", views.ignorar, name="ignorar"),
    path("software/", views.software, name="software"),
    path("agentes/", views.agentes, name="agentes"),
    path("credenciales/", views.credenciales, name="credenciales"),
    path("credenciales/<int:pk>/activa/", views.credencial_activa, name="credencial_activa"),
    path("equipo/<int:pk>/usar-valor/<slug:campo>/", views.usar_valor, name="usar_valor"),
    path("inventario/", views.recibir, name="inventario"),
]
