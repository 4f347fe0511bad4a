"""Fábricas de datos para las pruebas (factory_boy)."""
import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from comun.models import Dependencia, Empleado, Ubicacion
from comun.roles import ADMINISTRADOR
from inventario.models import Equipo, InterfazRed, Marca, Modelo, TipoEquipo


class DependenciaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependencia
        django_get_or_create = ["nombre"]

    nombre = factory.Sequence(lambda n: f"Dependencia {n:03d}")


class UbicacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ubicacion

    edificio = "Presidencia Municipal"
    piso = "Planta alta"
    oficina = factory.Sequence(lambda n: f"Oficina {n}")


class EmpleadoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Empleado

    numero_empleado = factory.Sequence(lambda n: f"E-{n:05d}")
    nombre = factory.Faker("first_name", locale="es_MX")
    apellidos = factory.Faker("last_name", locale="es_MX")
    puesto = "Auxiliar administrativo"
    dependencia = factory.SubFactory(DependenciaFactory)


class MarcaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Marca
        django_get_or_create = ["nombre"]

    nombre = "HP"


def tipo(nombre="PC de escritorio"):
    return TipoEquipo.objects.get(nombre=nombre)


class ModeloFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Modelo
        django_get_or_create = ["marca", "nombre"]

    marca = factory.SubFactory(MarcaFactory)
    nombre = factory.Sequence(lambda n: f"ProDesk {400 + n} G7")
    tipo = factory.LazyFunction(tipo)


class EquipoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipo

    numero_inventario = factory.Sequence(lambda n: f"OCO-2022-{n:05d}")
    tipo = factory.LazyFunction(tipo)
    modelo = factory.SubFactory(ModeloFactory)
    numero_serie = factory.Sequence(lambda n: f"MXL{n:07d}")
    dependencia = factory.SubFactory(DependenciaFactory)
    resguardante = factory.SubFactory(EmpleadoFactory, dependencia=factory.SelfAttribute("..dependencia"))
    hostname = factory.Sequence(lambda n: f"oco-pc{n:04d}")
    sistema_operativo = "Windows 11 Pro"


class InterfazRedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterfazRed

    equipo = factory.SubFactory(EquipoFactory)
    nombre = "Ethernet"
    mac = factory.Sequence(lambda n: f"3c:d9:2b:{(n >> 16) & 255:02x}:{(n >> 8) & 255:02x}:{n & 255:02x}")
    ip = factory.Sequence(lambda n: f"192.168.{(n // 250) % 250}.{n % 250 + 2}")


def usuario_con_rol(rol, username=None):
    usuario = get_user_model().objects.create_user(
        username=username or f"u-{rol}", password="clave-de-prueba"
    )
    if rol:
        usuario.groups.add(Group.objects.get(name=rol))
    if rol == ADMINISTRADOR:
        usuario.is_staff = True  # el Administrador usa el admin de Django para los catálogos
        usuario.save(update_fields=["is_staff"])
    return usuario
