import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reportes", "0004_costos_y_permisos"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReporteMensual",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("mes", models.DateField(help_text="Primer día del mes.", unique=True, verbose_name="mes")),
                ("archivo_xlsx", models.FileField(upload_to="reportes/mensuales/", verbose_name="Excel")),
                ("archivo_pdf", models.FileField(upload_to="reportes/mensuales/", verbose_name="PDF")),
                ("generado", models.DateTimeField(verbose_name="fecha de generación")),
            ],
            options={
                "verbose_name": "reporte mensual",
                "verbose_name_plural": "reportes mensuales",
                "ordering": ["-mes"],
            },
        ),
        migrations.CreateModel(
            name="TrabajoExportacion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("clave", models.CharField(max_length=60, verbose_name="exportación")),
                ("parametros", models.JSONField(blank=True, default=dict, verbose_name="parámetros")),
                ("estado", models.CharField(choices=[("pendiente", "Pendiente"), ("en_curso", "En curso"),
                                                     ("terminado", "Terminado"), ("fallido", "Fallido")],
                                            default="pendiente", max_length=12)),
                ("progreso", models.PositiveSmallIntegerField(default=0, verbose_name="progreso (%)")),
                ("archivo", models.FileField(blank=True, upload_to="reportes/trabajos/%Y/%m/")),
                ("nombre_archivo", models.CharField(blank=True, max_length=200, verbose_name="nombre de descarga")),
                ("error", models.TextField(blank=True)),
                ("intentos", models.PositiveSmallIntegerField(default=1)),
                ("creado", models.DateTimeField(auto_now_add=True)),
                ("iniciado", models.DateTimeField(blank=True, null=True)),
                ("terminado", models.DateTimeField(blank=True, null=True)),
                ("usuario", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                              to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "exportación en segundo plano",
                "verbose_name_plural": "exportaciones en segundo plano",
                "ordering": ["-creado", "-pk"],
                "indexes": [models.Index(fields=["usuario", "-creado"], name="reportes_tr_usuario_5fc766_idx")],
            },
        ),
    ]
