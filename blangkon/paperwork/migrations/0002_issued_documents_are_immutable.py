from django.db import migrations

# An issued document never changes and is never removed, whoever connects
# (TRUNCATE, used by test teardown, is a separate privilege).
FORWARD = """
CREATE FUNCTION paperwork_issued_document_is_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'paperwork_issueddocument is immutable: a signed document is issued once';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER paperwork_issued_document_no_update_or_delete
    BEFORE UPDATE OR DELETE ON paperwork_issueddocument
    FOR EACH ROW EXECUTE FUNCTION paperwork_issued_document_is_immutable();
"""
BACKWARD = """
DROP TRIGGER paperwork_issued_document_no_update_or_delete ON paperwork_issueddocument;
DROP FUNCTION paperwork_issued_document_is_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("paperwork", "0001_issued_documents")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
