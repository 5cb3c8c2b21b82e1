from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_pending_prices_to_change_requests")]

    operations = [
        migrations.RemoveConstraint(
            model_name='product',
            name='pending_price_positive',
        ),
        migrations.RemoveField(
            model_name='product',
            name='pending_price',
        ),
    ]
