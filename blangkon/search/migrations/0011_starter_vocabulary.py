"""Load the shipped procurement vocabulary (search/vocabulary/starter.toml):
the synonym groups and one-way rules officials use. Rules an admin already
made are not added twice; unapplying removes only the rows loaded here and
not edited since."""

from django.db import migrations

from blangkon.search.vocabulary import load_starter, unload_starter


def load(apps, schema_editor):
    load_starter(apps.get_model("search", "Synonym"))


def unload(apps, schema_editor):
    unload_starter(apps.get_model("search", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0010_synonym_direction")]
    operations = [migrations.RunPython(load, unload)]
