"""Reading a price as people write it: the one parser of the product form and
the bulk upload's price cells."""

from decimal import Decimal

import pytest
from django.utils import translation

from blangkon.core.money import RupiahParseError, parse_rupiah


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Rp 45.000", 45_000),
        ("Rp45.000", 45_000),
        ("rp. 45.000", 45_000),
        ("IDR 45000", 45_000),
        ("45.000", 45_000),
        ("45000", 45_000),
        ("45 000", 45_000),
        ("45\u00a0000", 45_000),
        ("45.000,00", 45_000),
        ("45.000,-", 45_000),
        ("  Rp 1.500.000  ", 1_500_000),
        (45_000, 45_000),
        (45_000.0, 45_000),
        (Decimal("45000"), 45_000),
        ("0", 0),
    ],
)
def test_whole_rupiah_is_read(value: object, expected: int) -> None:
    assert parse_rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("45,5", "tanpa sen"),
        ("45.000,50", "tanpa sen"),
        ("1500.5", "tanpa sen"),
        (45_000.5, "tanpa sen"),
        (Decimal("45000.50"), "tanpa sen"),
        ("45,000", "bukan koma"),
        ("1,500,000", "bukan koma"),
        ("-5.000", "lebih dari Rp0"),
        (-5000, "lebih dari Rp0"),
        ("1.50.0", "tanpa sen"),
        ("empat puluh ribu", "rupiah bulat"),
        ("Rp", "rupiah bulat"),
        (True, "rupiah bulat"),
        (float("nan"), "rupiah bulat"),
        ("9" * 41, "rupiah bulat"),
    ],
)
def test_decimal_ambiguous_or_odd_prices_are_refused_in_indonesian(
    value: object, says: str
) -> None:
    with translation.override("id"), pytest.raises(RupiahParseError) as refused:
        parse_rupiah(value)
    assert says in str(refused.value)
