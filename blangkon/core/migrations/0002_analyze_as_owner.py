from django.db import migrations

# ANALYZE is for a table's owner. The application's role (ADR 0018) refreshes
# the planner's statistics after a bulk load (the demo seeder) through this
# function, which runs as its owner: the tables' owner. Only the application
# role may call it (granted after each migrate, blangkon/core/db_roles.py).
FORWARD = """
CREATE FUNCTION analyze_as_owner() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
    LOOP
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION analyze_as_owner() FROM PUBLIC;
"""
BACKWARD = "DROP FUNCTION analyze_as_owner();"


class Migration(migrations.Migration):
    dependencies = [("core", "0001_postgres_extensions")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
