"""Reads of the audit log by scope, not by user.

`audit` sits below `accounts`, so it does not know who may read which rows:
`accounts.selectors.audit_list_for_user` decides the reader's scope and asks
`audit_events` for the rows inside it.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from blangkon.audit.models import AuditEvent


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
