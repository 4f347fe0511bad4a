from django.urls import path

from . import views, views_documentos, views_exportacion, views_importacion

app_name = "inventario"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("nuevo/", views.nuevo, name="nuevo"),
    path("<int:pk>/", views.detalle, name="detalle"),
    path("<int:pk>/editar/", views.editar, name="editar"),
    path("<int:pk>/transferir/", views.transferir, name="transferir"),
    path("<int:pk>/baja/", views.baja, name="baja"),
    path("importar/", views_importacion.importar, name="importar"),
    path("importar/<int:pk>/", views_importacion.detalle, name="importacion"),
    path("importar/<int:pk>/estado/", views_importacion.estado, name="importacion_estado"),
    path("importar/<int:pk>/opciones/", views_importacion.opciones, name="importacion_opciones"),
    path("importar/<int:pk>/confirmar/", views_importacion.confirmar, name="importacion_confirmar"),
    path("importar/<int:pk>/rechazadas.xlsx", views_importacion.rechazadas, name="importacion_rechazadas"),
    path("exportar/", views_exportacion.exportar, name="exportar"),
    path("exportar/<uuid:clave>/", views_exportacion.estado, name="exportacion_estado"),
    path("exportar/<uuid:clave>/descargar/", views_exportacion.descargar, name="exportacion_descargar"),
    # Documentos imprimibles (PDF) y ficha del empleado con sus equipos.
    path("<int:pk>/resguardo.pdf", views_documentos.resguardo_equipo, name="resguardo_equipo"),
    path("resguardo/empleado/<int:pk>.pdf", views_documentos.resguardo_empleado, name="resguardo_empleado"),
    path("movimiento/<int:pk>/acta.pdf", views_documentos.acta_transferencia, name="acta_transferencia"),
    path("etiquetas/", views_documentos.etiquetas, name="etiquetas"),
    path("empleado/<int:pk>/", views_documentos.empleado, name="empleado"),
]
