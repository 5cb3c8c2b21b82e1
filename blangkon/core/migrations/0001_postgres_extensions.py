from django.contrib.postgres.operations import (
    BtreeGinExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    """Extensions the search and reference data rely on; the first migration of all."""

    initial = True
    dependencies: list[tuple[str, str]] = []
    operations = [TrigramExtension(), UnaccentExtension(), BtreeGinExtension()]
