"""Index maintenance the application's role may run as the tables' owner
(ADR 0018): the rebuild, and pausing the triggers for a bulk load. The
functions of search.sql stay as 0006 made them; these call them by name.
"""

from django.db import migrations

# search/sql.py's OWNER_FUNCTIONS at this migration, copied so that later
# changes to that module cannot change what this migration does.
OWNER_FUNCTIONS = """
CREATE FUNCTION search_rebuild_as_owner() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT search_rebuild() $$;
REVOKE ALL ON FUNCTION search_rebuild_as_owner() FROM PUBLIC;

CREATE FUNCTION search_triggers_enable(enabled boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF enabled THEN
        ALTER TABLE catalog_product ENABLE TRIGGER search_product_insert;
        ALTER TABLE catalog_product ENABLE TRIGGER search_product_update;
        ALTER TABLE catalog_product ENABLE TRIGGER search_product_delete;
        ALTER TABLE catalog_product ENABLE TRIGGER search_product_truncate;
        ALTER TABLE vendors_vendor ENABLE TRIGGER search_vendor_update;
        ALTER TABLE accounts_organisation ENABLE TRIGGER search_organisation_update;
        ALTER TABLE vendors_trainingevent_attendees ENABLE TRIGGER search_training_insert;
        ALTER TABLE vendors_trainingevent_attendees ENABLE TRIGGER search_training_delete;
        ALTER TABLE catalog_category ENABLE TRIGGER search_category_update;
    ELSE
        ALTER TABLE catalog_product DISABLE TRIGGER search_product_insert;
        ALTER TABLE catalog_product DISABLE TRIGGER search_product_update;
        ALTER TABLE catalog_product DISABLE TRIGGER search_product_delete;
        ALTER TABLE catalog_product DISABLE TRIGGER search_product_truncate;
        ALTER TABLE vendors_vendor DISABLE TRIGGER search_vendor_update;
        ALTER TABLE accounts_organisation DISABLE TRIGGER search_organisation_update;
        ALTER TABLE vendors_trainingevent_attendees DISABLE TRIGGER search_training_insert;
        ALTER TABLE vendors_trainingevent_attendees DISABLE TRIGGER search_training_delete;
        ALTER TABLE catalog_category DISABLE TRIGGER search_category_update;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION search_triggers_enable(boolean) FROM PUBLIC;
"""
OWNER_FUNCTIONS_BACKWARD = """
DROP FUNCTION IF EXISTS search_triggers_enable(boolean);
DROP FUNCTION IF EXISTS search_rebuild_as_owner();
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0006_combination_triples")]
    operations = [migrations.RunSQL(OWNER_FUNCTIONS, OWNER_FUNCTIONS_BACKWARD)]
