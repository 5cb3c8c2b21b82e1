"""calculate_payment: a payment of several tax classes is taxed per class with
the thresholds judged on the whole payment (docs/domain/taxes.md, section 1)."""

import datetime

import pytest

from blangkon.taxes.engine import TaxFacts, VendorProfile, calculate
from blangkon.taxes.payment import calculate_payment

ON = datetime.date(2025, 6, 2)
PKP_CV = VendorProfile(kind="badan_usaha", pkp=True, npwp=True)


def test_one_class_is_exactly_the_engine() -> None:
    taxes = calculate_payment(on=ON, prices={"goods": 11_100_000}, vendor=PKP_CV)
    result = calculate(TaxFacts(on=ON, price=11_100_000, tax_class="goods", vendor=PKP_CV))
    assert [line for _class, line in taxes.lines] == list(result.lines)
    assert (taxes.dpp, taxes.ppn, taxes.withheld, taxes.net_to_vendor) == (
        result.dpp,
        result.ppn,
        result.withheld,
        result.net_to_vendor,
    )
    assert taxes.stamp_duties == result.stamp_duties


def test_parts_below_the_limit_of_a_payment_above_it_are_taxed() -> None:
    # HJ 1,000,000 of goods + 1,000,100 of service: 2,000,100 > Rp2,000,000.
    taxes = calculate_payment(
        on=ON, prices={"goods": 1_110_000, "service": 1_110_111}, vendor=PKP_CV
    )
    assert [(c, line.type, line.collector, line.amount) for c, line in taxes.lines] == [
        ("goods", "ppn", "bendahara", 110_000),
        ("goods", "pph22", "bendahara", 15_000),
        ("service", "ppn", "bendahara", 110_011),
        ("service", "pph23", "bendahara", 20_002),
    ]
    assert taxes.net_to_vendor == taxes.price - taxes.withheld == 2_220_111 - 255_013


def test_a_payment_within_the_limit_keeps_it_for_every_part() -> None:
    # HJ 1,000,000 + 1,000,000 = exactly Rp2,000,000: within the limit.
    taxes = calculate_payment(
        on=ON, prices={"goods": 1_110_000, "service": 1_110_000}, vendor=PKP_CV
    )
    assert [(c, line.type, line.collector) for c, line in taxes.lines] == [
        ("goods", "ppn", "vendor"),
        ("service", "ppn", "vendor"),
        ("service", "pph23", "bendahara"),  # PPh 23 has no threshold
    ]
    assert taxes.withheld == 20_000


def test_before_april_2022_the_ppn_limit_includes_ppn_and_pph22_keeps_its_own() -> None:
    # P 1,100,000 (HJ 1,000,000): above the old Rp1,000,000-including-PPN
    # limit for PPN, within the Rp2,000,000 PPh 22 limit.
    march = datetime.date(2022, 3, 1)
    taxes = calculate_payment(
        on=march, prices={"goods": 550_000, "service": 550_000}, vendor=PKP_CV
    )
    types = [(c, line.type, line.collector) for c, line in taxes.lines]
    assert ("goods", "ppn", "bendahara") in types
    assert not any(t == "pph22" for _c, t, _who in types)


def test_the_receipt_is_stamped_on_the_whole_payment() -> None:
    taxes = calculate_payment(
        on=ON, prices={"goods": 3_000_000, "catering": 3_000_000}, vendor=PKP_CV
    )
    assert [d.document for d in taxes.stamp_duties] == ["kuitansi"]


def test_refuses_empty_and_unknown_parts() -> None:
    with pytest.raises(ValueError, match="at least one"):
        calculate_payment(on=ON, prices={"goods": 0}, vendor=PKP_CV)
    with pytest.raises(ValueError, match="Unknown"):
        calculate_payment(on=ON, prices={"luxury": 1}, vendor=PKP_CV)


def test_a_part_cannot_exceed_its_payment() -> None:
    with pytest.raises(ValueError, match="part"):
        calculate(TaxFacts(on=ON, price=10, tax_class="goods", vendor=PKP_CV, payment_price=9))
