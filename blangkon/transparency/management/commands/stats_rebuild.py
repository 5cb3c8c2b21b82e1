"""manage.py stats_rebuild: recompute the public statistics' running totals
from the orders and the INAPROC packages (after a bulk load, or to check them)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from blangkon.inaproc.models import Package
from blangkon.transparency.aggregation import stats_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the public statistics (transparency.DailyTotals) from the orders "
        "and the imported INAPROC packages."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counted = stats_rebuild()
        elapsed = time.perf_counter() - started
        packages = Package.objects.count()
        self.stdout.write(
            f"Counted {counted:,} orders and {packages:,} INAPROC packages in {elapsed:.1f} s."
        )
