"""What the registration pages say at once: a kab/kota that has not joined,
phone numbers and postal codes, the documents each kind of vendor needs, and
passwords that survive an error elsewhere on the form."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.accounts.forms import NewPasswordForm
from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind
from blangkon.vendors.contact import is_postal_code, normalise_phone
from blangkon.vendors.forms import BusinessForm, DocumentForm
from blangkon.vendors.models import Vendor, VendorKind
from blangkon.vendors.services import vendor_update_draft
from blangkon.vendors.tests.factories import make_vendor
from blangkon.vendors.tests.test_views import BUSINESS, SIGN_UP
from conftest import PASSWORD, World

NOT_JOINED = "33.24"  # Kendal: its pemda has not joined in the test world
WARNING = "has not joined Blangkon yet"


def described_ids_missing(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = {
        name for value in re.findall(r'aria-describedby="([^"]*)"', html) for name in value.split()
    }
    return sorted(named - ids)


def step_url(vendor: Vendor, step: str) -> str:
    return reverse("vendors:register-step", args=[vendor.pk, step])


def signed_in_owner(client: Client, vendor: Vendor) -> Client:
    client.login(username="pemilik.baru", password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("(0285) 391234", "0285391234"),
        ("0812345678901", "0812345678901"),
    ],
)
def test_indonesian_phone_numbers_are_stored_one_way(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "12345",
        "081234567",
        "08123456789012",
        "+1 415 555 0100",
        "0062812345678",
        "０８１２３４５６７８９０",
    ],
)
def test_other_phone_numbers_are_refused(typed: str) -> None:
    assert normalise_phone(typed) is None


@pytest.mark.parametrize(
    ("typed", "valid"), [("51215", True), ("5121", False), ("512155", False), ("5121a", False)]
)
def test_postal_codes_have_five_digits(typed: str, valid: bool) -> None:
    assert is_postal_code(typed) is valid


def test_the_business_step_refuses_a_bad_phone_and_postal_code_in_indonesian(
    client: Client, world: World
) -> None:
    vendor = make_vendor(owner="pemilik.baru")
    client = signed_in_owner(client, vendor)
    response = client.post(
        step_url(vendor, "usaha"), {**BUSINESS, "phone": "abc", "postal_code": "5121"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["phone"] == [
        "Isikan nomor telepon Indonesia yang diawali 08, +62 atau 62, 10 sampai 13 angka, "
        "misalnya 081234567890."
    ]
    assert errors["postal_code"] == ["Kode pos harus terdiri atas tepat 5 angka, misalnya 51215."]
    html = response.content.decode()
    assert 'href="#id_phone"' in html
    assert 'href="#id_postal_code"' in html
    vendor.refresh_from_db()
    assert vendor.phone != "abc"


def test_the_business_step_stores_the_phone_in_one_form(client: Client, world: World) -> None:
    vendor = make_vendor(owner="pemilik.baru")
    client = signed_in_owner(client, vendor)
    client.post(step_url(vendor, "usaha"), {**BUSINESS, "phone": "+62 812-3456-7890"})
    vendor.refresh_from_db()
    assert vendor.phone == "081234567890"


def test_the_service_is_still_the_final_guard_for_the_phone(world: World) -> None:
    vendor = make_vendor(owner="pemilik.baru")
    owner = User.objects.get(username="pemilik.baru")
    with pytest.raises(DomainError) as caught:
        vendor_update_draft(actor=owner, vendor_id=vendor.pk, data={"phone": "abc"})
    assert set(caught.value.fields) == {"phone"}
    vendor_update_draft(actor=owner, vendor_id=vendor.pk, data={"phone": "62 812 3456 7890"})
    vendor.refresh_from_db()
    assert vendor.phone == "081234567890"


def test_a_kab_kota_not_joined_is_warned_about_but_accepted(client: Client, world: World) -> None:
    response = client.post(reverse("vendors:register"), {**SIGN_UP, "kab_kota": NOT_JOINED})
    assert response.status_code == 302
    vendor = Vendor.objects.get(organisation__name=SIGN_UP["name"])
    assert vendor.organisation.region_id == NOT_JOINED
    for step in ("identitas", "usaha", "kirim"):
        html = client.get(step_url(vendor, step)).content.decode()
        assert "alert alert-warning" in html, step
        assert "Kabupaten Kendal belum bergabung dengan Blangkon" in html, step


def test_a_joined_kab_kota_gets_no_warning(client: Client, world: World) -> None:
    client.post(reverse("vendors:register"), SIGN_UP)
    vendor = Vendor.objects.get(organisation__name=SIGN_UP["name"])
    html = client.get(step_url(vendor, "usaha")).content.decode()
    assert "alert-warning" not in html


def test_the_kab_kota_list_marks_those_not_joined(client: Client, world: World) -> None:
    html = client.get(reverse("vendors:register")).content.decode()
    assert re.search(r'<option value="33.24">[^<]*\(belum bergabung\)</option>', html)
    assert re.search(r'<option value="33.25">Kabupaten Batang</option>', html)


def test_a_failed_sign_up_in_a_kab_kota_not_joined_warns_and_keeps_the_passwords(
    client: Client, world: World
) -> None:
    response = client.post(
        reverse("vendors:register"), {**SIGN_UP, "kab_kota": NOT_JOINED, "email": "not-an-email"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "alert alert-warning" in html
    assert f'name="password" value="{PASSWORD}"' in html.replace(' autocomplete="new-password"', "")
    assert described_ids_missing(html) == []


def test_a_failed_sign_in_does_not_send_the_password_back(client: Client, world: World) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "nobody", "password": "s3cret-x"}
    )
    assert "s3cret-x" not in response.content.decode()


def test_a_failed_password_change_keeps_the_new_password(client: Client, world: World) -> None:
    user = world.user("pemilik.vendor")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "wrong",
            "new_password1": "Kuat-Sekali-2026",
            "new_password2": "Kuat-Sekali-2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kuat-Sekali-2026"' in html
    assert 'value="wrong"' not in html


@pytest.mark.parametrize(
    ("kind", "required", "optional"),
    [
        (VendorKind.PERORANGAN, ["ktp", "bank_book"], ["npwp", "nib"]),
        (VendorKind.BADAN_USAHA, ["ktp", "npwp", "nib", "akta", "bank_book"], []),
    ],
)
def test_the_documents_step_lists_what_each_kind_needs(
    client: Client, world: World, kind: str, required: list[str], optional: list[str]
) -> None:
    vendor = make_vendor(kind=kind, owner="pemilik.baru")
    client = signed_in_owner(client, vendor)
    response = client.get(step_url(vendor, "dokumen"))
    labels = [str(DocumentKind(code).label) for code in required + optional]
    shown = [
        str(row["label"])
        for row in response.context["required_documents"] + response.context["optional_documents"]
    ]
    assert shown == labels
    assert len(response.context["required_documents"]) == len(required)
    html = response.content.decode()
    assert ("Opsional" in html) is bool(optional)
    offered = [code for code, _label in response.context["document_form"].fields["kind"].choices]
    assert offered == required + optional  # a perorangan is not offered a deed
    assert described_ids_missing(html) == []


def test_a_perorangan_cannot_upload_a_deed(world: World) -> None:
    form = DocumentForm({"kind": "akta"}, vendor_kind=VendorKind.PERORANGAN)
    assert "kind" in form.errors


@pytest.mark.parametrize("step", ["identitas", "usaha", "dokumen", "kirim"])
def test_every_described_by_id_exists_on_the_registration_steps(
    client: Client, world: World, step: str
) -> None:
    vendor = make_vendor(kind=VendorKind.BADAN_USAHA, owner="pemilik.baru")
    client = signed_in_owner(client, vendor)
    html = client.get(step_url(vendor, step)).content.decode()
    assert described_ids_missing(html) == []
    if step == "usaha":
        failed = client.post(step_url(vendor, step), {**BUSINESS, "phone": "x"}).content.decode()
        assert "id_phone_error" in failed
        assert described_ids_missing(failed) == []


def test_the_business_form_normalises_before_the_service(world: World) -> None:
    vendor = make_vendor()
    form = BusinessForm({**BUSINESS, "phone": "0812 3456 7890"}, vendor=vendor)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "081234567890"


@pytest.mark.parametrize(
    "url_name", ["accounts:login", "accounts:password-reset", "vendors:register"]
)
def test_every_described_by_id_exists_on_the_sign_in_and_sign_up_pages(
    client: Client, world: World, url_name: str
) -> None:
    html = client.get(reverse(url_name)).content.decode()
    assert "aria-describedby" in html or url_name != "vendors:register"
    assert described_ids_missing(html) == []


def test_a_new_password_from_a_reset_link_is_kept_after_an_error(world: World) -> None:
    user = world.user("pemilik.vendor")
    form = NewPasswordForm(
        user, {"new_password1": "Kuat-Sekali-2026", "new_password2": "Lain-Sekali-2026"}
    )
    assert not form.is_valid()
    assert 'value="Kuat-Sekali-2026"' in str(form["new_password1"])
