"""search_rebuild builds the index in new tables and swaps them in (ADR 0042):
searches go on while it builds, and products written meanwhile reach the new
tables. The concurrent test commits (transaction=True): the rebuild, the
writer and the searches each have their own connection."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import psycopg
import pytest
from django.db import connection

from blangkon.catalog.status import ProductStatus
from blangkon.search.params import SearchParams
from blangkon.search.selectors import search_products
from blangkon.search.services import rebuild_index
from blangkon.search.sql import REBUILT_TABLES
from blangkon.search.tests.factories import make_live, make_vendor, vendors
from blangkon.vendors.models import UmkmScale, Vendor
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["vendors"]

# Every row of the rebuilt tables, as text. Counters a refresh brought to
# zero are kept by the refresh and left out by a build: equal either way.
_ROWS = {
    "search_document": "SELECT d::text FROM search_document d",
    "search_facet_count": "SELECT f::text FROM search_facet_count f WHERE n <> 0",
    "search_facet_total": "SELECT f::text FROM search_facet_total f WHERE n <> 0",
    "search_word": "SELECT w::text FROM search_word w WHERE df <> 0",
    "search_phrase": "SELECT p::text FROM search_phrase p WHERE df <> 0",
    "search_combination": "SELECT c::text FROM search_combination c",
}


def _rows() -> dict[str, set[str]]:
    assert set(_ROWS) == set(REBUILT_TABLES)
    with connection.cursor() as cursor:
        result = {}
        for table, query in _ROWS.items():
            cursor.execute(query)
            result[table] = {row[0] for row in cursor.fetchall()}
    return result


def _shape() -> dict[str, list[tuple]]:
    """What the swap must keep: columns, keys and indexes, grants, statistics
    targets, and the search functions (one is typed by search_document)."""
    queries = {
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = 'public' AND tablename = ANY (%s)",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE conrelid::regclass::text = ANY (%s)",
        "columns": "SELECT attrelid::regclass::text, attnum, attname,"
        " format_type(atttypid, atttypmod), attnotnull, attstattarget"
        " FROM pg_attribute WHERE attrelid::regclass::text = ANY (%s)"
        " AND attnum > 0 AND NOT attisdropped",
        "grants": "SELECT relname, relacl::text FROM pg_class"
        " WHERE relnamespace = 'public'::regnamespace AND relname = ANY (%s)",
        "functions": "SELECT oid::regprocedure::text, pg_get_functiondef(oid), proacl::text"
        " FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'search%%'"
        " AND prokind = 'f' AND %s::text[] IS NOT NULL",
        "build schema": "SELECT relname FROM pg_class"
        " WHERE relnamespace = 'search_build'::regnamespace AND %s::text[] IS NOT NULL",
    }
    with connection.cursor() as cursor:
        shape = {}
        for name, query in queries.items():
            cursor.execute(query, [list(REBUILT_TABLES)])
            shape[name] = sorted(cursor.fetchall())
    return shape


@pytest.mark.django_db
def test_a_rebuild_keeps_the_tables_keys_grants_statistics_and_functions(
    vendors: dict[str, Vendor],
) -> None:
    make_live(vendors["batang"], "Kertas HVS A4 80 gsm", category="kertas-bahan-cetak")
    make_live(vendors["kendal"], "Nasi kotak ayam bakar", category="katering", unit="kotak")
    before = _shape()
    rows = _rows()

    rebuild_index()

    assert _shape() == before
    # The application's role (the tests' `default`) writes them through the triggers.
    assert all(acl for _, acl in before["grants"])
    # The same rows the triggers kept; the vocabulary gains the categories'
    # words, which only a rebuild adds (once, whatever a refresh added).
    after = _rows()

    def words(rows: set[str]) -> set[str]:
        return {row.split(",")[0] for row in rows}

    assert words(after["search_word"]) >= words(rows.pop("search_word"))
    assert {table: after[table] for table in rows} == rows


# --- while the site runs ------------------------------------------------------


def _connect() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )


def _found(q: str) -> set[int]:
    return {p.pk for p in search_products(params=SearchParams(q=q)).products}


def _catching_up(pid: int) -> bool:
    """The rebuild has built its tables and asks, again and again, for the
    old search_document, which the writer's refresh holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event = 'PgSleep' OR EXISTS ("
            "  SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted"
            "  AND l.relation = 'search_document'::regclass)"
            " FROM pg_stat_activity a WHERE a.pid = %s",
            [pid],
        )
        row = cursor.fetchone()
        return bool(row and row[0])


