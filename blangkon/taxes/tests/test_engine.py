"""The tax engine (blangkon.taxes.engine) against every worked example of
docs/domain/taxes.md, cited by its id, and properties that hold for any payment."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blangkon.taxes.dated import RuleOutOfRange
from blangkon.taxes.engine import (
    COLLECTORS,
    TAX_CLASSES,
    VENDOR_KINDS,
    TaxFacts,
    TaxResult,
    VendorProfile,
    calculate,
)

IN_2025 = datetime.date(2025, 6, 2)

PKP_CV = VendorProfile(kind="badan_usaha", pkp=True, npwp=True)
CV = VendorProfile(kind="badan_usaha", npwp=True)
INDIVIDUAL = VendorProfile(kind="perorangan", nik_valid_as_npwp=True)


def taxes(price: int, tax_class: str, vendor: VendorProfile, **facts: object) -> TaxResult:
    on = facts.pop("on", IN_2025)
    assert isinstance(on, datetime.date)
    return calculate(TaxFacts(on=on, price=price, tax_class=tax_class, vendor=vendor, **facts))  # type: ignore[arg-type]


def line_types(result: TaxResult) -> list[tuple[str, str]]:
    return [(line.type, line.collector) for line in result.lines]


# --- section 4: PPN and the Rp2,000,000 limit (P1–P3) ---


def test_p1_at_the_limit_the_vendor_remits_the_ppn_and_no_pph22() -> None:
    result = taxes(2_220_000, "goods", PKP_CV)
    assert (result.dpp, result.ppn) == (2_000_000, 220_000)
    assert result.ppn_self_remitted_by_vendor == 220_000
    assert result.ppn_collected_by_buyer == 0
    assert result.pph22 == 0
    assert result.net_to_vendor == 2_220_000
    assert result.withheld == 0  # the bendahara remits nothing
    assert "ppn_below_threshold" in result.notes
    assert "pph22_below_threshold" in result.notes


def test_p2_one_rupiah_above_the_limit_the_bendahara_collects() -> None:
    result = taxes(2_220_001, "goods", PKP_CV)
    assert (result.dpp, result.ppn_collected_by_buyer, result.pph22) == (2_000_001, 220_000, 30_000)
    assert result.net_to_vendor == 1_970_001
    assert result.withheld == 250_000


def test_p3_each_slice_of_a_split_transaction_is_taxed() -> None:
    result = taxes(1_665_000, "goods", PKP_CV, split_slice=True)
    assert (result.ppn_collected_by_buyer, result.pph22) == (165_000, 22_500)
    assert result.net_to_vendor == 1_477_500
    assert result.withheld == 187_500


# --- section 5: PPh 22 on goods (V1–V5, G1, G2) ---


@pytest.mark.parametrize(
    "vendor",
    [
        VendorProfile(kind="perorangan", nik_valid_as_npwp=True),
        VendorProfile(kind="perorangan", npwp=True),
    ],
    ids=["nik", "npwp"],
)
def test_v1_pph22_at_one_and_a_half_percent(vendor: VendorProfile) -> None:
    result = taxes(5_000_000, "goods", vendor)
    assert line_types(result) == [("pph22", "bendahara")]
    assert result.lines[0].rate == Decimal("1.5")
    assert (result.pph22, result.net_to_vendor) == (75_000, 4_925_000)
    assert result.stamp_duties == ()  # not above Rp5,000,000


def test_v2_without_npwp_or_valid_nik_pph22_is_three_percent() -> None:
    result = taxes(5_000_000, "goods", VendorProfile(kind="perorangan"))
    assert (result.pph22, result.net_to_vendor) == (150_000, 4_850_000)
    assert result.lines[0].legal_basis == "UU PPh Pasal 22 ayat (3)"


def test_v3_sk_pp55_gives_the_final_half_percent_instead() -> None:
    vendor = VendorProfile(kind="perorangan", nik_valid_as_npwp=True, sk_pp55_valid=True)
    result = taxes(5_000_000, "goods", vendor)
    assert line_types(result) == [("pph_final", "bendahara")]
    assert (result.pph_final, result.pph22, result.net_to_vendor) == (25_000, 0, 4_975_000)


def test_v4_sk_pp55_and_turnover_statement_nothing_is_withheld() -> None:
    vendor = VendorProfile(
        kind="perorangan", nik_valid_as_npwp=True, sk_pp55_valid=True, turnover_statement=True
    )
    result = taxes(5_000_000, "goods", vendor)
    assert result.lines == ()
    assert result.net_to_vendor == 5_000_000
    assert "turnover_statement" in result.notes


def test_v5_goods_below_the_limit_carry_no_pph22() -> None:
    result = taxes(1_900_000, "goods", INDIVIDUAL)
    assert result.lines == ()
    assert result.net_to_vendor == 1_900_000


def test_g1_goods_through_the_bendahara() -> None:
    result = taxes(11_100_000, "goods", PKP_CV)
    assert (result.dpp, result.ppn_collected_by_buyer, result.pph22) == (
        10_000_000,
        1_100_000,
        150_000,
    )
    assert result.net_to_vendor == 9_850_000
    assert result.withheld == 1_250_000
    ppn = result.lines[0]
    assert (ppn.rate, ppn.base, ppn.rule_version) == (Decimal(11), 10_000_000, "ppn-2025-01-01")
    assert "PMK 131/2024" in ppn.legal_basis


def test_g2_below_the_limit_the_shop_keeps_the_ppn() -> None:
    result = taxes(1_800_000, "goods", PKP_CV)
    assert (result.dpp, result.ppn_self_remitted_by_vendor) == (1_621_622, 178_378)
    assert result.net_to_vendor == 1_800_000


def test_g2_split_each_invoice_is_taxed() -> None:
    result = taxes(1_800_000, "goods", PKP_CV, split_slice=True)
    assert (result.ppn_collected_by_buyer, result.pph22) == (178_378, 24_324)
    assert result.net_to_vendor == 1_597_298


# --- section 6: a Pihak Lain (M1, M2) ---


def test_m1_pkp_vendor_through_a_pihak_lain() -> None:
    result = taxes(11_100_000, "goods", PKP_CV, collector="pihak_lain")
    assert line_types(result) == [("ppn", "pihak_lain"), ("pph22", "pihak_lain")]
    assert (result.ppn_collected_by_buyer, result.pph22) == (1_100_000, 50_000)
    assert result.net_to_vendor == 9_950_000
    assert result.withheld == 1_150_000
    assert result.lines[1].legal_basis == "PMK 58/2022 Pasal 5"


def test_m2_non_pkp_individual_through_a_pihak_lain() -> None:
    result = taxes(5_000_000, "goods", VendorProfile(kind="perorangan"), collector="pihak_lain")
    assert (result.ppn, result.pph22, result.net_to_vendor) == (0, 25_000, 4_975_000)


def test_pihak_lain_collects_from_sk_pp55_holders_and_below_the_limit() -> None:
    vendor = VendorProfile(kind="perorangan", sk_pp55_valid=True, turnover_statement=True)
    result = taxes(1_000_000, "goods", vendor, collector="pihak_lain")
    assert (result.pph22, result.pph_final) == (5_000, 0)
    assert "pp55_through_pihak_lain" in result.notes


# --- section 7: PPh 23 (S1) ---


def test_s1_cleaning_service_from_a_pkp_pt() -> None:
    result = taxes(22_200_000, "service", PKP_CV)
    assert (result.ppn_collected_by_buyer, result.pph23) == (2_200_000, 400_000)
    assert result.net_to_vendor == 19_600_000
    assert result.withheld == 2_600_000


def test_pph23_has_no_threshold_and_is_four_percent_without_npwp() -> None:
    result = taxes(1_000_000, "service", VendorProfile(kind="badan_usaha"))
    assert (result.pph23, result.lines[0].rate) == (40_000, Decimal(4))


# --- section 10: catering (C1–C6) ---

CATERING_CV = VendorProfile(kind="badan_usaha", npwp=True, pbjt_registered=True)


def test_catering_splits_out_pbjt_for_the_caterer_to_remit() -> None:
    result = taxes(10_000_000, "catering", CATERING_CV)
    assert (result.dpp, result.pbjt, result.ppn) == (9_090_909, 909_091, 0)
    pbjt = result.lines[0]
    assert (pbjt.type, pbjt.collector, pbjt.rate) == ("pbjt", "vendor", Decimal(10))


def test_c1_cv_with_pbjt_in_the_base() -> None:
    result = taxes(10_000_000, "catering", CATERING_CV, pbjt_in_income_base=True)
    assert (result.pph23, result.net_to_vendor) == (200_000, 9_800_000)


def test_c2_cv_with_pbjt_out_of_the_base_by_default() -> None:
    result = taxes(10_000_000, "catering", CATERING_CV)
    assert (result.pph23, result.net_to_vendor) == (181_818, 9_818_182)
    assert "pbjt_excluded_from_base" in result.notes


def test_c3_individual_caterer_pph21_first_bracket_half_up() -> None:
    vendor = VendorProfile(kind="perorangan", nik_valid_as_npwp=True, pbjt_registered=True)
    result = taxes(10_000_000, "catering", vendor)
    assert line_types(result) == [("pbjt", "vendor"), ("pph21", "bendahara")]
    assert result.lines[1].rate == Decimal("2.5")
    assert (result.pph21, result.net_to_vendor) == (227_273, 9_772_727)
    assert "pph21_first_bracket" in result.notes


@pytest.mark.parametrize("kind", ["badan_usaha", "perorangan"])
def test_c4_sk_pp55_caterer_half_percent_half_up(kind: str) -> None:
    vendor = VendorProfile(kind=kind, npwp=True, sk_pp55_valid=True, pbjt_registered=True)
    result = taxes(10_000_000, "catering", vendor)
    assert (result.pph_final, result.net_to_vendor) == (45_455, 9_954_545)


def test_c5_cv_below_the_pbjt_threshold() -> None:
    result = taxes(10_000_000, "catering", CV)
    assert (result.pbjt, result.pph23, result.net_to_vendor) == (0, 200_000, 9_800_000)


def test_c6_catering_through_a_pihak_lain() -> None:
    result = taxes(10_000_000, "catering", CATERING_CV, collector="pihak_lain")
    assert (result.pph22, result.net_to_vendor) == (45_455, 9_954_545)


# --- section 11: bea meterai (B1–B3) ---


def test_b1_a_receipt_of_exactly_five_million_carries_no_duty() -> None:
    assert taxes(5_000_000, "goods", CV).stamp_duties == ()


def test_b2_a_receipt_above_five_million_is_owed_by_the_opd() -> None:
    result = taxes(5_000_001, "goods", CV)
    [duty] = result.stamp_duties
    assert (duty.document, duty.amount, duty.owed_by) == ("kuitansi", 10_000, "opd")
    assert result.bea_meterai_opd == 10_000
    assert result.net_to_vendor == 5_000_001 - result.pph22  # owed, never deducted


def test_b3_surat_pesanan_each_party_stamps_its_copy() -> None:
    result = taxes(1_500_000, "goods", CV, surat_pesanan=True)
    assert [(d.document, d.amount, d.owed_by) for d in result.stamp_duties] == [
        ("surat_pesanan", 10_000, "opd"),
        ("surat_pesanan", 10_000, "vendor"),
    ]
    assert (result.bea_meterai_opd, result.bea_meterai_vendor) == (10_000, 10_000)


# --- other paths and refusals ---


def test_kkpd_the_vendor_remits_ppn_and_goods_carry_no_pph22() -> None:
    result = taxes(11_100_000, "goods", PKP_CV, collector="none_kkpd")
    assert line_types(result) == [("ppn", "vendor")]
    assert (result.ppn_self_remitted_by_vendor, result.net_to_vendor) == (1_100_000, 11_100_000)


def test_kkpd_services_are_flagged_as_open() -> None:
    result = taxes(22_200_000, "service", PKP_CV, collector="none_kkpd")
    assert result.pph23 == 0
    assert "kkpd_service_open" in result.notes


def test_construction_has_ppn_but_no_income_tax_line() -> None:
    result = taxes(22_200_000, "construction", PKP_CV)
    assert line_types(result) == [("ppn", "bendahara")]
    assert "construction_not_modelled" in result.notes


def test_skb_holder_has_nothing_withheld() -> None:
    result = taxes(22_200_000, "service", VendorProfile(kind="badan_usaha", npwp=True, skb=True))
    assert result.lines == ()
    assert "skb" in result.notes


def test_individual_service_without_identity_pays_twenty_percent_more() -> None:
    result = taxes(10_000_000, "service", VendorProfile(kind="perorangan"))
    assert (result.pph21, result.lines[0].rate) == (300_000, Decimal(3))


# --- dated rules ---


def test_march_2022_uses_ppn_ten_percent_and_the_older_limit() -> None:
    march = datetime.date(2022, 3, 31)
    result = taxes(11_000_000, "goods", PKP_CV, on=march)
    assert (result.dpp, result.ppn_collected_by_buyer) == (10_000_000, 1_000_000)
    assert result.lines[0].rule_version == "ppn-1985-04-01"
    assert result.lines[1].rule_version == "pemungutan-2020-01-01"
    # Before PMK 59/2022 the limit was Rp1,000,000 including PPN.
    assert taxes(1_100_000, "goods", PKP_CV, on=march).ppn_collected_by_buyer == 100_000
    assert taxes(1_000_000, "goods", PKP_CV, on=march).ppn_collected_by_buyer == 0


def test_april_2022_uses_ppn_eleven_percent_and_the_new_limit() -> None:
    april = datetime.date(2022, 4, 1)
    result = taxes(1_110_000, "goods", PKP_CV, on=april)
    assert (result.ppn_self_remitted_by_vendor, result.ppn_collected_by_buyer) == (110_000, 0)
    assert result.lines[0].rule_version == "ppn-2022-04-01"


def test_refuses_dates_before_the_oldest_rules_and_pihak_lain_before_pmk_58() -> None:
    with pytest.raises(RuleOutOfRange):
        taxes(1_000_000, "goods", CV, on=datetime.date(2019, 12, 31))
    with pytest.raises(RuleOutOfRange):
        taxes(1_000_000, "goods", CV, on=datetime.date(2022, 3, 31), collector="pihak_lain")


@pytest.mark.parametrize(
    ("field", "value"),
    [("tax_class", "luxury"), ("collector", "anyone"), ("price", -1)],
)
def test_refuses_unknown_facts(field: str, value: object) -> None:
    facts = {"on": IN_2025, "price": 1, "tax_class": "goods", "vendor": CV, field: value}
    with pytest.raises(ValueError, match="Unknown|non-negative"):
        calculate(TaxFacts(**facts))  # type: ignore[arg-type]


# --- properties of every payment ---

vendors = st.builds(
    VendorProfile,
    kind=st.sampled_from(VENDOR_KINDS),
    pkp=st.booleans(),
    npwp=st.booleans(),
    nik_valid_as_npwp=st.booleans(),
    sk_pp55_valid=st.booleans(),
    turnover_statement=st.booleans(),
    skb=st.booleans(),
    pbjt_registered=st.booleans(),
    pbjt_percent=st.sampled_from([Decimal(0), Decimal(5), Decimal("7.5"), Decimal(10)]),
)
# Repeatable (the same examples every run) and untimed: the machine may be busy.
PROPERTIES = settings(deadline=None, derandomize=True, max_examples=300)
payments = st.builds(
    TaxFacts,
    on=st.dates(datetime.date(2022, 4, 1), datetime.date(2030, 12, 31)),
    price=st.integers(0, 10**12),
    tax_class=st.sampled_from(TAX_CLASSES),
    vendor=vendors,
    collector=st.sampled_from(COLLECTORS),
    split_slice=st.booleans(),
    pbjt_in_income_base=st.booleans(),
    surat_pesanan=st.booleans(),
)


@PROPERTIES
@given(payments)
def test_what_reaches_the_vendor_and_what_is_withheld_add_up_to_the_price(facts: TaxFacts) -> None:
    result = calculate(facts)
    assert result.net_to_vendor + result.withheld == facts.price
    assert result.ppn == result.ppn_collected_by_buyer + result.ppn_self_remitted_by_vendor
    assert result.dpp + result.ppn + result.pbjt == facts.price


@PROPERTIES
@given(payments)
def test_every_amount_is_a_non_negative_whole_rupiah(facts: TaxFacts) -> None:
    result = calculate(facts)
    amounts = [line.amount for line in result.lines] + [line.base for line in result.lines]
    amounts += [d.amount for d in result.stamp_duties] + [result.dpp, result.net_to_vendor]
    for amount in amounts:
        assert type(amount) is int
        assert amount >= 0
    for line in result.lines:
        assert isinstance(line.rate, Decimal)
        assert line.rule_version
        assert line.legal_basis


@PROPERTIES
@given(payments)
def test_each_line_is_its_rate_of_its_base_rounded_half_up(facts: TaxFacts) -> None:
    for line in calculate(facts).lines:
        if line.type in ("ppn", "pbjt"):
            continue  # the remainder of the price, P − base
        exact = line.base * line.rate / 100
        assert abs(line.amount - exact) <= Decimal("0.5")
        assert line.amount - exact != Decimal("-0.5")  # a half goes up
