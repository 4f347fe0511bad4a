import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reportes", "0002_permisos"),
        ("inventario", "0002_catalogos_y_permisos"),
    ]

    operations = [
        migrations.CreateModel(
            name="CostoReposicion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("costo", models.DecimalField(
                    decimal_places=2, max_digits=12, verbose_name="costo de reposición (MXN)",
                    validators=[django.core.validators.MinValueValidator(0, "El costo no puede ser negativo.")])),
                ("referencia", models.CharField(
                    blank=True, help_text="De dónde sale el costo, p. ej. cotización o compra reciente.",
                    max_length=200, verbose_name="referencia")),
                ("actualizado", models.DateTimeField(auto_now=True, verbose_name="actualizado")),
                ("tipo", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, related_name="costo_reposicion",
                    to="inventario.tipoequipo", verbose_name="tipo de equipo")),
            ],
            options={
                "verbose_name": "costo de reposición",
                "verbose_name_plural": "costos de reposición",
                "ordering": ["tipo__nombre"],
                "constraints": [models.CheckConstraint(condition=models.Q(costo__gte=0),
                                                       name="costo_reposicion_no_negativo")],
            },
        ),
    ]
