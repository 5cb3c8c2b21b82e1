"""Vendors: the caller's registration status, the public storefront and the
verifiers' queue and decisions."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.catalog.product_selectors import storefront_get
from blangkon.core.errors import NotFound
from blangkon.core.http import client_ip
from blangkon.vendors import selectors, services
from blangkon.vendors.fields import field_label, field_step
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import EDITABLE, VendorStatus

router = Router(tags=["vendors"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class FieldProblemOut(Schema):
    field: str
    label: str
    step: str = Field(description="The registration step holding the field.")
    message: str = ""


class VendorMeOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    status_label: str
    status_reason: str
    scale: str
    bank_holder_mismatch: bool
    submitted_at: datetime.datetime | None
    verified_at: datetime.datetime | None
    sanction_until: datetime.date | None
    fields_to_fix: list[FieldProblemOut] = Field(
        description="Fields the verifier asked to fix (status revision_requested)."
    )
    missing: list[FieldProblemOut] = Field(
        description="What still blocks submission, while the registration is editable."
    )


@router.get(
    "/vendors/me", response={200: VendorMeOut, **errors(404)}, summary="My registration status"
)
def vendor_me(request: HttpRequest) -> VendorMeOut:
    """The registration of the caller's vendor (vendor owner or staff token)."""
    vendor = selectors.vendor_of_user(_user(request))
    if vendor is None:
        raise NotFound
    missing = selectors.vendor_problems(vendor=vendor) if vendor.status in EDITABLE else {}
    return VendorMeOut(
        id=vendor.pk,
        name=vendor.organisation.name,
        kind=vendor.kind,
        status=vendor.status,
        status_label=str(vendor.get_status_display()),
        status_reason=vendor.status_reason,
        scale=vendor.scale,
        bank_holder_mismatch=vendor.bank_holder_mismatch,
        submitted_at=vendor.submitted_at,
        verified_at=vendor.verified_at,
        sanction_until=vendor.sanction_until,
        fields_to_fix=[
            FieldProblemOut(field=key, label=field_label(key), step=field_step(key))
            for key in vendor.fields_to_fix
        ],
        missing=[
            FieldProblemOut(field=key, label=field_label(key), step=field_step(key), message=m)
            for key, m in missing.items()
        ],
    )


class StorefrontProductOut(Schema):
    id: int
    name: str
    category: str
    unit: str
    price: int = Field(description="Whole rupiah per unit, tax included.")


class StorefrontOut(Schema):
    id: int
    name: str
    kab_kota: str
    kind: str
    kind_label: str
    scale: str
    verified: bool
    verified_since: datetime.date | None
    trained: bool
    rating_average: float | None = Field(
        description="The mean of the published ratings' scores, 1 to 5; null without any."
    )
    rating_count: int = Field(description="How many published ratings.")
    products: list[StorefrontProductOut]


@router.get(
    "/vendors/{vendor_id}/storefront",
    response=StorefrontOut,
    auth=None,
    summary="A vendor's public storefront",
)
def vendor_storefront(request: HttpRequest, vendor_id: int) -> StorefrontOut:
    """Public facts of a verified vendor and its live products. No personal data."""
    store = storefront_get(vendor_id=vendor_id)
    return StorefrontOut(
        id=store.vendor_id,
        name=store.name,
        kab_kota=store.kab_kota,
        kind=store.kind,
        kind_label=store.kind_label,
        scale=store.scale,
        verified=store.verified,
        verified_since=store.verified_since,
        trained=store.trained,
        rating_average=float(store.rating_average) if store.rating_average is not None else None,
        rating_count=store.rating_count,
        products=[
            StorefrontProductOut(
                id=p.id, name=p.name, category=p.category, unit=p.unit, price=p.price
            )
            for p in store.products
        ],
    )


class QueueFilter(InputSchema):
    status: str = Field(VendorStatus.SUBMITTED, description="A vendor status.")


class QueueItemOut(Schema):
    id: int
    name: str
    kind: str
    kab_kota_code: str
    kab_kota: str
    status: str
    submitted_at: datetime.datetime | None
    waiting_days: int
    bank_holder_mismatch: bool


@router.get(
    "/vendors/verification-queue",
    response={200: list[QueueItemOut], **errors(403)},
    summary="Vendors waiting for verification",
)
def verification_queue(request: HttpRequest, filters: Query[QueueFilter]) -> list[QueueItemOut]:
    """Vendors in a status (default submitted) the admin may verify, oldest first."""
    vendors = selectors.verification_queue(user=_user(request), status=filters.status)[:500]
    return [
        QueueItemOut(
            id=v.pk,
            name=v.organisation.name,
            kind=v.kind,
            kab_kota_code=v.organisation.region_id,
            kab_kota=v.organisation.region.name,
            status=v.status,
            submitted_at=v.submitted_at,
            waiting_days=v.waiting_days or 0,  # type: ignore[attr-defined]
            bank_holder_mismatch=v.bank_holder_mismatch,
        )
        for v in vendors
    ]


class VendorDecisionOut(Schema):
    id: int
    status: str
    status_reason: str
    fields_to_fix: list[str]


def _decision(vendor: Vendor) -> VendorDecisionOut:
    return VendorDecisionOut(
        id=vendor.pk,
        status=vendor.status,
        status_reason=vendor.status_reason,
        fields_to_fix=list(vendor.fields_to_fix),
    )


class ApproveIn(InputSchema):
    note: str = Field("", max_length=2000)


@router.post(
    "/vendors/{vendor_id}/approve",
    response={200: VendorDecisionOut, **errors(403)},
    summary="Approve a vendor",
)
def vendor_approve(request: HttpRequest, vendor_id: int, payload: ApproveIn) -> VendorDecisionOut:
    """Verify a submitted vendor (kab/kota admin of its domicile, or province admin)."""
    vendor = services.vendor_approve(
        actor=_user(request), vendor_id=vendor_id, note=payload.note, ip_address=client_ip(request)
    )
    return _decision(vendor)


class RevisionIn(InputSchema):
    fields_to_fix: list[str] = Field(
        min_length=1, description="Registration field keys, e.g. nik, document_ktp."
    )
    note: str = Field("", max_length=2000)


@router.post(
    "/vendors/{vendor_id}/request-revision",
    response={200: VendorDecisionOut, **errors(403)},
    summary="Send a registration back for revision",
)
def vendor_request_revision(
    request: HttpRequest, vendor_id: int, payload: RevisionIn
) -> VendorDecisionOut:
    vendor = services.vendor_request_revision(
        actor=_user(request),
        vendor_id=vendor_id,
        fields_to_fix=payload.fields_to_fix,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return _decision(vendor)


class RejectIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


@router.post(
    "/vendors/{vendor_id}/reject",
    response={200: VendorDecisionOut, **errors(403)},
    summary="Reject a registration",
)
def vendor_reject(request: HttpRequest, vendor_id: int, payload: RejectIn) -> VendorDecisionOut:
    vendor = services.vendor_reject(
        actor=_user(request),
        vendor_id=vendor_id,
        reason=payload.reason,
        ip_address=client_ip(request),
    )
    return _decision(vendor)
