"""Filtros de los reportes: periodo y dependencia; el año de la página de transparencia."""
from django import forms
from django.utils import timezone

from comun.formularios import EstiloBootstrap
from comun.models import Dependencia

MAX_DIAS = 366 * 3


class PeriodoForm(EstiloBootstrap, forms.Form):
    desde = forms.DateField(label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hasta = forms.DateField(label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    dependencia = forms.ModelChoiceField(queryset=Dependencia.objects.order_by("nombre"), required=False,
                                         empty_label="Todas las dependencias", label="Dependencia")

    def clean(self):
        datos = super().clean()
        if self.errors:
            return datos
        hoy = timezone.localdate()
        datos["desde"] = datos.get("desde") or hoy.replace(day=1)
        datos["hasta"] = datos.get("hasta") or hoy
        if datos["hasta"] < datos["desde"]:
            raise forms.ValidationError("La fecha «hasta» debe ser igual o posterior a «desde».")
        if (datos["hasta"] - datos["desde"]).days > MAX_DIAS:
            raise forms.ValidationError("El periodo no puede pasar de tres años.")
        return datos


class AnioForm(forms.Form):
    anio = forms.IntegerField(required=False, min_value=2000, max_value=2100, label="Año")

    def clean_anio(self):
        return self.cleaned_data.get("anio") or timezone.localdate().year
