from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Aviso, Encuesta, Hito, Incumplimiento, Proyecto, Queja, Servicio, Solicitud


@admin.register(Servicio)
class ServicioAdmin(SimpleHistoryAdmin):
    list_display = ["orden", "nombre", "reloj_inicial", "minutos_iniciales", "tipo_resolucion", "minutos_resolucion",
                    "activo"]
    list_display_links = ["nombre"]
    fieldsets = [
        ("Servicio", {"fields": ["clave", "nombre", "orden", "activo", "beneficiario"]}),
        ("Textos del manual", {"fields": ["descripcion", "requisitos", "vigencia", "lugar_horario", "caracteristicas",
                                          "temporalidad", "costo", "mecanismo_incumplimiento"]}),
        ("Compromisos medibles (minutos hábiles)", {"fields": [
            "reloj_inicial", "minutos_iniciales", "tipo_resolucion", "minutos_resolucion", "unidad",
            "rango_min_dias", "rango_max_dias", "con_fases", "es_asesoria",
        ]}),
    ]


@admin.register(Solicitud)
class SolicitudAdmin(SimpleHistoryAdmin):
    list_display = ["folio", "servicio", "estado", "prioridad", "dependencia", "solicitante", "tecnico", "recibida"]
    list_filter = ["estado", "servicio", "prioridad", "canal"]
    search_fields = ["folio", "asunto"]
    list_select_related = ["servicio", "dependencia", "solicitante", "tecnico"]
    raw_id_fields = ["solicitante", "equipos", "tecnico", "registrada_por"]
    readonly_fields = ["folio", "codigo", "meta_inicial_min", "meta_resolucion_min", "atendida_en", "resuelta_en",
                       "cerrada_en"]
    date_hierarchy = "recibida"
    show_full_result_count = False


@admin.register(Queja)
class QuejaAdmin(admin.ModelAdmin):
    list_display = ["folio", "solicitud", "compromiso", "estado", "creada"]
    list_filter = ["estado", "compromiso"]
    raw_id_fields = ["solicitud", "incumplimiento"]
    list_select_related = ["solicitud"]


@admin.register(Incumplimiento)
class IncumplimientoAdmin(admin.ModelAdmin):
    list_display = ["solicitud", "compromiso", "meta_min", "vencio_en", "detectado_en"]
    list_filter = ["compromiso"]
    raw_id_fields = ["solicitud"]
    list_select_related = ["solicitud"]


@admin.register(Encuesta)
class EncuestaAdmin(admin.ModelAdmin):
    list_display = ["solicitud", "calificacion", "medio", "respondida_en"]
    raw_id_fields = ["solicitud"]
    list_select_related = ["solicitud"]
    exclude = ["token"]


class HitoInline(admin.TabularInline):
    model = Hito
    extra = 0


@admin.register(Proyecto)
class ProyectoAdmin(SimpleHistoryAdmin):
    list_display = ["solicitud", "fase", "avance", "responsable"]
    raw_id_fields = ["solicitud"]
    inlines = [HitoInline]
    list_select_related = ["solicitud", "responsable"]


@admin.register(Aviso)
class AvisoAdmin(admin.ModelAdmin):
    list_display = ["usuario", "texto", "creado", "leido"]
    list_select_related = ["usuario"]
