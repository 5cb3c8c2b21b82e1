"""Product curation states ("tayang" = live), bulk upload states, and the
allowed moves of each.

Pure data. The only code that assigns Product.status or BulkUpload.status is
catalog/transitions.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the vendor is still editing
    SUBMITTED = "submitted", _("Waiting for curation")  # in a curator's queue
    TAYANG = "tayang", _("Live (tayang)")  # visible and buyable
    REVISION_REQUESTED = "revision_requested", _("Revision requested")  # back to the vendor
    REJECTED = "rejected", _("Rejected")  # final
    TURUN_TAYANG = "turun_tayang", _("Taken down (turun tayang)")  # hidden; may be resubmitted


ALLOWED: dict[str, frozenset[str]] = {
    ProductStatus.DRAFT: frozenset({ProductStatus.SUBMITTED}),
    ProductStatus.SUBMITTED: frozenset(
        {ProductStatus.TAYANG, ProductStatus.REVISION_REQUESTED, ProductStatus.REJECTED}
    ),
    ProductStatus.REVISION_REQUESTED: frozenset({ProductStatus.SUBMITTED}),
    ProductStatus.TAYANG: frozenset({ProductStatus.TURUN_TAYANG}),
    ProductStatus.TURUN_TAYANG: frozenset({ProductStatus.SUBMITTED}),
    ProductStatus.REJECTED: frozenset(),
}


class TakedownReason(models.TextChoices):
    VENDOR = "vendor", _("Taken down by the vendor")
    ADMIN = "admin", _("Taken down by an administrator")
    EXPIRED_CERTIFICATE = "expired_certificate", _("A required certificate expired")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")
    PRICE_ANOMALY = "price_anomaly", _("Price anomaly")
    VENDOR_INACTIVE = "vendor_inactive", _("The vendor is suspended or banned")


class ChangeRequestStatus(models.TextChoices):
    # A vendor changed a live product's curated fields (or its price beyond the
    # tolerance, or added a photo): buyers keep seeing the approved listing.
    PENDING = "pending", _("Waiting for curation")
    APPROVED = "approved", _("Approved")  # the changes are now live
    REJECTED = "rejected", _("Rejected")  # the approved listing stays
    # The vendor went back to the live values, or the product stopped being live
    # (its changes then go to the next curation of the whole product).
    WITHDRAWN = "withdrawn", _("Withdrawn")


CHANGE_REQUEST_ALLOWED: dict[str, frozenset[str]] = {
    # Another edit while waiting replaces the proposal (a move to itself).
    ChangeRequestStatus.PENDING: frozenset(
        {
            ChangeRequestStatus.PENDING,
            ChangeRequestStatus.APPROVED,
            ChangeRequestStatus.REJECTED,
            ChangeRequestStatus.WITHDRAWN,
        }
    ),
    ChangeRequestStatus.APPROVED: frozenset(),
    ChangeRequestStatus.REJECTED: frozenset(),
    ChangeRequestStatus.WITHDRAWN: frozenset(),
}

# Fields of a live product that a curator approved: a vendor's change to them
# waits in a change request. Stock, lead time, minimum order, delivery area and
# SKU are the vendor's day-to-day business and apply at once; so does a price
# change within the tolerance. New photos wait too ("images").
CURATED_FIELDS = (
    "name",
    "description",
    "specifications",
    "category_id",
    "unit_id",
    "is_pdn",
    "tkdn_percent",
)


# How many times a worker may start an upload's import before the recovery job
# stops resuming it (a file that kills the worker every time must not loop).
BULK_UPLOAD_MAX_ATTEMPTS = 3


class BulkUploadStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # stored; waiting for a worker (again, after a resume)
    RUNNING = "running", _("Running")  # a worker is importing the rows
    DONE = "done", _("Done")  # every row was tried; see the counts and the error report
    # The file could not be read (nothing imported), or the import kept stopping
    # (the rows saved before stay saved); error_message says which.
    FAILED = "failed", _("Failed")


BULK_UPLOAD_ALLOWED: dict[str, frozenset[str]] = {
    BulkUploadStatus.QUEUED: frozenset({BulkUploadStatus.RUNNING}),
    BulkUploadStatus.RUNNING: frozenset(
        {
            BulkUploadStatus.DONE,
            BulkUploadStatus.FAILED,
            # The worker stopped (killed, machine restarted): the recovery job
            # queues the upload again and the import continues where it was.
            BulkUploadStatus.QUEUED,
        }
    ),
    BulkUploadStatus.DONE: frozenset(),
    BulkUploadStatus.FAILED: frozenset(),
}
