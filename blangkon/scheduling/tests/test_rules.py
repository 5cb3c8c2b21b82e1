"""When a job is due: the latest slot at or before a given `now`."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from blangkon.scheduling.rules import Daily, Every

JAKARTA = ZoneInfo("Asia/Jakarta")
UTC = datetime.UTC


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, second, tzinfo=JAKARTA)


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (at(4, 0, 5), at(4, 0, 5)),  # on the minute: due now
        (at(4, 0, 4, 59), at(3, 0, 5)),  # a second early: yesterday's slot
        (at(4, 23, 59), at(4, 0, 5)),
        (at(1, 0, 0), datetime.datetime(2026, 11, 30, 0, 5, tzinfo=JAKARTA)),  # across a month
    ],
)
def test_a_daily_job_s_latest_slot_is_today_s_once_its_time_has_come(
    now: datetime.datetime, slot: datetime.datetime
) -> None:
    assert Daily(datetime.time(0, 5)).latest_slot(now, JAKARTA) == slot


def test_a_daily_slot_is_local_time_whatever_zone_now_is_given_in() -> None:
    # 17:30 UTC on 3 December is 00:30 on 4 December in Jakarta (UTC+7)
    now = datetime.datetime(2026, 12, 3, 17, 30, tzinfo=UTC)
    slot = Daily(datetime.time(0, 5)).latest_slot(now, JAKARTA)
    assert slot == at(4, 0, 5)
    assert slot.astimezone(UTC) == datetime.datetime(2026, 12, 3, 17, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (at(4, 10, 0), at(4, 10, 0)),
        (at(4, 10, 4, 59), at(4, 10, 0)),
        (at(4, 10, 5), at(4, 10, 5)),
        (at(4, 23, 59, 59), at(4, 23, 55)),
        (at(5, 0, 0, 1), at(5, 0, 0)),
    ],
)
def test_an_every_five_minutes_job_is_due_on_the_clock_s_fives(
    now: datetime.datetime, slot: datetime.datetime
) -> None:
    assert Every(minutes=5).latest_slot(now, JAKARTA) == slot


def test_an_hourly_job_is_due_on_the_local_hour() -> None:
    assert Every(minutes=60).latest_slot(at(4, 7, 59), JAKARTA) == at(4, 7, 0)
    assert Every(minutes=60).latest_slot(at(4, 8, 0), JAKARTA) == at(4, 8, 0)


def test_consecutive_moments_share_a_slot_until_the_next_one() -> None:
    rule = Every(minutes=5)
    slots = {rule.latest_slot(at(4, 9, 0) + datetime.timedelta(seconds=s), JAKARTA)
             for s in range(0, 600, 7)}  # fmt: skip
    assert slots == {at(4, 9, 0), at(4, 9, 5)}


@pytest.mark.parametrize("minutes", [0, 7, 25 * 60])
def test_an_interval_that_does_not_divide_a_day_is_refused(minutes: int) -> None:
    with pytest.raises(ValueError, match="does not divide a day"):
        Every(minutes=minutes)
