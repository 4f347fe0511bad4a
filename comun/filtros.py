"""Base de los FilterSet que ajustan sus filtros en cada petición (opciones de catálogos, clases de campo).

django-filter guarda el campo de formulario de cada filtro en `filtro._field` la primera vez que alguien lee
`filtro.field`. Si eso pasa sobre los filtros de la clase (lo hace drf-spectacular al armar el esquema de la API),
cada instancia hereda por deepcopy ese campo viejo y los cambios de `__init__` (opciones, queryset, field_class) ya
no llegan al formulario: el filtro se vuelve inválido y se ignora. Aquí cada instancia descarta esa copia.
"""
import django_filters


class FilterSetPorPeticion(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filtro in self.filters.values():
            filtro.__dict__.pop("_field", None)
