"""Writes for bulk uploads: store the files and queue the import; recover
imports whose worker stopped.

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
from blangkon.catalog.bulk.importer import IMPORT_LOCK, count_data_rows, started_attempts
from blangkon.catalog.bulk.safety import IMAGES_LIMITS, zip_inspect
from blangkon.catalog.models import BulkUpload
from blangkon.catalog.product_selectors import vendor_for_user
from blangkon.catalog.status import BULK_UPLOAD_MAX_ATTEMPTS, BulkUploadStatus
from blangkon.catalog.transitions import bulk_upload_transition
from blangkon.core.errors import DomainError
from blangkon.core.locks import session_lock
from blangkon.documents.models import DocumentKind
from blangkon.documents.services import files_atomic, stored_files_create


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
    BULK_UPLOAD_MAX_ROWS rows ("too_many_rows") or none ("empty_file"), and
    an images ZIP the documents app refuses ("invalid_file" on "images"): both
    files are checked before either is written, and nothing stays on disk when
    the upload is refused or its transaction rolls back. Only a vendor's owner
    or staff may upload (NotFound otherwise). The job is queued in the same
    transaction as the upload row, so neither exists without the other.
    """
    from blangkon.catalog.tasks import import_bulk_upload

    vendor = vendor_for_user(user=actor)
    _check_size(upload, "file")
    if images is not None:
        _check_size(images, "images")
    total_rows = count_data_rows(_binary(upload))
    uploads = {"file": upload}
    if images is not None:
        zip_inspect(_binary(images), limits=IMAGES_LIMITS, field="images")
        uploads["images"] = images
    # Both files are validated before either is written, and the block removes
    # them again if anything after fails.
    with files_atomic():
        stored_files = stored_files_create(
            actor=actor,
            owner=vendor.organisation,
            kind=DocumentKind.BULK_UPLOAD,
            uploads=uploads,
            ip_address=ip_address,
        )
        stored, stored_images = stored_files["file"], stored_files.get("images")
        bulk_upload = BulkUpload.objects.create(
            vendor=vendor,
            uploaded_by=actor,
            file=stored,
            images_file=stored_images,
            total_rows=total_rows,
            language=translation.get_language() or "",
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


def bulk_uploads_recover(*, max_attempts: int = BULK_UPLOAD_MAX_ATTEMPTS) -> dict[str, int]:
    """Resume or end the uploads left RUNNING by a worker that stopped.

    A worker holds the upload's IMPORT_LOCK from before it moves the upload to
    RUNNING until after it has moved it on, and PostgreSQL drops the lock with
    the worker's connection (core/locks.py). So an upload that is RUNNING
    while its lock is free has no worker left, whatever killed it, and one
    whose lock is held is left alone, however long it runs. Such an upload
    goes back to QUEUED with its import queued again (the import continues
    after the committed chunks) while it has been started fewer than
    `max_attempts` times; after that it ends FAILED with a message saying what
    was saved, so a file that kills the worker every time cannot loop.

    Runs every five minutes (config/schedule.py). Idempotent and safe to run
    twice, even at once: each upload is re-read under its row lock (skipping
    one a worker is writing), a moved upload is no longer RUNNING, and a
    second run finds nothing to do. Returns {"resumed": n, "failed": n}.
    """
    stalled = list(
        BulkUpload.objects.filter(status=BulkUploadStatus.RUNNING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = {"resumed": 0, "failed": 0}
    for upload_id in stalled:
        outcome = _recover(upload_id, max_attempts=max_attempts)
        if outcome:
            done[outcome] += 1
    return done


def _recover(upload_id: int, *, max_attempts: int) -> str | None:
    from blangkon.catalog.tasks import import_bulk_upload

    with transaction.atomic():
        # skip_locked: a row lock held means a worker is committing a chunk.
        upload = (
            BulkUpload.objects.select_for_update(skip_locked=True)
            .filter(pk=upload_id, status=BulkUploadStatus.RUNNING)
            .first()
        )
        if upload is None:
            return None
        # A probe: taken and released at once. Taken under the row lock, which
        # a starting worker also needs, so the answer holds until commit.
        with session_lock(IMPORT_LOCK, upload_id) as no_worker:
            pass
        if not no_worker:
            return None
        attempts = started_attempts(upload_id)
        if attempts < max_attempts:
            bulk_upload_transition(
                upload_id=upload_id,
                to=BulkUploadStatus.QUEUED,
                actor=None,
                reason="Resumed after the worker stopped",
                details={"attempts": attempts, "processed_rows": upload.processed_rows},
            )
            import_bulk_upload.enqueue(upload_id, language=upload.language or None)
            return "resumed"
        bulk_upload_transition(
            upload_id=upload_id,
            to=BulkUploadStatus.FAILED,
            actor=None,
            reason="The worker stopped too many times",
            fields={"error_message": _stopped_message(upload, attempts)},
            details={"attempts": attempts, "processed_rows": upload.processed_rows},
        )
        return "failed"


def _stopped_message(upload: BulkUpload, attempts: int) -> str:
    """What the vendor reads on the progress page, in the uploader's language."""
    with translation.override(upload.language or settings.LANGUAGE_CODE):
        return _(
            "The import stopped %(attempts)d times before it could finish, so it was "
            "ended. Of %(total)d rows, %(created)d products were created and %(updated)d "
            "updated before that; they are in My products. Upload the same file again to "
            "import the rest: rows already saved are updated, not created twice."
        ) % {
            "attempts": attempts,
            "total": upload.total_rows,
            "created": upload.created_count,
            "updated": upload.updated_count,
        }
