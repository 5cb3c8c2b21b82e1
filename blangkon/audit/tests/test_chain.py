"""The hash chain is written by the database inside the INSERT (ADR 0018):
every row links to the one before it, whatever the application sends, in one
order even when transactions insert at the same time."""

import datetime
import threading
import time
from collections.abc import Callable
from itertools import pairwise

import psycopg
import pytest
from django.core.management import call_command
from django.db import connections, transaction

from blangkon.audit.chain import GENESIS, ChainRow, canonical, row_hash, walk
from blangkon.audit.models import AuditChainHead, AuditEvent
from blangkon.audit.selectors import audit_chain_head, audit_chain_rows
from blangkon.audit.services import audit_record, audit_record_many
from conftest import TRANSACTIONAL, World, other_session

PATIENCE_SECONDS = 60  # only a stalled machine reaches it; nothing is timed
WIB = datetime.timezone(datetime.timedelta(hours=7))


def chain() -> list[ChainRow]:
    with transaction.atomic():
        return list(audit_chain_rows())


def assert_intact() -> None:
    with transaction.atomic():
        assert list(walk(audit_chain_rows(), audit_chain_head())) == []


@pytest.mark.django_db
def test_each_row_links_to_the_one_before_and_hashes_its_content(world: World) -> None:
    with transaction.atomic():
        first = audit_record(actor=world.user("admin.batang"), action="opd.create")
        second = audit_record(
            actor=None,
            action="auth.locked_out",
            object_type="accounts.user",
            object_id="pp.kendal",
            organisation=world.kendal,
            ip_address="2001:db8::7",
            details={"zeta": 'Ü "kutip" \\ \n\t\x01', "a": [1, 2.5, None, True], "k": {}},
        )
    # The database's values come back with the INSERT.
    assert (first.chain_seq, first.prev_hash) == (1, GENESIS)
    assert (second.chain_seq, second.prev_hash) == (2, first.hash)
    rows = chain()
    assert [row.hash for row in rows] == [first.hash, second.hash]
    # Python's canonical text is the database's, byte for byte.
    assert [row_hash(row.prev_hash, row) for row in rows] == [first.hash, second.hash]
    assert canonical(rows[1]).startswith("[2, ")
    assert '"2001:db8::7"' in canonical(rows[1])
    assert AuditChainHead.objects.get().seq == 2
    assert_intact()


@pytest.mark.django_db
def test_a_bulk_insert_chains_every_row_in_order(world: World) -> None:
    organisations = [world.batang, world.kendal, world.vendor]
    with transaction.atomic():
        audit_record(actor=None, action="before.bulk")
        events = audit_record_many(
            actor=world.user("pemilik.vendor"),
            action="product.import",
            objects=[(o, {"row": n}) for n, o in enumerate(organisations, start=2)],
        )
        audit_record(actor=None, action="after.bulk")
    rows = chain()
    assert [row.action for row in rows] == ["before.bulk", *["product.import"] * 3, "after.bulk"]
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    assert [event.chain_seq for event in events] == [2, 3, 4]
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(rows))
    assert AuditChainHead.objects.get().seq == 5
    assert_intact()


@pytest.mark.django_db
def test_the_application_cannot_choose_its_link(world: World) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="first")
        forged = AuditEvent.objects.create(
            action="forged", chain_seq=40, prev_hash="f" * 64, hash="e" * 64
        )
    assert (forged.chain_seq, forged.prev_hash) == (2, chain()[0].hash)
    assert forged.hash != "e" * 64
    assert_intact()


@TRANSACTIONAL
def test_concurrent_inserts_wait_for_each_other_and_do_not_fork() -> None:
    """A first transaction appends and stays open; a second one's INSERT waits
    for it, then links to its row."""
    audit_record_committed("one")
    with other_session() as second:
        inserted = threading.Thread(target=insert_as_another_session, args=(second,))
        with transaction.atomic():
            audit_record(actor=None, action="two")
            inserted.start()
            pid = second.info.backend_pid
            wait_for("the second INSERT waits for the lock", lambda: waits_for_a_lock(pid))
        inserted.join(PATIENCE_SECONDS)
    assert [row.action for row in chain()] == ["one", "two", "three"]
    assert_intact()


@TRANSACTIONAL
def test_a_repeatable_read_insert_that_would_fork_the_chain_fails() -> None:
    audit_record_committed("before")
    with other_session() as snapshot:
        snapshot.autocommit = False
        snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        snapshot.execute("SELECT count(*) FROM audit_auditevent")  # the snapshot is taken
        audit_record_committed("meanwhile")
        with pytest.raises(psycopg.errors.SerializationFailure):
            snapshot.execute(INSERT, ["stale"])
        snapshot.rollback()
    assert_intact()


@TRANSACTIONAL
def test_rows_written_before_the_chain_are_chained_by_its_migration() -> None:
    call_command("migrate", "audit", "0003", verbosity=0)
    owner = connections["owner"]
    with owner.cursor() as cursor:
        for action in ("old.one", "old.two"):
            cursor.execute(
                "INSERT INTO audit_auditevent (at, actor_username, action, object_type,"
                " object_id, details) VALUES (now(), '', %s, '', '', '{}')",
                [action],
            )
    call_command("migrate", "audit", verbosity=0)
    audit_record_committed("new")
    assert [(row.action, row.seq) for row in chain()] == [
        ("old.one", 1),
        ("old.two", 2),
        ("new", 3),
    ]
    assert_intact()


INSERT = (
    "INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id, details)"
    " VALUES (now(), '', %s, '', '', '{}')"
)


def audit_record_committed(action: str) -> None:
    with transaction.atomic():
        audit_record(actor=None, action=action)


def insert_as_another_session(session: psycopg.Connection) -> None:
    session.execute(INSERT, ["three"])


def waits_for_a_lock(pid: int) -> bool:
    with connections["owner"].cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def wait_for(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


def test_the_canonical_text_is_a_json_array_in_a_fixed_order() -> None:
    row = ChainRow(
        id=7,
        seq=3,
        at=datetime.datetime(2026, 12, 5, 9, 30, 1, 5, tzinfo=WIB),
        actor_id=None,
        actor_username="",
        action="document.read",
        object_type="documents.storedfile",
        object_id="9f",
        organisation_id=12,
        ip_address=None,
        details_json='{"kind": "ktp"}',
        prev_hash=GENESIS,
        hash="",
    )
    assert canonical(row) == (
        '[3, 7, "2026-12-05T02:30:01.000005Z", null, "", "document.read",'
        ' "documents.storedfile", "9f", 12, null, {"kind": "ktp"}]'
    )
