"""The vendor's staff and the owner's registration (ADR 0048): the staff read it,
with the owner's NIK and account number masked and the KTP and bank book
closed, keep the certificates, and change nothing else of it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from blangkon.audit.models import AuditEvent
from blangkon.core.errors import Forbidden
from blangkon.vendors import services
from blangkon.vendors.models import Vendor, VendorDocument
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import (
    BANK_ACCOUNT,
    NIK_FEMALE,
    attach_documents,
    make_vendor,
    png_upload,
)
from conftest import World

OWNER_ONLY = "Only the business owner changes the registration"


@pytest.fixture
def draft(world: World) -> Vendor:
    """The Batang vendor's registration, sent back for revision, with its papers."""
    vendor = make_vendor(status=VendorStatus.REVISION_REQUESTED, organisation=world.vendor)
    attach_documents(vendor)
    return vendor


def _in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _step(vendor: Vendor, step: str) -> str:
    return reverse("vendors:register-step", args=[vendor.pk, step])


@pytest.mark.parametrize("step", ["identitas", "usaha", "dokumen", "kirim"])
def test_the_staff_may_not_open_a_step_of_the_registration(
    client_for, world: World, draft: Vendor, step: str
) -> None:
    response = _in_english(client_for(world.user("staf.vendor"))).get(_step(draft, step))
    assert response.status_code == 403
    assert OWNER_ONLY in response.content.decode()
    # The owner does.
    assert client_for(world.user("pemilik.vendor")).get(_step(draft, step)).status_code == 200


def test_the_staff_post_to_a_step_changes_nothing(client_for, world: World, draft: Vendor) -> None:
    audit_rows = AuditEvent.objects.count()
    response = client_for(world.user("staf.vendor")).post(
        _step(draft, "usaha"), {"bank_name": "Bank Lain", "bank_account_number": "5550001111"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.bank_account_number == BANK_ACCOUNT
    assert AuditEvent.objects.count() == audit_rows


def test_the_staff_upload_no_registration_document(client_for, world: World, draft: Vendor) -> None:
    documents = VendorDocument.objects.count()
    response = client_for(world.user("staf.vendor")).post(
        reverse("vendors:document-upload", args=[draft.pk]),
        {"kind": "bank_book", "file": png_upload("bank.png")},
    )
    assert response.status_code == 403
    assert VendorDocument.objects.count() == documents


def test_the_services_refuse_the_staff_the_registration(world: World, draft: Vendor) -> None:
    staff = world.user("staf.vendor")
    with translation.override("en"), pytest.raises(Forbidden, match="business owner"):
        services.vendor_update_draft(
            actor=staff, vendor_id=draft.pk, data={"bank_account_number": "5550001111"}
        )
    with pytest.raises(Forbidden):
        services.vendor_document_add(
            actor=staff, vendor_id=draft.pk, kind="ktp", upload=png_upload()
        )
    with pytest.raises(Forbidden):
        services.vendor_submit(actor=staff, vendor_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == VendorStatus.REVISION_REQUESTED
    assert draft.bank_account_number == BANK_ACCOUNT
    # The owner may.
    services.vendor_update_draft(
        actor=world.user("pemilik.vendor"), vendor_id=draft.pk, data={"phone": "081299998888"}
    )


def test_the_staff_read_the_registration_with_the_owners_numbers_masked(
    client_for, world: World, draft: Vendor
) -> None:
    staff_page = _in_english(client_for(world.user("staf.vendor"))).get(
        reverse("vendors:dashboard")
    )
    page = staff_page.content.decode()
    assert NIK_FEMALE not in page
    assert BANK_ACCOUNT not in page
    assert f"•••• {NIK_FEMALE[-4:]}" in page
    assert f"•••• {BANK_ACCOUNT[-4:]}" in page
    assert "shown to the owner only" in page
    ktp, bank_book = (draft.documents.get(file__kind=kind).file for kind in ("ktp", "bank_book"))
    for stored in (ktp, bank_book):
        assert reverse("documents:file", kwargs={"file_id": stored.pk}) not in page
    # What to fix is listed, but the way in is the owner's.
    assert "Only the business owner fills in and submits the registration" in page
    assert _step(draft, "identitas") not in page

    owner_page = client_for(world.user("pemilik.vendor")).get(reverse("vendors:dashboard"))
    page = owner_page.content.decode()
    assert NIK_FEMALE in page
    assert BANK_ACCOUNT in page
    assert reverse("documents:file", kwargs={"file_id": ktp.pk}) in page
    assert _step(draft, "identitas") in page


def test_the_staff_renew_a_certificate_from_the_dashboard(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, organisation=world.vendor)
    client = _in_english(client_for(world.user("staf.vendor")))
    url = reverse("vendors:certificate-add", args=[vendor.pk])
    dashboard = reverse("vendors:dashboard")
    refused = client.post(url, {"kind": "halal", "number": "", "next": dashboard})
    # Back on the dashboard with the message, not in the owner's registration steps.
    assert refused.status_code == 200
    assert 'id="id_certificate_number_error"' in refused.content.decode()
    assert "vendors/dashboard.html" in [template.name for template in refused.templates]
    saved = client.post(
        url,
        {"kind": "halal", "number": "ID33110000123", "expires_on": "2099-12-31", "next": dashboard},
    )
    assert saved["Location"] == dashboard
    assert vendor.certificates.get().number == "ID33110000123"


def test_the_refusal_says_who_may_in_indonesian_by_default(
    client_for, world: World, draft: Vendor
) -> None:
    response = client_for(world.user("staf.vendor")).get(_step(draft, "usaha"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Hanya pemilik usaha yang dapat mengubah pendaftaran" in page
    assert "•••• " not in page  # the refusal page shows nothing of the registration