@contextmanager
def searching_while() -> Iterator[list[set[int] | Exception]]:
    """A thread searching in a loop on its own connection until the block
    ends: the outcomes (the ids found, or the error)."""
    outcomes: list[set[int] | Exception] = []
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.is_set():
                try:
                    outcomes.append(_found("kertas"))
                except Exception as error:  # noqa: BLE001 (the test reports it)
                    outcomes.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    yield outcomes
    stop.set()
    thread.join()


@TRANSACTIONAL
def test_writes_during_a_rebuild_reach_the_new_tables_and_searches_go_on(
    transactional_db: None,
) -> None:
    reference_data_reload()
    batang = make_vendor("CV Batang Jaya", region="33.25", scale=UmkmScale.MIKRO)
    kendal = make_vendor("UD Kendal Abadi", region="33.24")
    renamed = make_live(batang, "Kertas HVS lama")
    taken_down = make_live(batang, "Kertas map plastik")
    made_live = make_live(batang, "Kertas spidol papan", status=ProductStatus.DRAFT)
    rated = make_live(kendal, "Kertas nasi bungkus", category="katering")
    others = {make_live(kendal, f"Kertas buram {i}").pk for i in range(10)}

    # rebuild_index's first two steps: from here refreshes note their ids.
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_rebuild_begin()")
        cursor.execute("SELECT search_add_cells(NULL)")
    # A writer whose changes commit after the build has read the products.
    writer = _connect()
    writer.execute(
        "UPDATE catalog_product SET name = 'Kertas HVS baru' WHERE id = %s", [renamed.pk]
    )
    writer.execute("UPDATE catalog_product SET status = 'draft' WHERE id = %s", [taken_down.pk])
    writer.execute(
        "UPDATE catalog_product SET status = 'tayang', published_at = now() WHERE id = %s",
        [made_live.pk],
    )
    writer.execute("UPDATE vendors_vendor SET rating_average = 4.5 WHERE id = %s", [kendal.pk])

    rebuild = _connect()
    pid = rebuild.info.backend_pid
    totals: list[int] = []

    def run_rebuild() -> None:
        with rebuild.transaction():
            row = rebuild.execute("SELECT search_rebuild_as_owner()").fetchone()
            totals.append(row[0] if row else -1)

    before = {renamed.pk, taken_down.pk, rated.pk} | others
    with searching_while() as outcomes:
        thread = threading.Thread(target=run_rebuild)
        thread.start()
        # The build is done and waits to catch up behind the writer; searches
        # meanwhile read the live tables.
        while not _catching_up(pid):
            assert thread.is_alive(), "the rebuild ended before the catch-up"
            time.sleep(0.05)
        assert _found("kertas") == before
        writer.commit()
        thread.join()
    writer.close()
    rebuild.close()

    after = {renamed.pk, made_live.pk, rated.pk} | others
    assert totals == [len(after)]
    found = [o for o in outcomes if isinstance(o, set)]
    assert found
    assert found == outcomes  # no search failed
    assert {frozenset(o) for o in found} <= {frozenset(before), frozenset(after)}
    assert _found("kertas") == after
    assert _found("baru") == {renamed.pk}
    assert _found("lama") == set()
    assert _found("map") == set()
    assert _found("spidol") == {made_live.pk}
    with connection.cursor() as cursor:
        cursor.execute("SELECT rating FROM search_document WHERE product_id = %s", [rated.pk])
        assert cursor.fetchone()[0] == Decimal("4.50")
        cursor.execute(
            "SELECT (SELECT rebuilding_since FROM search_state),"
            " (SELECT count(*) FROM search_rebuild_log)"
        )
        assert cursor.fetchone() == (None, 0)
    # The tables the catch-up completed equal a build with nobody writing.
    caught_up = _rows()
    rebuild_index()
    assert _rows() == caught_up
