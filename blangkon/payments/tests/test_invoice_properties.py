"""Properties of every invoice's taxes over random payments (hypothesis), and
the invoice service against the public preview API on the same facts.

The pure properties run on `calculate_payment`, the function invoice_issue
stores (one tax class: exactly `calculate`); the last tests issue real
invoices and ask the preview API about the same facts."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, vendor_user
from blangkon.payments.invoice_services import invoice_issue
from blangkon.taxes.dated import RuleOutOfRange
from blangkon.taxes.engine import (
    COLLECTION_RULES,
    COLLECTORS,
    TAX_CLASSES,
    VENDOR_KINDS,
    TaxFacts,
    VendorProfile,
    calculate,
)
from blangkon.taxes.payment import PaymentTaxes, calculate_payment

__all__ = ["market"]

# Repeatable (the same examples every run) and untimed: the machine may be busy.
PROPERTIES = settings(deadline=None, derandomize=True, max_examples=400)
MAX_PRICE = 10**10

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
dates = st.dates(datetime.date(2009, 1, 1), datetime.date(2026, 12, 31))
prices = st.integers(1, MAX_PRICE)
# One to four tax classes, each with its own part of the price.
parts = st.dictionaries(st.sampled_from(TAX_CLASSES), prices, min_size=1, max_size=4)


def _payment(
    on: datetime.date, prices_by_class: dict[str, int], vendor: VendorProfile, collector: str
) -> PaymentTaxes | None:
    """The taxes, or None where the rules refuse the date (before 2020, or a
    Pihak Lain before PMK 58/2022), which must then be refused, not guessed."""
    oldest = COLLECTION_RULES[0].starts_on
    pihak_lain_from = datetime.date(2022, 4, 1)
    refused = on < oldest or (collector == "pihak_lain" and on < pihak_lain_from)
    if refused:
        with pytest.raises(RuleOutOfRange):
            calculate_payment(on=on, prices=prices_by_class, vendor=vendor, collector=collector)
        return None
    return calculate_payment(on=on, prices=prices_by_class, vendor=vendor, collector=collector)


@PROPERTIES
@given(on=dates, prices_by_class=parts, vendor=vendors, collector=st.sampled_from(COLLECTORS))
def test_the_parts_add_up_and_nothing_is_negative(
    on: datetime.date, prices_by_class: dict[str, int], vendor: VendorProfile, collector: str
) -> None:
    taxes = _payment(on, prices_by_class, vendor, collector)
    if taxes is None:
        return
    assert taxes.price == sum(prices_by_class.values())
    assert taxes.net_to_vendor == taxes.price - taxes.withheld
    assert 0 <= taxes.net_to_vendor <= taxes.price
    assert 0 <= taxes.withheld <= taxes.price
    assert 0 <= taxes.dpp <= taxes.price
    for part in taxes.parts:
        result = part.result
        assert result.price == prices_by_class[part.tax_class]
        # The price is the base plus the tax inside it (PPN, or PBJT for catering).
        assert result.dpp + result.ppn + result.pbjt == result.price
        for line in result.lines:
            assert isinstance(line.amount, int)
            assert line.amount >= 0
            assert isinstance(line.base, int)
            assert line.base >= 0
            assert line.withheld == (line.collector in ("bendahara", "pihak_lain"))
    withheld_lines = sum(line.amount for _class, line in taxes.lines if line.withheld)
    assert withheld_lines == taxes.withheld


@PROPERTIES
@given(on=dates, price=prices, tax_class=st.sampled_from(TAX_CLASSES), vendor=vendors)
def test_one_tax_class_is_exactly_the_engine(
    on: datetime.date, price: int, tax_class: str, vendor: VendorProfile
) -> None:
    taxes = _payment(on, {tax_class: price}, vendor, "bendahara")
    if taxes is None:
        return
    result = calculate(TaxFacts(on=on, price=price, tax_class=tax_class, vendor=vendor))
    assert [line for _class, line in taxes.lines] == list(result.lines)
    assert (taxes.dpp, taxes.ppn, taxes.withheld) == (result.dpp, result.ppn, result.withheld)


@PROPERTIES
@given(
    on=st.dates(datetime.date(2022, 4, 1), datetime.date(2026, 12, 31)),
    prices_by_class=parts,
    vendor=vendors,
)
def test_above_the_limit_the_bendahara_collects_the_ppn_of_every_part(
    on: datetime.date, prices_by_class: dict[str, int], vendor: VendorProfile
) -> None:
    """The Rp2,000,000 limit (HJ) is judged on the whole payment: when the
    payment is above it, no part keeps its PPN to the vendor, however small."""
    taxes = _payment(on, prices_by_class, vendor, "bendahara")
    assert taxes is not None
    ppn_lines = [line for _class, line in taxes.lines if line.type == "ppn"]
    if taxes.dpp > 2_000_000:
        assert all(line.collector == "bendahara" for line in ppn_lines)
    else:
        assert all(line.collector == "vendor" for line in ppn_lines)
        assert not any(line.type == "pph22" for _class, line in taxes.lines)


# --- the invoice and the public preview, on the same facts -----------------------


SAME_FACTS = [
    # (tax class, price, vendor's kind, is_pkp, npwp, PP 55 certificate, channel)
    ("goods", 11_100_000, "badan_usaha", True, True, False, "va"),
    ("goods", 2_220_001, "badan_usaha", True, True, False, "transfer"),
    ("goods", 5_000_000, "perorangan", False, False, False, "ls_sp2d"),
    ("goods", 5_000_000, "perorangan", False, True, True, "va"),
    ("goods", 11_100_000, "badan_usaha", True, True, False, "kkpd"),
    ("service", 22_200_000, "badan_usaha", True, True, False, "va"),
    ("catering", 10_000_000, "badan_usaha", False, True, False, "va"),
]


def _order(market: Market, fact: tuple[Any, ...]) -> Order:
    tax_class, price, kind, pkp, npwp, sk_pp55, channel = fact
    from blangkon.catalog.tests.factories import atk_input, catering_input
    from blangkon.vendors.models import LegalForm, VendorCertificate

    vendor = market.batang_vendor
    vendor.kind, vendor.is_pkp, vendor.npwp = kind, pkp, "0123456789012345" if npwp else ""
    vendor.legal_form = LegalForm.CV if kind == "badan_usaha" else ""
    vendor.save(update_fields=["kind", "legal_form", "is_pkp", "npwp"])
    if sk_pp55:
        VendorCertificate.objects.create(vendor=vendor, kind="pp55", number="SK-1")
    if tax_class == "catering":
        data = catering_input(price=price)
    elif tax_class == "service":
        data = atk_input(
            category_slug="jasa-kebersihan",
            unit_code="paket-bulan",
            price=price,
            stock=None,
            made_to_order=True,
            lead_time_days=1,
        )
    else:
        data = atk_input(price=price)
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market, **data.__dict__))
    Order.objects.filter(pk=order.pk).update(payment_channel=channel)
    return order


@pytest.mark.parametrize("fact", SAME_FACTS, ids=[f"{f[0]}-{f[1]}-{f[6]}" for f in SAME_FACTS])
def test_the_invoice_equals_the_preview_api_on_the_same_facts(
    market: Market, fact: tuple[Any, ...]
) -> None:
    order = _order(market, fact)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    profile = invoice.vendor_tax_profile
    body = {
        "date": invoice.tax_date.isoformat(),
        "price": invoice.price,
        "tax_class": fact[0],
        "collector": invoice.collector,
        "vendor": {
            name: profile[name]
            for name in (
                "kind",
                "pkp",
                "npwp",
                "nik_valid_as_npwp",
                "sk_pp55_valid",
                "turnover_statement",
                "pbjt_registered",
            )
        },
    }
    answer = Client().post("/api/v1/taxes/preview", body, content_type="application/json")
    assert answer.status_code == 200, answer.json()
    preview = answer.json()
    assert (preview["dpp"], preview["ppn"], preview["net_to_vendor"]) == (
        invoice.dpp,
        invoice.ppn,
        invoice.net_to_vendor,
    )
    assert [
        (line["type"], Decimal(line["rate"]), line["base"], line["amount"], line["collector"])
        for line in preview["lines"]
    ] == [
        (line.type, line.rate, line.base, line.amount, line.collector)
        for line in invoice.tax_lines.all()
    ]
