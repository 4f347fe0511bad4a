from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.functional import cached_property

from comun.formularios import EstiloBootstrap
from comun.models import Dependencia, Empleado, Ubicacion
from comun.normalizacion import normalizar_mac

from .choices import Categoria, Estado
from .models import Equipo, InterfazRed

CAMPOS_EQUIPO = [
    "numero_inventario", "tipo", "modelo", "numero_serie", "estado", "condicion",
    "dependencia", "ubicacion", "resguardante",
    "fecha_adquisicion", "costo", "proveedor", "factura", "garantia_hasta",
    "procesador", "ram_gb", "almacenamiento_gb", "sistema_operativo", "hostname", "notas",
]
# La custodia solo cambia con una transferencia registrada; al editar no se toca aquí.
CAMPOS_CUSTODIA = ["dependencia", "resguardante"]


class FechaInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _resguardante_de_la_dependencia(form, resguardante, dependencia):
    if resguardante and dependencia and resguardante.dependencia_id != dependencia.pk:
        form.add_error(
            "resguardante",
            f"{resguardante.nombre_completo} pertenece a {resguardante.dependencia}, no a {dependencia}.",
        )


class EquipoForm(EstiloBootstrap, forms.ModelForm):
    class Meta:
        model = Equipo
        fields = CAMPOS_EQUIPO
        widgets = {
            "fecha_adquisicion": FechaInput(),
            "garantia_hasta": FechaInput(),
            "notas": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for campo in CAMPOS_CUSTODIA:
                del self.fields[campo]
        self.fields["estado"].choices = [c for c in Estado.choices if c[0] != Estado.BAJA]
        if "resguardante" in self.fields:
            self.fields["resguardante"].queryset = Empleado.objects.filter(activo=True).select_related(
                "dependencia"
            )
            self.fields["resguardante"].label_from_instance = lambda e: f"{e.nombre_completo} ({e.dependencia})"
        if "dependencia" in self.fields:
            self.fields["dependencia"].queryset = Dependencia.objects.filter(activa=True)
        self.fields["modelo"].queryset = self.fields["modelo"].queryset.select_related("marca")

    def clean_numero_inventario(self):
        numero = self.cleaned_data["numero_inventario"].strip().upper()
        if not numero:
            raise forms.ValidationError("Escriba el número de inventario.")
        otro = Equipo.objects.filter(numero_inventario__iexact=numero).exclude(pk=self.instance.pk)
        otro = otro.select_related("tipo", "dependencia").first()
        if otro:
            raise forms.ValidationError(
                f"El número de inventario {numero} ya lo tiene el equipo {otro.tipo} de {otro.dependencia}."
            )
        return numero

    def clean(self):
        datos = super().clean()
        resguardante = datos.get("resguardante")
        dependencia = datos.get("dependencia")
        _resguardante_de_la_dependencia(self, resguardante, dependencia)
        return datos


class InterfazRedForm(EstiloBootstrap, forms.ModelForm):
    class Meta:
        model = InterfazRed
        fields = ["nombre", "mac", "ip"]
        widgets = {
            "mac": forms.TextInput(attrs={"placeholder": "aa:bb:cc:dd:ee:ff", "autocapitalize": "none"}),
            "nombre": forms.TextInput(attrs={"placeholder": "Ethernet"}),
        }

    def clean_mac(self):
        texto = (self.cleaned_data.get("mac") or "").strip()
        if not texto:
            return None
        mac = normalizar_mac(texto)
        if not mac:
            raise forms.ValidationError(
                f"«{texto}» no es una dirección MAC. "
                "Escríbala como aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF o aabb.ccdd.eeff."
            )
        otra = InterfazRed.objects.filter(mac=mac).exclude(pk=self.instance.pk).select_related("equipo").first()
        if otra and otra.equipo_id != self.instance.equipo_id:
            raise forms.ValidationError(
                f"La MAC {mac} ya está registrada en el equipo {otra.equipo.numero_inventario}."
            )
        return mac

    def clean(self):
        datos = super().clean()
        vacia = not datos.get("mac") and not datos.get("ip")
        if not datos.get("DELETE") and self.has_changed() and vacia and not self.errors:
            raise forms.ValidationError("Indique al menos la MAC o la IP de la interfaz.")
        return datos


class _InterfacesBase(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        vistas = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            mac = form.cleaned_data.get("mac")
            if mac and mac in vistas:
                form.add_error("mac", f"La MAC {mac} está repetida en este equipo.")
            vistas[mac] = form


InterfacesFormSet = inlineformset_factory(
    Equipo, InterfazRed, form=InterfazRedForm, formset=_InterfacesBase, extra=1, can_delete=True
)


class TransferenciaForm(EstiloBootstrap, forms.Form):
    resguardante = forms.ModelChoiceField(
        label="Nuevo resguardante", queryset=Empleado.objects.none(), required=False,
        help_text="Déjelo sin elegir si solo cambia la dependencia o la ubicación.",
        error_messages={"invalid_choice": "Ese empleado no existe o ya no está activo; búsquelo de nuevo."},
    )
    dependencia = forms.ModelChoiceField(
        label="Nueva dependencia", queryset=Dependencia.objects.none(), required=False, empty_label="— Sin cambio —",
        help_text="Si lo deja vacío se usa la dependencia del nuevo resguardante.",
    )
    ubicacion = forms.ModelChoiceField(
        label="Nueva ubicación", queryset=Ubicacion.objects.none(), required=False, empty_label="— Sin cambio —"
    )
    fecha = forms.DateField(label="Fecha de la transferencia", widget=FechaInput())
    motivo = forms.CharField(label="Motivo", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, equipo, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipo = equipo
        self.fields["resguardante"].queryset = (
            Empleado.objects.filter(activo=True).select_related("dependencia").exclude(pk=equipo.resguardante_id)
        )
        self.fields["dependencia"].queryset = Dependencia.objects.filter(activa=True)
        self.fields["ubicacion"].queryset = Ubicacion.objects.all()
        self.fields["fecha"].initial = timezone.localdate()

    @cached_property
    def resguardante_elegido_lista(self):
        """El empleado ya elegido (para volver a mostrarlo marcado si el formulario tiene errores)."""
        valor = self["resguardante"].value()
        if not valor or not (str(valor).isascii() and str(valor).isdigit() and len(str(valor)) <= 9):
            return []
        return list(self.fields["resguardante"].queryset.filter(pk=valor))

    @property
    def resguardante_elegido(self):
        return bool(self.resguardante_elegido_lista)

    def clean_fecha(self):
        fecha = self.cleaned_data["fecha"]
        if fecha > timezone.localdate():
            raise forms.ValidationError("La fecha de la transferencia no puede estar en el futuro.")
        return fecha

    def clean(self):
        datos = super().clean()
        resguardante, dependencia = datos.get("resguardante"), datos.get("dependencia")
        if not (resguardante or dependencia or datos.get("ubicacion")) and not self.errors:
            raise forms.ValidationError("Elija un nuevo resguardante, una nueva dependencia o una nueva ubicación.")
        _resguardante_de_la_dependencia(self, resguardante, dependencia)
        return datos


class BajaForm(EstiloBootstrap, forms.Form):
    fecha = forms.DateField(label="Fecha de baja", widget=FechaInput())
    motivo = forms.CharField(label="Motivo de la baja", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    dictamen = forms.CharField(
        label="Dictamen técnico", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000,
        help_text="Obligatorio para equipo de cómputo: diagnóstico que justifica la baja.",
    )

    def __init__(self, *args, equipo, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipo = equipo
        self.fields["fecha"].initial = timezone.localdate()
        if equipo.tipo.categoria == Categoria.COMPUTO:
            self.fields["dictamen"].required = True
            self.fields["dictamen"].error_messages["required"] = (
                "La baja de un equipo de cómputo necesita el dictamen técnico de la Dirección."
            )

    def clean_motivo(self):
        motivo = self.cleaned_data["motivo"].strip()
        if len(motivo) < 5:
            raise forms.ValidationError("Explique el motivo de la baja (al menos unas palabras).")
        return motivo

    def clean_fecha(self):
        fecha = self.cleaned_data["fecha"]
        if fecha > timezone.localdate():
            raise forms.ValidationError("La fecha de baja no puede estar en el futuro.")
        return fecha
