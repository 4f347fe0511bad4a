"""Objetos de prueba de las exportaciones en segundo plano y los reportes mensuales."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from reportes.models import ReporteMensual, TrabajoExportacion


def trabajo(usuario=None, estado=TrabajoExportacion.Estado.TERMINADO, contenido=b"%PDF-1.7 prueba", **campos):
    """Una exportación (por omisión terminada, con archivo) de un usuario que no es ninguno de los de la prueba."""
    if usuario is None:
        usuario, _ = get_user_model().objects.get_or_create(username="duenio-exportacion")
    t = TrabajoExportacion(usuario=usuario, clave="tablero_pdf", estado=estado,
                           parametros={"desde": "2026-03-01", "hasta": "2026-03-31"}, **campos)
    if estado == TrabajoExportacion.Estado.TERMINADO:
        t.progreso, t.nombre_archivo = 100, "reportes-2026-03-01-2026-03-31.pdf"
        t.archivo.save(t.nombre_archivo, ContentFile(contenido), save=False)
    t.save()
    return t


def mensual(mes=dt.date(2026, 2, 1)):
    r = ReporteMensual(mes=mes, generado=timezone.now())
    r.archivo_xlsx.save("m.xlsx", ContentFile(b"PK xlsx"), save=False)
    r.archivo_pdf.save("m.pdf", ContentFile(b"%PDF-1.7 mensual"), save=False)
    r.save()
    return r
