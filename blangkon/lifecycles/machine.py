"""`StateMachine` (a table as data) and `transition()` (the one function that
moves any machine's row).

A machine names its model, its status field, the allowed moves, the timestamp
stamped when a status is entered, the companion fields only a move may write
(a reason, a sanction date...), guards per target status, and its history
table. Services check who may ask for a move, then call `transition()` inside
their own transaction; nothing else assigns a machine's fields.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.audit.acted_as import ACTED_AS, acted_as
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, NotFound


@dataclass(frozen=True)
class Move:
    """What a guard sees: the row (locked, not yet changed) and the request."""

    row: Any
    source: str
    target: str
    actor: Any
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class Stamp:
    """The timestamp column filled when a status is entered. `first_only`
    keeps the first time (a vendor verified again after a sanction keeps the
    date of its first verification)."""

    field: str
    first_only: bool = False


Guard = Callable[[Move], None]


@dataclass(frozen=True)
class StateMachine:
    """One state machine, as data.

    `allowed[source]` is the set of statuses a row in `source` may move to. A
    self-loop (`source` in `allowed[source]`) is a move that changes only the
    companion fields (a sanction extended while the vendor stays suspended).
    """

    name: str  # prefix of the audit actions: "<name>.<target>"
    title: str  # heading in docs/domain/lifecycles.md
    model: type[models.Model]
    statuses: type[models.TextChoices]
    allowed: Mapping[str, frozenset[str]]
    initial: tuple[str, ...]  # the statuses a new row starts in
    history_model: type[models.Model]
    history_fk: str  # the history model's foreign key to `model`
    organisation: Callable[[Any], Any]  # whose audit row a move is
    status_field: str = "status"
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    companion_fields: frozenset[str] = frozenset()
    guards: Mapping[str, Guard] = field(default_factory=dict)
    # Values a move into a status derives from the row (a product going live
    # records the price the curator saw); recorded in the history like fields.
    on_enter: Mapping[str, Callable[[Any], Mapping[str, Any]]] = field(default_factory=dict)
    lock_related: tuple[str, ...] = ()  # select_related while locking
    table_module: str = ""  # where the table lives, for the docs
    description: str = ""  # one paragraph for the docs

    def __post_init__(self) -> None:
        values = set(self.statuses.values)
        unknown = (set(self.allowed) | set().union(*self.allowed.values())) - values
        assert not unknown, f"{self.name}: unknown statuses in the table: {unknown}"
        assert set(self.allowed) == values, f"{self.name}: every status needs a row"
        assert set(self.initial) <= values, f"{self.name}: unknown initial status"
        assert set(self.stamps) <= values, f"{self.name}: a stamp for an unknown status"
        _REGISTRY[self.name] = self

    def can_move(self, source: str, target: str) -> bool:
        return target in self.allowed.get(source, frozenset())

    def label(self, status: str) -> str:
        if status in self.statuses.values:
            return str(self.statuses(status).label)
        return status


_REGISTRY: dict[str, StateMachine] = {}


def registered_machines() -> list[StateMachine]:
    """Every machine defined so far (each app's transitions module defines its
    own, imported when Django starts), by name."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def transition(
    machine: StateMachine,
    *,
    pk: Any,
    to: str,
    actor: Any,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
    locked: Any = None,
) -> Any:
    """Move the row `pk` of `machine` to status `to`, setting `fields` with it.

    In one transaction: lock the row, check the table and the guard of `to`,
    set the status, its stamp and the companion `fields`, save them, write a
    history row and an audit row (`<machine>.<to>`).

    Idempotent: a row already in `to` is returned unchanged and nothing is
    written (a retried request moves nothing twice), unless the table allows
    `to` -> `to` and `fields` change something: that self-loop is a move.

    Errors: DomainError("invalid_transition") for a status the machine does
    not know or a move its table does not allow, any DomainError a guard
    raises, NotFound for a missing row. Who may ask for the move is the calling
    service's check; `actor` is None for automatic moves.

    `locked`: the row itself, when the caller has already locked it (SELECT …
    FOR UPDATE in this transaction, with `machine.lock_related`) and saved
    whatever it changed on it; it is moved without being read again, and
    without a savepoint: an error here undoes the caller's whole block.
    """
    fields = dict(fields or {})
    stray = set(fields) - machine.companion_fields
    assert not stray, f"{machine.name}: {stray} are not companion fields of the machine"
    if to not in machine.statuses.values:
        raise DomainError("invalid_transition", _("Unknown status: %(status)s.") % {"status": to})
    # A caller that locked the row runs the move in its own block, which
    # undoes it with the rest on an error: no savepoint (two round trips).
    # Otherwise a refusal undoes this block only, and the caller may go on.
    with transaction.atomic(savepoint=locked is None):
        row = locked if locked is not None and locked.pk == pk else _lock(machine, pk)
        if row is None:
            raise NotFound
        source = getattr(row, machine.status_field)
        changes = {name: value for name, value in fields.items() if getattr(row, name) != value}
        if source == to and not (changes and machine.can_move(to, to)):
            return row  # asked again: a retried request moves nothing twice
        if not machine.can_move(source, to):
            raise DomainError(
                "invalid_transition",
                _("This cannot move from '%(source)s' to '%(target)s'.")
                % {"source": machine.label(source), "target": machine.label(to)},
            )
        if guard := machine.guards.get(to):
            guard(Move(row=row, source=source, target=to, actor=actor, fields=fields))
        if (derive := machine.on_enter.get(to)) and source != to:
            changes |= {k: v for k, v in derive(row).items() if getattr(row, k) != v}
        updated = _apply(machine, row, source=source, to=to, changes=changes)
        row.save(update_fields=updated)
        _record(
            machine,
            row,
            source=source,
            to=to,
            actor=actor,
            reason=reason,
            changes=changes,
            details=dict(details or {}),
            ip_address=ip_address,
        )
    return row


