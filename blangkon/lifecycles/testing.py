"""The exhaustive check every machine's tests run over every (from, to) pair.

`check_move` asks `move()` to take `row` (in `source`) to `target` and asserts
what the table says: an allowed move sets the status and its stamp and writes
exactly one history row and one audit row; a refused move raises
DomainError("invalid_transition") and writes nothing; asking for the status
the row is in (without a self-loop) writes nothing.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError
from blangkon.lifecycles.machine import StateMachine


def written(machine: StateMachine, row: models.Model) -> tuple[int, int]:
    """(history rows, audit rows) of this machine for this row."""
    history = machine.history_model._default_manager.filter(**{machine.history_fk: row})
    audit = AuditEvent.objects.filter(
        object_type=row._meta.label_lower,
        object_id=str(row.pk),
        action__startswith=f"{machine.name}.",
    )
    return history.count(), audit.count()


def check_move(
    machine: StateMachine,
    row: models.Model,
    *,
    source: str,
    target: str,
    move: Callable[[], Any],
    actor: Any = None,
) -> None:
    assert getattr(row, machine.status_field) == source
    before = written(machine, row)
    if source == target and not machine.can_move(source, target):
        move()
        row.refresh_from_db()
        assert getattr(row, machine.status_field) == source
        assert written(machine, row) == before
    elif machine.can_move(source, target):
        move()
        row.refresh_from_db()
        assert getattr(row, machine.status_field) == target
        assert written(machine, row) == (before[0] + 1, before[1] + 1)
        history = (
            machine.history_model._default_manager.filter(**{machine.history_fk: row})
            .order_by("-id")
            .first()
        )
        assert history is not None
        assert (history.from_status, history.to_status) == (source, target)  # type: ignore[attr-defined]
        if actor is not None:
            assert history.actor == actor  # type: ignore[attr-defined]
        event = AuditEvent.objects.filter(object_id=str(row.pk)).latest("id")
        assert event.action == f"{machine.name}.{target}"
        assert event.details["from"] == source
        stamp = machine.stamps.get(target)
        if stamp and source != target:
            assert getattr(row, stamp.field) is not None
    else:
        with pytest.raises(DomainError) as caught:
            move()
        assert caught.value.code == "invalid_transition"
        row.refresh_from_db()
        assert getattr(row, machine.status_field) == source
        assert written(machine, row) == before
