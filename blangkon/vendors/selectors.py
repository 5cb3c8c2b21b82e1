"""Reads of vendors, always through the reader's scope (vendors/access.py).

The public storefront (a vendor and its live products) is a catalog read,
catalog.product_selectors.storefront_get: vendors sits below catalog.
"""

import datetime
from dataclasses import dataclass
from typing import NoReturn

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce, ExtractDay, Now

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES, Role
from blangkon.core.errors import Forbidden, NotFound
from blangkon.vendors.access import (
    OFFICIAL_READER_ROLES,
    certificate_keeping_vendors,
    editable_vendors,
    readable_vendors,
    registration_refusal,
)
from blangkon.vendors.fields import STEPS, Step, field_label, field_step
from blangkon.vendors.models import (
    TrainingEvent,
    Vendor,
    VendorCertificate,
    VendorDocument,
    VendorStatusChange,
)
from blangkon.vendors.services._common import vendor_owner as _vendor_owner
from blangkon.vendors.services.data import registration_problems
from blangkon.vendors.services.verification import missing_documents
from blangkon.vendors.status import ACTIVE, VendorStatus


def _with_trained(vendors: QuerySet[Vendor]) -> QuerySet[Vendor]:
    attended = TrainingEvent.attendees.through.objects.filter(vendor_id=OuterRef("pk"))
    return vendors.annotate(is_trained=Exists(attended))


def vendor_get_for_user(*, user: User, vendor_id: int) -> Vendor:
    """A vendor with everything the registration holds, if the user may read it."""
    vendor = (
        _with_trained(readable_vendors(user))
        .select_related("organisation", "organisation__region", "registered_by")
        .filter(pk=vendor_id)
        .first()
    )
    if vendor is None:
        raise NotFound
    return vendor


def vendor_get_for_editor(*, user: User, vendor_id: int) -> Vendor:
    """A vendor whose registration the user may fill in (its owner, its
    pendamping). Its readers who may not, its staff among them (ADR 0048), are
    refused (Forbidden); anyone else finds no such vendor (NotFound)."""
    vendor = _vendor_in(editable_vendors(user), vendor_id)
    if vendor is None:
        _refuse_reader(user, vendor_id, registration_refusal())
    return vendor


def vendor_get_for_certificate_keeper(*, user: User, vendor_id: int) -> Vendor:
    """A vendor whose certificates the user may add or renew (owner, staff, pendamping)."""
    vendor = _vendor_in(certificate_keeping_vendors(user), vendor_id)
    if vendor is None:
        _refuse_reader(user, vendor_id, Forbidden())
    return vendor


def may_edit_registration(*, user: User, vendor: Vendor) -> bool:
    """Whether the user fills in this vendor's registration (status rules aside)."""
    return editable_vendors(user).filter(pk=vendor.pk).exists()


def _vendor_in(vendors: QuerySet[Vendor], vendor_id: int) -> Vendor | None:
    return (
        _with_trained(vendors)
        .select_related("organisation", "organisation__region", "registered_by")
        .filter(pk=vendor_id)
        .first()
    )


def _refuse_reader(user: User, vendor_id: int, refusal: Forbidden) -> NoReturn:
    """Out of the user's read scope the vendor does not exist; inside it, the refusal."""
    if readable_vendors(user).filter(pk=vendor_id).exists():
        raise refusal
    raise NotFound


def vendor_get_for_verifier(*, user: User, vendor_id: int) -> Vendor:
    """A vendor on the verification pages: admins and auditors in scope.

    Out of scope: NotFound. Readable by a role without a verification page
    (the vendor itself, its pendamping): Forbidden.
    """
    vendor = vendor_get_for_user(user=user, vendor_id=vendor_id)
    if user.role not in OFFICIAL_READER_ROLES and not user.is_superuser:
        raise Forbidden
    return vendor


def vendor_problems(*, vendor: Vendor) -> dict[str, str]:
    """What still blocks the vendor's submission (field key -> how to fix it)."""
    return registration_problems(vendor)


def vendor_missing_documents(*, vendor: Vendor) -> list[str]:
    """Document kinds the vendor's kind needs and it lacks: approval waits for them."""
    return missing_documents(vendor)


