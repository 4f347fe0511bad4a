"""Formularios de la importación: el archivo, y el mapeo de columnas no reconocidas."""
from django import forms
from django.conf import settings

from comun.formularios import EstiloBootstrap

from .columnas import COLUMNAS
from .importacion import EXTENSIONES, IGNORAR


class SubirArchivoForm(EstiloBootstrap, forms.Form):
    archivo = forms.FileField(
        label="Archivo de inventario",
        help_text=f"Libro de Excel (.xlsx) o CSV, de hasta {settings.SIGMA_IMPORTACION_MAX_MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONES)}),
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        nombre = archivo.name.lower()
        if not nombre.endswith(EXTENSIONES):
            raise forms.ValidationError("Solo se importan hojas de cálculo .xlsx o archivos .csv.")
        limite = settings.SIGMA_IMPORTACION_MAX_MB
        if archivo.size > limite * 1024 * 1024:
            raise forms.ValidationError(f"El archivo pesa {archivo.size / 1048576:.1f} MB; el límite es {limite} MB.")
        return archivo


OPCIONES_COLUMNA = [(IGNORAR, "Ignorar esta columna"), *((c.clave, c.encabezado) for c in COLUMNAS)]


class OpcionesForm(EstiloBootstrap, forms.Form):
    crear_catalogos = forms.BooleanField(
        label="Crear las dependencias y resguardantes nuevos", required=False,
        help_text="Sin marcar, las filas con una dependencia o un resguardante que no existe se rechazan.",
    )

    def __init__(self, *args, sin_reconocer=(), mapeo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.columnas = []
        mapeo = mapeo or {}
        vistos = set()
        for i, item in enumerate(sin_reconocer):
            if item["clave"] in vistos:
                continue
            vistos.add(item["clave"])
            nombre = f"col_{i}"
            self.fields[nombre] = forms.ChoiceField(
                label=f"«{item['encabezado']}» (hoja {item['hoja']})", choices=OPCIONES_COLUMNA, required=False,
                initial=mapeo.get(item["clave"], IGNORAR),
            )
            self.fields[nombre].widget.attrs["class"] = "form-select form-select-sm"
            self.columnas.append((nombre, item["clave"]))

    def mapeo(self):
        return {clave: self.cleaned_data.get(nombre) or IGNORAR for nombre, clave in self.columnas}

    def campos_columnas(self):
        return [self[nombre] for nombre, _ in self.columnas]
