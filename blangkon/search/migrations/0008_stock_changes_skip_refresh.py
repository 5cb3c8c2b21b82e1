"""An UPDATE of products that changes only their stock no longer refreshes
the search index (the index reads no stock). Ordering takes stock at every
Surat Pesanan signature; the refresh it caused took the index's one global
lock until the order's transaction committed, serialising all signatures
(measured by `make bench-orders`, docs/performance.md)."""

from django.db import migrations

# search/sql.py's PRODUCT_TRIGGER at this migration, copied so that later
# changes to that module cannot change what this migration does.
PRODUCT_TRIGGER = """
CREATE OR REPLACE FUNCTION search_on_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM search_refresh(ARRAY(SELECT id FROM new_rows WHERE status = 'tayang'));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM search_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.status = 'tayang' OR o.status = 'tayang')
              AND (to_jsonb(n) - 'stock') IS DISTINCT FROM (to_jsonb(o) - 'stock')));
    ELSE
        PERFORM search_refresh(ARRAY(SELECT id FROM old_rows WHERE status = 'tayang'));
    END IF;
    RETURN NULL;
END
$$;
"""
PRODUCT_TRIGGER_BACKWARD = """
CREATE OR REPLACE FUNCTION search_on_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM search_refresh(ARRAY(SELECT id FROM new_rows WHERE status = 'tayang'));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM search_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.status = 'tayang' OR o.status = 'tayang'));
    ELSE
        PERFORM search_refresh(ARRAY(SELECT id FROM old_rows WHERE status = 'tayang'));
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0007_owner_functions")]
    operations = [migrations.RunSQL(PRODUCT_TRIGGER, PRODUCT_TRIGGER_BACKWARD)]
