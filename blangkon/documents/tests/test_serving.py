"""GET /berkas/<uuid>/: who gets a file, and with which headers."""

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.documents.models import StoredFile
from blangkon.documents.selectors import stored_file_get_for_user
from blangkon.documents.services import stored_file_create
from blangkon.documents.tests import samples
from blangkon.documents.tests.factories import document_for, product_image_for, vendor_for
from conftest import World


def url(stored: StoredFile) -> str:
    return reverse("documents:file", kwargs={"file_id": stored.pk})


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def ktp(world: World) -> StoredFile:
    """A KTP of the Batang vendor, registered by the Batang pendamping."""
    vendor_for(world.vendor, status="submitted", registered_by=world.user("pendamping.batang"))
    return document_for(world.vendor, uploader=world.user("pemilik.vendor"))


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("pemilik.vendor", 200),
        # The owner's KTP is the owner's: the vendor's staff do not open it.
        ("staf.vendor", 404),
        ("admin.batang", 200),
        ("admin.provinsi", 200),
        ("pendamping.batang", 200),
        ("admin.kendal", 404),
        ("auditor.provinsi", 404),
        ("pp.batang", 404),
        ("admin.opd.batang", 404),
    ],
)
def test_a_vendor_document_is_served_only_to_the_vendor_and_its_verifiers(
    client_for, world: World, ktp: StoredFile, username: str, status: int
) -> None:
    response = client_for(world.user(username)).get(url(ktp))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("kind", "staff_status"),
    [
        ("ktp", 404),
        ("bank_book", 404),
        ("npwp", 200),
        ("nib", 200),
        ("akta", 200),
        ("certificate", 200),
    ],
)
def test_the_vendors_staff_open_its_papers_but_not_the_owners_ktp_and_bank_book(
    client_for, world: World, kind: str, staff_status: int
) -> None:
    vendor_for(world.vendor, status="verified")
    stored = document_for(world.vendor, uploader=world.user("pemilik.vendor"), kind=kind)
    assert client_for(world.user("staf.vendor")).get(url(stored)).status_code == staff_status
    assert client_for(world.user("pemilik.vendor")).get(url(stored)).status_code == 200


def test_an_anonymous_visitor_gets_404_not_a_login_redirect(
    client: Client, ktp: StoredFile
) -> None:
    response = client.get(url(ktp))
    assert response.status_code == 404


def test_an_unknown_file_and_a_missing_file_on_disk_are_404(
    client_for, world: World, ktp: StoredFile, media_root
) -> None:
    client = client_for(world.user("pemilik.vendor"))
    assert (
        client.get(reverse("documents:file", kwargs={"file_id": uuid.uuid4()})).status_code == 404
    )
    (media_root / ktp.path).unlink()
    assert client.get(url(ktp)).status_code == 404


def test_a_pendamping_who_did_not_register_the_vendor_gets_404(client_for, world: World) -> None:
    vendor_for(world.vendor, status="submitted", registered_by=None)
    ktp = document_for(world.vendor, uploader=world.user("pemilik.vendor"))
    assert client_for(world.user("pendamping.batang")).get(url(ktp)).status_code == 404


def test_a_pdf_is_served_inline_sandboxed_and_never_cached(
    client_for, world: World, ktp: StoredFile
) -> None:
    response = client_for(world.user("pemilik.vendor")).get(url(ktp))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="ktp.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"
    assert body(response).startswith(b"%PDF-")


def test_the_download_name_uses_the_detected_type_not_the_uploaded_name(
    client_for, world: World
) -> None:
    stored = stored_file_create(
        actor=world.user("pemilik.vendor"),
        owner=world.vendor,
        kind="npwp",
        upload=samples.upload('npwp "asli".exe', samples.jpeg()),
    )
    response = client_for(world.user("pemilik.vendor")).get(url(stored))
    assert response["Content-Type"] == "image/jpeg"
    assert 'filename="npwp_asli.jpg"' in response["Content-Disposition"]
    # Opened on its own, the browser's page around it may show it and style
    # it, and nothing else.
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; img-src 'self';")
    assert "style-src 'unsafe-inline'" in policy
    assert "sandbox" in policy
    assert "script-src" not in policy


def test_a_bulk_upload_is_an_attachment_for_its_owner_only(client_for, world: World) -> None:
    vendor_for(world.vendor)
    stored = stored_file_create(
        actor=world.user("pemilik.vendor"),
        owner=world.vendor,
        kind="bulk_upload",
        upload=samples.upload("produk.xlsx", samples.xlsx()),
    )
    response = client_for(world.user("staf.vendor")).get(url(stored))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(world.user("admin.batang")).get(url(stored)).status_code == 404


def test_a_live_product_image_of_a_verified_vendor_is_public_and_cacheable(
    client: Client, world: World
) -> None:
    vendor = vendor_for(world.vendor, status="verified")
    image = product_image_for(vendor, uploader=world.user("pemilik.vendor"), status="tayang")
    for stored, content_type in ((image.file, "image/png"), (image.thumbnail, "image/jpeg")):
        response = client.get(url(stored))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Cache-Control"] == "public, max-age=3600"
        assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize(
    ("product_status", "vendor_status"),
    [("draft", "verified"), ("submitted", "verified"), ("tayang", "suspended")],
)
def test_a_product_image_that_is_not_live_is_hidden_from_the_public(
    client: Client, client_for, world: World, product_status: str, vendor_status: str
) -> None:
    vendor = vendor_for(world.vendor, status=vendor_status)
    image = product_image_for(vendor, uploader=world.user("pemilik.vendor"), status=product_status)
    assert client.get(url(image.file)).status_code == 404
    owner_response = client_for(world.user("pemilik.vendor")).get(url(image.file))
    assert owner_response.status_code == 200
    assert owner_response["Cache-Control"] == "private, no-store"


def test_curators_see_product_images_waiting_for_curation(client_for, world: World) -> None:
    vendor = vendor_for(world.vendor, status="verified")
    image = product_image_for(vendor, uploader=world.user("pemilik.vendor"), status="submitted")
    assert client_for(world.user("admin.batang")).get(url(image.file)).status_code == 200
    assert client_for(world.user("admin.kendal")).get(url(image.file)).status_code == 404
    assert client_for(world.user("auditor.provinsi")).get(url(image.file)).status_code == 404


def test_post_is_not_allowed(client_for, world: World, ktp: StoredFile) -> None:
    assert client_for(world.user("pemilik.vendor")).post(url(ktp)).status_code == 405


def test_the_selector_treats_a_malformed_id_as_missing(world: World) -> None:
    from blangkon.core.errors import NotFound

    with pytest.raises(NotFound):
        stored_file_get_for_user(user=world.user("pemilik.vendor"), file_id="not-a-uuid")


def test_an_inactive_member_gets_404(client_for, world: World, ktp: StoredFile) -> None:
    staff = world.user("staf.vendor")
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    client = Client()
    client.force_login(staff)
    assert client.get(url(ktp)).status_code == 404
