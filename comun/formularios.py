"""Estilo Bootstrap para los formularios de SIGMA: clases de cada widget y campos inválidos marcados."""
from django import forms


class EstiloBootstrap:
    """Mezcla para Form/ModelForm: pone form-control/form-select y marca en rojo los campos con error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            widget = campo.widget
            if isinstance(widget, forms.CheckboxInput):
                clase = "form-check-input"
            elif isinstance(widget, forms.Select):
                clase = "form-select"
            else:
                clase = "form-control"
            widget.attrs.setdefault("class", clase)

    def full_clean(self):
        super().full_clean()
        for nombre in self.errors:
            if nombre in self.fields:
                widget = self.fields[nombre].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def es_id(valor):
    """Un id escrito en dígitos ASCII y de tamaño razonable: «²» o 30 dígitos nunca llegan a una consulta."""
    texto = str(valor if valor is not None else "")
    return texto.isascii() and texto.isdigit() and len(texto) <= 18


class VariosPorId(forms.ModelMultipleChoiceField):
    """Selección múltiple por id que rechaza ids no numéricos o enormes antes de consultar (con ``pk__in`` un
    entero enorme desborda SQLite y daba 500)."""

    def _check_values(self, value):
        for pk in value:
            if not es_id(pk):
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": pk})
        return super()._check_values(value)
