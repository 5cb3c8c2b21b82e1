"""The scheduler enqueues each (job, slot) once: the schedule's tasks are real,
`scheduler --once` twice enqueues each job once, a scheduler that was down
enqueues a missed daily job once, and old records and task results go."""

import datetime
import inspect
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.tasks import Task
from django.tasks.backends.dummy import DummyBackend
from django_tasks_db.models import DBTaskResult

from blangkon.scheduling.models import ScheduledRun
from blangkon.scheduling.rules import Daily, Every, Job
from blangkon.scheduling.services import configured_jobs, job_task, jobs_enqueue_due
from blangkon.scheduling.tasks import prune_task_results_task
from config.schedule import JOBS

JAKARTA = ZoneInfo("Asia/Jakarta")
DAILY = Job(
    "test.daily", "blangkon.search.tasks.search_combinations_task", Daily(datetime.time(0, 5))
)
OFTEN = Job("test.often", "blangkon.search.tasks.search_reshuffle_task", Every(minutes=5))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=JAKARTA)


def enqueued_names(queued_tasks: DummyBackend) -> list[str]:
    return sorted(result.task.module_path for result in queued_tasks.results)


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_every_job_of_the_schedule_names_a_task_that_takes_no_arguments(job: Job) -> None:
    task = job_task(job)
    assert isinstance(task, Task)
    assert task.module_path == job.task
    required = [
        parameter
        for parameter in inspect.signature(task.func).parameters.values()
        if parameter.default is inspect.Parameter.empty
    ]
    assert required == []


def test_the_settings_hand_the_scheduler_the_project_s_schedule() -> None:
    assert configured_jobs() == JOBS
    assert len({job.name for job in JOBS}) == len(JOBS)


def test_running_the_scheduler_twice_enqueues_each_job_once(
    db: None, queued_tasks: DummyBackend
) -> None:
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    call_command("scheduler", "--once", stdout=out)
    assert enqueued_names(queued_tasks) == sorted(job.task for job in JOBS)
    runs = ScheduledRun.objects.all()
    assert sorted(runs.values_list("job", flat=True)) == sorted(job.name for job in JOBS)
    assert {run.task_result_id for run in runs} == {r.id for r in queued_tasks.results}
    assert out.getvalue().count("Enqueued ") == len(JOBS)


def test_a_slot_is_enqueued_once_and_the_next_slot_again(
    db: None, queued_tasks: DummyBackend
) -> None:
    assert len(jobs_enqueue_due(jobs=[OFTEN], now=at(4, 9, 1))) == 1
    assert jobs_enqueue_due(jobs=[OFTEN], now=at(4, 9, 4)) == []
    (run,) = jobs_enqueue_due(jobs=[OFTEN], now=at(4, 9, 5))
    assert run.slot == at(4, 9, 5)
    assert len(queued_tasks.results) == 2


def test_a_scheduler_that_was_down_enqueues_a_missed_daily_job_once(
    db: None, queued_tasks: DummyBackend
) -> None:
    # Given the daily job ran on 1 December
    assert len(jobs_enqueue_due(jobs=[DAILY], now=at(1, 0, 6))) == 1
    # When the scheduler is down from 1 December until 4 December, 09:00
    (run,) = jobs_enqueue_due(jobs=[DAILY], now=at(4, 9, 0))
    # Then the job is enqueued once, for today's slot, not once per missed day
    assert run.slot == at(4, 0, 5)
    assert jobs_enqueue_due(jobs=[DAILY], now=at(4, 9, 1)) == []
    assert jobs_enqueue_due(jobs=[DAILY], now=at(4, 23, 59)) == []
    assert len(queued_tasks.results) == 2
    # And the next day it is due again at its time
    assert jobs_enqueue_due(jobs=[DAILY], now=at(5, 0, 4)) == []
    assert len(jobs_enqueue_due(jobs=[DAILY], now=at(5, 0, 5))) == 1


def test_a_slot_another_scheduler_recorded_is_not_enqueued_again(
    db: None, queued_tasks: DummyBackend
) -> None:
    ScheduledRun.objects.create(job=DAILY.name, slot=at(4, 0, 5))
    assert jobs_enqueue_due(jobs=[DAILY], now=at(4, 12, 0)) == []
    assert queued_tasks.results == []


def test_a_job_that_cannot_be_enqueued_does_not_hold_back_the_others(
    db: None, queued_tasks: DummyBackend
) -> None:
    broken = Job("test.broken", "blangkon.search.tasks.no_such_task", Every(minutes=5))
    (run,) = jobs_enqueue_due(jobs=[broken, OFTEN], now=at(4, 9, 0))
    assert run.job == OFTEN.name
    # Nothing was recorded for the broken job: it is tried again next time
    assert not ScheduledRun.objects.filter(job=broken.name).exists()


def test_pruning_removes_old_task_results_and_records_and_keeps_recent_ones(
    db: None, settings
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    task = job_task(DAILY).using(backend="database")
    old, recent = task.enqueue(), task.enqueue()
    now = datetime.datetime.now(tz=datetime.UTC)
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=15)
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=13)
    )
    ScheduledRun.objects.create(job=DAILY.name, slot=now - datetime.timedelta(days=31))
    kept = ScheduledRun.objects.create(job=DAILY.name, slot=now - datetime.timedelta(days=1))

    assert prune_task_results_task.call() == 1
    assert [str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)] == [recent.id]
    assert list(ScheduledRun.objects.all()) == [kept]
    # Run again: nothing more to remove
    assert prune_task_results_task.call() == 0
    assert DBTaskResult.objects.count() == 1