def vendor_of_user(user: User) -> Vendor | None:
    """The vendor a vendor_owner or vendor_staff account belongs to."""
    if not user.is_authenticated or user.role not in VENDOR_ROLES or user.organisation_id is None:
        return None
    return (
        _with_trained(Vendor.objects.filter(organisation_id=user.organisation_id))
        .select_related("organisation", "organisation__region")
        .first()
    )


def vendor_owner(*, vendor: Vendor) -> User | None:
    """The vendor_owner account of a vendor the caller already fetched."""
    return _vendor_owner(vendor)


def vendor_documents(*, vendor: Vendor) -> QuerySet[VendorDocument]:
    return vendor.documents.select_related("file").order_by("file__kind", "-created_at")


def vendor_certificates(*, vendor: Vendor) -> QuerySet[VendorCertificate]:
    return vendor.certificates.select_related("document").order_by("kind")


def vendor_history(*, vendor: Vendor) -> QuerySet[VendorStatusChange]:
    return vendor.status_changes.select_related("actor").order_by("at", "id")


def verification_queue(*, user: User, status: str = VendorStatus.SUBMITTED) -> QuerySet[Vendor]:
    """Vendors in `status` the user may verify or audit, oldest submission first.

    Each row carries `waiting_days`: whole days since submission (or since
    registration for a vendor never submitted). Only admins and auditors have
    a queue (Forbidden otherwise).
    """
    if not user.is_superuser and user.role not in OFFICIAL_READER_ROLES:
        raise Forbidden
    if status not in VendorStatus.values:
        status = VendorStatus.SUBMITTED
    since = Coalesce("submitted_at", "created_at")
    waited = ExpressionWrapper(Now() - since, output_field=DurationField())
    return (
        readable_vendors(user)
        .filter(status=status)
        .select_related("organisation", "organisation__region")
        .annotate(waiting_since=since, waiting_days=ExtractDay(waited))
        .order_by(F("submitted_at").asc(nulls_last=True), "created_at", "id")
    )


def verification_next(*, user: User, after_vendor_id: int) -> int | None:
    """The vendor a verifier meets after `after_vendor_id` in the SUBMITTED
    queue (same scope and order as `verification_queue`); the first other one
    when it was last or not queued; None when no other vendor waits.

    Asked before the decision, while the decided vendor still holds its place.
    """
    queue = verification_queue(user=user)
    others = queue.exclude(pk=after_vendor_id)
    current = queue.filter(pk=after_vendor_id).values("submitted_at", "created_at").first()
    if current is not None:
        submitted, created = current["submitted_at"], current["created_at"]
        same_submission = Q(created_at__gt=created) | Q(created_at=created, pk__gt=after_vendor_id)
        if submitted is None:  # unsubmitted rows sort last
            later = Q(submitted_at__isnull=True) & same_submission
        else:
            later = (
                Q(submitted_at__gt=submitted)
                | Q(submitted_at__isnull=True)
                | Q(submitted_at=submitted) & same_submission
            )
        found = others.filter(later).values_list("pk", flat=True).first()
        if found is not None:
            return found
    return others.values_list("pk", flat=True).first()


@dataclass(frozen=True)
class VerificationWaiting:
    """How many vendors wait in a verifier's queue, and the oldest submission."""

    count: int
    oldest: datetime.datetime | None


def verification_waiting(*, user: User) -> VerificationWaiting:
    """The SUBMITTED queue counted in one query: exactly the rows
    `verification_queue` lists (same scope)."""
    totals = (
        verification_queue(user=user)
        .order_by()
        .aggregate(count=Count("id"), oldest=Min("waiting_since"))
    )
    return VerificationWaiting(totals["count"], totals["oldest"])


def registration_resume_step(*, vendor: Vendor) -> str:
    """The wizard step where the registration stopped: the first step that
    still has something missing, or the review step when nothing is."""
    problem_steps = {field_step(key) for key in registration_problems(vendor)}
    for step, _label in STEPS:
        if step in problem_steps:
            return step
    return Step.REVIEW


def vendor_status_counts(*, user: User) -> dict[str, int]:
    """How many vendors of each status the user's queue holds."""
    rows = readable_vendors(user).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Duplicate:
    """Another vendor sharing an identity or bank number with the one verified."""

    field: str  # nik, npwp, nib, bank_account_number
    label: str  # the field as people call it ("Account number"), never the key
    value: str
    vendor_id: int
    vendor_name: str
    kab_kota: str
    status: str
    status_label: str


