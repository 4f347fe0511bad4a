from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

admin.site.site_header = "SIGMA — Administración"
admin.site.site_title = "SIGMA"
admin.site.index_title = "Catálogos y configuración"

urlpatterns = [
    path("entrar/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("inventario/", include("inventario.urls")),
    path("soporte/", include("soporte.urls")),
    path("mantenimiento/", include("mantenimiento.urls")),
    path("agentes/", include("agentes.urls")),
    path("credenciales/", include("credenciales.urls")),
    path("reportes/", include("reportes.urls")),
    path("api/", include("api.urls")),
    path("", include(("soporte.urls_publicas", "publico"))),
    path("", include(("credenciales.urls_publicas", "verificacion"))),
    path("", include(("reportes.urls_publicas", "transparencia"))),
    path("", include("comun.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
