"""Writes of stored files. Validation comes first; a file reaches the disk only
once it has passed, and leaves it again if its database row is not written.

A file is written before its row commits, and PostgreSQL cannot tell the disk
that a transaction rolled back. So a service that stores files inside its own
transaction opens that transaction with `files_atomic()` instead of
`transaction.atomic()`: when the block rolls back, the files stored inside it
are removed at once. Several uploads that belong together go through
`stored_files_create`, which validates them all before writing any.

What no block can catch (a process killed between writing a file and
committing its row, or a caller's plain `transaction.atomic()` rolling back)
leaves a file without a row: `orphan_files_sweep` removes such files (daily,
`documents.tasks`; or `manage.py documents_sweep_orphans`).
"""

import datetime
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from itertools import batched
from pathlib import Path, PurePosixPath

from django.contrib.auth.models import AnonymousUser
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
from blangkon.documents.validation import (
    JPEG,
    VENDOR_DOCUMENT_KINDS,
    ValidatedFile,
    validate_upload,
)

THUMBNAIL_QUALITY = 85
THUMBNAIL_MIN_SIDE = 32
THUMBNAIL_MAX_SIDE = 2048


def safe_original_name(name: str | None) -> str:
    """The name the user's device gave the file, without folders or control
    characters, for display only (the stored name is a UUID)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[-255:] or "file"


# The files stored inside each open `files_atomic` block of this thread (or
# task), innermost last.
_open_blocks: ContextVar[tuple[list[str], ...]] = ContextVar("stored_file_blocks", default=())


@contextmanager
def files_atomic() -> Iterator[None]:
    """`transaction.atomic()` that also removes from disk the files stored
    inside it (by any service of this module) when it rolls back.

    Blocks nest: a block that commits hands its files to the enclosing block,
    so they are removed if that one rolls back. The files of a block inside a
    plain `transaction.atomic()` that rolls back stay until `orphan_files_sweep`.
    """
    written: list[str] = []
    enclosing = _open_blocks.get()
    token = _open_blocks.set((*enclosing, written))
    try:
        with transaction.atomic():
            yield
    except BaseException:
        # The block's savepoint or transaction was rolled back: so were the rows.
        for path in written:
            storage.file_delete(path)
        raise
    finally:
        _open_blocks.reset(token)
    if enclosing:
        enclosing[-1].extend(written)


def _remember_written(path: str) -> None:
    blocks = _open_blocks.get()
    if blocks:
        blocks[-1].append(path)


@dataclass(frozen=True)
class _Checked:
    """An upload that passed validation, ready to be written."""

    validated: ValidatedFile
    original_name: str


def _check_kind_and_owner(actor: User, owner: Organisation, kind: str) -> None:
    if kind not in DocumentKind.values:
        raise DomainError(
            "invalid", _("Choose a document type from the list."), {"kind": _("Unknown.")}
        )
    if not can_upload_for(actor, owner):
        raise NotFound


def _check(upload: UploadedFile, *, kind: str, field: str) -> _Checked:
    """Validate one upload; a refusal names `field` (the form's or the API's
    name of this upload)."""
    try:
        validated = validate_upload(upload=upload, kind=kind)
    except DomainError as error:
        if field == "file":
            raise
        raise DomainError(error.code, error.message, {field: error.message}) from error
    return _Checked(validated, safe_original_name(upload.name))


def stored_files_create(
    *,
    actor: User,
    owner: Organisation,
    kind: str,
    uploads: Mapping[str, UploadedFile],
    ip_address: str | None = None,
) -> dict[str, StoredFile]:
    """Validate several uploads of one kind, then keep them all, or none.

    Every upload is validated before any is written, so a refused one leaves
    nothing on disk; its DomainError("invalid_file") names its own field (its
    key in `uploads`). They are written in one `files_atomic` block. Returns
    the stored files by the same keys. Other rules as `stored_file_create`.
    """
    _check_kind_and_owner(actor, owner, kind)
    checked = {field: _check(upload, kind=kind, field=field) for field, upload in uploads.items()}
    with files_atomic():
        return {
            field: _store(
                actor=actor,
                owner=owner,
                kind=kind,
                validated=item.validated,
                original_name=item.original_name,
                action="document.upload",
                ip_address=ip_address,
                details={},
            )
            for field, item in checked.items()
        }


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
    return stored_files_create(
        actor=actor, owner=owner, kind=kind, uploads={"file": upload}, ip_address=ip_address
    )["file"]


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
    _remember_written(written.path)
    return stored_file


def stored_file_read_record(
    *,
    actor: User | AnonymousUser,
    stored_file: StoredFile,
    ip_address: str | None,
    via: str,
) -> None:
    """Record that `actor` was served a vendor's identity document (KTP, NPWP,
    NIB, akta, bank book, certificate): audit row `document.read`, under the
    owning organisation, so auditors see who looked at whose papers. Call it
    once the file is open for the response. Product images (a live product's
    are public) and bulk upload workbooks are not recorded. `via` says where:
    "page" or "api"."""
    if stored_file.kind not in VENDOR_DOCUMENT_KINDS:
        return
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="document.read",
            obj=stored_file,
            organisation=stored_file.owner,
            ip_address=ip_address,
            details={"kind": stored_file.kind, "name": stored_file.original_name, "via": via},
        )


# An upload's file is written before its row commits; a file this young may
# belong to a transaction that is still open, so it is never an orphan yet.
ORPHAN_MIN_AGE = datetime.timedelta(hours=1)


# Paths looked up per query: the folder holds every stored file, and one
# query with all of them would grow with the catalog.
SWEEP_BATCH = 1000


def orphan_files_sweep(
    *, older_than: datetime.timedelta = ORPHAN_MIN_AGE, dry_run: bool = False
) -> list[str]:
    """Remove files under MEDIA_ROOT/private that have no StoredFile row: left
    behind when a caller's plain transaction rolled back after `_store` had
    written the file, or when a process died before its commit. Returns their
    paths (relative to MEDIA_ROOT).

    Only files older than `older_than` are candidates. Idempotent and safe to
    run twice, even at once: a second run finds nothing left, and removing a
    file already gone is not an error.
    """
    root = storage.private_root()
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than.total_seconds()
    media_root = root.parent
    candidates = (path for path in root.rglob("*") if _modified_before(path, cutoff))
    orphans: list[str] = []
    for batch in batched(candidates, SWEEP_BATCH, strict=False):
        by_path = {path.relative_to(media_root).as_posix(): path for path in batch}
        known = StoredFile.objects.filter(path__in=list(by_path)).values_list("path", flat=True)
        for relative in sorted(set(by_path) - set(known)):
            if not dry_run:
                by_path[relative].unlink(missing_ok=True)
            orphans.append(relative)
    return sorted(orphans)


def _modified_before(path: Path, cutoff: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime < cutoff
    except FileNotFoundError:  # removed meanwhile (another sweep)
        return False
