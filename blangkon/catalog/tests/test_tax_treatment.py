"""Tax treatment of a listed price (blangkon.taxes.treatment): pure, dated."""

import datetime
from decimal import Decimal

import pytest

from blangkon.taxes.treatment import ppn_breakdown, ppn_rate_on, tax_treatment

BEFORE_2022 = datetime.date(2022, 3, 31)
IN_2024 = datetime.date(2024, 12, 31)
IN_2025 = datetime.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("on", "nominal", "effective"),
    [
        (BEFORE_2022, Decimal(10), Decimal(10)),
        (datetime.date(2022, 4, 1), Decimal(11), Decimal(11)),
        (IN_2024, Decimal(11), Decimal(11)),
        (IN_2025, Decimal(12), Decimal(11)),
        (datetime.date(2031, 6, 1), Decimal(12), Decimal(11)),
    ],
)
def test_ppn_follows_the_dated_rates(
    on: datetime.date, nominal: Decimal, effective: Decimal
) -> None:
    rate = ppn_rate_on(on)
    assert rate.nominal_percent == nominal
    assert rate.effective_percent == effective
    treatment = tax_treatment(tax_class="goods", vendor_is_pkp=True, on=on)
    assert treatment.code == "ppn"
    assert treatment.ppn_included
    assert treatment.effective_ppn_rate == effective


def test_the_2025_label_differs_from_the_2024_label() -> None:
    label_2024 = str(tax_treatment(tax_class="goods", vendor_is_pkp=True, on=IN_2024).label)
    label_2025 = str(tax_treatment(tax_class="goods", vendor_is_pkp=True, on=IN_2025).label)
    assert label_2024 != label_2025
    assert "12" in label_2025
    assert "11/12" in label_2025


@pytest.mark.parametrize("tax_class", ["goods", "service", "construction"])
@pytest.mark.parametrize("on", [BEFORE_2022, IN_2024, IN_2025])
def test_a_non_pkp_vendor_charges_no_ppn(tax_class: str, on: datetime.date) -> None:
    treatment = tax_treatment(tax_class=tax_class, vendor_is_pkp=False, on=on)
    assert treatment.code == "non_pkp"
    assert not treatment.ppn_included
    assert treatment.effective_ppn_rate is None


@pytest.mark.parametrize("vendor_is_pkp", [True, False])
def test_catering_is_pbjt_not_ppn(vendor_is_pkp: bool) -> None:
    treatment = tax_treatment(tax_class="catering", vendor_is_pkp=vendor_is_pkp, on=IN_2025)
    assert treatment.code == "pbjt"
    assert not treatment.ppn_included
    assert treatment.effective_ppn_rate is None
    assert ppn_breakdown(50_000, treatment) == (50_000, 0)


def test_an_unknown_tax_class_or_a_date_before_ppn_is_refused() -> None:
    with pytest.raises(ValueError, match="tax class"):
        tax_treatment(tax_class="luxury", vendor_is_pkp=True, on=IN_2025)
    with pytest.raises(ValueError, match="PPN"):
        tax_treatment(tax_class="goods", vendor_is_pkp=True, on=datetime.date(1980, 1, 1))


@pytest.mark.parametrize(
    ("on", "price", "base", "ppn"),
    [
        (IN_2025, 11_100_000, 10_000_000, 1_100_000),  # docs/domain/taxes.md, example G1
        (IN_2024, 11_100_000, 10_000_000, 1_100_000),
        (IN_2025, 2_220_000, 2_000_000, 220_000),  # docs/domain/taxes.md, example P1
        (IN_2025, 2_220_001, 2_000_001, 220_000),  # example P2: 2.000.000,9 rounds up
        (IN_2025, 1_000, 901, 99),  # 900,90 rounds up
        (IN_2025, 100, 90, 10),  # 90,09 rounds down
        (IN_2025, 0, 0, 0),
        (BEFORE_2022, 11_000, 10_000, 1_000),
        (BEFORE_2022, 1_001, 910, 91),  # 910,0 exactly
    ],
)
def test_the_breakdown_rounds_half_up_and_adds_up(
    on: datetime.date, price: int, base: int, ppn: int
) -> None:
    treatment = tax_treatment(tax_class="goods", vendor_is_pkp=True, on=on)
    assert ppn_breakdown(price, treatment) == (base, ppn)
    assert base + ppn == price


def test_without_ppn_the_whole_price_is_the_base() -> None:
    treatment = tax_treatment(tax_class="goods", vendor_is_pkp=False, on=IN_2025)
    assert ppn_breakdown(5_000_000, treatment) == (5_000_000, 0)


@pytest.mark.parametrize("price", [1500.5, Decimal("1500"), True, -1])
def test_the_breakdown_takes_whole_non_negative_rupiah_only(price: object) -> None:
    treatment = tax_treatment(tax_class="goods", vendor_is_pkp=True, on=IN_2025)
    with pytest.raises((TypeError, ValueError)):
        ppn_breakdown(price, treatment)  # type: ignore[arg-type]
