"""invoice_issue and invoice_get on real orders: who may invoice, from which
status, what is stored, and every worked example of docs/domain/taxes.md
coming out to the rupiah through a real invoice."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, atk_input, catering_input, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.notifications.models import Notification
from blangkon.orders.models import Order, OrderFlag
from blangkon.orders.status import FlagKind, PaymentChannel
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, vendor_user
from blangkon.payments.invoice_selectors import invoice_find, invoice_get
from blangkon.payments.invoice_services import invoice_facts, invoice_issue, vendor_profile
from blangkon.payments.models import Invoice, InvoiceTaxLine
from blangkon.taxes.engine import TaxFacts, VendorProfile, calculate
from blangkon.vendors.models import LegalForm, VendorCertificate, VendorKind

__all__ = ["market"]

NPWP = "0123456789012345"


def _vendor_facts(market: Market, *, kind: str, pkp: bool, npwp: bool, sk_pp55: bool) -> None:
    """The Batang vendor's facts before the PPK signs (the order copies them)."""
    vendor = market.batang_vendor
    vendor.kind, vendor.is_pkp, vendor.npwp = kind, pkp, NPWP if npwp else ""
    vendor.legal_form = LegalForm.CV if kind == VendorKind.BADAN_USAHA else ""
    vendor.save(update_fields=["kind", "legal_form", "is_pkp", "npwp"])
    if sk_pp55:
        VendorCertificate.objects.create(vendor=vendor, kind="pp55", number="SK-PP55-1")


def _product(market: Market, tax_class: str, price: int) -> Product:
    if tax_class == "catering":
        data = catering_input(sku=f"KAT-{price}", price=price)
    elif tax_class == "service":
        data = atk_input(
            sku=f"JS-{price}",
            name="Jasa kebersihan kantor sebulan",
            category_slug="jasa-kebersihan",
            unit_code="paket-bulan",
            price=price,
            stock=None,
            made_to_order=True,
            lead_time_days=1,
        )
    else:
        data = atk_input(sku=f"ATK-{price}", price=price)
    return live_product(market, **data.__dict__)


def _bast_order(
    market: Market, tax_class: str, price: int, *, extra: dict[str, Any] | None = None
) -> Order:
    order = make_order(market, S.BAST_DITANDATANGANI, _product(market, tax_class, price))
    if extra:
        # Facts the vendor's profile does not record yet (invoice_services.OPTIONAL_FACTS).
        Order.objects.filter(pk=order.pk).update(
            vendor_tax_profile=order.vendor_tax_profile | extra
        )
    return order


# --- the move -----------------------------------------------------------------------


def test_the_vendor_invoices_a_signed_bast(market: Market) -> None:
    _vendor_facts(market, kind=VendorKind.BADAN_USAHA, pkp=True, npwp=True, sk_pp55=False)
    order = _bast_order(market, "goods", 11_100_000)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    order.refresh_from_db()
    assert order.status == S.DITAGIH
    assert order.invoiced_at is not None
    year = order.number.split("/")[1]
    assert invoice.number == f"INV/{year}/{order.number.split('/')[2]}"
    assert (invoice.price, invoice.dpp, invoice.ppn) == (11_100_000, 10_000_000, 1_100_000)
    assert (invoice.withheld, invoice.net_to_vendor) == (1_250_000, 9_850_000)
    assert invoice.collector == "bendahara"
    assert invoice.tax_date == timezone.localdate()
    assert invoice.rules_version == "pemungutan-2024-01-01"
    assert invoice.vendor_tax_profile["pkp"] is True
    assert NPWP not in str(invoice.vendor_tax_profile)  # facts, not the number
    lines = [
        (t.tax_class, t.type, t.collector, t.withheld, t.base, t.amount)
        for t in invoice.tax_lines.all()
    ]
    assert lines == [
        ("goods", "ppn", "bendahara", True, 10_000_000, 1_100_000),
        ("goods", "pph22", "bendahara", True, 10_000_000, 150_000),
    ]
    event = AuditEvent.objects.filter(object_id=str(order.pk)).latest("id")
    assert event.action == "order.ditagih"
    assert event.details["invoice"] == invoice.number
    told = Notification.objects.get(code="order.invoiced")
    assert told.recipient == market.world.user("bendahara.batang")
    assert told.params["net"] == "Rp9.850.000"


