"""Esquema OpenAPI: cada operación documenta también sus respuestas de error (objeto con «detail» o por campo)."""
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer("Error", fields={
    "detail": serializers.CharField(required=False, help_text="Mensaje para el usuario (en español)."),
})
DESCRIPCIONES = {
    "400": "Datos inválidos: mensajes por campo o en «detail».",
    "401": "Falta la cabecera «Authorization: Token …» o la clave no es válida.",
    "403": "Su rol no tiene permiso para esta operación.",
    "404": "No existe (o la página pedida está fuera de rango).",
    "409": "La acción no procede en el estado actual (transición ilegal, orden cerrada...).",
}


class Esquema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        respuestas = super()._get_response_bodies(direction)
        codigos = ["400", "401", "403", "404"]
        if self.method == "POST" and self.view.action not in ("create",):
            codigos.append("409")
        for codigo in codigos:
            if codigo not in respuestas:
                respuestas[codigo] = self._get_response_for_code(
                    OpenApiResponse(response=ERROR, description=DESCRIPCIONES[codigo]), codigo, direction=direction)
        return respuestas
