"""`manage.py verify_audit` names what was done to the log behind the
application's back. The tampering goes through the owner role (a superuser
in tests), the only one that can: it switches the log's triggers off, edits,
and switches them on again, as an administrator covering their tracks would."""

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connections, transaction

from blangkon.audit.models import AuditEvent
from blangkon.audit.services import audit_record
from blangkon.audit.tasks import AuditChainBroken, verify_chain_task
from conftest import TRANSACTIONAL

pytestmark = TRANSACTIONAL


@pytest.fixture
def events() -> list[AuditEvent]:
    """Five committed rows, positions 1 to 5."""
    made = []
    for n in range(1, 6):
        with transaction.atomic():
            made.append(audit_record(actor=None, action=f"opd.step{n}", details={"n": n}))
    return made


def as_owner_behind_the_triggers(*statements: tuple[str, list[Any]]) -> None:
    with transaction.atomic(using="owner"), connections["owner"].cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked before ALTER
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def verify() -> tuple[str, int]:
    """The command's output and exit code."""
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


def breaks(output: str) -> Iterator[str]:
    return (line for line in output.splitlines() if line.startswith("Break"))


def test_an_intact_log_verifies_with_its_speed_and_head(events: list[AuditEvent]) -> None:
    output, code = verify()
    assert code == 0
    assert re.search(r"Checked 5 audit rows in [\d.]+ s \([\d,]+ rows/s\)", output)
    assert f"Chain head: position 5, hash {events[-1].hash}" in output
    assert "intact" in output


def test_a_row_edited_by_the_owner_is_named_as_changed(events: list[AuditEvent]) -> None:
    edited = events[2]
    as_owner_behind_the_triggers(
        ("UPDATE audit_auditevent SET details = '{\"n\": 30}' WHERE id = %s", [edited.pk])
    )
    output, code = verify()
    assert code == 1
    assert list(breaks(output)) == [
        f"Break (changed): row {edited.pk} (position 3, {edited.at.isoformat()}): content"
        " changed after it was written (its hash no longer matches it)."
    ]
    assert "broken in 1 place(s)" in output


def test_a_row_forged_by_the_owner_is_named_as_inserted(events: list[AuditEvent]) -> None:
    """Past the triggers, the forged row gets the columns' defaults (position 0,
    no hashes) or whatever the forger writes; either way it has no valid link."""
    as_owner_behind_the_triggers(
        (
            "INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id,"
            " details) VALUES (%s, 'admin.batang', 'opd.create', '', '', '{}')",
            [events[1].at],
        )
    )
    forged = AuditEvent.objects.get(chain_seq=0)
    output, code = verify()
    assert code == 1
    assert list(breaks(output)) == [
        f"Break (inserted): row {forged.pk} (position 0, {forged.at.isoformat()}): inserted"
        " without a valid link (its position 0 is not free in the chain of 1 to 5)."
    ]


def test_a_row_forged_at_the_end_with_a_made_up_link_is_named_as_inserted(
    events: list[AuditEvent],
) -> None:
    as_owner_behind_the_triggers(
        (
            "INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id,"
            " details, chain_seq, prev_hash, hash) VALUES"
            " (now(), '', 'opd.create', '', '', '{}', 6, %s, %s)",
            ["a" * 64, "b" * 64],
        )
    )
    output, code = verify()
    assert code == 1
    [found] = breaks(output)
    assert "(position 6," in found
    assert "inserted without a valid link (its position 6 is not free in the chain" in found


def test_a_row_deleted_by_the_owner_is_named_by_the_rows_around_it(
    events: list[AuditEvent],
) -> None:
    before, deleted, after = events[1], events[2], events[3]
    as_owner_behind_the_triggers(
        ("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk]),
    )
    output, code = verify()
    assert code == 1
    assert list(breaks(output)) == [
        f"Break (missing): rows missing between row {before.pk} (position 2,"
        f" {before.at.isoformat()}) and row {after.pk} (position 4, {after.at.isoformat()}):"
        " positions 3 to 3."
    ]


def test_the_last_rows_deleted_by_the_owner_are_missing_before_the_head(
    events: list[AuditEvent],
) -> None:
    as_owner_behind_the_triggers(
        ("DELETE FROM audit_auditevent WHERE chain_seq >= 4", []),
    )
    output, code = verify()
    assert code == 1
    [found] = breaks(output)
    assert found.startswith(f"Break (missing): rows missing between row {events[2].pk}")
    assert found.endswith("and the chain's end: positions 4 to 5.")


def test_the_chain_goes_on_after_a_break_and_later_rows_verify(events: list[AuditEvent]) -> None:
    as_owner_behind_the_triggers(
        ("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk]),
    )
    with transaction.atomic():
        audit_record(actor=None, action="opd.step6")
    output, code = verify()
    assert (code, len(list(breaks(output)))) == (1, 1)


def test_the_daily_job_fails_on_a_broken_chain(events: list[AuditEvent]) -> None:
    assert verify_chain_task.call() == {"rows": 5, "head": 5}
    as_owner_behind_the_triggers(("DELETE FROM audit_auditevent WHERE chain_seq = 2", []))
    with pytest.raises(AuditChainBroken):
        verify_chain_task.call()
