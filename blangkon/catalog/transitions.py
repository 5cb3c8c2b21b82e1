"""The catalog's machines: product curation (Product.status and its companion
fields: the curator's reason, the take-down reason), the review of changes to
live products (ProductChangeRequest.status with its proposal) and bulk uploads
(BulkUpload.status with its outcome). The only code that moves them.

The tables are in catalog/status.py; docs/domain/lifecycles.md draws them.
Services (catalog/services.py, catalog/changes.py, catalog/bulk/) check who may
ask for a move and call the `*_transition` functions inside their own
transaction.
"""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.catalog.models import (
    BulkUpload,
    BulkUploadStatusChange,
    Product,
    ProductChangeRequest,
    ProductChangeRequestStatusChange,
    ProductStatusChange,
)
from blangkon.catalog.status import (
    ALLOWED,
    BULK_UPLOAD_ALLOWED,
    BULK_UPLOAD_MAX_ATTEMPTS,
    CHANGE_REQUEST_ALLOWED,
    BulkUploadStatus,
    ChangeRequestStatus,
    ProductStatus,
    TakedownReason,
)
from blangkon.core.errors import DomainError
from blangkon.lifecycles.machine import Move, Stamp, StateMachine, transition
from blangkon.vendors.status import ACTIVE, SANCTIONED, VendorStatus


def _vendor_may_sell(move: Move) -> None:
    if move.row.vendor.status not in ACTIVE:
        raise DomainError(
            "vendor_not_active",
            _("The vendor is not verified or is suspended, so the product cannot go live."),
        )


def submission_refusal(vendor_status: str) -> DomainError | None:
    """Why a vendor in this status may not send products to curation, with
    what to do; None when it may. Only a vendor that may sell can: for any
    other, no curator could approve the product, and it would wait in the
    queue for nothing. Drafts can be prepared in every status."""
    if vendor_status in ACTIVE:
        return None
    if vendor_status in SANCTIONED:
        return DomainError(
            "vendor_not_active",
            _(
                "Products cannot be submitted while your business is suspended or banned. "
                "Your products are kept; submit them again when the sanction ends."
            ),
        )
    if vendor_status == VendorStatus.REJECTED:
        message = _(
            "Products cannot be submitted: your registration was rejected. Register your "
            "business again to sell through the catalog."
        )
    elif vendor_status == VendorStatus.SUBMITTED:
        message = _(
            "Products can be submitted once your registration is verified. Your "
            "registration is waiting for a verifier; until then, keep preparing your "
            "products as drafts."
        )
    else:
        message = _(
            "Products can be submitted once your registration is verified. Complete your "
            "registration on the My business page and send it for verification; until "
            "then, keep preparing your products as drafts."
        )
    return DomainError("vendor_not_verified", message)


def _vendor_may_submit(move: Move) -> None:
    if (refusal := submission_refusal(move.row.vendor.status)) is not None:
        raise refusal


def _takedown_reason_given(move: Move) -> None:
    if move.fields.get("takedown_reason") not in TakedownReason.values:
        raise DomainError(
            "invalid",
            _("Choose why the product is taken down."),
            {"reason": _("Choose a reason from the list.")},
        )


PRODUCT_MACHINE = StateMachine(
    name="product",
    title="Product curation",
    model=Product,
    statuses=ProductStatus,
    allowed=ALLOWED,
    initial=(ProductStatus.DRAFT,),
    history_model=ProductStatusChange,
    history_fk="product",
    organisation=lambda product: product.vendor.organisation,
    stamps={
        ProductStatus.SUBMITTED: Stamp("submitted_at"),
        ProductStatus.TAYANG: Stamp("published_at"),
    },
    # Going live is a curator's approval of the whole listing, its price too:
    # later price changes are judged against that price (services.price_needs_review).
    on_enter={
        ProductStatus.TAYANG: lambda product: {
            "reviewed_price": product.price,
            "price_reviewed_at": timezone.now(),
        }
    },
    companion_fields=frozenset({"status_reason", "takedown_reason"}),
    guards={
        ProductStatus.SUBMITTED: _vendor_may_submit,
        ProductStatus.TAYANG: _vendor_may_sell,
        ProductStatus.TURUN_TAYANG: _takedown_reason_given,
    },
    lock_related=("vendor__organisation",),
    table_module="blangkon/catalog/status.py",
    description=(
        "A vendor lists a product (draft) and submits it; a curator puts it live (tayang), "
        "asks for a revision or rejects it. Only a live product of a verified vendor is "
        "shown to buyers. A product is submitted and goes live only while its vendor "
        "may sell (a curator could approve nothing else), and a take-down always says why."
    ),
)


