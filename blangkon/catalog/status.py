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


class BulkUploadStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # stored; waiting for the worker
    RUNNING = "running", _("Running")  # a worker is importing the rows
    DONE = "done", _("Done")  # every row was tried; see the counts and the error report
    FAILED = "failed", _("Failed")  # the file could not be read at all; nothing was imported


BULK_UPLOAD_ALLOWED: dict[str, frozenset[str]] = {
    BulkUploadStatus.QUEUED: frozenset({BulkUploadStatus.RUNNING}),
    BulkUploadStatus.RUNNING: frozenset({BulkUploadStatus.DONE, BulkUploadStatus.FAILED}),
    BulkUploadStatus.DONE: frozenset(),
    BulkUploadStatus.FAILED: frozenset(),
}
