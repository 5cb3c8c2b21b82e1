import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from blangkon.accounts.access import can_read_audit, readable_organisations
from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.core.errors import NotFound


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    organisation_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def audit_list_for_user(*, user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Audit rows the user may read: those of organisations in their scope.

    Province-level auditors and admins also see rows tied to no organisation
    (sign-in lockouts, operator actions).
    """
    if not can_read_audit(user):
        raise NotFound
    events = AuditEvent.objects.select_related("organisation")
    scope = readable_organisations(user)
    organisation = user.organisation
    if organisation is not None and organisation.region.kind == "provinsi":
        events = events.filter(organisation__in=scope) | events.filter(organisation__isnull=True)
    else:
        events = events.filter(organisation__in=scope)
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
