"""Formularios de la mesa de servicio: registro rápido, asignación, estados, comentarios y adjuntos."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from comun.formularios import EstiloBootstrap, VariosPorId
from comun.models import Dependencia, Empleado
from comun.roles import TECNICO
from inventario.models import Equipo

from .choices import TRANSICIONES, Canal, Estado, Nivel, TipoEspera, TipoResolucion
from .models import Servicio
from .validadores import validar_adjunto


def tecnicos():
    return (
        get_user_model().objects.filter(groups__name=TECNICO, is_active=True)
        .distinct().order_by("first_name", "last_name", "username")
    )


class CampoTecnico(forms.ModelChoiceField):
    def label_from_instance(self, usuario):
        return usuario.get_full_name() or usuario.username


class SolicitudRapidaForm(EstiloBootstrap, forms.Form):
    """Una pantalla para una llamada: quién llama, qué servicio, qué pasa. Todo lo demás es opcional."""

    solicitante = forms.ModelChoiceField(
        Empleado.objects.filter(activo=True), required=False, label="Solicitante",
        widget=forms.RadioSelect, error_messages={"invalid_choice": "Elija un empleado activo de la lista."},
    )
    nuevo_nombre = forms.CharField(label="Nombre(s)", max_length=120, required=False)
    nuevo_apellidos = forms.CharField(label="Apellidos", max_length=120, required=False)
    nuevo_dependencia = forms.ModelChoiceField(Dependencia.objects.all(), label="Dependencia", required=False)
    nuevo_extension = forms.CharField(label="Extensión", max_length=10, required=False)
    servicio = forms.ModelChoiceField(
        Servicio.objects.filter(activo=True), label="Servicio", empty_label=None,
        error_messages={"invalid_choice": "Elija un servicio del catálogo."},
    )
    canal = forms.ChoiceField(label="Canal", choices=Canal.choices, initial=Canal.TELEFONO)
    asunto = forms.CharField(label="Asunto", max_length=200,
                             error_messages={"required": "Escriba en pocas palabras qué necesita."})
    descripcion = forms.CharField(label="Descripción", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    urgencia = forms.ChoiceField(label="Urgencia", choices=Nivel.choices, initial=Nivel.MEDIA)
    impacto = forms.ChoiceField(label="Impacto", choices=Nivel.choices, initial=Nivel.MEDIA)
    cantidad = forms.IntegerField(label="Cantidad", min_value=1, max_value=10000, initial=1, required=False)
    fecha_compromiso = forms.DateField(
        label="Fecha compromiso acordada", required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )
    equipos = VariosPorId(
        Equipo.objects.all(), required=False, label="Equipos", widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Uno de los equipos elegidos ya no existe."},
    )
    tecnico = CampoTecnico(tecnicos(), required=False, label="Asignar a", empty_label="Sin asignar (por ahora)")
    adjunto = forms.FileField(label="Oficio escaneado (PDF o imagen)", required=False)

    def __init__(self, *args, puede_asignar=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tecnico"].queryset = tecnicos()
        if not puede_asignar:
            del self.fields["tecnico"]

    def clean_adjunto(self):
        archivo = self.cleaned_data.get("adjunto")
        if archivo:
            self.tipo_adjunto = validar_adjunto(archivo)
        return archivo

    def clean(self):
        datos = super().clean()
        if not datos.get("solicitante"):
            if datos.get("nuevo_nombre", "").strip() and datos.get("nuevo_dependencia"):
                pass
            elif datos.get("nuevo_nombre", "").strip():
                self.add_error("nuevo_dependencia", "Indique la dependencia del empleado nuevo.")
            elif "solicitante" not in self.errors:
                self.add_error("solicitante", "Busque y elija a quien solicita, o regístrelo como empleado nuevo.")
        servicio = datos.get("servicio")
        if servicio and servicio.tipo_resolucion == TipoResolucion.RANGO:
            fecha = datos.get("fecha_compromiso")
            if not fecha:
                self.add_error("fecha_compromiso", f"Acuerde una fecha (entre {servicio.rango_min_dias} y "
                                                   f"{servicio.rango_max_dias} días).")
            else:
                dias = (fecha - timezone.localdate()).days
                if not servicio.rango_min_dias <= dias <= servicio.rango_max_dias:
                    self.add_error("fecha_compromiso", f"Debe quedar entre {servicio.rango_min_dias} y "
                                                       f"{servicio.rango_max_dias} días a partir de hoy.")
        if servicio and servicio.tipo_resolucion == TipoResolucion.POR_UNIDAD and not datos.get("cantidad"):
            self.add_error("cantidad", f"Indique cuántas ({servicio.unidad or 'unidades'}).")
        return datos


class AsignarForm(EstiloBootstrap, forms.Form):
    tecnico = CampoTecnico(tecnicos(), label="Técnico", empty_label="Elija…",
                           error_messages={"required": "Elija al técnico.",
                                           "invalid_choice": "Ese usuario no es un técnico activo."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tecnico"].queryset = tecnicos()


class EstadoForm(EstiloBootstrap, forms.Form):
    estado = forms.ChoiceField(label="Nuevo estado", choices=Estado.choices)
    tipo_espera = forms.ChoiceField(label="En espera de", choices=[("", "—"), *TipoEspera.choices], required=False)
    resolucion = forms.CharField(label="Resolución", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    nota = forms.CharField(label="Nota", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, solicitud=None, **kwargs):
        super().__init__(*args, **kwargs)
        if solicitud is not None:
            posibles = TRANSICIONES[Estado(solicitud.estado)] - {Estado.ASIGNADA}
            # Se ofrecen solo los estados legales; uno ilegal enviado a mano lo rechaza el servicio con su mensaje.
            self.fields["estado"].widget.choices = [(e.value, e.label) for e in Estado if e in posibles]


class ComentarioForm(EstiloBootstrap, forms.Form):
    texto = forms.CharField(label="Comentario", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": "El comentario está vacío."})
    publico = forms.BooleanField(label="Visible para el solicitante (consulta por folio)", required=False)


class AdjuntoForm(EstiloBootstrap, forms.Form):
    archivo = forms.FileField(label="Archivo (PDF o imagen)",
                              error_messages={"required": "Elija el archivo a adjuntar."})
    descripcion = forms.CharField(label="Descripción", max_length=200, required=False)

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        self.tipo = validar_adjunto(archivo)
        return archivo
