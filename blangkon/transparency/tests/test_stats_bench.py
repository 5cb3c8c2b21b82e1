"""The transparency benchmark's helpers (`make bench-stats`): its percentiles,
the file scan that counts OCDS releases, and the generator's choices of day
and status. Speed is the benchmark's business, not a test's."""

import datetime
from pathlib import Path

import pytest

from bench.stats import count_in_file, latency, percentile
from bench.stats_data import (
    OLD_STATUSES,
    REACHED,
    RECENT_STATUSES,
    day_weight,
    joining_dates,
    status_case,
)
from blangkon.demo.scales import JOINING_ORDER
from blangkon.orders.status import SIGNED, OrderStatus
from blangkon.regions.jateng import KAB_KOTA


def test_percentiles_take_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]  # 1 … 100 ms
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values[::-1], 0.95) == 95.0  # unsorted input
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) == 0.0
    assert latency([3.0, 1.0, 2.0]) == {"n": 3, "p50": 2.0, "p95": 3.0, "max": 3.0}


@pytest.mark.parametrize("chunk_edge", [0, 1, 3, 5])
def test_releases_are_counted_across_chunk_boundaries(tmp_path: Path, chunk_edge: int) -> None:
    # A key cut by the 1 MiB read boundary at each offset is counted once.
    path = tmp_path / "releases.json"
    padding = b" " * ((1 << 20) - chunk_edge)
    path.write_bytes(padding + b'{"ocid": 1}, {"ocid": 2}' + b'"ocid"' * 3)
    assert count_in_file(path, b'"ocid"') == 5


def test_every_kab_kota_joins_and_orders_come_on_weekdays() -> None:
    dates = joining_dates()
    assert sorted(dates) == sorted(code for code, _ in KAB_KOTA)
    assert all(dates[code] == day for code, day in JOINING_ORDER)  # the demo's dates kept
    saturday = datetime.date(2025, 12, 6)
    assert day_weight(saturday) == 0
    # December buys most; each year more than the one before.
    assert day_weight(datetime.date(2025, 12, 5)) > day_weight(datetime.date(2025, 6, 6))
    assert day_weight(datetime.date(2025, 6, 6)) > day_weight(datetime.date(2022, 6, 6))


def test_generated_statuses_are_real_ones_and_old_orders_mostly_count() -> None:
    for status, reached in REACHED.items():
        assert status in OrderStatus.values
        assert 0 <= reached <= 9
    counted = sum(share for status, share in OLD_STATUSES if status in SIGNED)
    assert counted / sum(share for _, share in OLD_STATUSES) > 0.85
    assert {status for status, _ in RECENT_STATUSES} == set(OrderStatus.values)


def test_the_status_case_splits_by_shares(db: None) -> None:
    from django.db import connection

    case = status_case("r", [("a", 1), ("b", 3)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {case} FROM (VALUES (0.0), (0.2499), (0.25), (0.999)) AS v(r)"  # noqa: S608
        )
        assert [row[0] for row in cursor.fetchall()] == ["a", "a", "b", "b"]
