from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views, views_token

app_name = "api"

router = SimpleRouter()
router.register("equipos", views.EquipoViewSet, basename="equipo")
router.register("empleados", views.EmpleadoViewSet, basename="empleado")
router.register("dependencias", views.DependenciaViewSet, basename="dependencia")
router.register("solicitudes", views.SolicitudViewSet, basename="solicitud")
router.register("ordenes", views.OrdenViewSet, basename="orden")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="esquema"),
    # La documentación es una página: sin sesión lleva al login (su JavaScript va aparte, sin scripts en línea).
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:esquema")), name="docs"),
    path("token/", views_token.mi_token, name="token"),
    *router.urls,
]