def test_the_engine_and_the_invoice_agree_on_the_same_facts(market: Market) -> None:
    order = _bast_order(market, "goods", 2_220_001)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    facts = invoice_facts(order, invoice.tax_date)
    result = calculate(
        TaxFacts(
            on=invoice.tax_date,
            price=order.payable_total,
            tax_class="goods",
            vendor=facts.vendor,
            collector="bendahara",
        )
    )
    assert (invoice.dpp, invoice.ppn, invoice.withheld, invoice.net_to_vendor) == (
        result.dpp,
        result.ppn,
        result.withheld,
        result.net_to_vendor,
    )
    stored = [
        (t.type, t.rate, t.base, t.amount, t.collector, t.legal_basis, t.rule_version)
        for t in invoice.tax_lines.all()
    ]
    assert stored == [
        (x.type, x.rate, x.base, x.amount, x.collector, x.legal_basis, x.rule_version)
        for x in result.lines
    ]


@pytest.mark.parametrize("who", ["ppk.batang", "bendahara.batang", "auditor.provinsi"])
def test_a_reader_who_is_not_the_vendor_is_refused(market: Market, who: str) -> None:
    order = _bast_order(market, "goods", 1_000_000)
    with pytest.raises(DomainError) as refused:
        invoice_issue(user=market.world.user(who), order_id=order.pk)
    assert refused.value.code == "not_allowed"
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("who", ["pp.kendal", "admin.kendal", "pemilik.kendal"])
def test_a_stranger_to_the_order_finds_nothing(market: Market, who: str) -> None:
    order = _bast_order(market, "goods", 1_000_000)
    with pytest.raises(NotFound):
        invoice_issue(user=market.user(who), order_id=order.pk)
    with pytest.raises(NotFound):
        invoice_issue(user=vendor_user(market), order_id=order.pk + 1000)
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("status", [S.DITERIMA, S.DIKIRIM, S.DIBATALKAN])
def test_before_the_bast_nothing_is_written(market: Market, status: str) -> None:
    order = make_order(market, status, live_product(market))
    history = order.status_changes.count()
    with pytest.raises(DomainError) as refused:
        invoice_issue(user=vendor_user(market), order_id=order.pk)
    assert refused.value.code == "invalid_transition"
    order.refresh_from_db()
    assert order.status == status
    assert order.invoiced_at is None
    assert order.status_changes.count() == history
    assert not Invoice.objects.exists()
    assert not InvoiceTaxLine.objects.exists()
    assert not Notification.objects.filter(code="order.invoiced").exists()


def test_invoicing_twice_writes_nothing_more(market: Market) -> None:
    order = _bast_order(market, "goods", 5_000_000)
    first = invoice_issue(user=vendor_user(market), order_id=order.pk)
    history = order.status_changes.count()
    again = invoice_issue(user=market.world.user("staf.vendor"), order_id=order.pk)
    assert again.pk == first.pk
    assert Invoice.objects.count() == 1
    assert InvoiceTaxLine.objects.count() == first.tax_lines.count()
    assert order.status_changes.count() == history
    assert Notification.objects.filter(code="order.invoiced").count() == 1


def test_a_paid_order_is_not_invoiced_again(market: Market) -> None:
    order = make_order(market, S.DIBAYAR, live_product(market))
    with pytest.raises(DomainError) as refused:
        invoice_issue(user=vendor_user(market), order_id=order.pk)
    assert refused.value.code == "invalid_transition"
    assert Invoice.objects.count() == 1


def test_readers_of_the_order_read_its_invoice(market: Market) -> None:
    order = _bast_order(market, "goods", 3_000_000)
    assert invoice_find(market.world.user("bendahara.batang"), order.pk) is None
    with pytest.raises(NotFound):
        invoice_get(market.world.user("bendahara.batang"), order.pk)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    for who in ("bendahara.batang", "ppk.batang", "auditor.provinsi", "admin.batang"):
        assert invoice_get(market.world.user(who), order.pk) == invoice
    for who in ("pp.kendal", "admin.kendal"):
        with pytest.raises(NotFound):
            invoice_get(market.world.user(who), order.pk)
        with pytest.raises(NotFound):
            invoice_find(market.world.user(who), order.pk)


def test_a_kkpd_order_collects_nothing(market: Market) -> None:
    _vendor_facts(market, kind=VendorKind.BADAN_USAHA, pkp=True, npwp=True, sk_pp55=False)
    order = _bast_order(market, "goods", 11_100_000)
    Order.objects.filter(pk=order.pk).update(payment_channel=PaymentChannel.KKPD)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    assert invoice.collector == "none_kkpd"
    assert (invoice.withheld, invoice.net_to_vendor, invoice.ppn) == (0, 11_100_000, 1_100_000)
    [ppn] = invoice.tax_lines.all()
    assert (ppn.type, ppn.collector, ppn.withheld) == ("ppn", "vendor", False)


