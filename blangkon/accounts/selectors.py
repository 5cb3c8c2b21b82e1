"""Reads of organisations and people, always through the actor's scope."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from blangkon.accounts.access import (
    can_read_audit,
    manageable_organisations,
    readable_organisations,
)
from blangkon.accounts.models import ApiToken, DeliveryAddress, Organisation, User
from blangkon.accounts.roles import OrganisationKind
from blangkon.audit.models import AuditEvent
from blangkon.audit.selectors import AuditFilters, audit_events
from blangkon.core.errors import NotFound
from blangkon.regions.models import RegionKind


def opd_list_for_user(*, user: User) -> QuerySet[Organisation]:
    return (
        readable_organisations(user)
        .filter(kind=OrganisationKind.OPD)
        .select_related("parent", "region")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("parent__name", "name")
    )


def opd_get_for_user(*, user: User, opd_id: int) -> Organisation:
    opd = (
        readable_organisations(user)
        .filter(kind=OrganisationKind.OPD, pk=opd_id)
        .select_related("parent", "region")
        .first()
    )
    if opd is None:
        raise NotFound
    return opd


def organisation_get_manageable(*, user: User, organisation_id: int) -> Organisation:
    """An organisation the user may change. One they may only read is NotFound too."""
    organisation = manageable_organisations(user).filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound
    return organisation


def opd_can_be_managed_by(*, user: User, opd: Organisation) -> bool:
    return manageable_organisations(user).filter(pk=opd.pk).exists()


def opd_members(*, opd: Organisation) -> QuerySet[User]:
    """Members of an OPD the caller has already fetched through a scoped selector."""
    return opd.members.order_by("role", "username")


def opd_addresses(*, opd: Organisation) -> QuerySet[DeliveryAddress]:
    return opd.addresses.filter(is_active=True).select_related("kab_kota")


def pemda_list_for_user(*, user: User) -> QuerySet[Organisation]:
    return (
        readable_organisations(user)
        .filter(kind=OrganisationKind.PEMDA)
        .select_related("region")
        .annotate(opd_count=Count("children"))
        .order_by("region__code")
    )


def pemda_public_list() -> QuerySet[Organisation]:
    """Public facts only: which pemda have joined, and since when."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.PEMDA)
        .select_related("region")
        .only("name", "joined_on", "region__code", "region__name", "region__kind")
        .order_by("region__code")
    )


def audit_list_for_user(*, user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Audit rows the user may read: those of organisations in their scope.

    Province-level auditors and admins also see rows tied to no organisation
    (sign-in lockouts, operator actions). The scope is decided here, not in
    `audit`, because `audit` sits below `accounts` (docs/architecture.md).
    """
    if not can_read_audit(user):
        raise NotFound
    organisation = user.organisation
    return audit_events(
        organisations=readable_organisations(user),
        include_unowned=organisation is not None
        and organisation.region.kind == RegionKind.PROVINSI,
        filters=filters,
    )


def audit_organisation_names(*, user: User, limit: int = 500) -> list[str]:
    """Names of the organisations whose audit rows the user may read, for the
    audit log's organisation filter to suggest (at most `limit`)."""
    if not can_read_audit(user):
        raise NotFound
    names = readable_organisations(user).order_by("name").values_list("name", flat=True)
    return list(names.distinct()[:limit])


def api_tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens that still work (not revoked, not expired),
    newest first. Nobody sees another user's tokens, not even an admin."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def organisation_names(ids: set[int]) -> dict[int, str]:
    """The names of the organisations `ids` (names are public: OPDs, pemdas, vendors)."""
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
