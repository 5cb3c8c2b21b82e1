"""A price that waited in Product.pending_price becomes a waiting change request."""

from django.db import migrations


def move_pending_prices(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    ProductChangeRequest = apps.get_model("catalog", "ProductChangeRequest")
    ProductChangeRequest.objects.bulk_create(
        ProductChangeRequest(product_id=pk, status="pending", proposed={"price": price})
        for pk, price in Product.objects.filter(pending_price__isnull=False).values_list(
            "pk", "pending_price"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_change_requests")]

    operations = [migrations.RunPython(move_pending_prices, migrations.RunPython.noop)]
