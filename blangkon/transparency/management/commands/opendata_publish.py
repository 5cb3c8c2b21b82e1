"""manage.py opendata_publish: write the open-data files of the public
register now (the scheduler does it daily)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from blangkon.transparency.models import PublishedFile
from blangkon.transparency.opendata import opendata_publish


class Command(BaseCommand):
    help = "Write the open-data files (CSV, XLSX, JSON) of the public transactions register."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = opendata_publish()
        if result.skipped:
            raise CommandError("Another run is writing the open-data files; try again later.")
        elapsed = time.perf_counter() - started
        for published in PublishedFile.objects.all():
            self.stdout.write(
                f"{published.name}: {published.rows:,} rows, {published.size:,} bytes, "
                f"sha256 {published.sha256}"
            )
        self.stdout.write(
            f"Wrote {result.written} files (removed {result.removed}) in {elapsed:.1f} s."
        )