def _lock(machine: StateMachine, pk: Any) -> Any:
    return (
        machine.model._default_manager.select_for_update(of=("self",))
        .select_related(*machine.lock_related)
        .filter(pk=pk)
        .first()
    )


def start(
    machine: StateMachine,
    *,
    status: str,
    values: Mapping[str, Any],
    actor: Any,
    reason: str = "",
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> Any:
    """Create a row of `machine` in one of its initial statuses, with a history
    row (from "") and an audit row `<machine>.<status>`, in one transaction.
    `values` are the row's other fields; its companion fields among them are
    recorded in the history like a move's."""
    assert status in machine.initial, f"{machine.name}: {status} is not an initial status"
    with transaction.atomic():
        row = machine.model._default_manager.create(**{machine.status_field: status, **values})
        if stamp := machine.stamps.get(status):
            setattr(row, stamp.field, timezone.now())
            row.save(update_fields=[stamp.field])
        companions = {k: v for k, v in values.items() if k in machine.companion_fields}
        _record(
            machine,
            row,
            source="",
            to=status,
            actor=actor,
            reason=reason,
            changes=companions,
            details=dict(details or {}),
            ip_address=ip_address,
        )
    return row


def _apply(
    machine: StateMachine, row: Any, *, source: str, to: str, changes: Mapping[str, Any]
) -> list[str]:
    """Set the status, its stamp and the changed fields; return what to save."""
    updated = [machine.status_field, *changes]
    setattr(row, machine.status_field, to)
    for name, value in changes.items():
        setattr(row, name, value)
    stamp = machine.stamps.get(to)
    if stamp and source != to and not (stamp.first_only and getattr(row, stamp.field)):
        setattr(row, stamp.field, timezone.now())
        updated.append(stamp.field)
    if any(f.name == "updated_at" for f in row._meta.concrete_fields):
        updated.append("updated_at")
    return updated


def _record(
    machine: StateMachine,
    row: Any,
    *,
    source: str,
    to: str,
    actor: Any,
    reason: str,
    changes: Mapping[str, Any],
    details: dict[str, Any],
    ip_address: str | None,
) -> None:
    if changes:
        details["fields"] = {name: json_value(value) for name, value in changes.items()}
    if (facts := acted_as(actor)) is not None:
        details[ACTED_AS] = facts  # the history shows the role of the day
    is_user = facts is not None
    machine.history_model._default_manager.create(
        **{machine.history_fk: row},
        from_status=source,
        to_status=to,
        actor=actor if is_user else None,
        reason=reason,
        details=details,
    )
    audit_record(
        actor=actor,
        action=f"{machine.name}.{to}",
        obj=row,
        organisation=machine.organisation(row),
        ip_address=ip_address,
        details={"from": source, "to": to, "reason": reason, **details},
    )


def json_value(value: Any) -> Any:
    """A field value as JSON can hold it (dates as ISO text, decimals and UUIDs
    as text, a row as its key)."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return json_value(value.pk)  # a stored file's key is a UUID
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    return value
