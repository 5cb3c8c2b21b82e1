"""Prepared statements (ADR 0045): the settings prepare a statement run a
second time on a connection; `unprepared()` keeps a block's statements
planned for their own values."""

import pytest
from django.db import connection

from blangkon.core.prepared import unprepared


def _run_probe(times: int, label: str) -> None:
    with connection.cursor() as cursor:
        for number in range(times):
            cursor.execute(f"SELECT %s::int AS {label}", [number])  # noqa: S608 (a fixed label)


def _prepared(label: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{label}%"]
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_a_statement_run_twice_is_prepared_except_inside_unprepared() -> None:
    _run_probe(1, "probe_once")
    _run_probe(3, "probe_repeated")
    with unprepared():
        _run_probe(3, "probe_unprepared")

    assert _prepared("probe_once") == 0
    assert _prepared("probe_repeated") == 1
    assert _prepared("probe_unprepared") == 0


@pytest.mark.django_db
def test_unprepared_leaves_the_connection_as_it_found_it() -> None:
    connection.ensure_connection()
    before = connection.connection.prepare_threshold

    with unprepared():
        assert connection.connection.prepare_threshold is None

    assert connection.connection.prepare_threshold == before == 2
