"""The yearly holiday import as a background task (the scheduler queues it:
config/schedule.py, ADR 0017)."""

from django.tasks import task
from django.utils import timezone

from blangkon.procurement.services import holidays_import


@task
def holidays_import_task() -> int:
    """Import this year's and next year's package holidays. Idempotent and safe
    to run twice or late: dates that already have a row are left alone."""
    year = timezone.localdate().year
    return holidays_import([year, year + 1])
