"""One row per position in the chain (after 0004 numbered the rows)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="chain_seq",
            field=models.BigIntegerField(db_default=0, editable=False, unique=True),
        ),
    ]
