"""Formularios de proyectos (avance, hitos, archivos) y asesorías."""
import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from comun.formularios import EstiloBootstrap
from comun.roles import TECNICO

from .choices import Fase
from .models import Hito, Servicio
from .validadores import validar_adjunto


class ProyectoForm(EstiloBootstrap, forms.Form):
    fase = forms.ChoiceField(label="Fase", choices=Fase.choices)
    avance = forms.IntegerField(
        label="Avance (%)", min_value=0, max_value=100,
        error_messages={"min_value": "El avance va de 0 a 100 %%.", "max_value": "El avance va de 0 a 100 %%."},
    )
    responsable = forms.ModelChoiceField(
        label="Responsable", queryset=get_user_model().objects.none(), required=False, empty_label="Sin responsable",
    )
    nota = forms.CharField(label="Nota del cambio", max_length=100, required=False,
                           help_text="Queda en el historial del proyecto.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name=TECNICO).distinct().order_by("username")
        )
        self.fields["avance"].widget.attrs.update({"inputmode": "numeric", "step": 5})


class HitoForm(EstiloBootstrap, forms.ModelForm):
    class Meta:
        model = Hito
        fields = ["nombre", "fase", "fecha_objetivo"]
        widgets = {"fecha_objetivo": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "nombre": {"required": "Escriba el nombre del hito."},
            "fecha_objetivo": {"required": "Indique la fecha objetivo del hito.",
                               "invalid": "Escriba una fecha válida (dd/mm/aaaa)."},
        }


class CumplirHitoForm(forms.Form):
    hito = forms.IntegerField(widget=forms.HiddenInput)


class ArchivoForm(EstiloBootstrap, forms.Form):
    archivo = forms.FileField(label="Archivo (PDF, PNG o JPEG)",
                              error_messages={"required": "Elija el archivo que desea subir."})
    descripcion = forms.CharField(label="Descripción", max_length=200, required=False)

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        self.tipo = validar_adjunto(archivo)
        return archivo


class AsesoriaForm(EstiloBootstrap, forms.Form):
    tema = forms.CharField(label="Tema", max_length=200, error_messages={"required": "Escriba el tema."})
    fecha = forms.DateTimeField(
        label="Fecha y hora", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Indique la fecha de la asesoría.", "invalid": "Escriba una fecha y hora válidas."},
    )
    duracion_minutos = forms.IntegerField(
        label="Duración (minutos)", min_value=1, max_value=600,
        error_messages={"required": "Indique la duración en minutos.",
                        "min_value": "La duración va de 1 a 600 minutos.",
                        "max_value": "La duración va de 1 a 600 minutos."},
    )
    asistentes = forms.IntegerField(
        label="Asistentes", min_value=1, max_value=500, initial=1,
        error_messages={"min_value": "Debe haber al menos un asistente.",
                        "max_value": "Máximo 500 asistentes por asesoría."},
    )

    def clean_fecha(self):
        fecha = self.cleaned_data["fecha"]
        if fecha > timezone.now() + dt.timedelta(days=366):
            raise forms.ValidationError("La fecha queda a más de un año: revísela.")
        return fecha


class FiltroProyectosForm(EstiloBootstrap, forms.Form):
    fase = forms.ChoiceField(label="Fase", choices=[("", "Todas las fases"), *Fase.choices], required=False)
    servicio = forms.ChoiceField(label="Servicio", required=False)
    vigentes = forms.ChoiceField(
        label="Estado", required=False,
        choices=[("", "Abiertos"), ("todos", "Todos"), ("terminados", "Terminados")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servicio"].choices = [
            ("", "Todos los servicios"),
            *Servicio.objects.filter(con_fases=True).values_list("clave", "nombre"),
        ]