def vendor_duplicates(*, vendor: Vendor) -> list[Duplicate]:
    """Other vendors with the same NIK, NPWP, NIB or bank account number.

    A perorangan's NIK doubles as NPWP, so NIK and NPWP are matched across
    both columns. Shown to the verifier; the caller has already checked scope.
    """
    checks: list[tuple[str, str, Q]] = []
    for field in ("nik", "npwp"):
        value = getattr(vendor, field)
        if value:
            checks.append((field, value, Q(nik=value) | Q(npwp=value)))
    if vendor.nib:
        checks.append(("nib", vendor.nib, Q(nib=vendor.nib)))
    if vendor.bank_account_number:
        checks.append(
            (
                "bank_account_number",
                vendor.bank_account_number,
                Q(bank_account_number=vendor.bank_account_number),
            )
        )
    if not checks:
        return []
    condition = Q()
    for _field, _value, q in checks:
        condition |= q
    others = list(
        Vendor.objects.exclude(pk=vendor.pk)
        .filter(condition)
        .select_related("organisation", "organisation__region")
        .order_by("id")
    )
    duplicates: list[Duplicate] = []
    for field, value, _q in checks:
        for other in others:
            if value in _matching_values(other, field):
                duplicates.append(
                    Duplicate(
                        field=field,
                        label=field_label(field),
                        value=value,
                        vendor_id=other.pk,
                        vendor_name=other.organisation.name,
                        kab_kota=other.organisation.region.name,
                        status=other.status,
                        status_label=str(other.get_status_display()),
                    )
                )
    return duplicates


def _matching_values(vendor: Vendor, field: str) -> set[str]:
    if field in ("nik", "npwp"):
        return {vendor.nik, vendor.npwp} - {""}
    return {getattr(vendor, field)} - {""}


def vendors_assisted_by(*, pendamping: User) -> QuerySet[Vendor]:
    """Vendors a pendamping registered, newest first, with their progress.

    Whether each has live products is catalog's to say
    (catalog.product_selectors.with_live_product_flag).
    """
    if not pendamping.is_authenticated or pendamping.role != Role.PENDAMPING:
        return Vendor.objects.none()
    return (
        _with_trained(Vendor.objects.filter(registered_by=pendamping))
        .select_related("organisation", "organisation__region")
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("-created_at", "-id")
    )


def training_events_for_user(*, user: User) -> QuerySet[TrainingEvent]:
    """Training events of the pemda the user belongs to (admins and auditors)."""
    if not user.is_authenticated or user.role not in OFFICIAL_READER_ROLES:
        raise Forbidden
    return (
        TrainingEvent.objects.filter(pemda_id=user.organisation_id)
        .annotate(attendee_count=Count("attendees"))
        .order_by("-held_on", "-id")
    )


def training_event_get_for_user(*, user: User, event_id: int) -> TrainingEvent:
    event = training_events_for_user(user=user).filter(pk=event_id).first()
    if event is None:
        raise NotFound
    return event


def training_attendees(*, event: TrainingEvent) -> QuerySet[Vendor]:
    """Attendees of an event the caller already fetched through a scoped selector."""
    return event.attendees.select_related("organisation__region").order_by(
        "organisation__name", "id"
    )


def training_candidates(*, user: User, event: TrainingEvent, query: str = "") -> QuerySet[Vendor]:
    """Vendors in the user's scope who may be ticked as attendees (not yet recorded)."""
    vendors = (
        readable_vendors(user)
        .exclude(training_events=event)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name", "id")
    )
    if query.strip():
        vendors = vendors.filter(organisation__name__icontains=query.strip())
    return vendors


def vendor_get_public(*, vendor_id: int) -> Vendor:
    """A vendor that may sell, for its public storefront; any other is NotFound.

    The caller shows public fields only (catalog.product_selectors.storefront_get).
    """
    vendor = (
        _with_trained(Vendor.objects.filter(pk=vendor_id, status__in=ACTIVE))
        .select_related("organisation", "organisation__region")
        .first()
    )
    if vendor is None:
        raise NotFound
    return vendor
