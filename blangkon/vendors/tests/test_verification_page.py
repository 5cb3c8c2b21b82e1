"""The verifier's page of one vendor: human labels only, no approval without
the documents of its kind, a checklist of its kind, and the next vendor after
a decision."""

import datetime
import re
from enum import Enum

import pytest
from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.roles import Role
from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind
from blangkon.vendors import selectors, services
from blangkon.vendors.fields import BADAN_USAHA_ONLY, REGISTRATION_FIELDS
from blangkon.vendors.models import CertificateKind, LegalForm, Vendor, VendorDocument, VendorKind
from blangkon.vendors.status import SanctionReason, VendorStatus
from blangkon.vendors.tests.factories import attach_documents, make_vendor, stored_file
from conftest import World

# Abbreviations people read as they are: an enum NAME equal to one is not a leak.
SPOKEN = {
    "PP",
    "PPK",
    "KTP",
    "NPWP",
    "NIB",
    "AKTA",
    "CV",
    "PT",
    "UD",
    "PKP",
    "SPPKP",
    "NIK",
    "PIRT",
    "SNI",
}


def raw_names() -> set[str]:
    """Every enum NAME and field key a careless template could print as is."""
    enums: list[type[Enum]] = [
        DocumentKind,
        VendorStatus,
        VendorKind,
        LegalForm,
        CertificateKind,
        SanctionReason,
        Role,
    ]
    names = {member.name for enum in enums for member in enum}
    names |= {key.upper() for key in REGISTRATION_FIELDS}
    return names - SPOKEN


def detail(client, vendor: Vendor) -> str:
    return client.get(reverse("vendors:verification-detail", args=[vendor.pk])).content.decode()


def test_no_raw_enum_name_appears_on_the_verification_page(client_for, world: World) -> None:
    vendor = make_vendor(kind=VendorKind.BADAN_USAHA, status=VendorStatus.SUBMITTED)
    attach_documents(vendor)
    # A twin with the same bank account: the duplicates table names the field.
    make_vendor(
        name="CV Kembar", kind=VendorKind.BADAN_USAHA, region="33.24", status=VendorStatus.VERIFIED
    )
    html = detail(client_for(world.user("admin.provinsi")), vendor)
    assert "CV Kembar" in html
    assert "Nomor rekening" in html  # the duplicate's field, as people call it
    leaked = {name for name in raw_names() if re.search(rf"\b{name}\b", html)}
    assert not leaked, f"raw names on the page: {sorted(leaked)}"


def test_approval_is_hidden_and_refused_until_the_documents_of_its_kind_are_present(
    client_for, world: World
) -> None:
    vendor = make_vendor(kind=VendorKind.BADAN_USAHA, status=VendorStatus.SUBMITTED)
    for kind in ("ktp", "bank_book"):  # enough for a perorangan, not for a CV
        VendorDocument.objects.create(vendor=vendor, file=stored_file(vendor, kind))
    client = client_for(world.user("admin.batang"))
    approve_url = reverse("vendors:verification-action", args=[vendor.pk, "setujui"])
    html = detail(client, vendor)
    assert approve_url not in html
    assert 'data-alert="documents-missing"' in html
    assert "Akta pendirian" in html  # what is missing, named
    assert reverse("vendors:verification-action", args=[vendor.pk, "revisi"]) in html

    with pytest.raises(DomainError) as refused:
        services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    assert refused.value.code == "missing_documents"
    response = client.post(approve_url)
    assert response.status_code == 400
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUBMITTED

    for kind in ("npwp", "nib", "akta"):
        VendorDocument.objects.create(vendor=vendor, file=stored_file(vendor, kind))
    assert approve_url in detail(client, vendor)
    assert client.post(approve_url).status_code == 302
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.VERIFIED


def test_a_perorangan_needs_only_its_own_documents(world: World) -> None:
    vendor = make_vendor(kind=VendorKind.PERORANGAN, status=VendorStatus.SUBMITTED)
    VendorDocument.objects.create(vendor=vendor, file=stored_file(vendor, "ktp"))
    with pytest.raises(DomainError):
        services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    VendorDocument.objects.create(vendor=vendor, file=stored_file(vendor, "bank_book"))
    approved = services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    assert approved.status == VendorStatus.VERIFIED


