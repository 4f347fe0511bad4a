"""Fábricas de agentes para las pruebas."""
import factory

from agentes.models import Agente, CredencialAgente, Escaneo, Revision, Segmento
from tests.factories import EquipoFactory


class SegmentoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segmento

    nombre = factory.Sequence(lambda n: f"Segmento {n:03d}")
    cidr = factory.Sequence(lambda n: f"198.18.{n % 250}.0/24")
    intervalo_horas = 0


class EscaneoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escaneo

    segmento = factory.SubFactory(SegmentoFactory)
    perfil = "descubrimiento"
    estado = "completado"


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Revision

    tipo = "nuevo"
    escaneo = factory.SubFactory(EscaneoFactory)
    ip = factory.Sequence(lambda n: f"198.18.1.{n % 250 + 1}")
    mac = factory.Sequence(lambda n: f"02:aa:00:00:{n // 256 % 256:02x}:{n % 256:02x}")


class AgenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agente

    deviceid = factory.Sequence(lambda n: f"pc-{n:04d}-2026-01-01-00-00-00")
    tipo = "fusion"
    equipo = factory.SubFactory(EquipoFactory)
    nombre = factory.Sequence(lambda n: f"pc-{n:04d}")
    so_nombre = "Microsoft Windows 10 Pro"
    so_completo = "Microsoft Windows 10 Pro"
    so_version = "10.0.19045"


def credencial(nombre="agentes-dig", clave="clave-de-agente-123"):
    objeto = CredencialAgente(nombre=nombre)
    objeto.fijar_secreto(clave)
    objeto.save()
    return objeto
