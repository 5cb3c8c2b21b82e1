"""The vendor pages through the test client, as a phone browser would use them."""

import re

from django.urls import reverse

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.vendors.models import Vendor, VendorDocument
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import (
    BANK_ACCOUNT,
    NIK_FEMALE,
    attach_documents,
    make_product,
    make_vendor,
    png_upload,
)
from conftest import PASSWORD, World

SIGN_UP = {
    "kind": "perorangan",
    "name": "Katering Bu Siti",
    "kab_kota": "33.25",
    "full_name": "Siti Aminah",
    "username": "siti.katering",
    "email": "siti@test.blangkon.invalid",
    "password": PASSWORD,
    "password_again": PASSWORD,
}
BUSINESS = {
    "street": "Jl. Gajah Mada No. 5",
    "kab_kota": "33.25",
    "postal_code": "51215",
    "phone": "0812 3456 7890",
    "email": "siti@test.blangkon.invalid",
    "is_pkp": "no",
    "declared_capital": "Rp 50.000.000",
    "declared_annual_sales": "",
    "bank_name": "Bank Jateng",
    "bank_account_number": BANK_ACCOUNT,
    "bank_account_holder": "Siti Aminah",
}


def test_a_perorangan_registers_step_by_step_resumes_and_submits(client, world: World) -> None:
    # Step 0: the account and the draft; the visitor is signed in.
    response = client.post(reverse("vendors:register"), SIGN_UP)
    assert response.status_code == 302
    vendor = Vendor.objects.get(organisation__name="Katering Bu Siti")
    assert response["Location"] == reverse("vendors:register-step", args=[vendor.pk, "identitas"])

    # Step 1, then "finish later": the dashboard offers to continue at step 2.
    identity_url = reverse("vendors:register-step", args=[vendor.pk, "identitas"])
    assert client.get(identity_url).status_code == 200
    response = client.post(
        identity_url,
        {"name": "Katering Bu Siti", "person_name": "Siti Aminah", "nik": NIK_FEMALE,
         "npwp": "", "nib": "", "finish_later": "1"},
    )  # fmt: skip
    assert response["Location"] == reverse("vendors:dashboard")
    dashboard = client.get(reverse("vendors:dashboard")).content.decode()
    business_url = reverse("vendors:register-step", args=[vendor.pk, "usaha"])
    assert f'<a class="button" href="{business_url}">' in dashboard
    vendor.refresh_from_db()
    assert vendor.nik == NIK_FEMALE

    # Step 2.
    response = client.post(business_url, BUSINESS)
    assert response["Location"] == reverse("vendors:register-step", args=[vendor.pk, "dokumen"])
    vendor.refresh_from_db()
    assert (vendor.declared_capital, vendor.scale, vendor.phone) == (
        50_000_000,
        "mikro",
        "081234567890",
    )

    # Step 3: documents through the documents app.
    for kind in ("ktp", "bank_book"):
        response = client.post(
            reverse("vendors:document-upload", args=[vendor.pk]),
            {"kind": kind, "file": png_upload(f"{kind}.png")},
        )
        assert response.status_code == 302
    assert VendorDocument.objects.filter(vendor=vendor).count() == 2
    documents_page = client.get(reverse("vendors:register-step", args=[vendor.pk, "dokumen"]))
    assert "ktp.png" in documents_page.content.decode()

    # Step 4: review and submit.
    review_url = reverse("vendors:register-step", args=[vendor.pk, "kirim"])
    assert client.get(review_url).status_code == 200
    response = client.post(review_url)
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.SUBMITTED


def test_a_bad_nik_is_shown_on_its_field_and_not_saved(client, world: World) -> None:
    client.post(reverse("vendors:register"), SIGN_UP)
    vendor = Vendor.objects.get()
    response = client.post(
        reverse("vendors:register-step", args=[vendor.pk, "identitas"]),
        {"name": "Katering Bu Siti", "person_name": "Siti", "nik": "3325013102900001"},
    )
    assert response.status_code == 200
    assert re.search(r'id="id_nik_error"', response.content.decode())
    vendor.refresh_from_db()
    assert vendor.nik == ""


def test_mismatched_passwords_are_refused(client, world: World) -> None:
    response = client.post(reverse("vendors:register"), {**SIGN_UP, "password_again": "x"})
    assert response.status_code == 200
    assert not Vendor.objects.exists()


