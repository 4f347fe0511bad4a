from django import forms

from comun.formularios import EstiloBootstrap
from comun.models import Dependencia

from .choices import EstadoEscaneo
from .models import CredencialAgente, Segmento


class SegmentoForm(EstiloBootstrap, forms.ModelForm):
    class Meta:
        model = Segmento
        fields = ["nombre", "cidr", "exclusiones", "dependencia", "perfil", "intervalo_horas", "limite_minutos",
                  "activo"]
        widgets = {
            "cidr": forms.TextInput(attrs={"placeholder": "192.168.10.0/24", "autocapitalize": "none",
                                           "inputmode": "decimal"}),
            "exclusiones": forms.Textarea(attrs={"rows": 2, "placeholder": "192.168.10.1, 192.168.10.250"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependencia"].queryset = Dependencia.objects.filter(activa=True)


class CredencialForm(EstiloBootstrap, forms.ModelForm):
    contrasena = forms.CharField(
        label="contraseña", min_length=12, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Al menos 12 caracteres. Se guarda cifrada: anótela ahora en la configuración del agente.",
    )

    class Meta:
        model = CredencialAgente
        fields = ["nombre", "dependencia"]
        widgets = {"nombre": forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependencia"].queryset = Dependencia.objects.filter(activa=True)
        self.fields["dependencia"].required = False

    def clean_nombre(self):
        nombre = self.cleaned_data["nombre"].strip()
        if not nombre or ":" in nombre or " " in nombre:
            raise forms.ValidationError("El usuario no puede estar vacío ni llevar espacios o «:».")
        return nombre

    def save(self, commit=True):
        credencial = super().save(commit=False)
        credencial.fijar_secreto(self.cleaned_data["contrasena"])
        if commit:
            credencial.save()
        return credencial


class BusquedaSoftwareForm(forms.Form):
    q = forms.CharField(label="Programa", required=False, max_length=100)
    so = forms.CharField(label="Sistema operativo", required=False, max_length=100)


class FiltroEscaneosForm(EstiloBootstrap, forms.Form):
    estado = forms.ChoiceField(label="Estado", required=False, choices=[("", "Todos"), *EstadoEscaneo.choices])
    segmento = forms.ModelChoiceField(label="Segmento", required=False, empty_label="Todos",
                                      queryset=Segmento.objects.order_by("nombre"))
