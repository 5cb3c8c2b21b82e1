"""Serving stored files. Thin: one selector, one response."""

import uuid

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_safe

from blangkon.documents import selectors
from blangkon.documents.responses import file_response


@require_safe
def file_view(request: HttpRequest, file_id: uuid.UUID) -> FileResponse:
    """GET /berkas/<uuid>/: the file, if the visitor may read it; 404 otherwise.

    No login redirect: an anonymous visitor gets the same 404 as for a missing
    file, so a file's existence never leaks.
    """
    stored_file = selectors.stored_file_get_for_user(user=request.user, file_id=file_id)
    public = selectors.stored_file_is_public(stored_file=stored_file)
    return file_response(stored_file, public=public)
