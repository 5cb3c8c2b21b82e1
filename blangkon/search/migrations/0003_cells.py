"""search_document rows carry their facet cell as one integer (search_cell),
and each category has its own slice of the relevance, price and date orders.
The index is derived data: it is dropped, created anew from search.sql and
rebuilt from the products (minutes at a million products)."""

from django.db import migrations

from blangkon.search import sql


class Migration(migrations.Migration):
    dependencies = [("search", "0002_synonyms")]
    operations = [
        migrations.RunSQL(
            sql.BACKWARD + sql.FORWARD + "SELECT search_rebuild();",
            migrations.RunSQL.noop,
        )
    ]
