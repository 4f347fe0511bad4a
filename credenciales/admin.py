from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Credencial, LoteImpresion


@admin.register(LoteImpresion)
class LoteImpresionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "solicitud", "creado", "creado_por", "entregado_en"]
    list_select_related = ["solicitud", "creado_por"]
    raw_id_fields = ["solicitud"]
    search_fields = ["solicitud__folio"]

    def has_add_permission(self, request):
        return False  # los lotes se crean desde la solicitud (ajustan su cantidad y su meta)


@admin.register(Credencial)
class CredencialAdmin(SimpleHistoryAdmin):
    list_display = ["folio", "nombre", "numero_empleado", "dependencia", "estado", "vigencia", "emitida"]
    list_filter = ["estado", "diseno"]
    search_fields = ["folio", "nombre", "numero_empleado"]
    raw_id_fields = ["empleado", "lote", "reemplaza"]
    readonly_fields = ["folio", "token"]

    def has_add_permission(self, request):
        return False  # se emiten desde un lote o una reimpresión (folio, token y foto procesada)
