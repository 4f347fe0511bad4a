from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Reporte",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                               verbose_name="ID"))],
            options={
                "managed": False,
                "default_permissions": (),
                "permissions": [("ver_reportes", "Puede ver los reportes de la Dirección")],
            },
        ),
    ]
