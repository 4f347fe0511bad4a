from django import forms

from comun.formularios import EstiloBootstrap, VariosPorId
from comun.models import Empleado

from . import fotos, services
from .choices import MOTIVOS


class LoteForm(EstiloBootstrap, forms.Form):
    """Empleados elegidos con el buscador y/o pegados como números; cualquier error → no se crea nada."""

    empleados = VariosPorId(
        queryset=Empleado.objects.select_related("dependencia"), required=False, widget=forms.MultipleHiddenInput,
    )
    numeros = forms.CharField(
        label="Números de empleado", required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control mono"}),
        help_text="Uno por renglón (o separados por comas), p. ej. copiados del oficio de Recursos Humanos.",
    )
    notas = forms.CharField(label="Notas", required=False, max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        datos = super().clean()
        elegidos = list(datos.get("empleados") or [])
        pegados, errores = services.leer_numeros(datos.get("numeros", ""))
        if errores:
            self.add_error("numeros", errores)
        for e in elegidos:
            if not e.activo:
                self.add_error(None, f"{e.nombre_completo} ({e.numero_empleado}) está dado de baja.")
        todos = list({e.pk: e for e in elegidos + pegados}.values())
        if not todos and not self.errors:
            raise forms.ValidationError("Elija empleados con el buscador o pegue sus números de empleado.")
        if len(todos) > services.MAX_POR_LOTE:
            raise forms.ValidationError(f"Un lote admite hasta {services.MAX_POR_LOTE} credenciales.")
        datos["todos"] = todos
        return datos


class FotoForm(EstiloBootstrap, forms.Form):
    foto = forms.FileField(
        label="Fotografía", help_text="JPEG o PNG, de al menos 300 × 400 px y hasta 5 MB; se recorta a 3:4.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    # Recorte opcional (x, y, ancho en píxeles de la imagen); sin él, recorte centrado.
    recorte_x = forms.FloatField(required=False, widget=forms.HiddenInput)
    recorte_y = forms.FloatField(required=False, widget=forms.HiddenInput)
    recorte_ancho = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean(self):
        datos = super().clean()
        archivo = datos.get("foto")
        recorte = None
        if all(datos.get(c) is not None for c in ("recorte_x", "recorte_y", "recorte_ancho")):
            recorte = (datos["recorte_x"], datos["recorte_y"], datos["recorte_ancho"])
        datos["recorte"] = recorte
        if archivo is not None:
            try:
                fotos.abrir(archivo)
            except fotos.FotoInvalida as exc:
                self.add_error("foto", str(exc))
            archivo.seek(0)
        return datos


class RevocarForm(EstiloBootstrap, forms.Form):
    motivo = forms.ChoiceField(label="Motivo", choices=[("", "Elija el motivo…")] + [(m, m) for m in MOTIVOS]
                               + [("otro", "Otro (escríbalo)")])
    detalle = forms.CharField(label="Detalle", required=False, max_length=150)

    def clean(self):
        datos = super().clean()
        motivo, detalle = datos.get("motivo"), (datos.get("detalle") or "").strip()
        if motivo == "otro" and not detalle:
            self.add_error("detalle", "Escriba el motivo.")
        datos["texto"] = detalle if motivo == "otro" else (f"{motivo}: {detalle}" if detalle else motivo)
        return datos


class ReimprimirForm(EstiloBootstrap, forms.Form):
    motivo = forms.CharField(label="Motivo de la reimpresión", max_length=150,
                             help_text="Por ejemplo: extravío, cambio de puesto, credencial dañada.")
    foto = forms.FileField(label="Fotografía nueva (opcional)", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))

    def clean_foto(self):
        archivo = self.cleaned_data.get("foto")
        if archivo:
            try:
                fotos.abrir(archivo)
            except fotos.FotoInvalida as exc:
                raise forms.ValidationError(str(exc)) from None
            archivo.seek(0)
        return archivo
