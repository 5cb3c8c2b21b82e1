"""Background tasks of the documents app (ADR 0010); the scheduler queues
them (config/schedule.py, ADR 0017)."""

from django.tasks import task

from blangkon.documents.services import orphan_files_sweep


@task()
def sweep_orphan_files_task() -> int:
    """Remove stored files older than an hour that have no row (left by
    rolled-back uploads). Idempotent and safe to run twice, even at once: see
    `orphan_files_sweep`. Returns how many were removed."""
    return len(orphan_files_sweep())
