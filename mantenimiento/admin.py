from django.contrib import admin

from .models import (
    ItemChecklist,
    OrdenMantenimiento,
    PlanMantenimiento,
    PlantillaChecklist,
    RefaccionOrden,
    ResultadoItem,
)


class ItemInline(admin.TabularInline):
    model = ItemChecklist
    extra = 1
    fields = ["orden", "texto", "tipo", "minimo", "maximo", "unidad", "opciones", "opciones_falla", "obligatorio"]


@admin.register(PlantillaChecklist)
class PlantillaAdmin(admin.ModelAdmin):
    list_display = ["nombre", "activa"]
    search_fields = ["nombre"]
    inlines = [ItemInline]


@admin.register(ItemChecklist)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["texto", "plantilla", "tipo", "orden"]
    list_filter = ["plantilla", "tipo"]
    list_select_related = ["plantilla"]


@admin.register(PlanMantenimiento)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["nombre", "modo", "intervalo", "unidad", "fecha_inicio", "activo"]
    list_filter = ["activo", "modo", "unidad"]
    search_fields = ["nombre"]
    filter_horizontal = ["tipos", "dependencias", "tecnicos"]
    raw_id_fields = ["equipos"]


class ResultadoInline(admin.TabularInline):
    model = ResultadoItem
    extra = 0
    fields = ["posicion", "texto", "tipo", "valor", "resultado", "notas"]


class RefaccionInline(admin.TabularInline):
    model = RefaccionOrden
    extra = 0


@admin.register(OrdenMantenimiento)
class OrdenAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "estado", "fecha_limite", "tecnico", "fecha_cierre"]
    list_filter = ["estado", "origen", "plan"]
    list_select_related = ["plan", "equipo__tipo", "tecnico"]
    search_fields = ["equipo__numero_inventario"]
    raw_id_fields = ["equipo", "tecnico"]
    date_hierarchy = "fecha_limite"
    inlines = [ResultadoInline, RefaccionInline]


@admin.register(ResultadoItem)
class ResultadoAdmin(admin.ModelAdmin):
    list_display = ["orden", "texto", "resultado"]
    list_filter = ["resultado"]
    list_select_related = ["orden__equipo"]
    raw_id_fields = ["orden", "item"]


@admin.register(RefaccionOrden)
class RefaccionAdmin(admin.ModelAdmin):
    list_display = ["orden", "descripcion", "cantidad", "costo"]
    list_select_related = ["orden__equipo"]
    raw_id_fields = ["orden"]