def test_mixed_tax_classes_are_taxed_per_class_with_the_thresholds_on_the_whole(
    market: Market,
) -> None:
    """Rp1,110,000 of goods and Rp1,110,111 of cleaning: each part's HJ is
    below Rp2,000,000, but the payment's (Rp2,000,100) is not, and the
    thresholds are judged on the payment."""
    _vendor_facts(market, kind=VendorKind.BADAN_USAHA, pkp=True, npwp=True, sk_pp55=False)
    goods = _product(market, "goods", 1_110_000)
    service = _product(market, "service", 1_110_111)
    from blangkon.orders.services import cart_add
    from blangkon.orders.tests.order_factories import PATHS, buyer, checkout

    cart_add(user=buyer(market), product_id=goods.pk, quantity=1)
    order = checkout(market, service, 1).order
    assert order.lines.count() == 2
    for step in PATHS[S.BAST_DITANDATANGANI]:
        order = step(market, order)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    lines = [(t.tax_class, t.type, t.base, t.amount) for t in invoice.tax_lines.all()]
    # HJ 1,000,000 + 1,000,100 = 2,000,100 > Rp2,000,000: the bendahara collects
    # the PPN of both parts, PPh 22 on the goods and PPh 23 on the service.
    assert lines == [
        ("goods", "ppn", 1_000_000, 110_000),
        ("goods", "pph22", 1_000_000, 15_000),
        ("service", "ppn", 1_000_100, 110_011),
        ("service", "pph23", 1_000_100, 20_002),
    ]
    assert all(t.withheld for t in invoice.tax_lines.all())
    assert invoice.price == 2_220_111
    assert invoice.net_to_vendor == 2_220_111 - (110_000 + 15_000 + 110_011 + 20_002)
    # Taxed part by part on their own, the goods would be below both limits.
    alone = calculate(
        TaxFacts(on=invoice.tax_date, price=1_110_000, tax_class="goods", vendor=_pkp_cv())
    )
    assert alone.withheld == 0


def _pkp_cv() -> VendorProfile:
    return VendorProfile(kind="badan_usaha", pkp=True, npwp=True)


def test_the_snapshot_maps_to_the_engine_profile() -> None:
    on = datetime.date(2026, 6, 1)
    pp55 = {"number": "1", "expires_on": "2026-05-31", "status": "valid"}
    snapshot: dict[str, Any] = {
        "is_pkp": True,
        "npwp": NPWP,
        "kind": "perorangan",
        "scale": "mikro",
        "certificates": {"pp55": pp55},
    }
    assert vendor_profile(snapshot, on) == VendorProfile(kind="perorangan", pkp=True, npwp=True)
    pp55["expires_on"] = "2026-06-01"
    assert vendor_profile(snapshot, on).sk_pp55_valid is True
    pp55["status"] = "expired"
    assert vendor_profile(snapshot, on).sk_pp55_valid is False
    assert vendor_profile({}, on) == VendorProfile(kind="badan_usaha")


# --- every worked example of docs/domain/taxes.md, through a real invoice ----------


@dataclass(frozen=True)
class Example:
    id: str
    tax_class: str
    price: int
    kind: str
    net: int
    withheld: int
    pkp: bool = False
    npwp: bool = False
    sk_pp55: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    pihak_lain: bool = False
    pbjt_in_income_base: bool = False
    split: bool = False


