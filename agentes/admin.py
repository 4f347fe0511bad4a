from django.contrib import admin

from .models import (
    Agente,
    CampoAgente,
    CredencialAgente,
    Escaneo,
    HostDescubierto,
    InstalacionSoftware,
    MacIgnorada,
    Revision,
    Segmento,
    Software,
)


@admin.register(Segmento)
class SegmentoAdmin(admin.ModelAdmin):
    list_display = ["nombre", "cidr", "dependencia", "perfil", "intervalo_horas", "proximo_escaneo", "activo"]
    list_filter = ["activo", "perfil"]
    search_fields = ["nombre", "cidr"]
    list_select_related = ["dependencia"]


class HostInline(admin.TabularInline):
    model = HostDescubierto
    extra = 0
    fields = ["ip", "mac", "fabricante", "hostname", "cotejo", "equipo"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Escaneo)
class EscaneoAdmin(admin.ModelAdmin):
    list_display = ["pk", "segmento", "estado", "creado", "fin", "hosts_activos", "error_corto"]
    list_filter = ["estado", "perfil"]
    list_select_related = ["segmento"]
    readonly_fields = ["comando", "error", "advertencias", "resumen"]
    inlines = [HostInline]
    fieldsets = [
        (None, {"fields": ["segmento", "estado", "perfil", "solicitado_por", "creado", "inicio", "fin", "progreso",
                           "hosts_activos", "limite_segundos", "cancelar", "comando", "resumen"]}),
        ("Errores y advertencias", {
            "fields": ["error", "advertencias"],
            "description": "Si nmap falta o no tiene privilegios: instale nmap (apt-get install nmap), dele "
                           "capacidades (setcap cap_net_raw,cap_net_admin+eip /usr/bin/nmap) o indique su ruta "
                           "en SIGMA_NMAP_RUTA. Vea la sección «Escaneos de red» del README.",
        }),
    ]

    @admin.display(description="error")
    def error_corto(self, obj):
        return obj.error[:80]


@admin.register(HostDescubierto)
class HostDescubiertoAdmin(admin.ModelAdmin):
    list_display = ["ip", "mac", "fabricante", "hostname", "cotejo", "escaneo"]
    list_filter = ["cotejo"]
    search_fields = ["ip", "mac", "hostname"]
    raw_id_fields = ["escaneo", "equipo"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["pk", "tipo", "estado", "equipo", "ip", "mac", "hostname", "creada"]
    list_filter = ["estado", "tipo"]
    search_fields = ["mac", "ip", "hostname", "equipo__numero_inventario"]
    raw_id_fields = ["equipo", "escaneo", "agente"]
    list_select_related = ["equipo"]


@admin.register(MacIgnorada)
class MacIgnoradaAdmin(admin.ModelAdmin):
    list_display = ["mac", "motivo", "creada", "creada_por"]
    search_fields = ["mac", "motivo"]


@admin.register(CredencialAgente)
class CredencialAgenteAdmin(admin.ModelAdmin):
    list_display = ["nombre", "dependencia", "activa", "ultimo_uso"]
    list_filter = ["activa"]
    readonly_fields = ["ultimo_uso"]


@admin.register(Agente)
class AgenteAdmin(admin.ModelAdmin):
    list_display = ["deviceid", "tipo", "equipo", "nombre", "so_completo", "ultimo_contacto"]
    list_filter = ["tipo"]
    search_fields = ["deviceid", "nombre", "numero_serie", "uuid"]
    raw_id_fields = ["equipo"]
    list_select_related = ["equipo"]
    exclude = ["reporte"]


@admin.register(Software)
class SoftwareAdmin(admin.ModelAdmin):
    list_display = ["nombre", "version", "editor"]
    search_fields = ["nombre", "editor"]


@admin.register(InstalacionSoftware)
class InstalacionSoftwareAdmin(admin.ModelAdmin):
    list_display = ["software", "equipo"]
    raw_id_fields = ["equipo", "software"]
    list_select_related = ["software", "equipo"]


@admin.register(CampoAgente)
class CampoAgenteAdmin(admin.ModelAdmin):
    list_display = ["equipo", "campo", "valor", "escrito", "bloqueado"]
    list_filter = ["bloqueado", "campo"]
    raw_id_fields = ["equipo"]
    list_select_related = ["equipo"]
