from django.contrib import admin

from .models import Dependencia, DiaInhabil, Empleado, HorarioOficina, Ubicacion


@admin.register(Dependencia)
class DependenciaAdmin(admin.ModelAdmin):
    list_display = ["nombre", "siglas", "activa"]
    list_filter = ["activa"]
    search_fields = ["nombre", "siglas"]


@admin.register(Ubicacion)
class UbicacionAdmin(admin.ModelAdmin):
    list_display = ["edificio", "piso", "oficina", "dependencia"]
    list_select_related = ["dependencia"]
    search_fields = ["edificio", "piso", "oficina"]
    autocomplete_fields = ["dependencia"]


@admin.register(Empleado)
class EmpleadoAdmin(admin.ModelAdmin):
    list_display = ["numero_empleado", "nombre_completo", "puesto", "dependencia", "extension", "tipo", "activo"]
    list_filter = ["activo", "tipo", "dependencia"]
    list_select_related = ["dependencia"]
    search_fields = ["numero_empleado", "nombre", "apellidos", "extension", "correo"]
    autocomplete_fields = ["dependencia"]

    @admin.display(description="nombre", ordering="apellidos")
    def nombre_completo(self, obj):
        return obj.nombre_completo


@admin.register(HorarioOficina)
class HorarioOficinaAdmin(admin.ModelAdmin):
    list_display = ["dia_semana", "hora_inicio", "hora_fin"]


@admin.register(DiaInhabil)
class DiaInhabilAdmin(admin.ModelAdmin):
    list_display = ["fecha", "descripcion"]
    date_hierarchy = "fecha"
    search_fields = ["descripcion"]
