"""Walk the whole audit log's hash chain and say where it breaks (ADR 0018);
`manage.py verify_audit` and the daily job (audit.tasks) run it."""

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from blangkon.audit.chain import Break, ChainRow, Head, walk
from blangkon.audit.selectors import audit_chain_head, audit_chain_rows

# Breaks kept for the report; a log rewritten wholesale is counted, not listed.
KEPT_BREAKS = 100


@dataclass
class Verification:
    rows: int = 0
    seconds: float = 0.0
    head: Head | None = None
    breaks: list[Break] = field(default_factory=list)
    break_count: int = 0

    @property
    def intact(self) -> bool:
        return self.break_count == 0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def audit_chain_verify() -> Verification:
    """Every row, in position order, against the row before it and the head.

    One snapshot for the head and the rows (REPEATABLE READ, when this call
    opens the transaction), so rows appended meanwhile are neither half seen
    nor taken for a break."""
    result = Verification()
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        result.head = audit_chain_head()
        for found in walk(_counted(audit_chain_rows(), result), result.head):
            result.break_count += 1
            if len(result.breaks) < KEPT_BREAKS:
                result.breaks.append(found)
    result.seconds = time.perf_counter() - started
    return result


def _counted(rows: Iterable[ChainRow], result: Verification) -> Iterator[ChainRow]:
    for row in rows:
        result.rows += 1
        yield row
