"""Background work of the public statistics (ADR 0017: the scheduler queues
it, config/schedule.py; db_worker runs it)."""

from typing import Any

from django.tasks import task

from blangkon.transparency.opendata import opendata_publish


@task()
def opendata_publish_task() -> dict[str, Any]:
    """Write the open-data files of the register again. Idempotent and safe
    to run twice: each run rewrites the same file names from the orders as
    they are (one row per name), and a run while another works skips."""
    result = opendata_publish()
    return {"written": result.written, "removed": result.removed, "skipped": result.skipped}
