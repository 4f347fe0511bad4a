"""Formularios de la consulta pública, quejas y encuestas (los del público y los de la mesa de ayuda)."""
import re

from django import forms

from comun.formularios import EstiloBootstrap

from .choices import Compromiso, EstadoQueja
from .models import Servicio

# «DIG-2026-000123», «dig 2026 123», «2026-123»: todo se lleva a DIG-AAAA-NNNNNN.
_FOLIO = re.compile(r"^(?:DIG)?[\s-]*(\d{4})[\s-]*(\d{1,6})$")
_CODIGO = re.compile(r"^[A-Z0-9]{6}$")


def normalizar_folio(texto):
    limpio = (texto or "").strip().upper()
    coincide = _FOLIO.match(limpio)
    if not coincide:
        return None
    anio, numero = coincide.groups()
    return f"DIG-{anio}-{int(numero):06d}"


class ConsultaForm(EstiloBootstrap, forms.Form):
    folio = forms.CharField(
        label="Folio", max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "DIG-2026-000123", "autocomplete": "off",
                                      "autocapitalize": "characters", "spellcheck": "false"}),
    )
    codigo = forms.CharField(
        label="Código de consulta", max_length=12,
        help_text="Las 6 letras y números que le dio la mesa de ayuda junto con el folio.",
        widget=forms.TextInput(attrs={"placeholder": "ABC234", "autocomplete": "off",
                                      "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_folio(self):
        folio = normalizar_folio(self.cleaned_data["folio"])
        if folio is None:
            raise forms.ValidationError("Escriba el folio como aparece en su comprobante, p. ej. DIG-2026-000123.")
        return folio

    def clean_codigo(self):
        codigo = re.sub(r"[\s-]", "", self.cleaned_data["codigo"]).upper()
        if not _CODIGO.match(codigo):
            raise forms.ValidationError("El código tiene 6 letras y números.")
        return codigo


class QuejaForm(EstiloBootstrap, forms.Form):
    """Queja por incumplimiento: la usan el público (desde la consulta) y la mesa de ayuda."""

    presentada_por = forms.CharField(label="Nombre de quien presenta la queja", max_length=200)
    compromiso = forms.ChoiceField(label="Compromiso que no se cumplió", choices=Compromiso.choices)
    descripcion = forms.CharField(
        label="Motivo de la queja", max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_presentada_por(self):
        valor = self.cleaned_data["presentada_por"].strip()
        if not valor:
            raise forms.ValidationError("Escriba su nombre.")
        return valor

    def clean_descripcion(self):
        valor = self.cleaned_data["descripcion"].strip()
        if len(valor) < 10:
            raise forms.ValidationError("Describa el motivo de la queja (al menos 10 caracteres).")
        return valor


class RespuestaQuejaForm(EstiloBootstrap, forms.Form):
    respuesta = forms.CharField(
        label="Respuesta de la Dirección", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="El solicitante la verá en la consulta pública de su folio. Al responder, la queja se cierra.",
    )


CALIFICACIONES = [
    (5, "Excelente"),
    (4, "Buena"),
    (3, "Regular"),
    (2, "Mala"),
    (1, "Muy mala"),
]


class EncuestaForm(EstiloBootstrap, forms.Form):
    calificacion = forms.TypedChoiceField(
        label="¿Cómo calificaría el servicio que recibió?", choices=CALIFICACIONES, coerce=int,
        widget=forms.RadioSelect, error_messages={
            "required": "Elija una calificación de 1 a 5.",
            "invalid_choice": "La calificación va de 1 a 5.",
        },
    )
    comentario = forms.CharField(
        label="Comentario (opcional)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuejasFiltroForm(EstiloBootstrap, forms.Form):
    estado = forms.ChoiceField(label="Estado", required=False, choices=[("", "Todos los estados"),
                                                                        *EstadoQueja.choices])
    servicio = forms.ModelChoiceField(
        label="Servicio", required=False, queryset=Servicio.objects.all(), empty_label="Todos los servicios",
    )
    q = forms.CharField(label="Folio", required=False, max_length=30,
                        widget=forms.TextInput(attrs={"placeholder": "Folio de queja o de solicitud"}))
