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
from django.db.models import Q, QuerySet

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
    # Words of the actor's name or username, each to be found in one of them.
    actor_name: str = ""
    # Part of the organisation's name.
    organisation_name: str = ""
    # Any of these action codes (a kind of action, blangkon/audit/actions.py).
    actions: tuple[str, ...] = ()


READ_COLUMNS = (
    "at",
    "actor",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "organisation",
    "ip_address",
    "details",
    "chain_seq",
)
ACTOR_COLUMNS = ("username", "first_name", "last_name", "role")


def audit_events(
    *, organisations: QuerySet[Any], include_unowned: bool, filters: AuditFilters
) -> QuerySet[AuditEvent]:
    """Audit rows of `organisations` (and, with `include_unowned`, rows tied to
    no organisation), filtered, newest first. The caller has decided the scope."""
    # The reader's columns only: the actor's name and role, not their password hash.
    events = AuditEvent.objects.select_related("organisation", "actor").only(
        *READ_COLUMNS, "organisation__name", *(f"actor__{name}" for name in ACTOR_COLUMNS)
    )
    if include_unowned:
        events = events.filter(organisation__in=organisations) | events.filter(
            organisation__isnull=True
        )
    else:
        events = events.filter(organisation__in=organisations)
    return events.filter(_matching(filters)).order_by("-at", "-id")


def _matching(filters: AuditFilters) -> Q:
    """The rows the filters let through (every filter left empty: all)."""
    conditions = [
        (filters.action, Q(action__startswith=filters.action)),
        (filters.actor, Q(actor_username__iexact=filters.actor)),
        (filters.actor_name, _actor_name_matches(filters.actor_name)),
        (filters.organisation_name, Q(organisation__name__icontains=filters.organisation_name)),
        (filters.actions, Q(action__in=filters.actions)),
        (filters.object_type, Q(object_type=filters.object_type)),
        (filters.object_id, Q(object_id=filters.object_id)),
        (filters.organisation_id, Q(organisation_id=filters.organisation_id)),
        (filters.date_from, Q(at__date__gte=filters.date_from)),
        (filters.date_to, Q(at__date__lte=filters.date_to)),
    ]
    matching = Q()
    for wanted, condition in conditions:
        if wanted:
            matching &= condition
    return matching


def _actor_name_matches(text: str) -> Q:
    """Every word in the actor's first name, last name or username (the
    username kept on the row too, for rows whose user was renamed)."""
    condition = Q()
    for word in text.split()[:5]:
        condition &= (
            Q(actor__first_name__icontains=word)
            | Q(actor__last_name__icontains=word)
            | Q(actor_username__icontains=word)
        )
    return condition


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
