"""Serving stored files. Thin: one selector, one response, and the record of
who read an identity document."""

import uuid

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_safe

from blangkon.core.http import client_ip
from blangkon.documents import selectors, services
from blangkon.documents.responses import file_response


@require_safe
def file_view(request: HttpRequest, file_id: uuid.UUID) -> FileResponse:
    """GET /berkas/<uuid>/: the file, if the visitor may read it; 404 otherwise.

    No login redirect: an anonymous visitor gets the same 404 as for a missing
    file, so a file's existence never leaks.
    """
    stored_file = selectors.stored_file_get_for_user(user=request.user, file_id=file_id)
    public = selectors.stored_file_is_public(stored_file=stored_file)
    response = file_response(stored_file, public=public)
    services.stored_file_read_record(
        actor=request.user, stored_file=stored_file, ip_address=client_ip(request), via="page"
    )
    return response
