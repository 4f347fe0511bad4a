"""Reportes: sin tablas propias por ahora; el modelo solo lleva el permiso de ver los reportes."""
from django.db import models


class Reporte(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("ver_reportes", "Puede ver los reportes de la Dirección")]

    def __str__(self):
        return "Reportes"
