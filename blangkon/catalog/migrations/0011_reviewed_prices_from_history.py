"""The last price a curator saw, from the price history: the price in force when
the product last went live, or a later price change a curator approved."""

from django.db import migrations

AS_PUBLISHED = """
UPDATE catalog_product p
SET price_reviewed_at = p.published_at,
    reviewed_price = COALESCE(
    (SELECT c.new_price FROM catalog_pricechange c
     WHERE c.product_id = p.id AND c.status IN ('applied', 'approved')
       AND c.at <= p.published_at
     ORDER BY c.at DESC, c.id DESC LIMIT 1),
    p.price)
WHERE p.published_at IS NOT NULL
"""

APPROVED_LATER = """
UPDATE catalog_product p
SET (reviewed_price, price_reviewed_at) = (
    SELECT c.new_price, c.at FROM catalog_pricechange c
    WHERE c.product_id = p.id AND c.status = 'approved' AND c.at > p.published_at
    ORDER BY c.at DESC, c.id DESC LIMIT 1)
WHERE p.published_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM catalog_pricechange c
              WHERE c.product_id = p.id AND c.status = 'approved' AND c.at > p.published_at)
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_reviewed_price")]

    operations = [
        migrations.RunSQL(AS_PUBLISHED, migrations.RunSQL.noop),
        migrations.RunSQL(APPROVED_LATER, migrations.RunSQL.noop),
    ]