def test_submitting_an_incomplete_registration_lists_what_is_missing(
    client_for, world: World
) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti", nik="")
    client = client_for(User.objects.get(username="siti"))
    response = client.post(reverse("vendors:register-step", args=[vendor.pk, "kirim"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("vendors:register-step", args=[vendor.pk, "identitas"]) in page
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.DRAFT


def test_another_vendors_wizard_is_not_found(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT)
    client = client_for(world.user("pemilik.vendor"))
    for step in ("identitas", "usaha", "dokumen", "kirim"):
        assert (
            client.get(reverse("vendors:register-step", args=[vendor.pk, step])).status_code == 404
        )


def test_the_kab_kota_admin_approves_on_the_verification_page(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    attach_documents(vendor)
    client = client_for(world.user("admin.batang"))
    queue = client.get(reverse("vendors:verification-queue")).content.decode()
    assert "Katering Bu Siti" in queue
    detail = client.get(reverse("vendors:verification-detail", args=[vendor.pk]))
    assert detail.status_code == 200
    assert NIK_FEMALE in detail.content.decode()  # the verifier sees every field
    response = client.post(
        reverse("vendors:verification-action", args=[vendor.pk, "setujui"]), follow=True
    )
    assert response.redirect_chain[0][1] == 302
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.VERIFIED
    assert AuditEvent.objects.filter(action="vendor.verified", actor__username="admin.batang")
    # Said as the vendor's new status, in the page's language.
    said = response.content.decode()
    assert "Katering Bu Siti kini berstatus Terverifikasi." in said
    assert "Tidak ada penyedia lain yang menunggu verifikasi." in said


def test_a_revision_request_without_fields_is_explained(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    client = client_for(world.user("admin.batang"))
    url = reverse("vendors:verification-action", args=[vendor.pk, "revisi"])
    response = client.post(url, {"revisi-note": "?"})
    assert response.status_code == 400
    assert 'id="id_revisi-fields_to_fix_error"' in response.content.decode()
    response = client.post(url, {"revisi-fields_to_fix": ["nik", "document_ktp"]})
    assert response.status_code == 302
    assert Vendor.objects.get(pk=vendor.pk).fields_to_fix == ["nik", "document_ktp"]


def test_the_batang_admin_gets_404_for_a_kendal_vendor(client_for, world: World) -> None:
    vendor = make_vendor(region="33.24", status=VendorStatus.SUBMITTED)
    client = client_for(world.user("admin.batang"))
    assert client.get(reverse("vendors:verification-detail", args=[vendor.pk])).status_code == 404
    url = reverse("vendors:verification-action", args=[vendor.pk, "setujui"])
    assert client.post(url).status_code == 404
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUBMITTED


def test_the_auditor_reads_but_cannot_decide(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    attach_documents(vendor)  # complete: only the role keeps the approval away
    client = client_for(world.user("auditor.provinsi"))
    detail = client.get(reverse("vendors:verification-detail", args=[vendor.pk]))
    assert detail.status_code == 200
    assert reverse("vendors:verification-action", args=[vendor.pk, "setujui"]) not in (
        detail.content.decode()
    )
    response = client.post(reverse("vendors:verification-action", args=[vendor.pk, "setujui"]))
    assert response.status_code == 403
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUBMITTED


def test_the_storefront_shows_public_facts_and_never_personal_data(client, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, npwp="0123456789012345")
    make_product(vendor, name="Nasi kotak ayam bakar")
    make_product(vendor, name="Snack box rahasia", sku="X", status="draft")
    response = client.get(reverse("vendors:storefront", args=[vendor.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Katering Bu Siti" in page
    assert "Kabupaten Batang" in page
    assert "Nasi kotak ayam bakar" in page
    assert "Snack box rahasia" not in page
    for secret in (
        vendor.nik,
        vendor.npwp,
        vendor.bank_account_number,
        vendor.bank_name,
        vendor.phone,
        vendor.email,
        vendor.person_name,
        vendor.street,
    ):
        assert secret
        assert secret not in page, secret


def test_the_storefront_of_an_unverified_or_sanctioned_vendor_is_not_found(
    client, world: World
) -> None:
    for status in (VendorStatus.SUBMITTED, VendorStatus.SUSPENDED, VendorStatus.BANNED):
        vendor = make_vendor(name=f"Toko {status}", status=status)
        assert client.get(reverse("vendors:storefront", args=[vendor.pk])).status_code == 404


def test_the_assisted_list_says_which_vendors_have_live_products(client_for, world: World) -> None:
    pendamping = world.user("pendamping.batang")
    selling = make_vendor(name="Katering Bu Siti", status=VendorStatus.VERIFIED)
    waiting = make_vendor(name="Batik Bu Rahayu", status=VendorStatus.VERIFIED)
    Vendor.objects.filter(pk__in=[selling.pk, waiting.pk]).update(registered_by=pendamping)
    make_product(selling)
    make_product(waiting, status="submitted")
    page = client_for(pendamping).get(reverse("vendors:assisted-list")).content.decode()
    rows = {
        name: row
        for row in page.split("<tr>")
        for name in ("Katering Bu Siti", "Batik Bu Rahayu")
        if name in row
    }
    live_cell = re.compile(r"<td[^>]*>(ya|yes)</td>\s*<td[^>]*><a")
    assert live_cell.search(rows["Katering Bu Siti"])
    assert not live_cell.search(rows["Batik Bu Rahayu"])


def test_the_pendamping_registers_and_the_owner_confirms_through_the_pages(
    client, client_for, world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    pendamping_client = client_for(world.user("pendamping.batang"))
    with django_capture_on_commit_callbacks(execute=True):
        response = pendamping_client.post(
            reverse("vendors:register-assisted"),
            {"kind": "perorangan", "name": "Batik Bu Rahayu", "kab_kota": "33.25",
             "legal_form": "", "person_name": "Sri Rahayu", "username": "sri.rahayu",
             "email": "sri@test.blangkon.invalid", "phone": ""},
        )  # fmt: skip
    assert response.status_code == 302
    assisted = pendamping_client.get(reverse("vendors:assisted-list")).content.decode()
    assert "Batik Bu Rahayu" in assisted
    link = re.search(r"(/penyedia/konfirmasi/[^/\s]+/)", mailoutbox[0].body)
    assert link
    pendamping_client.logout()

    assert client.get(link.group(1)).status_code == 200
    response = client.post(
        link.group(1), {"password": PASSWORD, "password_again": PASSWORD, "agree": "on"}
    )
    assert response["Location"] == reverse("vendors:dashboard")
    dashboard = client.get(reverse("vendors:dashboard"))
    assert dashboard.status_code == 200  # signed in as the owner with the new password
    assert "Batik Bu Rahayu" in dashboard.content.decode()
    assert client.get("/penyedia/konfirmasi/rusak/").status_code == 400


def test_the_training_pages_record_an_event_and_attendees(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    client = client_for(world.user("admin.batang"))
    response = client.post(
        reverse("vendors:training-list"),
        {"held_on": "2026-03-10", "place": "Aula Dinkop", "topic": "Unggah produk"},
    )
    assert response.status_code == 302
    detail_url = response["Location"]
    assert "Katering Bu Siti" in client.get(detail_url).content.decode()
    response = client.post(detail_url, {"vendors": [str(vendor.pk)]})
    assert response.status_code == 302
    assert vendor.training_events.count() == 1


def test_the_verifier_sees_duplicates_the_bank_flag_and_the_history(
    client_for, world: World
) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED, bank_holder_mismatch=True)
    attach_documents(vendor)
    make_vendor(name="Warung Kembar", region="33.24", status=VendorStatus.VERIFIED)
    client = client_for(world.user("admin.provinsi"))
    page = client.get(reverse("vendors:verification-detail", args=[vendor.pk])).content.decode()
    assert "Warung Kembar" in page  # same NIK and bank account
    for action in ("setujui", "revisi", "tolak"):
        assert reverse("vendors:verification-action", args=[vendor.pk, action]) in page
    assert reverse("vendors:verification-action", args=[vendor.pk, "bekukan"]) not in page


def test_a_verified_vendor_renews_a_certificate_from_the_dashboard(
    client_for, world: World
) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, organisation=world.vendor)
    client = client_for(world.user("pemilik.vendor"))
    dashboard = client.get(reverse("vendors:dashboard")).content.decode()
    assert reverse("vendors:storefront", args=[vendor.pk]) in dashboard
    response = client.post(
        reverse("vendors:certificate-add", args=[vendor.pk]),
        {"kind": "halal", "number": "ID33110000123", "expires_on": "2099-12-31",
         "next": reverse("vendors:dashboard")},
    )  # fmt: skip
    assert response["Location"] == reverse("vendors:dashboard")
    assert vendor.certificates.get().number == "ID33110000123"


def test_suspending_from_the_page_needs_an_end_date(client_for, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    client = client_for(world.user("admin.batang"))
    url = reverse("vendors:verification-action", args=[vendor.pk, "bekukan"])
    response = client.post(url, {"bekukan-reason_code": "non_delivery"})
    assert response.status_code == 400
    assert 'id="id_bekukan-until_error"' in response.content.decode()
    response = client.post(
        url, {"bekukan-reason_code": "non_delivery", "bekukan-until": "2099-01-31"}
    )
    assert response.status_code == 302
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUSPENDED
