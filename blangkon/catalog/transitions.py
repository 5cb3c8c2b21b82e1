"""The catalog's machines: product curation and bulk uploads. The only code
that moves Product.status and BulkUpload.status and writes their companion
fields (the curator's reason, the take-down reason; an upload's outcome).

The tables are in catalog/status.py; docs/domain/lifecycles.md draws them.
Services (catalog/services.py, catalog/bulk/) check who may ask for a move and
call `product_transition` / `bulk_upload_transition` inside their own
transaction.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from blangkon.catalog.models import (
    BulkUpload,
    BulkUploadStatusChange,
    Product,
    ProductStatusChange,
)
from blangkon.catalog.status import (
    ALLOWED,
    BULK_UPLOAD_ALLOWED,
    BULK_UPLOAD_MAX_ATTEMPTS,
    BulkUploadStatus,
    ProductStatus,
    TakedownReason,
)
from blangkon.core.errors import DomainError
from blangkon.lifecycles.machine import Move, Stamp, StateMachine, transition
from blangkon.vendors.status import ACTIVE


def _vendor_may_sell(move: Move) -> None:
    if move.row.vendor.status not in ACTIVE:
        raise DomainError(
            "vendor_not_active",
            _("The vendor is not verified or is suspended, so the product cannot go live."),
        )


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
    companion_fields=frozenset({"status_reason", "takedown_reason"}),
    guards={
        ProductStatus.TAYANG: _vendor_may_sell,
        ProductStatus.TURUN_TAYANG: _takedown_reason_given,
    },
    lock_related=("vendor__organisation",),
    table_module="blangkon/catalog/status.py",
    description=(
        "A vendor lists a product (draft) and submits it; a curator puts it live (tayang), "
        "asks for a revision or rejects it. Only a live product of a verified vendor is "
        "shown to buyers. A product goes live only while its vendor may sell, and a "
        "take-down always says why."
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
    sell, DomainError("invalid") for a take-down without a known reason."""
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
