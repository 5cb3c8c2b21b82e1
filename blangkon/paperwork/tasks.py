"""Making an order's documents in the background right after the signature
that completes them (ADR 0029), so the signing request does not wait for a
PDF and the document is fixed within moments of the signature."""

from django.tasks import task

from blangkon.core.errors import NotFound
from blangkon.paperwork.services import document_issue


@task()
def documents_issue_task(order_id: int, kinds: list[str]) -> list[str]:
    """Issue each kind the order has; idempotent (an issued one is returned as
    it is), and a kind the order no longer has is skipped."""
    issued = []
    for kind in kinds:
        try:
            issued.append(document_issue(order_id=order_id, kind=kind).number)
        except NotFound:
            continue
    return issued
