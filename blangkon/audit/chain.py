"""The audit log's hash chain, checked in Python (ADR 0018).

The database writes the chain (audit/migrations/0004_hash_chain.py): each row
gets the next position, the previous row's hash (`prev_hash`, 64 zeros for
the first) and `hash = sha256(prev_hash + canonical text)`. This module builds
the same canonical text from a row's values, independently of the database's
functions, and walks the rows in chain order to find where the chain breaks.

The canonical text is a JSON array, written as PostgreSQL's jsonb writes it
(`", "` between items, strings with the same escapes, no ASCII escaping):

    [position, id, "time in UTC with microseconds", actor id, "actor username",
     "action", "object type", "object id", organisation id, "IP address", details]

`details` is the row's jsonb as PostgreSQL prints it (`details::text`: keys in
jsonb's order, no duplicates), so Python never re-serialises it.
"""

import datetime
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from json.encoder import encode_basestring
from typing import NamedTuple

GENESIS = "0" * 64


class ChainRow(NamedTuple):
    """One audit row as the chain sees it (see `audit.selectors.audit_chain_rows`);
    a tuple, because a million of them are built per verification."""

    id: int
    seq: int
    at: datetime.datetime
    actor_id: int | None
    actor_username: str
    action: str
    object_type: str
    object_id: str
    organisation_id: int | None
    ip_address: str | None  # as PostgreSQL's host() prints it
    details_json: str  # details::text
    prev_hash: str
    hash: str


def canonical(row: ChainRow) -> str:
    at = row.at.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return (
        f"[{row.seq}, {row.id}, {_string(at + 'Z')}, {_number(row.actor_id)},"
        f" {_string(row.actor_username)}, {_string(row.action)}, {_string(row.object_type)},"
        f" {_string(row.object_id)}, {_number(row.organisation_id)}, {_string(row.ip_address)},"
        f" {row.details_json}]"
    )


def _string(value: str | None) -> str:
    # json.dumps(value, ensure_ascii=False) without its per-call overhead:
    # the same escapes as jsonb's output (\" \\ \b \f \n \r \t, \u00XX below 0x20).
    return "null" if value is None else encode_basestring(value)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def row_hash(prev_hash: str, row: ChainRow) -> str:
    return hashlib.sha256((prev_hash + canonical(row)).encode()).hexdigest()


class BreakKind(StrEnum):
    CHANGED = "changed"
    MISSING = "missing"
    INSERTED = "inserted"
    HEAD = "head"


@dataclass(frozen=True)
class Break:
    """Where the chain is broken and how. `row` is the row the break was found
    at; `before` the last row that was in place before it (for missing rows)."""

    kind: BreakKind
    row: ChainRow | None
    before: ChainRow | None
    message: str


@dataclass(frozen=True)
class Head:
    """The chain's head row: where the chain must end (None: no head row)."""

    seq: int
    hash: str


def _describe(row: ChainRow | None) -> str:
    if row is None:
        return "the start of the log"
    return f"row {row.id} (position {row.seq}, {row.at.isoformat(timespec='microseconds')})"


@dataclass
class _Link:
    """The last row accepted into the chain: its position, and the hashes a
    next row may link to (the stored one, and the one its content gives)."""

    row: ChainRow | None
    seq: int
    hashes: frozenset[str]


def walk(rows: Iterable[ChainRow], head: Head | None) -> Iterator[Break]:
    """The breaks in `rows` (in position order), first to last.

    - a row outside the chain (a position before the first, after the head's,
      or one already taken), or that does not link to the row before it:
      inserted without a valid link;
    - positions skipped between two rows, or after the last row up to the
      head's: rows missing (deleted);
    - a row in its place whose hash does not match its content: changed
      after it was written.
    After a break the walk goes on from the row found, so one deleted row is
    reported once, not as a break of every later link.
    """
    last = _Link(row=None, seq=0, hashes=frozenset({GENESIS}))
    end = head.seq if head is not None else 0
    for row in rows:
        if not 1 <= row.seq <= end or row.seq <= last.seq:
            yield _inserted(row, f"its position {row.seq} is not free in the chain of 1 to {end}")
            continue  # not part of the chain: the next row links to the last one
        content_hash = row_hash(row.prev_hash, row)
        linked = True
        if row.seq > last.seq + 1:
            yield _missing(last, row, row.seq - 1, f"and {_describe(row)}")
        elif row.prev_hash not in last.hashes:
            linked = False
            yield _inserted(row, f"it does not link to {_describe(last.row)}")
        if linked and content_hash != row.hash:
            yield Break(
                BreakKind.CHANGED,
                row,
                last.row,
                f"{_describe(row)}: content changed after it was written"
                " (its hash no longer matches it).",
            )
        last = _Link(row=row, seq=row.seq, hashes=frozenset({row.hash, content_hash}))
    yield from _check_end(last, head)


def _inserted(row: ChainRow, why: str) -> Break:
    return Break(
        BreakKind.INSERTED, row, None, f"{_describe(row)}: inserted without a valid link ({why})."
    )


def _missing(last: _Link, after: ChainRow | None, up_to: int, until: str) -> Break:
    return Break(
        BreakKind.MISSING,
        after,
        last.row,
        f"rows missing between {_describe(last.row)} {until}: positions {last.seq + 1} to {up_to}.",
    )


def _check_end(last: _Link, head: Head | None) -> Iterator[Break]:
    if head is None:
        if last.row is not None:
            yield Break(BreakKind.HEAD, None, last.row, "the chain's head row is missing.")
        return
    if last.seq < head.seq:
        yield _missing(last, None, head.seq, "and the chain's end")
    elif head.hash not in last.hashes:
        yield Break(
            BreakKind.HEAD,
            None,
            last.row,
            f"the chain's head does not match its last row, {_describe(last.row)}.",
        )