def product_transition(
    *,
    product_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    takedown_reason: str = "",
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> Product:
    """Move a product to `to` (see `transition`). The curator's `reason` is kept
    on the product; `takedown_reason` (a TakedownReason) is required for, and
    kept only in, TURUN_TAYANG. Errors: DomainError("invalid_transition"),
    DomainError("vendor_not_active") when going live for a vendor that may not
    sell, the `submission_refusal` when submitting for one,
    DomainError("invalid") for a take-down without a known reason."""
    product: Product = transition(
        PRODUCT_MACHINE,
        pk=product_id,
        to=to,
        actor=actor,
        reason=reason,
        fields={
            "status_reason": reason,
            "takedown_reason": takedown_reason if to == ProductStatus.TURUN_TAYANG else "",
        },
        details=details,
        ip_address=ip_address,
    )
    return product


def _product_is_live(move: Move) -> None:
    if move.row.product.status != ProductStatus.TAYANG:
        raise DomainError(
            "not_live",
            _("The product is no longer live; its changes go to its next curation."),
        )


CHANGE_REQUEST_MACHINE = StateMachine(
    name="product_change",
    title="Review of changes to a live product (content and price)",
    model=ProductChangeRequest,
    statuses=ChangeRequestStatus,
    allowed=CHANGE_REQUEST_ALLOWED,
    initial=(ChangeRequestStatus.PENDING,),
    history_model=ProductChangeRequestStatusChange,
    history_fk="change_request",
    organisation=lambda change: change.product.vendor.organisation,
    stamps={
        ChangeRequestStatus.APPROVED: Stamp("decided_at"),
        ChangeRequestStatus.REJECTED: Stamp("decided_at"),
        ChangeRequestStatus.WITHDRAWN: Stamp("decided_at"),
    },
    companion_fields=frozenset({"proposed", "status_reason"}),
    guards={ChangeRequestStatus.APPROVED: _product_is_live},
    lock_related=("product__vendor__organisation",),
    table_module="blangkon/catalog/status.py",
    description=(
        "A vendor's change to a live product's curated fields (name, description, "
        "specifications, category, unit, PDN/TKDN), a price change beyond the tolerance "
        "and new photos wait here; buyers keep seeing the approved listing. Another edit "
        "while waiting replaces the proposal (a move to itself). A curator approves (the "
        "values go live) or rejects; the vendor withdraws by going back to the live "
        "values. When the product stops being live, the proposal is folded into the "
        "product for its next curation and the request is withdrawn."
    ),
)


def change_request_transition(
    *,
    change_request_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> ProductChangeRequest:
    """Move a change request to `to` (see `transition`). Approving needs the
    product to be live (DomainError("not_live"))."""
    change: ProductChangeRequest = transition(
        CHANGE_REQUEST_MACHINE,
        pk=change_request_id,
        to=to,
        actor=actor,
        reason=reason,
        fields=fields,
        details=details,
        ip_address=ip_address,
    )
    return change


BULK_UPLOAD_MACHINE = StateMachine(
    name="bulk_upload",
    title="Bulk upload",
    model=BulkUpload,
    statuses=BulkUploadStatus,
    allowed=BULK_UPLOAD_ALLOWED,
    initial=(BulkUploadStatus.QUEUED,),
    history_model=BulkUploadStatusChange,
    history_fk="upload",
    organisation=lambda upload: upload.vendor.organisation,
    stamps={
        # A resumed import keeps the time the first attempt started.
        BulkUploadStatus.RUNNING: Stamp("started_at", first_only=True),
        BulkUploadStatus.DONE: Stamp("finished_at"),
        BulkUploadStatus.FAILED: Stamp("finished_at"),
    },
    companion_fields=frozenset(
        {"error_message", "error_report", "images_attached", "image_problems"}
    ),
    lock_related=("vendor__organisation", "uploaded_by", "file", "images_file"),
    table_module="blangkon/catalog/status.py",
    description=(
        "A vendor's XLSX is stored and queued; a worker imports it (running) and ends it "
        "done, with the failed rows in an error report, or failed when the file cannot be "
        "read. A worker that stops mid-import (killed, restarted) releases its lock on the "
        "upload; the recovery job then queues the upload again and the import continues "
        f"after the last committed chunk, or, after {BULK_UPLOAD_MAX_ATTEMPTS} attempts, "
        "ends it failed."
    ),
)


def bulk_upload_transition(
    *,
    upload_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
) -> BulkUpload:
    """Move a bulk upload to `to` with its companion `fields` (see `transition`).
    `actor` is the uploader for the worker's moves, None for the recovery job's."""
    upload: BulkUpload = transition(
        BULK_UPLOAD_MACHINE,
        pk=upload_id,
        to=to,
        actor=actor,
        reason=reason,
        fields=fields,
        details=details,
    )
    return upload
