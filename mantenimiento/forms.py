"""Formularios de mantenimiento: plan, lista de verificación (dinámica), refacciones, cierre y reasignación."""
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model

from comun.formularios import EstiloBootstrap, VariosPorId
from comun.models import Dependencia
from comun.roles import TECNICO
from inventario.choices import Estado as EstadoEquipo
from inventario.models import Equipo, TipoEquipo

from .choices import Resultado, TipoItem
from .models import PlanMantenimiento


class FechaInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def usuarios_tecnicos():
    return get_user_model().objects.filter(groups__name=TECNICO, is_active=True).order_by("first_name", "username")


def nombre_usuario(u):
    return u.get_full_name() or u.username


class PlanForm(EstiloBootstrap, forms.ModelForm):
    lista_equipos = forms.CharField(
        label="Equipos (lista explícita)", required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "OCO-2022-00001, OCO-2022-00002"}),
        help_text="Números de inventario separados por coma, espacio o renglón; se suman a los de los filtros.",
    )

    class Meta:
        model = PlanMantenimiento
        fields = ["nombre", "descripcion", "plantilla", "modo", "intervalo", "unidad", "fecha_inicio",
                  "dias_anticipacion", "ajuste_inhabil", "tipos", "dependencias", "tecnicos", "activo"]
        widgets = {
            "descripcion": forms.Textarea(attrs={"rows": 2}),
            "fecha_inicio": FechaInput(),
            "tipos": forms.CheckboxSelectMultiple(),
            "tecnicos": forms.CheckboxSelectMultiple(),
            "dependencias": forms.SelectMultiple(attrs={"size": 8}),
            "intervalo": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "dias_anticipacion": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }
        field_classes = {"tipos": VariosPorId, "dependencias": VariosPorId, "tecnicos": VariosPorId}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipos"].queryset = TipoEquipo.objects.all()
        self.fields["dependencias"].queryset = Dependencia.objects.filter(activa=True)
        self.fields["dependencias"].required = False
        self.fields["tecnicos"].queryset = usuarios_tecnicos()
        self.fields["tecnicos"].label_from_instance = nombre_usuario
        self.fields["tipos"].widget.attrs["class"] = "form-check-input"
        self.fields["tecnicos"].widget.attrs["class"] = "form-check-input"
        if self.instance.pk:
            self.initial["lista_equipos"] = ", ".join(
                self.instance.equipos.order_by("numero_inventario").values_list("numero_inventario", flat=True)
            )

    def clean_lista_equipos(self):
        numeros = [n.strip().upper() for n in re.split(r"[\s,;]+", self.cleaned_data["lista_equipos"]) if n.strip()]
        if len(numeros) > 2000:
            raise forms.ValidationError("La lista explícita admite hasta 2000 equipos; use filtros por tipo o "
                                        "dependencia para más.")
        equipos = {e.numero_inventario: e for e in Equipo.objects.filter(numero_inventario__in=numeros)}
        faltan = [n for n in numeros if n not in equipos]
        if faltan:
            raise forms.ValidationError(f"No existen estos números de inventario: {', '.join(faltan[:10])}"
                                        + ("…" if len(faltan) > 10 else "") + ".")
        baja = [n for n, e in equipos.items() if e.estado == EstadoEquipo.BAJA]
        if baja:
            raise forms.ValidationError(f"Estos equipos están dados de baja: {', '.join(baja[:10])}.")
        return list(equipos.values())

    def clean(self):
        datos = super().clean()
        if not (datos.get("tipos") or datos.get("dependencias") or datos.get("lista_equipos")):
            raise forms.ValidationError("Indique a qué equipos aplica el plan: tipos, dependencias o una lista.")
        return datos

    def save(self, commit=True):
        plan = super().save(commit=commit)
        if commit:
            plan.equipos.set(self.cleaned_data["lista_equipos"])
        return plan


class RefaccionForm(EstiloBootstrap, forms.Form):
    descripcion = forms.CharField(label="Refacción o consumible", max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "Refacción o consumible",
                                                                "aria-label": "Refacción o consumible"}))
    cantidad = forms.DecimalField(label="Cantidad", min_value=Decimal("0.01"), max_digits=8, decimal_places=2,
                                  required=False, widget=forms.NumberInput(attrs={
                                      "inputmode": "decimal", "placeholder": "Cantidad", "aria-label": "Cantidad"}))
    costo = forms.DecimalField(label="Costo unitario", min_value=Decimal(0), max_digits=10, decimal_places=2,
                               required=False, widget=forms.NumberInput(attrs={
                                   "inputmode": "decimal", "placeholder": "Costo unitario $",
                                   "aria-label": "Costo unitario"}))

    def clean(self):
        datos = super().clean()
        if (datos.get("cantidad") or datos.get("costo")) and not datos.get("descripcion"):
            self.add_error("descripcion", "Describa la refacción.")
        return datos


