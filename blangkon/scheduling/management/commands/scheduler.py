"""manage.py scheduler [--once] [--interval SECONDS]

Enqueues each periodic job of the schedule (config/schedule.py) when it is
due; `manage.py db_worker` runs them (ADR 0017). Without --once it loops,
checking every --interval seconds, until SIGTERM or Ctrl+C. With --once it
enqueues what is due and exits, for cron. Running more than one, or both, is
safe: each (job, slot) is enqueued once.
"""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from blangkon.scheduling.rules import Job
from blangkon.scheduling.services import configured_jobs, jobs_enqueue_due


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when they are due (config/schedule.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due, then exit.")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between checks (default 30)."
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        jobs = configured_jobs()
        if once:
            self._tick(jobs)
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        for job in jobs:
            self.stdout.write(f"{job.name}: {job.rule} -> {job.task}")
        while not stop.is_set():
            # Like db_worker: drop a connection the database closed meanwhile.
            close_old_connections()
            self._tick(jobs)
            stop.wait(interval)
        self.stdout.write("Scheduler stopped.")

    def _tick(self, jobs: list[Job]) -> None:
        for run in jobs_enqueue_due(jobs=jobs, now=timezone.now()):
            slot = timezone.localtime(run.slot)
            self.stdout.write(
                f"Enqueued {run.job} for {slot:%Y-%m-%d %H:%M} ({run.task_result_id})"
            )
