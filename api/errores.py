"""Errores de la API: siempre un objeto JSON con mensajes en español; nunca un 500 por datos del cliente."""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler


class Conflicto(APIException):
    """La acción no procede en el estado actual del objeto (transición ilegal, orden ya cerrada...)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "La acción no procede en el estado actual."
    default_code = "conflicto"


def manejar_excepcion(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    respuesta = exception_handler(exc, context)
    if respuesta is not None and isinstance(respuesta.data, list):
        # ValidationError("texto") llega como lista: se envuelve para que toda respuesta de error sea un objeto.
        respuesta.data = {"detail": " ".join(str(m) for m in respuesta.data)}
    return respuesta
