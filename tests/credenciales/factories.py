"""Fábricas de credenciales: se crean por los servicios (folio, token, foto procesada)."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from credenciales import fotos, services
from tests.factories import EmpleadoFactory
from tests.soporte.factories import solicitud as solicitud_factory


def imagen(ancho=600, alto=800, formato="JPEG", color="#c0d0e0"):
    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), color).save(salida, formato)
    return salida.getvalue()


def archivo_foto(ancho=600, alto=800, formato="JPEG", nombre="foto.jpg", contenido=None):
    datos = contenido if contenido is not None else imagen(ancho, alto, formato)
    return SimpleUploadedFile(nombre, datos, content_type="image/jpeg")


def foto_silueta(semilla=1):
    return SimpleUploadedFile("foto.jpg", fotos.silueta(semilla), content_type="image/jpeg")


def credencial(empleado=None, usuario=None, **campos):
    empleado = empleado or EmpleadoFactory()
    campos.setdefault("foto", foto_silueta(empleado.pk))
    return services.emitir(empleado, usuario, **campos)


def solicitud(cantidad=1, **campos):
    return solicitud_factory("impresion-credenciales", cantidad=cantidad, **campos)


def lote(n=3, usuario=None, empleados=None, con_foto=True):
    empleados = empleados or [EmpleadoFactory() for _ in range(n)]
    nuevo = services.crear_lote(solicitud(cantidad=len(empleados)), empleados, usuario)
    if con_foto:
        for c in nuevo.credenciales.all():
            services.cambiar_foto(c, foto_silueta(c.pk), usuario)
    return nuevo
