"""Writes of stored files. Validation comes first; a file reaches the disk only
once it has passed, and leaves it again if its database row is not written.

If a caller wraps these services in its own transaction and that outer
transaction rolls back later, the file stays on disk without a row:
`manage.py documents_sweep_orphans` removes such files.
"""

import uuid
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from blangkon.accounts.models import Organisation, User
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, NotFound
from blangkon.documents import storage
from blangkon.documents.access import can_upload_for
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.validation import JPEG, ValidatedFile, validate_upload

THUMBNAIL_QUALITY = 85
THUMBNAIL_MIN_SIDE = 32
THUMBNAIL_MAX_SIDE = 2048


def safe_original_name(name: str | None) -> str:
    """The name the user's device gave the file, without folders or control
    characters, for display only (the stored name is a UUID)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[-255:] or "file"


def stored_file_create(
    *,
    actor: User,
    owner: Organisation,
    kind: str,
    upload: UploadedFile,
    ip_address: str | None = None,
) -> StoredFile:
    """Validate an upload, keep a safe copy and record it.

    The type is decided from the content; images are re-encoded (metadata and
    trailing payloads dropped). The actor must be a member of `owner` or a
    pendamping. Raises DomainError("invalid_file") (nothing written),
    DomainError("invalid") for an unknown kind, NotFound for an owner the actor
    may not upload for.
    """
    if kind not in DocumentKind.values:
        raise DomainError(
            "invalid", _("Choose a document type from the list."), {"kind": _("Unknown.")}
        )
    if not can_upload_for(actor, owner):
        raise NotFound
    validated = validate_upload(upload=upload, kind=kind)
    return _store(
        actor=actor,
        owner=owner,
        kind=kind,
        validated=validated,
        original_name=safe_original_name(upload.name),
        action="document.upload",
        ip_address=ip_address,
        details={},
    )


def thumbnail_create(*, source: StoredFile, max_side: int = 320) -> StoredFile:
    """A JPEG thumbnail (longest side `max_side`) of a stored product image.

    The thumbnail belongs to the same owner and is attributed to the same
    uploader. Raises DomainError("invalid") when the source is not an image.
    """
    if source.content_type not in ("image/jpeg", "image/png"):
        raise DomainError("invalid", _("Only a photo can have a thumbnail."))
    max_side = max(THUMBNAIL_MIN_SIDE, min(int(max_side), THUMBNAIL_MAX_SIDE))
    with Image.open(BytesIO(storage.file_read(source.path)), formats=["JPEG", "PNG"]) as image:
        image.load()
        thumbnail = ImageOps.exif_transpose(image)
        thumbnail.thumbnail((max_side, max_side))
        if thumbnail.mode in ("RGBA", "LA", "P", "PA"):
            # JPEG has no transparency: put the picture on white.
            rgba = thumbnail.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            thumbnail = background
        elif thumbnail.mode not in ("RGB", "L"):
            thumbnail = thumbnail.convert("RGB")
        output = BytesIO()
        thumbnail.save(output, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    stem = PurePosixPath(source.original_name).stem or "image"
    return _store(
        actor=source.uploaded_by,
        owner=source.owner,
        kind=source.kind,
        validated=ValidatedFile(output.getvalue(), JPEG),
        original_name=f"{stem}-thumbnail.jpg"[-255:],
        action="document.thumbnail",
        ip_address=None,
        details={"source": str(source.pk), "max_side": max_side},
    )


def _store(
    *,
    actor: User | None,
    owner: Organisation,
    kind: str,
    validated: ValidatedFile,
    original_name: str,
    action: str,
    ip_address: str | None,
    details: dict[str, str | int],
) -> StoredFile:
    """Write the file, then its row and audit row in one transaction; if the
    transaction fails, remove the file again."""
    file_id = uuid.uuid4()
    written = storage.file_write(
        owner_id=owner.pk, file_id=file_id, extension=validated.extension, content=validated.content
    )
    try:
        # No row is changed, only inserted, so nothing needs select_for_update
        # here; the owner's row is not locked, to stay out of callers' lock order.
        with transaction.atomic():
            stored_file = StoredFile.objects.create(
                id=file_id,
                kind=kind,
                owner=owner,
                path=written.path,
                original_name=original_name,
                content_type=validated.content_type,
                size=written.size,
                sha256=written.sha256,
                uploaded_by=actor,
            )
            audit_record(
                actor=actor,
                action=action,
                obj=stored_file,
                organisation=owner,
                ip_address=ip_address,
                details={
                    "kind": kind,
                    "content_type": validated.content_type,
                    "size": written.size,
                    "sha256": written.sha256,
                    **details,
                },
            )
    except BaseException:
        storage.file_delete(written.path)
        raise
    return stored_file
