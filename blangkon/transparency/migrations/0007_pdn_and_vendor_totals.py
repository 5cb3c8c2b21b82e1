"""The domestic-product (PDN) value beside the value in the running totals and
the monthly rollup, and the vendor totals (VendorTotals; the next migration
keeps them). CountedOrder now remembers the order's vendor (taken from the
orders here) and its PDN parts."""

import django.db.models.deletion
from django.db import migrations, models

COUNTED_VENDORS = """
UPDATE transparency_countedorder c SET vendor_id = o.vendor_id
FROM orders_order o WHERE o.id = c.order_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("inaproc", "0001_packages"),
        ("orders", "0005_paying"),
        ("regions", "0002_jawa_tengah"),
        ("transparency", "0006_open_data"),
        ("vendors", "0004_vendor_rating"),
    ]

    operations = [
        migrations.AddField(
            model_name="countedorder",
            name="pdn_parts",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="countedorder",
            name="vendor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="vendors.vendor",
            ),
        ),
        migrations.AddField(
            model_name="dailytotals",
            name="value_pdn",
            field=models.BigIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="monthlytotals",
            name="value_pdn",
            field=models.BigIntegerField(db_default=0, default=0),
        ),
        migrations.CreateModel(
            name="VendorTotals",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("blangkon", "Blangkon"), ("inaproc", "INAPROC")], max_length=10
                    ),
                ),
                ("orders", models.IntegerField(default=0)),
                ("value", models.BigIntegerField(default=0)),
                ("year", models.PositiveSmallIntegerField()),
                ("inaproc_vendor", models.CharField(blank=True, max_length=40)),
                (
                    "kab_kota",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                (
                    "vendor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="vendors.vendor",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "vendor totals",
                "indexes": [
                    models.Index(
                        condition=models.Q(("orders", 0), ("value", 0)),
                        fields=["id"],
                        name="vendor_totals_emptied",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "kab_kota", "vendor", "inaproc_vendor", "channel"),
                        name="vendor_totals_one_row_per_cell",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(COUNTED_VENDORS, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="countedorder",
            name="vendor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="vendors.vendor",
            ),
        ),
    ]
