"""Who may see and manage which organisation: the one place these rules live.

Every selector and service that takes an acting user asks these functions.
Objects outside the actor's read scope are reported as missing (NotFound, 404)
rather than forbidden, so ids cannot be probed across OPDs or kab/kota.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import (
    OPD_ROLES,
    REGION_ADMIN_ROLES,
    VENDOR_ROLES,
    OrganisationKind,
    Role,
)
from blangkon.regions.models import RegionKind


def _region_scope(region_code: str, kind: str) -> Q:
    """Organisations located in a region (a province covers its kab/kota)."""
    if kind == RegionKind.PROVINSI:
        return Q(region_id=region_code) | Q(region__parent_id=region_code)
    return Q(region_id=region_code)


def _pemda_scope(user: User) -> Q:
    pemda = user.organisation
    assert pemda is not None
    return _region_scope(pemda.region_id, pemda.region.kind)


def readable_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose records the user may read."""
    organisations = Organisation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return organisations.none()
    if user.is_superuser:
        return organisations
    if user.organisation_id is None:
        return organisations.none()
    if user.role in OPD_ROLES or user.role in VENDOR_ROLES or user.role == Role.PENDAMPING:
        return organisations.filter(pk=user.organisation_id)
    if user.role in REGION_ADMIN_ROLES | {Role.AUDITOR}:
        return organisations.filter(_pemda_scope(user))
    return organisations.none()


def manageable_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose users, addresses and settings the user may change."""
    organisations = Organisation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return organisations.none()
    if user.organisation_id is None:
        return organisations.none()
    if user.role == Role.OPD_ADMIN:
        return organisations.filter(pk=user.organisation_id)
    if user.role in REGION_ADMIN_ROLES:
        return organisations.filter(_pemda_scope(user)).exclude(kind=OrganisationKind.VENDOR)
    return organisations.none()


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and user.role in (
        Role.AUDITOR,
        Role.KAB_KOTA_ADMIN,
        Role.PROVINCE_ADMIN,
    )


def is_province_admin(user: User | AnonymousUser) -> bool:
    """An active provincial admin: the platform owner (synonyms, pemda joining
    dates, creating other province admins). The one place this is decided."""
    return isinstance(user, User) and user.is_active and user.role == Role.PROVINCE_ADMIN
