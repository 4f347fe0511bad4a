from django.contrib import admin

from .models import CostoReposicion, ReporteMensual, TrabajoExportacion


@admin.register(TrabajoExportacion)
class TrabajoExportacionAdmin(admin.ModelAdmin):
    list_display = ["pk", "clave", "usuario", "estado", "progreso", "creado", "terminado"]
    list_filter = ["estado", "clave"]
    list_select_related = ["usuario"]
    search_fields = ["usuario__username", "clave"]
    readonly_fields = ["creado", "iniciado", "terminado"]
    date_hierarchy = "creado"


@admin.register(ReporteMensual)
class ReporteMensualAdmin(admin.ModelAdmin):
    list_display = ["mes", "generado", "archivo_xlsx", "archivo_pdf"]
    date_hierarchy = "mes"


@admin.register(CostoReposicion)
class CostoReposicionAdmin(admin.ModelAdmin):
    list_display = ["tipo", "costo", "referencia", "actualizado"]
    list_select_related = ["tipo"]
    search_fields = ["tipo__nombre"]
