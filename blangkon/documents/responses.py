"""The HTTP response that delivers a stored file, shared by the page view and the API."""

import re
from pathlib import PurePosixPath

from django.http import FileResponse

from blangkon.core.errors import NotFound
from blangkon.documents import storage
from blangkon.documents.models import StoredFile

INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
PUBLIC_MAX_AGE = 3600
IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def download_name(stored_file: StoredFile) -> str:
    """The original name's stem, reduced to safe characters, with the extension of
    the type we decided (never the extension the uploader chose)."""
    stem = PurePosixPath(stored_file.original_name).stem
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.ASCII).strip("._")[:80] or "file"
    extension = PurePosixPath(stored_file.path).suffix
    return f"{stem}{extension}"


def file_response(stored_file: StoredFile, *, public: bool) -> FileResponse:
    """Stream a file the caller has already fetched through a permission check."""
    try:
        handle = storage.file_open(stored_file.path)
    except (FileNotFoundError, ValueError):
        raise NotFound from None
    inline = stored_file.content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        content_type=stored_file.content_type,
        as_attachment=not inline,
        filename=download_name(stored_file),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    )
    if stored_file.content_type == "application/pdf":
        # Whatever a PDF viewer does, the document runs with no scripts, no
        # same-origin access, no forms and no pop-ups.
        response["Content-Security-Policy"] = "sandbox"
    elif inline:
        # An image opened on its own: the browser wraps it in a page of its
        # own, styled inline (the site's policy refused that and logged it);
        # that page may show the image and style it, nothing else.
        response["Content-Security-Policy"] = IMAGE_CSP
    return response
