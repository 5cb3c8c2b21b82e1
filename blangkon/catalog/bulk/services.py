"""Writes for bulk uploads: store the files and queue the import.

The import itself runs in the background (`catalog.tasks.import_bulk_upload`,
ADR 0010) and is in `importer.bulk_upload_process`.
"""

from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.audit.services import audit_record
from blangkon.catalog.bulk.importer import count_data_rows
from blangkon.catalog.bulk.safety import IMAGES_LIMITS, zip_inspect
from blangkon.catalog.models import BulkUpload
from blangkon.catalog.product_selectors import vendor_for_user
from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind
from blangkon.documents.services import stored_file_create


def _binary(upload: UploadedFile) -> IO[Any]:
    file = upload.file
    assert file is not None
    file.seek(0)
    return file


def _check_size(upload: UploadedFile, field: str) -> None:
    """Refuse an oversized file from its declared size, before reading it."""
    limit = settings.BULK_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        message = _("The file is larger than %(mb)d MB. Split it into smaller files.") % {
            "mb": limit // (1024 * 1024)
        }
        raise DomainError("file_too_large", message, {field: message})


def bulk_upload_create(
    *,
    actor: User,
    upload: UploadedFile,
    images: UploadedFile | None = None,
    ip_address: str | None = None,
) -> BulkUpload:
    """Store a vendor's XLSX (and an optional ZIP of images named by SKU) and
    queue its import.

    Refused before anything is stored: a file over BULK_UPLOAD_MAX_BYTES
    ("file_too_large"), an unsafe or unreadable archive ("unsafe_file",
    "invalid_file"), a first row that is not the template header, more than
    BULK_UPLOAD_MAX_ROWS rows ("too_many_rows") or none ("empty_file"). Only a
    vendor's owner or staff may upload (NotFound otherwise). The job is queued
    in the same transaction as the upload row, so neither exists without the
    other.
    """
    from blangkon.catalog.tasks import import_bulk_upload

    vendor = vendor_for_user(user=actor)
    _check_size(upload, "file")
    if images is not None:
        _check_size(images, "images")
    total_rows = count_data_rows(_binary(upload))
    if images is not None:
        zip_inspect(_binary(images), limits=IMAGES_LIMITS, field="images")
    with transaction.atomic():
        stored = stored_file_create(
            actor=actor,
            owner=vendor.organisation,
            kind=DocumentKind.BULK_UPLOAD,
            upload=upload,
            ip_address=ip_address,
        )
        stored_images = None
        if images is not None:
            try:
                stored_images = stored_file_create(
                    actor=actor,
                    owner=vendor.organisation,
                    kind=DocumentKind.BULK_UPLOAD,
                    upload=images,
                    ip_address=ip_address,
                )
            except DomainError as error:
                # The documents app names the field "file"; here it is the images.
                raise DomainError(error.code, error.message, {"images": error.message}) from error
        bulk_upload = BulkUpload.objects.create(
            vendor=vendor,
            uploaded_by=actor,
            file=stored,
            images_file=stored_images,
            total_rows=total_rows,
        )
        audit_record(
            actor=actor,
            action="bulk_upload.create",
            obj=bulk_upload,
            organisation=vendor.organisation,
            ip_address=ip_address,
            details={
                "rows": total_rows,
                "file": stored.original_name,
                "images": stored_images.original_name if stored_images else "",
            },
        )
        import_bulk_upload.enqueue(bulk_upload.pk, language=translation.get_language())
    return bulk_upload
