from django.db import migrations, models


class Migration(migrations.Migration):
    """The XLSX media type is 65 characters long."""

    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="storedfile",
            name="content_type",
            field=models.CharField(max_length=100),
        ),
    ]