RefaccionesFormSet = forms.formset_factory(RefaccionForm, extra=2, max_num=30, validate_max=True)


class CierreForm(EstiloBootstrap, forms.Form):
    observaciones = forms.CharField(label="Observaciones", required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    minutos = forms.IntegerField(
        label="Minutos trabajados", required=False, min_value=1, max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Si lo deja vacío se calcula desde que inició la orden.",
    )
    conformidad_nombre = forms.CharField(label="Nombre de quien recibe", max_length=150, required=False)
    firma = forms.CharField(required=False, widget=forms.HiddenInput())


class ReasignarForm(forms.Form):
    tecnico = forms.ModelChoiceField(queryset=None, label="Asignar a",
                                     error_messages={"invalid_choice": "Elija un técnico de la lista.",
                                                     "required": "Elija el técnico."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tecnico"].queryset = usuarios_tecnicos()
        self.fields["tecnico"].label_from_instance = nombre_usuario
        self.fields["tecnico"].empty_label = "Elija un técnico…"
        self.fields["tecnico"].widget.attrs["class"] = "form-select"

    def clean(self):
        datos = super().clean()
        ids = self.data.getlist("ordenes") if hasattr(self.data, "getlist") else []
        if not ids:
            raise forms.ValidationError("Marque al menos una orden.")
        if len(ids) > 1000 or not all(str(i).isascii() and str(i).isdigit() and len(str(i)) <= 9 for i in ids):
            raise forms.ValidationError("La selección de órdenes no es válida.")
        datos["ordenes"] = [int(i) for i in ids]
        return datos


class NoRealizadaForm(forms.Form):
    motivo = forms.CharField(label="Motivo", max_length=1000, error_messages={"required": "Indique el motivo."})


def _decimal(texto):
    texto = (texto or "").strip().replace(",", ".").rstrip("%").strip()
    if not texto:
        return None
    try:
        valor = Decimal(texto)
    except InvalidOperation:
        raise ValueError
    if not valor.is_finite() or abs(valor) >= Decimal("1e10"):
        raise ValueError
    return valor.quantize(Decimal("0.01"))


def leer_checklist(datos, resultados):
    """Lee del POST los campos r<id>-valor / r<id>-resultado / r<id>-notas de cada resultado.

    Devuelve (valores, errores): valores = {resultado_id: campos a guardar}; errores = {resultado_id: mensaje}.
    El resultado de «número», «opción» y «casilla» lo decide el valor (ver services.evaluar); «pasa/falla» lo
    elige el técnico."""
    from .services import evaluar

    valores, errores = {}, {}
    for r in resultados:
        prefijo = f"r{r.pk}-"
        valor = (datos.get(prefijo + "valor") or "").strip()[:500]
        notas = (datos.get(prefijo + "notas") or "").strip()[:2000]
        item = r.item
        campos = {"valor": valor, "valor_numero": None, "notas": notas, "resultado": r.resultado}
        if r.tipo == TipoItem.NUMERO:
            try:
                numero = _decimal(valor)
            except ValueError:
                errores[r.pk] = f"«{valor}» no es un número."
                continue
            if numero is not None and item and item.unidad == "%" and not (0 <= numero <= 100):
                errores[r.pk] = "Un porcentaje debe estar entre 0 y 100."
                continue
            campos["valor_numero"] = numero
            campos["valor"] = "" if numero is None else f"{numero.normalize():f}"
            campos["resultado"] = evaluar(item, numero) if item else Resultado.PENDIENTE
        elif r.tipo == TipoItem.OPCION:
            if valor and item and valor not in item.lista_opciones():
                errores[r.pk] = f"«{valor}» no es una de las opciones."
                continue
            campos["resultado"] = evaluar(item, valor) if item else Resultado.PENDIENTE
        elif r.tipo == TipoItem.CHECK:
            campos["valor"] = "sí" if valor else ""
            campos["resultado"] = Resultado.PASA if valor else Resultado.PENDIENTE
        elif r.tipo == TipoItem.PASA_FALLA:
            elegido = (datos.get(prefijo + "resultado") or "").strip()
            if elegido not in {"", Resultado.PASA, Resultado.FALLA, Resultado.NO_APLICA}:
                errores[r.pk] = "Elija pasa, falla o no aplica."
                continue
            campos["resultado"] = elegido
            campos["valor"] = ""
        else:
            campos["resultado"] = Resultado.NO_APLICA
        valores[r.pk] = campos
    return valores, errores
