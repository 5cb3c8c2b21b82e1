"""The text index also holds each row's price bucket (btree_gin), so a price
order reads only the matches in the buckets its page lies in."""

from django.db import migrations

from blangkon.search.sql import DOCUMENT_INDEXES

_BODY = dict(DOCUMENT_INDEXES)["search_document_vector"]


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
