"""The bulk upload API for vendor tokens (blangkon/api/routers/bulk.py),
through the real /api/v1/ (token auth and the shared error handlers)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.models import BulkUpload, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.catalog.tests.test_bulk_images import FIRST, SAMPLE, SECOND, images_zip, picture
from blangkon.vendors.models import Vendor
from conftest import World


def bearer(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def test_a_vendor_token_uploads_and_reads_the_status_and_the_report(
    owner: User, vendor: Vendor
) -> None:
    client = Client()
    headers = bearer(owner)
    created = client.post(
        "/api/v1/vendor/bulk-uploads",
        {"file": xlsx_upload(sample_rows(101, bad_every=100).content)},
        headers=headers,
    )
    assert created.status_code == 202
    body = created.json()
    upload = BulkUpload.objects.get(pk=body["id"])
    assert body["total_rows"] == 101
    assert body["status_url"] == f"/api/v1/vendor/bulk-uploads/{upload.pk}"

    status = client.get(body["status_url"], headers=headers)
    assert status.status_code == 200
    detail = status.json()
    assert (detail["status"], detail["created"], detail["failed"]) == ("done", 100, 1)
    assert detail["processed_rows"] == 101
    assert detail["error_report_url"] == f"/api/v1/vendor/bulk-uploads/{upload.pk}/error-report"

    report = client.get(detail["error_report_url"], headers=headers)
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(report.getvalue())).worksheets[0]
    assert sheet.max_row == 2


def test_a_refused_file_answers_with_the_error_shape(owner: User, vendor: Vendor) -> None:
    response = Client().post(
        "/api/v1/vendor/bulk-uploads",
        {"file": xlsx_upload(b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024))},
        headers=bearer(owner),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "file_too_large"
    assert set(body["fields"]) == {"file"}


def test_another_vendors_upload_is_not_found(
    world: World, owner: User, vendor: Vendor, other_vendor: Vendor
) -> None:
    created = Client().post(
        "/api/v1/vendor/bulk-uploads",
        {"file": xlsx_upload(sample_rows(3).content)},
        headers=bearer(owner),
    )
    url = created.json()["status_url"]
    for name in ("pemilik.kendal", "admin.batang"):
        response = Client().get(url, headers=bearer(world.user(name)))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    report = Client().get(f"{url}/error-report", headers=bearer(owner))
    assert report.status_code == 404  # every row was imported


def test_officials_cannot_upload(world: World, vendor: Vendor) -> None:
    response = Client().post(
        "/api/v1/vendor/bulk-uploads",
        {"file": xlsx_upload(sample_rows(3).content)},
        headers=bearer(world.user("admin.batang")),
    )
    assert response.status_code == 404
    assert BulkUpload.objects.count() == 0


def test_the_api_needs_a_token(db: None) -> None:
    response = Client().get("/api/v1/vendor/bulk-uploads/1")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def upload_through(edge: str, owner: User, files: dict[str, SimpleUploadedFile]) -> BulkUpload:
    """Post the same files through the upload page or the API."""
    if edge == "page":
        client = Client()
        client.force_login(owner)
        response = client.post("/produk/unggah/", files)
        assert response.status_code == 302, response.content
    else:
        response = Client().post("/api/v1/vendor/bulk-uploads", files, headers=bearer(owner))
        assert response.status_code == 202, response.content
    return BulkUpload.objects.get(vendor__organisation=owner.organisation)


@pytest.mark.parametrize("edge", ["page", "api"])
def test_the_page_and_the_api_attach_the_images_zip_alike(
    edge: str, owner: User, vendor: Vendor
) -> None:
    files = {
        "file": xlsx_upload(SAMPLE),
        "images": images_zip(
            {
                f"{FIRST}.jpg": picture(),
                f"{FIRST}_2.png": picture("PNG"),
                f"{SECOND}.jpg": picture(),
            }
        ),
    }
    upload = upload_through(edge, owner, files)
    assert upload.images_file is not None
    assert upload.images_file.original_name == "foto.zip"
    assert (upload.status, upload.images_attached, upload.image_problems) == ("done", 3, [])
    counts = {
        product.sku: product.images.count()
        for product in Product.objects.filter(vendor=vendor, sku__in=[FIRST, SECOND])
    }
    assert counts == {FIRST: 2, SECOND: 1}


def test_the_api_reports_the_images_on_the_status_url(owner: User, vendor: Vendor) -> None:
    created = Client().post(
        "/api/v1/vendor/bulk-uploads",
        {
            "file": xlsx_upload(SAMPLE),
            "images": images_zip({f"{FIRST}.jpg": picture(), "X.jpg": picture()}),
        },
        headers=bearer(owner),
    )
    status = Client().get(created.json()["status_url"], headers=bearer(owner)).json()
    assert status["images_attached"] == 1
    assert [problem["name"] for problem in status["image_problems"]] == ["X.jpg"]


def test_the_api_refuses_a_zip_that_holds_no_photos(owner: User, vendor: Vendor) -> None:
    response = Client().post(
        "/api/v1/vendor/bulk-uploads",
        {"file": xlsx_upload(SAMPLE), "images": images_zip({"catatan.txt": b"bukan foto"})},
        headers=bearer(owner),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_file"
    assert set(response.json()["fields"]) == {"images"}
    assert BulkUpload.objects.count() == 0
