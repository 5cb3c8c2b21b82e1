"""Word combinations (common pairs in names, synonym phrases) get counts of
their own in search_facet_count (search_combination). The index is derived
data: it is dropped, created anew from search.sql and rebuilt from the
products (minutes at a million products)."""

from django.db import migrations

from blangkon.search import sql


class Migration(migrations.Migration):
    dependencies = [("search", "0003_cells")]
    operations = [
        migrations.RunSQL(
            sql.BACKWARD + sql.FORWARD + "SELECT search_rebuild();",
            migrations.RunSQL.noop,
        )
    ]
