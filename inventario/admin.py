from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Equipo,
    Importacion,
    InterfazRed,
    MapeoColumnas,
    Marca,
    Modelo,
    MovimientoResguardo,
    TipoEquipo,
)


@admin.register(TipoEquipo)
class TipoEquipoAdmin(admin.ModelAdmin):
    list_display = ["nombre", "categoria", "vida_util_meses"]
    list_filter = ["categoria"]
    search_fields = ["nombre"]


@admin.register(Marca)
class MarcaAdmin(admin.ModelAdmin):
    search_fields = ["nombre"]


@admin.register(Modelo)
class ModeloAdmin(admin.ModelAdmin):
    list_display = ["nombre", "marca", "tipo", "vida_util_meses"]
    list_filter = ["tipo", "marca"]
    list_select_related = ["marca", "tipo"]
    search_fields = ["nombre", "marca__nombre"]
    autocomplete_fields = ["marca"]


class InterfazRedInline(admin.TabularInline):
    model = InterfazRed
    extra = 0


@admin.register(Equipo)
class EquipoAdmin(SimpleHistoryAdmin):
    list_display = ["numero_inventario", "tipo", "modelo", "dependencia", "resguardante", "hostname", "estado",
                    "condicion", "fecha_adquisicion"]
    list_filter = ["estado", "condicion", "tipo", "dependencia"]
    list_select_related = ["tipo", "modelo__marca", "dependencia", "resguardante"]
    list_per_page = 50
    search_fields = ["numero_inventario", "numero_serie", "hostname", "resguardante__nombre",
                     "resguardante__apellidos", "modelo__nombre", "interfaces__mac", "interfaces__ip"]
    autocomplete_fields = ["modelo", "dependencia", "resguardante", "ubicacion"]
    inlines = [InterfazRedInline]
    readonly_fields = ["ultima_vez_visto", "creado", "actualizado"]


@admin.register(MovimientoResguardo)
class MovimientoResguardoAdmin(admin.ModelAdmin):
    list_display = ["equipo", "tipo", "fecha", "resguardante_anterior", "resguardante_nuevo", "registrado_por"]
    list_filter = ["tipo"]
    list_select_related = ["equipo", "resguardante_anterior", "resguardante_nuevo", "registrado_por"]
    search_fields = ["equipo__numero_inventario", "motivo"]
    date_hierarchy = "fecha"
    raw_id_fields = ["equipo"]


@admin.register(Importacion)
class ImportacionAdmin(admin.ModelAdmin):
    list_display = ["id", "archivo_nombre", "usuario", "creado", "estado", "progreso"]
    list_filter = ["estado"]
    list_select_related = ["usuario"]
    readonly_fields = ["usuario", "creado", "aplicada", "archivo_nombre", "archivo", "estado", "progreso", "resumen",
                       "opciones", "error"]

    def has_add_permission(self, request):
        return False  # las importaciones se hacen desde /inventario/importar/


@admin.register(MapeoColumnas)
class MapeoColumnasAdmin(admin.ModelAdmin):
    list_display = ["encabezado", "columna", "actualizado"]
    search_fields = ["encabezado"]
