"""Crea (o restablece) un usuario de demostración por rol: mesa, tecnico, director y admin."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comun.roles import ADMINISTRADOR, CLAVES, ROLES

CONTRASENA_DEMO = "sigma-demo-2026"  # noqa: S105  solo para demostraciones
NOMBRES = {
    "mesa": ("Mesa", "de Ayuda"),
    "tecnico": ("Técnico", "de Soporte"),
    "director": ("Director", "de Innovación"),
    "admin": ("Administrador", "de SIGMA"),
}


class Command(BaseCommand):
    help = (
        "Crea o restablece un usuario de demostración por rol (mesa, tecnico, director, admin), todos "
        "con la misma contraseña. Se puede correr las veces que se quiera."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=CONTRASENA_DEMO,
            help=f"Contraseña para todos los usuarios (por omisión «{CONTRASENA_DEMO}»).",
        )
        parser.add_argument(
            "--superusuario", action="store_true",
            help="Crear también el superusuario «root» con la misma contraseña.",
        )

    @transaction.atomic
    def handle(self, *args, **opciones):
        contrasena = opciones["password"]
        if not contrasena:
            raise CommandError("La contraseña no puede estar vacía.")
        grupos = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
        faltan = [r for r in ROLES if r not in grupos]
        if faltan:
            raise CommandError(
                f"Faltan los grupos {', '.join(faltan)}. Ejecute primero «manage.py migrate»."
            )
        User = get_user_model()
        filas = []
        for rol in ROLES:
            usuario = CLAVES[rol]
            nombre, apellido = NOMBRES.get(usuario, (rol, ""))
            creado = self._preparar(
                User, usuario, contrasena, nombre, apellido,
                is_staff=rol == ADMINISTRADOR, is_superuser=False, grupo=grupos[rol],
            )
            filas.append((usuario, rol, creado))
        if opciones["superusuario"]:
            creado = self._preparar(
                User, "root", contrasena, "Superusuario", "", is_staff=True, is_superuser=True, grupo=None,
            )
            filas.append(("root", "Superusuario (todos los permisos)", creado))

        ancho_u = max(len("Usuario"), *(len(u) for u, _, _ in filas))
        ancho_c = max(len("Contraseña"), len(contrasena))
        ancho_r = max(len("Rol"), *(len(r) for _, r, _ in filas))
        self.stdout.write(f"{'Usuario':<{ancho_u}}  {'Contraseña':<{ancho_c}}  {'Rol':<{ancho_r}}  Estado")
        self.stdout.write(f"{'-' * ancho_u}  {'-' * ancho_c}  {'-' * ancho_r}  -----------")
        for usuario, rol, creado in filas:
            estado = "creado" if creado else "restablecido"
            self.stdout.write(f"{usuario:<{ancho_u}}  {contrasena:<{ancho_c}}  {rol:<{ancho_r}}  {estado}")
        self.stdout.write(self.style.WARNING(
            "Son usuarios de demostración: no los deje en un servidor de producción."
        ))

    def _preparar(self, User, username, contrasena, nombre, apellido, *, is_staff, is_superuser, grupo):
        usuario, creado = User.objects.get_or_create(username=username)
        usuario.first_name = nombre
        usuario.last_name = apellido
        usuario.email = f"{username}@ocotlan.gob.mx"
        usuario.is_active = True
        usuario.is_staff = is_staff
        usuario.is_superuser = is_superuser
        usuario.set_password(contrasena)
        usuario.save()
        if grupo is None:
            usuario.groups.clear()
        else:
            usuario.groups.set([grupo])
        return creado
