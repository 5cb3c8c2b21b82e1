"""When a job is due: pure functions of a given `now`, no database, no clock.

A rule names the job's slots (the moments it is meant to run: every day at
00:05, every five minutes) in a time zone (Asia/Jakarta, settings.TIME_ZONE).
The scheduler asks for the latest slot at or before now and enqueues the job
once for it. A scheduler that was down past a slot finds that slot still
unrecorded when it comes back, and enqueues it then, once; slots missed
before the latest one are not caught up, as running a daily job twice in a
row would do nothing more.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class Daily:
    """Once a day at `at`, local time."""

    at: datetime.time

    def latest_slot(self, now: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
        local = now.astimezone(zone)
        slot = datetime.datetime.combine(local.date(), self.at, tzinfo=zone)
        if slot > local:
            slot = datetime.datetime.combine(
                local.date() - datetime.timedelta(days=1), self.at, tzinfo=zone
            )
        return slot

    def __str__(self) -> str:
        return f"daily at {self.at:%H:%M}"


@dataclass(frozen=True)
class Every:
    """Every `minutes`, on the local clock from midnight (every 5 minutes:
    00:00, 00:05, ...). `minutes` divides a day, so every day's slots are the
    same."""

    minutes: int

    def __post_init__(self) -> None:
        if not 0 < self.minutes <= MINUTES_A_DAY or MINUTES_A_DAY % self.minutes:
            raise ValueError(f"{self.minutes} minutes does not divide a day")

    def latest_slot(self, now: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
        local = now.astimezone(zone)
        minute_of_day = local.hour * 60 + local.minute
        start = minute_of_day - minute_of_day % self.minutes
        return datetime.datetime.combine(
            local.date(), datetime.time(start // 60, start % 60), tzinfo=zone
        )

    def __str__(self) -> str:
        return f"every {self.minutes} minutes"


Rule = Daily | Every


@dataclass(frozen=True)
class Job:
    """A periodic job: a stable `name` (the key of its records), the dotted
    path of a `django.tasks` task that takes no arguments, and its rule."""

    name: str
    task: str
    rule: Rule
