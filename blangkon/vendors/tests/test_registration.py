"""Sign-up, save-and-resume drafts, documents and submission (services)."""

from typing import cast

import pytest
from django.contrib.auth.models import AnonymousUser

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.vendors import services
from blangkon.vendors.fields import VendorData
from blangkon.vendors.models import Vendor, VendorDocument, VendorStatusChange
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import (
    NIK_FEMALE,
    attach_documents,
    badan_usaha_data,
    make_vendor,
    perorangan_data,
    png_upload,
)
from conftest import PASSWORD, World

SIGN_UP: VendorData = {
    "name": "Katering Bu Siti",
    "kab_kota": "33.25",
    "full_name": "Siti Aminah",
    "username": "siti.katering",
    "email": "siti@test.blangkon.invalid",
    "password": PASSWORD,
}


def test_a_visitor_signs_up_and_gets_a_draft_and_an_owner_account(world: World) -> None:
    vendor = services.vendor_register(actor=AnonymousUser(), kind="perorangan", data=SIGN_UP)
    owner = User.objects.get(username="siti.katering")
    assert owner.role == "vendor_owner"
    assert owner.organisation == vendor.organisation
    assert owner.check_password(PASSWORD)
    assert vendor.status == VendorStatus.DRAFT
    assert vendor.organisation.kind == "vendor"
    assert vendor.organisation.region_id == "33.25"
    assert vendor.person_name == "Siti Aminah"  # the owner of a perorangan business
    assert vendor.owner_confirmed_at is not None
    assert AuditEvent.objects.filter(action="vendor.register", actor=owner).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "Siti Katering!"}, "username"),
        ({"username": "pemilik.vendor"}, "username"),
        ({"password": "123"}, "password"),
        ({"kab_kota": "33"}, "kab_kota"),
        ({"name": "  "}, "name"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_a_bad_sign_up_names_the_field_and_creates_nothing(
    world: World, change: dict[str, str], field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        services.vendor_register(
            actor=None, kind="perorangan", data=cast(VendorData, {**SIGN_UP, **change})
        )
    assert field in caught.value.fields
    assert not Vendor.objects.exists()
    assert not User.objects.filter(username="siti.katering").exists()


def test_a_member_of_an_organisation_cannot_register_a_second_one(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        services.vendor_register(actor=world.user("pp.batang"), kind="perorangan", data=SIGN_UP)
    assert caught.value.code == "already_registered"


def test_a_draft_is_saved_in_parts_and_resumed(world: World) -> None:
    vendor = services.vendor_register(actor=None, kind="perorangan", data=SIGN_UP)
    owner = User.objects.get(username="siti.katering")
    services.vendor_update_draft(actor=owner, vendor_id=vendor.pk, data={"nik": NIK_FEMALE})
    services.vendor_update_draft(
        actor=owner, vendor_id=vendor.pk, data={"street": "Jl. Gajah Mada 5", "phone": ""}
    )
    vendor.refresh_from_db()
    assert (vendor.nik, vendor.street) == (NIK_FEMALE, "Jl. Gajah Mada 5")
    assert vendor.status == VendorStatus.DRAFT
    event = AuditEvent.objects.filter(action="vendor.update_draft").first()
    assert event is not None
    assert NIK_FEMALE not in str(event.details)  # field names only, never the numbers


def test_a_malformed_value_in_a_draft_is_refused_and_nothing_is_saved(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti", nik="", street="")
    owner = User.objects.get(username="siti")
    with pytest.raises(DomainError) as caught:
        services.vendor_update_draft(
            actor=owner,
            vendor_id=vendor.pk,
            data={"street": "Jl. Baru", "nik": "3325013102900001", "postal_code": "5121"},
        )
    assert set(caught.value.fields) == {"nik", "postal_code"}
    vendor.refresh_from_db()
    assert (vendor.nik, vendor.street) == ("", "")


def test_scale_and_bank_mismatch_are_computed_on_save(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti")
    owner = User.objects.get(username="siti")
    services.vendor_update_draft(
        actor=owner,
        vendor_id=vendor.pk,
        data={"declared_capital": 2_000_000_000, "bank_account_holder": "Hj. Siti Aminah"},
    )
    vendor.refresh_from_db()
    assert (vendor.scale, vendor.bank_holder_mismatch) == ("kecil", False)
    services.vendor_update_draft(
        actor=owner, vendor_id=vendor.pk, data={"bank_account_holder": "Joko Widodo"}
    )
    vendor.refresh_from_db()
    assert vendor.bank_holder_mismatch is True


def test_a_badan_usaha_bank_holder_is_compared_with_the_legal_name(world: World) -> None:
    vendor = make_vendor(
        name="CV Sumber Rejeki", kind="badan_usaha", status=VendorStatus.DRAFT, owner="budi"
    )
    owner = User.objects.get(username="budi")
    services.vendor_update_draft(
        actor=owner, vendor_id=vendor.pk, data={"bank_account_holder": "CV. SUMBER REJEKI"}
    )
    vendor.refresh_from_db()
    assert vendor.bank_holder_mismatch is False
    services.vendor_update_draft(
        actor=owner, vendor_id=vendor.pk, data={"bank_account_holder": "Budi Santoso"}
    )
    vendor.refresh_from_db()
    assert vendor.bank_holder_mismatch is True


def test_another_vendor_cannot_edit_the_draft(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT)
    with pytest.raises(NotFound):
        services.vendor_update_draft(
            actor=world.user("pemilik.vendor"), vendor_id=vendor.pk, data={"street": "x"}
        )


def test_an_admin_who_may_read_a_draft_may_not_edit_it(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT)
    with pytest.raises(Forbidden):
        services.vendor_update_draft(
            actor=world.user("admin.batang"), vendor_id=vendor.pk, data={"street": "x"}
        )


def test_a_submitted_registration_cannot_be_edited(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED, owner="siti")
    with pytest.raises(DomainError) as caught:
        services.vendor_update_draft(
            actor=User.objects.get(username="siti"), vendor_id=vendor.pk, data={"street": "x"}
        )
    assert caught.value.code == "not_editable"


def test_an_incomplete_registration_cannot_be_submitted_and_says_what_is_missing(
    world: World,
) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti", nik="", bank_account_number="")
    with pytest.raises(DomainError) as caught:
        services.vendor_submit(actor=User.objects.get(username="siti"), vendor_id=vendor.pk)
    assert caught.value.code == "incomplete"
    assert {"nik", "bank_account_number", "document_ktp", "document_bank_book"} <= set(
        caught.value.fields
    )
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.DRAFT
    assert not VendorStatusChange.objects.exists()


def test_a_badan_usaha_needs_its_legal_documents(world: World) -> None:
    vendor = make_vendor(kind="badan_usaha", status=VendorStatus.DRAFT, owner="budi", nib="")
    problems = services.registration_problems(vendor)
    assert {"nib", "document_akta", "document_nib", "document_npwp"} <= set(problems)


def test_a_pkp_vendor_needs_its_sppkp(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, is_pkp=True)
    attach_documents(vendor)
    assert set(services.registration_problems(vendor)) == {"is_pkp"}


def test_a_complete_registration_is_submitted(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti")
    attach_documents(vendor)
    submitted = services.vendor_submit(actor=User.objects.get(username="siti"), vendor_id=vendor.pk)
    assert submitted.status == VendorStatus.SUBMITTED
    assert submitted.submitted_at is not None
    assert AuditEvent.objects.filter(action="vendor.submitted").count() == 1


def test_a_resubmission_clears_the_fields_to_fix(world: World) -> None:
    vendor = make_vendor(
        status=VendorStatus.REVISION_REQUESTED, owner="siti", fields_to_fix=["nik"]
    )
    attach_documents(vendor)
    submitted = services.vendor_submit(actor=User.objects.get(username="siti"), vendor_id=vendor.pk)
    assert (submitted.status, submitted.fields_to_fix) == (VendorStatus.SUBMITTED, [])


def test_uploading_a_document_goes_through_the_documents_app(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti")
    owner = User.objects.get(username="siti")
    document = services.vendor_document_add(
        actor=owner, vendor_id=vendor.pk, kind="ktp", upload=png_upload()
    )
    assert document.file.kind == "ktp"
    assert document.file.owner == vendor.organisation
    assert AuditEvent.objects.filter(action="vendor.document_add").exists()


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_attached(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti")
    fake = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")
    with pytest.raises(DomainError) as caught:
        services.vendor_document_add(
            actor=User.objects.get(username="siti"), vendor_id=vendor.pk, kind="ktp", upload=fake
        )
    assert caught.value.code == "invalid_file"
    assert not VendorDocument.objects.exists()


def test_the_data_helpers_produce_complete_registrations(world: World) -> None:
    for kind, data in (("perorangan", perorangan_data()), ("badan_usaha", badan_usaha_data())):
        vendor = make_vendor(name=f"Uji {kind}", kind=kind, **data)
        attach_documents(vendor)
        assert services.registration_problems(vendor) == {}
