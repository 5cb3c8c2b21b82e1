"""The bulk upload API for vendor tokens (blangkon/api/routers/bulk.py).

Until the router is added to the real API (blangkon/api/api.py), these tests
mount it on an API built the same way: token auth and the shared error handlers.
"""

import io
from typing import cast

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from openpyxl import load_workbook

import config.urls
from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.api.auth import TokenAuth
from blangkon.api.errors import install_error_handlers
from blangkon.api.routers import bulk
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.models import BulkUpload
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.vendors.models import Vendor
from conftest import World

test_api = NinjaAPI(urls_namespace="api-v1", auth=TokenAuth(), docs_url=None)
install_error_handlers(test_api)
test_api.add_router("/", bulk.router)
urlpatterns: list[URLPattern | URLResolver] = [
    pattern
    for pattern in cast(list[URLPattern | URLResolver], config.urls.urlpatterns)
    if str(pattern.pattern) != "api/v1/"
]
urlpatterns.append(path("api/v1/", test_api.urls))
pytestmark = pytest.mark.urls(__name__)


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
