from django.urls import path

from . import views

app_name = "credenciales"

urlpatterns = [
    path("", views.lotes, name="lotes"),
    path("lotes/nuevo/<str:folio>/", views.lote_nuevo, name="lote_nuevo"),
    path("lotes/<int:pk>/", views.lote, name="lote"),
    path("lotes/<int:pk>/credenciales.pdf", views.lote_pdf, name="lote_pdf"),
    path("lotes/<int:pk>/entregar/", views.lote_entregar, name="lote_entregar"),
    path("credenciales/", views.lista, name="lista"),
    path("credenciales/<int:pk>/", views.credencial, name="credencial"),
    path("credenciales/<int:pk>/foto.jpg", views.foto, name="foto"),
    path("credenciales/<int:pk>/foto/", views.cambiar_foto, name="cambiar_foto"),
    path("credenciales/<int:pk>/revocar/", views.revocar, name="revocar"),
    path("credenciales/<int:pk>/reimprimir/", views.reimprimir, name="reimprimir"),
    path("credenciales/<int:pk>/credencial.pdf", views.credencial_pdf, name="credencial_pdf"),
]
