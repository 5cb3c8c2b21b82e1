"""The text index also holds each row's price bucket (btree_gin), so a price
order reads only the matches in the buckets its page lies in."""

from django.db import migrations

# search.sql's DOCUMENT_INDEXES entry for the text index at a6d9f33 (the
# commit that added this migration), copied so later changes cannot reach it.
_BODY = "USING gin (price_bucket, vector)"


class Migration(migrations.Migration):
    dependencies = [("search", "0004_combinations")]
    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS search_document_vector;"
            f" CREATE INDEX search_document_vector ON search_document {_BODY};",
            "DROP INDEX IF EXISTS search_document_vector;"
            " CREATE INDEX search_document_vector ON search_document USING gin (vector);",
        )
    ]
