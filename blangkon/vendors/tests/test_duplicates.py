"""Duplicate detection shown to the verifier."""

from blangkon.vendors.selectors import vendor_duplicates
from blangkon.vendors.tests.factories import BANK_ACCOUNT, NIK_FEMALE, NIK_OTHER, make_vendor
from conftest import World


def test_the_same_nik_npwp_nib_or_bank_account_on_another_vendor_is_reported(
    world: World,
) -> None:
    vendor = make_vendor(name="Katering Bu Siti", nib="9120001234567")
    twin = make_vendor(name="Warung Siti", region="33.24", nik=NIK_FEMALE, bank_account_number="1")
    same_bank = make_vendor(name="Toko Lain", nik=NIK_OTHER, bank_account_number=BANK_ACCOUNT)
    same_nib = make_vendor(
        name="CV Lain", kind="badan_usaha", nik=NIK_OTHER, nib="9120001234567",
        npwp="0999999999999000", bank_account_number="2",
    )  # fmt: skip
    make_vendor(name="Tidak Sama", nik=NIK_OTHER, bank_account_number="3")
    found = {(d.field, d.vendor_id) for d in vendor_duplicates(vendor=vendor)}
    assert found == {
        ("nik", twin.pk),
        ("bank_account_number", same_bank.pk),
        ("nib", same_nib.pk),
    }
    duplicate = next(d for d in vendor_duplicates(vendor=vendor) if d.vendor_id == twin.pk)
    assert (duplicate.vendor_name, duplicate.kab_kota) == ("Warung Siti", "Kabupaten Kendal")


def test_a_perorangan_nik_used_as_another_vendors_npwp_is_reported(world: World) -> None:
    vendor = make_vendor(name="Katering Bu Siti")
    other = make_vendor(
        name="CV Siti", kind="badan_usaha", nik=NIK_OTHER, npwp=NIK_FEMALE, nib="9120009999999",
        bank_account_number="4",
    )  # fmt: skip
    assert [(d.field, d.vendor_id) for d in vendor_duplicates(vendor=vendor)] == [("nik", other.pk)]


def test_a_vendor_is_not_its_own_duplicate_and_empty_values_never_match(world: World) -> None:
    vendor = make_vendor(nik="", npwp="", nib="", bank_account_number="")
    make_vendor(name="Lain", nik="", npwp="", nib="", bank_account_number="")
    assert vendor_duplicates(vendor=vendor) == []
