from django.db import migrations

# The audit log is append-only at the database level too: no UPDATE or DELETE,
# whoever connects. (TRUNCATE, used by test teardown, is a separate privilege.)
FORWARD = """
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
"""
BACKWARD = """
DROP TRIGGER audit_event_no_update_or_delete ON audit_auditevent;
DROP FUNCTION audit_event_is_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
