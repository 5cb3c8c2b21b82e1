"""The upload page, the progress page with its HTMX partial, the error report
download, and who may see an upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload, BulkUploadStatus, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.documents.models import StoredFile
from blangkon.vendors.models import Vendor
from conftest import World


def _finished_upload(owner: User, rows: int = 5, bad_every: int | None = None) -> BulkUpload:
    upload = bulk_upload_create(
        actor=owner, upload=xlsx_upload(sample_rows(rows, bad_every=bad_every).content)
    )
    upload.refresh_from_db()
    return upload


def test_a_vendor_uploads_a_file_and_follows_it_to_the_result(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    assert client.get("/produk/unggah/").status_code == 200
    response = client.post(
        "/produk/unggah/", {"file": xlsx_upload(sample_rows(201, bad_every=100).content)}
    )
    upload = BulkUpload.objects.get(vendor=vendor)
    assert response.status_code == 302
    assert response["Location"] == f"/produk/unggah/{upload.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["upload"].status == BulkUploadStatus.DONE
    assert (upload.created_count, upload.failed_count) == (199, 2)
    assert f"/produk/unggah/{upload.pk}/kesalahan.xlsx".encode() in page.content


def test_the_upload_page_shows_why_a_file_was_refused(
    client_for, owner: User, vendor: Vendor
) -> None:
    big = SimpleUploadedFile("besar.xlsx", b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024))
    response = client_for(owner).post("/produk/unggah/", {"file": big})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert BulkUpload.objects.count() == 0
    assert StoredFile.objects.count() == 0


@pytest.mark.parametrize("username", ["pp.batang", "admin.batang", "pendamping.batang"])
def test_only_vendor_users_have_an_upload_page(
    client_for, world: World, vendor: Vendor, username: str
) -> None:
    assert client_for(world.user(username)).get("/produk/unggah/").status_code == 404


def test_staff_of_the_vendor_see_the_owners_upload(
    client_for, world: World, owner: User, vendor: Vendor
) -> None:
    upload = _finished_upload(owner)
    staff = client_for(world.user("staf.vendor"))
    assert staff.get(f"/produk/unggah/{upload.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/produk/unggah/{id}/",
        "/produk/unggah/{id}/kesalahan.xlsx",
    ],
)
def test_another_vendors_upload_is_not_found(
    client_for, world: World, owner: User, vendor: Vendor, other_vendor: Vendor, path: str
) -> None:
    upload = _finished_upload(owner, rows=101, bad_every=100)
    url = path.format(id=upload.pk)
    assert client_for(owner).get(url).status_code == 200
    assert client_for(world.user("pemilik.kendal")).get(url).status_code == 404
    assert client_for(world.user("admin.batang")).get(url).status_code == 404
    assert (
        client_for(world.user("pemilik.kendal"))
        .get(url, headers={"HX-Request": "true"})
        .status_code
        == 404
    )


def test_the_progress_partial_polls_while_running_and_stops_when_done(
    client_for, owner: User, vendor: Vendor
) -> None:
    upload = _finished_upload(owner, rows=10)
    client = client_for(owner)
    url = f"/produk/unggah/{upload.pk}/"

    # While the worker runs, the partial asks to be fetched again every second
    BulkUpload.objects.filter(pk=upload.pk).update(
        status=BulkUploadStatus.RUNNING, processed_rows=4, created_count=4
    )
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in running
    assert 'hx-get="/produk/unggah/' in running
    assert 'hx-trigger="every 1s"' in running
    assert '<progress id="bulk-upload-bar" max="100" value="40">' in running
    assert '<label for="bulk-upload-bar">' in running

    # Once done it no longer polls and shows the counts
    BulkUpload.objects.filter(pk=upload.pk).update(
        status=BulkUploadStatus.DONE, processed_rows=10, created_count=10
    )
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert 'value="100"' in done

    # The full page wraps the partial
    page = client.get(url).content.decode()
    assert "<html" in page
    assert 'id="bulk-upload-status"' in page


def test_the_error_report_downloads_as_xlsx(client_for, owner: User, vendor: Vendor) -> None:
    upload = _finished_upload(owner, rows=101, bad_every=100)
    response = client_for(owner).get(f"/produk/unggah/{upload.pk}/kesalahan.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.max_row == 2  # the header and the one failed row


def test_no_error_report_when_every_row_was_imported(
    client_for, owner: User, vendor: Vendor
) -> None:
    upload = _finished_upload(owner)
    response = client_for(owner).get(f"/produk/unggah/{upload.pk}/kesalahan.xlsx")
    assert response.status_code == 404
    assert Product.objects.count() == 5


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    assert Client().get("/produk/unggah/").status_code == 302