def test_a_peroranganss_checklist_has_no_badan_usaha_items(client_for, world: World) -> None:
    perorangan = make_vendor(kind=VendorKind.PERORANGAN, status=VendorStatus.SUBMITTED)
    company = make_vendor(
        name="CV Maju", kind=VendorKind.BADAN_USAHA, status=VendorStatus.SUBMITTED, nik="", npwp=""
    )
    client = client_for(world.user("admin.batang"))

    def ticked_values(html: str) -> set[str]:
        return set(re.findall(r'name="revisi-fields_to_fix" value="([a-z_]+)"', html))

    offered = ticked_values(detail(client, perorangan))
    assert offered
    assert not offered & BADAN_USAHA_ONLY
    assert {"nik", "document_ktp", "bank_account_number"} <= offered
    assert ticked_values(detail(client, company)) >= BADAN_USAHA_ONLY

    # The service refuses a badan-usaha item for a perorangan, whatever the form sent.
    with pytest.raises(DomainError) as refused:
        services.vendor_request_revision(
            actor=world.user("admin.batang"),
            vendor_id=perorangan.pk,
            fields_to_fix=["akta_number"],
        )
    assert "fields_to_fix" in refused.value.fields
    response = client.post(
        reverse("vendors:verification-action", args=[perorangan.pk, "revisi"]),
        {"revisi-fields_to_fix": ["document_akta"]},
    )
    assert response.status_code == 400
    assert Vendor.objects.get(pk=perorangan.pk).status == VendorStatus.SUBMITTED


def test_after_a_decision_the_verifier_lands_on_the_next_vendor_in_the_queue(
    client_for, world: World
) -> None:
    now = timezone.now()

    def queued(name: str, days_ago: int, region: str = "33.25") -> Vendor:
        vendor = make_vendor(name=name, region=region, status=VendorStatus.SUBMITTED)
        attach_documents(vendor)
        Vendor.objects.filter(pk=vendor.pk).update(
            submitted_at=now - datetime.timedelta(days=days_ago)
        )
        return vendor

    first, second, third = queued("Satu", 9), queued("Dua", 5), queued("Tiga", 1)
    queued("Kendal", 20, region="33.24")  # older, but not Batang's
    client = client_for(world.user("admin.batang"))

    def decide(vendor: Vendor, action: str, data: dict | None = None) -> str:
        url = reverse("vendors:verification-action", args=[vendor.pk, action])
        response = client.post(url, data or {})
        assert response.status_code == 302
        return response["Location"]

    assert decide(second, "setujui") == reverse("vendors:verification-detail", args=[third.pk])
    assert decide(third, "tolak", {"tolak-reason": "Data palsu"}) == reverse(
        "vendors:verification-detail", args=[first.pk]
    )
    location = decide(first, "revisi", {"revisi-fields_to_fix": ["nik"]})
    assert location == reverse("vendors:verification-queue")
    page = client.get(location).content.decode()
    assert "Tidak ada penyedia lain yang menunggu verifikasi." in page


def test_the_queue_is_paged_oldest_first(client_for, world: World) -> None:
    """A province's queue can hold thousands of vendors: 50 a page, every one
    reachable (the page used to stop at the first 500)."""
    now = timezone.now()
    made = [make_vendor(name=f"Antre {i:03d}", status=VendorStatus.SUBMITTED) for i in range(53)]
    for days, vendor in enumerate(reversed(made)):
        Vendor.objects.filter(pk=vendor.pk).update(submitted_at=now - datetime.timedelta(days=days))
    client = client_for(world.user("admin.batang"))
    queue = list(selectors.verification_queue(user=world.user("admin.batang")))
    url = reverse("vendors:verification-queue")
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    # The "next" link itself leads to page 2 (it once read "??page=2": page 1 again).
    (next_link,) = re.findall(r'href="(\?[^"]*page=2[^"]*)"', first)
    assert next_link == "?page=2"
    second = client.get(url + next_link, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    names = re.findall(r">(Antre \d{3})<", first) + re.findall(r">(Antre \d{3})<", second)
    expected = [v.organisation.name for v in queue if v.organisation.name.startswith("Antre")]
    assert names == expected == [f"Antre {i:03d}" for i in range(53)]  # oldest first
    assert len(re.findall(r">(Antre \d{3})<", first)) <= 50
    assert f"Halaman 1 dari {-(-len(queue) // 50)}" in first
    assert client.get(url, {"page": "0"}).status_code == 400
