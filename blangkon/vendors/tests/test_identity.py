"""NIK, NPWP and NIB checks, and the name comparison behind the bank flag."""

import datetime

import pytest

from blangkon.core.errors import DomainError
from blangkon.vendors.identity import (
    names_match,
    nik_birth_date,
    validate_nib,
    validate_nik,
    validate_npwp,
)

TODAY = datetime.date(2026, 11, 23)


def test_a_mans_nik_is_accepted_and_gives_his_birth_date() -> None:
    assert validate_nik("3325011205850003", today=TODAY) == "3325011205850003"
    assert nik_birth_date("3325011205850003", today=TODAY) == datetime.date(1985, 5, 12)


def test_a_womans_nik_carries_the_day_plus_40() -> None:
    assert validate_nik("3325015208900001", today=TODAY) == "3325015208900001"
    assert nik_birth_date("3325015208900001", today=TODAY) == datetime.date(1990, 8, 12)


def test_spaces_in_a_nik_are_removed() -> None:
    assert validate_nik(" 3325 0112 0585 0003 ", today=TODAY) == "3325011205850003"


def test_a_two_digit_year_up_to_this_year_is_read_as_20yy() -> None:
    assert nik_birth_date("3325010101050001", today=TODAY) == datetime.date(2005, 1, 1)
    assert nik_birth_date("3325010101270001", today=TODAY) == datetime.date(1927, 1, 1)


@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        ("3325013102900001", "31 February"),
        ("3325012902990001", "29 February 1999, not a leap year"),
        ("3325017202900001", "day 32 for a woman (72 - 40)"),
        ("3325010013900001", "month 13"),
        ("3325010000900001", "day 00"),
        ("3325011205850000", "serial number 0000"),
        ("9925011205850003", "province 99 does not exist"),
        ("3300011205850003", "kab/kota 00"),
        ("3325001205850003", "kecamatan 00"),
        ("332501120585000A", "a letter"),
        ("33250112058500031", "17 digits"),
        ("332501120585", "12 digits"),
        ("", "empty"),
        ("3325011212260001", "born in the future (12 Dec 2026)"),
    ],
)
def test_an_impossible_nik_is_refused_with_a_message_on_the_field(nik: str, reason: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_nik(nik, today=TODAY)
    assert caught.value.code == "invalid_nik", reason
    assert "nik" in caught.value.fields


def test_29_february_of_a_leap_year_is_a_real_birth_date() -> None:
    assert validate_nik("3325012902000001", today=TODAY) == "3325012902000001"
    assert validate_nik("3325016902960001", today=TODAY) == "3325016902960001"  # woman, 1996


def test_the_field_name_of_a_nik_error_can_be_chosen() -> None:
    with pytest.raises(DomainError) as caught:
        validate_nik("123", field="person_nik", today=TODAY)
    assert set(caught.value.fields) == {"person_nik"}


def test_a_15_digit_npwp_is_normalised_to_16_digits() -> None:
    assert validate_npwp("01.234.567.8-901.000") == "0012345678901000"
    assert validate_npwp("012345678901000") == "0012345678901000"


def test_a_16_digit_npwp_is_kept() -> None:
    assert validate_npwp("3325 0152 0890 0001") == "3325015208900001"


@pytest.mark.parametrize("npwp", ["0123456789012", "01234567890120001", "01.234.567.8-901.00A", ""])
def test_a_malformed_npwp_is_refused(npwp: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_npwp(npwp)
    assert caught.value.code == "invalid_npwp"
    assert "npwp" in caught.value.fields


def test_a_13_digit_nib_is_accepted() -> None:
    assert validate_nib("9120 0012 34567") == "9120001234567"


@pytest.mark.parametrize("nib", ["912000123456", "91200012345678", "912000123456X"])
def test_a_nib_without_exactly_13_digits_is_refused(nib: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_nib(nib)
    assert caught.value.code == "invalid_nib"
    assert "nib" in caught.value.fields


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Siti Aminah", "SITI AMINAH"),
        ("Hj. Siti Aminah", "Siti Aminah"),
        ("H. Ahmad Fauzi, S.E.", "AHMAD FAUZI"),
        ("CV Sumber Rejeki", "CV. SUMBER REJEKI"),
        ("PT Maju Jaya", "Maju Jaya, PT"),
        ("UD Makmur Jaya", "Makmur-Jaya"),
        ("Dr. Ir. Bambang Wijaya", "bambang  wijaya"),
    ],
)
def test_names_that_denote_the_same_holder_match(a: str, b: str) -> None:
    assert names_match(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Siti Aminah", "Siti Rahayu"),
        ("CV Sumber Rejeki", "CV Sumber Rejeki Abadi"),
        ("Budi Santoso", ""),
        ("", ""),
    ],
)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not names_match(a, b)
