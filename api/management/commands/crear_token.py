from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api import tokens


class Command(BaseCommand):
    help = "Crea (o, con --regenerar, reemplaza) el token de la API de un usuario e imprime la clave."

    def add_arguments(self, parser):
        parser.add_argument("usuario", help="Nombre de usuario")
        parser.add_argument("--regenerar", action="store_true", help="Reemplaza el token si ya existe.")

    def handle(self, *args, usuario, regenerar, **opciones):
        try:
            cuenta = get_user_model().objects.get(username=usuario)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No existe el usuario «{usuario}».")
        if not cuenta.is_active:
            raise CommandError(f"El usuario «{usuario}» está desactivado.")
        token = tokens.de(cuenta)
        if token is None or regenerar:
            token = tokens.generar(cuenta)
        elif token is not None:
            self.stderr.write("El usuario ya tenía token; se muestra el existente (use --regenerar para cambiarlo).")
        self.stdout.write(token.key)
