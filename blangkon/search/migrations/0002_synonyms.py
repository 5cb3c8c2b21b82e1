"""The synonyms buyers use most, so search works on day one; provincial
admins edit them afterwards."""

from django.db import migrations

STARTING_SYNONYMS = [
    ["atk", "alat tulis kantor"],
    ["snack", "kudapan", "camilan"],
    ["hand sanitizer", "pembersih tangan"],
    ["nasi box", "nasi kotak"],
    ["laptop", "notebook", "komputer jinjing"],
    ["tisu", "tissue"],
]


def load(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.bulk_create(Synonym(terms=terms) for terms in STARTING_SYNONYMS)


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=STARTING_SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, remove)]
