"""Bulk upload of products for vendor tokens: the same service and background
import as the upload page (/produk/unggah/)."""

import datetime

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.catalog.bulk import selectors, services
from blangkon.catalog.models import BulkUpload
from blangkon.core.errors import NotFound
from blangkon.core.http import client_ip
from blangkon.core.spreadsheets import XLSX_CONTENT_TYPE
from blangkon.documents.storage import file_open

router = Router(tags=["bulk uploads"])


class BulkUploadCreatedOut(Schema):
    id: int
    status: str
    total_rows: int
    status_url: str


class BulkUploadOut(Schema):
    id: int
    status: str
    total_rows: int
    processed_rows: int
    created: int
    updated: int
    failed: int
    images_attached: int
    image_problems: list[dict[str, str]]
    error_message: str
    error_report_url: str | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _status_url(upload: BulkUpload) -> str:
    return reverse("api-v1:bulk-upload-detail", kwargs={"upload_id": upload.pk})


@router.post(
    "/vendor/bulk-uploads",
    response={202: BulkUploadCreatedOut, **errors(404)},
    summary="Upload a product spreadsheet",
)
def bulk_upload_create(
    request: HttpRequest,
    file: File[UploadedFile],
    # The optional type goes inside File[...]: written `File[UploadedFile] | None`
    # ninja loses the marker, reads `images` from the query string and drops the ZIP.
    images: File[UploadedFile | None] = None,
) -> Status[BulkUploadCreatedOut]:
    """Multipart form: `file` (XLSX in the template's columns, at most 10,000 rows
    and 10 MB) and optionally `images` (a ZIP of JPEG/PNG named by SKU). The rows
    are imported in the background; poll the status URL."""
    upload = services.bulk_upload_create(
        actor=_user(request), upload=file, images=images, ip_address=client_ip(request)
    )
    upload.refresh_from_db(fields=["status"])
    return Status(
        202,
        BulkUploadCreatedOut(
            id=upload.pk,
            status=upload.status,
            total_rows=upload.total_rows,
            status_url=_status_url(upload),
        ),
    )


@router.get(
    "/vendor/bulk-uploads/{upload_id}",
    response=BulkUploadOut,
    url_name="bulk-upload-detail",
    summary="Status and counts of an upload",
)
def bulk_upload_detail(request: HttpRequest, upload_id: int) -> BulkUploadOut:
    upload = selectors.bulk_upload_get_for_user(user=_user(request), upload_id=upload_id)
    report_url = None
    if upload.error_report_id is not None:
        report_url = reverse("api-v1:bulk-upload-error-report", kwargs={"upload_id": upload.pk})
    return BulkUploadOut(
        id=upload.pk,
        status=upload.status,
        total_rows=upload.total_rows,
        processed_rows=upload.processed_rows,
        created=upload.created_count,
        updated=upload.updated_count,
        failed=upload.failed_count,
        images_attached=upload.images_attached,
        image_problems=upload.image_problems,
        error_message=upload.error_message,
        error_report_url=report_url,
        created_at=upload.created_at,
        started_at=upload.started_at,
        finished_at=upload.finished_at,
    )


@router.get(
    "/vendor/bulk-uploads/{upload_id}/error-report",
    url_name="bulk-upload-error-report",
    summary="The failed rows of an upload (XLSX)",
    response={200: None},
)
def bulk_upload_error_report(request: HttpRequest, upload_id: int) -> FileResponse:
    """The rows that were not imported, as uploaded, with a 'Kesalahan' column.
    404 when every row was imported."""
    upload = selectors.bulk_upload_get_for_user(user=_user(request), upload_id=upload_id)
    if upload.error_report is None:
        raise NotFound
    return FileResponse(
        file_open(upload.error_report.path),
        content_type=XLSX_CONTENT_TYPE,
        as_attachment=True,
        filename=f"kesalahan-unggah-{upload.pk}.xlsx",
    )
