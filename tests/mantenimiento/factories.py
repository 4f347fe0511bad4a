"""Fábricas de mantenimiento para las pruebas."""
import datetime as dt

import factory

from mantenimiento.choices import EstadoOrden
from mantenimiento.models import OrdenMantenimiento, PlanMantenimiento, PlantillaChecklist
from tests.factories import EquipoFactory


def plantilla(nombre="PC de escritorio / laptop"):
    return PlantillaChecklist.objects.get(nombre=nombre)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanMantenimiento
        skip_postgeneration_save = True

    nombre = factory.Sequence(lambda n: f"Plan preventivo {n:03d}")
    plantilla = factory.LazyFunction(plantilla)
    modo = "fijo"
    intervalo = 1
    unidad = "meses"
    fecha_inicio = dt.date(2026, 1, 5)
    dias_anticipacion = 7

    @factory.post_generation
    def tipos(self, create, extracted, **kwargs):
        if create and extracted:
            self.tipos.set(extracted)

    @factory.post_generation
    def dependencias(self, create, extracted, **kwargs):
        if create and extracted:
            self.dependencias.set(extracted)

    @factory.post_generation
    def equipos(self, create, extracted, **kwargs):
        if create and extracted:
            self.equipos.set(extracted)

    @factory.post_generation
    def tecnicos(self, create, extracted, **kwargs):
        if create and extracted:
            self.tecnicos.set(extracted)


class OrdenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrdenMantenimiento

    plan = factory.SubFactory(PlanFactory)
    equipo = factory.SubFactory(EquipoFactory)
    plantilla = factory.LazyAttribute(lambda o: o.plan.plantilla if o.plan else plantilla())
    fecha_programada = dt.date(2026, 3, 5)
    fecha_limite = factory.LazyAttribute(lambda o: o.fecha_programada)
    ventana_hasta = factory.LazyAttribute(lambda o: o.fecha_limite + dt.timedelta(days=3))
    fecha_generacion = factory.LazyAttribute(lambda o: o.fecha_limite - dt.timedelta(days=7))
    estado = EstadoOrden.PROGRAMADA
