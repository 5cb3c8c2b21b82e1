"""Uploaded files: stored outside the web root, served only through views that
check who may see them, never public."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    KTP = "ktp", _("Identity card (KTP)")
    NPWP = "npwp", _("Tax number card (NPWP)")
    NIB = "nib", _("Business number (NIB)")
    AKTA = "akta", _("Deed of establishment (akta)")
    BANK_BOOK = "bank_book", _("Bank book page")
    CERTIFICATE = "certificate", _("Certificate")
    PRODUCT_IMAGE = "product_image", _("Product image")
    BULK_UPLOAD = "bulk_upload", _("Bulk upload file")
    # Owned by the paying OPD; its readers are the order's (payments/apps.py).
    PAYMENT_PROOF = "payment_proof", _("Proof of payment")


class StoredFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    # The organisation the file belongs to (a vendor for its documents).
    owner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="files"
    )
    # Path relative to settings.MEDIA_ROOT; never under STATIC_ROOT.
    path = models.CharField(max_length=255, unique=True)
    original_name = models.CharField(max_length=255)
    # Decided from the content, not from the name or the browser's claim.
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
