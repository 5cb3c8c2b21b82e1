"""Enqueue the jobs that are due, each slot once."""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from blangkon.scheduling.models import ScheduledRun
from blangkon.scheduling.rules import Job

logger = logging.getLogger(__name__)


def configured_jobs() -> list[Job]:
    """The schedule the top of the project hands in (settings.SCHEDULER_JOBS,
    a dotted path: config.schedule.JOBS)."""
    jobs: list[Job] = list(import_string(settings.SCHEDULER_JOBS))
    names = [job.name for job in jobs]
    assert len(names) == len(set(names)), f"job names repeat: {names}"
    return jobs


def job_task(job: Job) -> Task:
    task = import_string(job.task)
    assert isinstance(task, Task), f"{job.task} is not a django.tasks task"
    return task


def jobs_enqueue_due(*, jobs: Iterable[Job], now: datetime.datetime) -> list[ScheduledRun]:
    """Enqueue each job whose latest slot at or before `now` (in
    settings.TIME_ZONE) has not been enqueued yet; return the new records.

    Safe to call any number of times, from any number of schedulers: a slot is
    enqueued only by the transaction that inserts its (job, slot) row, and the
    task (a row too, with the database backend) commits with it. A job that
    cannot be enqueued is logged and tried again on the next call.
    """
    zone = timezone.get_default_timezone()
    enqueued = []
    for job in jobs:
        try:
            run = _enqueue_once(job, job.rule.latest_slot(now, zone))
        except Exception:
            logger.exception("Could not enqueue the scheduled job %s", job.name)
            continue
        if run is not None:
            enqueued.append(run)
    return enqueued


def _enqueue_once(job: Job, slot: datetime.datetime) -> ScheduledRun | None:
    with transaction.atomic():
        run, created = ScheduledRun.objects.get_or_create(job=job.name, slot=slot)
        if not created:
            return None  # enqueued already, by this scheduler or another
        result = job_task(job).enqueue()
        run.task_result_id = str(result.id)
        run.save(update_fields=["task_result_id"])
    return run


# Longer than any rule's period (a day), so the latest slot of every job
# keeps its record.
RUNS_KEPT = datetime.timedelta(days=30)


def scheduled_runs_prune(*, now: datetime.datetime) -> int:
    """Delete the records of slots older than RUNS_KEPT; returns how many."""
    deleted, _by_model = ScheduledRun.objects.filter(slot__lt=now - RUNS_KEPT).delete()
    return deleted
