"""The Django model of search_document goes: nothing in Python read it (the
index is read with SQL). It was unmanaged, so Django drops no table here:
search_document stays, kept by its triggers (search/sql.py)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0013_rebuild_in_new_tables'),
    ]

    operations = [
        migrations.DeleteModel(
            name='SearchDocument',
        ),
    ]
