"""Uploading documents and photos, and reading them back, with a token."""

import datetime
import uuid

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.core.http import client_ip
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.responses import file_response
from blangkon.documents.selectors import (
    stored_file_get_for_user,
    stored_file_is_public,
    upload_owner_get,
)
from blangkon.documents.services import stored_file_create, stored_file_read_record

router = Router(tags=["documents"])


class DocumentUploadIn(InputSchema):
    kind: DocumentKind
    # Default: the caller's own organisation. A pendamping names the vendor
    # organisation they registered.
    owner_id: int | None = None


class DocumentOut(Schema):
    id: uuid.UUID
    kind: str
    owner_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime.datetime
    url: str


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _document_out(stored_file: StoredFile) -> DocumentOut:
    return DocumentOut(
        id=stored_file.pk,
        kind=stored_file.kind,
        owner_id=stored_file.owner_id,
        original_name=stored_file.original_name,
        content_type=stored_file.content_type,
        size=stored_file.size,
        sha256=stored_file.sha256,
        created_at=stored_file.created_at,
        url=reverse("documents:file", kwargs={"file_id": stored_file.pk}),
    )


@router.post(
    "/documents",
    response={201: DocumentOut, **errors(404)},
    summary="Upload a document or photo",
)
def document_upload(
    request: HttpRequest, payload: Form[DocumentUploadIn], file: File[UploadedFile]
) -> Status[DocumentOut]:
    """multipart/form-data with `kind`, `file` and optionally `owner_id`.

    PDF, JPEG or PNG up to 5 MB (product images: JPEG or PNG; bulk uploads: XLSX
    or a ZIP of photos up to 10 MB). The type is decided from the content; photos
    are re-encoded. A refused file answers 400 with code `invalid_file`.
    """
    user = _user(request)
    owner = upload_owner_get(user=user, organisation_id=payload.owner_id)
    stored_file = stored_file_create(
        actor=user, owner=owner, kind=payload.kind, upload=file, ip_address=client_ip(request)
    )
    return Status(201, _document_out(stored_file))


@router.get("/documents/{file_id}", response=DocumentOut, summary="A document's details")
def document_detail(request: HttpRequest, file_id: uuid.UUID) -> DocumentOut:
    return _document_out(stored_file_get_for_user(user=_user(request), file_id=file_id))


@router.get("/documents/{file_id}/content", summary="A document's content")
def document_content(request: HttpRequest, file_id: uuid.UUID) -> FileResponse:
    """The file itself, with the same headers as the page `/berkas/<id>/`.
    Reading a vendor's identity document is recorded in the audit log."""
    user = _user(request)
    stored_file = stored_file_get_for_user(user=user, file_id=file_id)
    response = file_response(stored_file, public=stored_file_is_public(stored_file=stored_file))
    stored_file_read_record(
        actor=user, stored_file=stored_file, ip_address=client_ip(request), via="api"
    )
    return response
