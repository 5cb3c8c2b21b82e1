"""Order lines remember whether the product was a domestic product (PDN) when
ordered; the lines already there take it from their product as it is now (the
best record there is of what it was)."""

from django.db import migrations, models

BACKFILL = """
UPDATE orders_orderline l SET is_pdn = p.is_pdn
FROM catalog_product p WHERE p.id = l.product_id AND p.is_pdn
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0011_reviewed_prices_from_history"),
        ("orders", "0005_paying"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderline",
            name="is_pdn",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
