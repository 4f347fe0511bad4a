"""Tokens por usuario (rest_framework.authtoken): crear, regenerar y revocar el propio."""
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def generar(usuario) -> Token:
    """Crea el token del usuario o lo reemplaza por uno nuevo (el anterior deja de servir al instante)."""
    Token.objects.filter(user=usuario).delete()
    return Token.objects.create(user=usuario)


def revocar(usuario) -> bool:
    borrados, _ = Token.objects.filter(user=usuario).delete()
    return bool(borrados)


def de(usuario):
    return Token.objects.filter(user=usuario).first()
