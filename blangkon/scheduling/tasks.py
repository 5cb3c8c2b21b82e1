"""Housekeeping of the background work itself (ADR 0010, ADR 0017)."""

from django.core.management import call_command
from django.tasks import task, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from blangkon.scheduling.services import scheduled_runs_prune

TASK_RESULTS_KEPT_DAYS = 14


@task()
def prune_task_results_task() -> int:
    """Delete finished task results older than two weeks from every database
    task backend (django-tasks-db's `prune_db_task_results`, ADR 0010), and
    the scheduler's records older than a month. Returns how many scheduler
    records went. Idempotent and safe to run twice, even at once: both only
    delete rows past an age, and a row deleted already is simply not found.
    """
    for alias in database_task_backends():
        call_command(
            "prune_db_task_results",
            f"--backend={alias}",
            "--queue-name=*",
            f"--min-age-days={TASK_RESULTS_KEPT_DAYS}",
            verbosity=0,
        )
    return scheduled_runs_prune(now=timezone.now())


def database_task_backends() -> list[str]:
    """The task backends that keep results in the database (none in tests,
    which run tasks at once)."""
    return [
        backend.alias for backend in task_backends.all() if isinstance(backend, DatabaseBackend)
    ]