B, P = VendorKind.BADAN_USAHA, VendorKind.PERORANGAN
NIK = {"nik_valid_as_npwp": True}
PBJT = {"pbjt_registered": True}
EXAMPLES = [
    Example("P1", "goods", 2_220_000, B, 2_220_000, 0, pkp=True, npwp=True),
    Example("P2", "goods", 2_220_001, B, 1_970_001, 250_000, pkp=True, npwp=True),
    Example("P3", "goods", 1_665_000, B, 1_477_500, 187_500, pkp=True, npwp=True, split=True),
    Example("V1-nik", "goods", 5_000_000, P, 4_925_000, 75_000, extra=NIK),
    Example("V1-npwp", "goods", 5_000_000, P, 4_925_000, 75_000, npwp=True),
    Example("V2", "goods", 5_000_000, P, 4_850_000, 150_000),
    Example("V3", "goods", 5_000_000, P, 4_975_000, 25_000, sk_pp55=True, extra=NIK),
    Example(
        "V4",
        "goods",
        5_000_000,
        P,
        5_000_000,
        0,
        sk_pp55=True,
        extra=NIK | {"turnover_statement": True},
    ),
    Example("V5", "goods", 1_900_000, P, 1_900_000, 0, extra=NIK),
    Example("G1", "goods", 11_100_000, B, 9_850_000, 1_250_000, pkp=True, npwp=True),
    Example("G2", "goods", 1_800_000, B, 1_800_000, 0, pkp=True, npwp=True),
    Example("G2-split", "goods", 1_800_000, B, 1_597_298, 202_702, pkp=True, npwp=True, split=True),
    Example(
        "M1", "goods", 11_100_000, B, 9_950_000, 1_150_000, pkp=True, npwp=True, pihak_lain=True
    ),
    Example("M2", "goods", 5_000_000, P, 4_975_000, 25_000, pihak_lain=True),
    Example("S1", "service", 22_200_000, B, 19_600_000, 2_600_000, pkp=True, npwp=True),
    Example(
        "C1",
        "catering",
        10_000_000,
        B,
        9_800_000,
        200_000,
        npwp=True,
        extra=PBJT,
        pbjt_in_income_base=True,
    ),
    Example("C2", "catering", 10_000_000, B, 9_818_182, 181_818, npwp=True, extra=PBJT),
    Example("C3", "catering", 10_000_000, P, 9_772_727, 227_273, extra=NIK | PBJT),
    Example(
        "C4-cv", "catering", 10_000_000, B, 9_954_545, 45_455, npwp=True, sk_pp55=True, extra=PBJT
    ),
    Example(
        "C4-individual",
        "catering",
        10_000_000,
        P,
        9_954_545,
        45_455,
        npwp=True,
        sk_pp55=True,
        extra=PBJT,
    ),
    Example("C5", "catering", 10_000_000, B, 9_800_000, 200_000, npwp=True),
    Example(
        "C6", "catering", 10_000_000, B, 9_954_545, 45_455, npwp=True, extra=PBJT, pihak_lain=True
    ),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_every_worked_example_through_a_real_invoice(market: Market, example: Example) -> None:
    _vendor_facts(
        market, kind=example.kind, pkp=example.pkp, npwp=example.npwp, sk_pp55=example.sk_pp55
    )
    order = _bast_order(market, example.tax_class, example.price, extra=example.extra)
    assert order.payable_total == example.price
    if example.split:
        OrderFlag.objects.create(order=order, kind=FlagKind.SPLIT_JUSTIFIED)
    with override_settings(
        BLANGKON_PIHAK_LAIN=example.pihak_lain,
        BLANGKON_PBJT_IN_INCOME_BASE=example.pbjt_in_income_base,
    ):
        invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    assert (invoice.net_to_vendor, invoice.withheld) == (example.net, example.withheld)
    assert invoice.collector == ("pihak_lain" if example.pihak_lain else "bendahara")
    stored = sum(t.amount for t in invoice.tax_lines.all() if t.withheld)
    assert stored == example.withheld


@pytest.mark.parametrize(("price", "duty"), [(5_000_000, 0), (5_000_001, 10_000)], ids=["B1", "B2"])
def test_b1_b2_the_receipt_of_the_invoiced_payment(market: Market, price: int, duty: int) -> None:
    """Stamp duty is owed on the kuitansi, not stored on the invoice: the
    invoice's own facts give it."""
    order = _bast_order(market, "goods", price)
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    taxes = invoice_facts(order, invoice.tax_date).taxes()
    assert sum(d.amount for d in taxes.stamp_duties if d.owed_by == "opd") == duty
    assert invoice.net_to_vendor == price - invoice.withheld  # never deducted


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_every_worked_example_through_the_public_preview(example: Example) -> None:
    """The same examples through POST /api/v1/taxes/preview (no login): the
    preview and the invoice call one engine, so they give the same rupiah."""
    from django.test import Client

    vendor = {
        "kind": example.kind,
        "pkp": example.pkp,
        "npwp": example.npwp,
        "sk_pp55_valid": example.sk_pp55,
        **example.extra,
    }
    body = {
        "date": timezone.localdate().isoformat(),
        "price": example.price,
        "tax_class": example.tax_class,
        "collector": "pihak_lain" if example.pihak_lain else "bendahara",
        "vendor": vendor,
        "split_slice": example.split,
        "pbjt_in_income_base": example.pbjt_in_income_base,
    }
    answer = Client().post("/api/v1/taxes/preview", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    result = answer.json()
    assert result["net_to_vendor"] == example.net
    assert example.price - result["net_to_vendor"] == example.withheld
