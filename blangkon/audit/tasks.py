"""Background tasks of the audit app (ADR 0010); the scheduler queues them
(config/schedule.py, ADR 0017)."""

import logging

from django.tasks import task

from blangkon.audit.verification import audit_chain_verify

logger = logging.getLogger(__name__)


class AuditChainBroken(Exception):
    """The audit log's hash chain does not verify: the job's result is FAILED."""


@task()
def verify_chain_task() -> dict[str, int]:
    """Walk the audit log's hash chain (as `manage.py verify_audit`). It only
    reads, so running it twice, or twice at once, does no harm. Returns how
    many rows it checked and the head's position; a broken chain is logged
    (each break) and raises AuditChainBroken."""
    result = audit_chain_verify()
    logger.info(
        "Audit chain: %d rows at %.0f rows/s, head %s",
        result.rows,
        result.rows_per_second,
        result.head,
    )
    if not result.intact:
        for found in result.breaks:
            logger.error("Audit chain break (%s): %s", found.kind, found.message)
        raise AuditChainBroken(f"{result.break_count} break(s) in the audit log's hash chain")
    return {"rows": result.rows, "head": result.head.seq if result.head else 0}
