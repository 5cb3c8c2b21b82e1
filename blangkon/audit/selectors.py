"""Reads of the audit log by scope, not by user.

`audit` sits below `accounts`, so it does not know who may read which rows:
`accounts.selectors.audit_list_for_user` decides the reader's scope and asks
`audit_events` for the rows inside it.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from blangkon.audit.chain import ChainRow, Head
from blangkon.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    organisation_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def audit_events(
    *, organisations: QuerySet[Any], include_unowned: bool, filters: AuditFilters
) -> QuerySet[AuditEvent]:
    """Audit rows of `organisations` (and, with `include_unowned`, rows tied to
    no organisation), filtered, newest first. The caller has decided the scope."""
    events = AuditEvent.objects.select_related("organisation")
    if include_unowned:
        events = events.filter(organisation__in=organisations) | events.filter(
            organisation__isnull=True
        )
    else:
        events = events.filter(organisation__in=organisations)
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.actor:
        events = events.filter(actor_username__iexact=filters.actor)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.organisation_id:
        events = events.filter(organisation_id=filters.organisation_id)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return events.order_by("-at", "-id")


def audit_action_names() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())


# ChainRow's fields, in order; the IP address and details as PostgreSQL prints them.
_CHAIN_ROWS = """
SELECT id, chain_seq, at, actor_id, actor_username, action, object_type, object_id,
       organisation_id, host(ip_address), details::text, prev_hash, hash
FROM audit_auditevent ORDER BY chain_seq
"""


def audit_chain_rows(*, batch: int = 10_000) -> Iterator[ChainRow]:
    """Every audit row in chain order, through a server-side cursor: a million
    rows stream in batches instead of sitting in memory. Inside a transaction
    (the cursor lives as long as it)."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(_CHAIN_ROWS)
        while rows := cursor.fetchmany(batch):
            yield from map(ChainRow._make, rows)


def audit_chain_head() -> Head | None:
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return None if head is None else Head(*head)
