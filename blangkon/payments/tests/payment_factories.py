"""Invoiced and paid orders for the payment clock's and the books' tests.

The orders get to the signed BAST through the real services
(orders/tests/order_factories.make_order); the invoice, its tax lines and the
payment are written here as rows, with the BAST moved to the day a test needs,
so a test of the clock does not depend on how the invoice's service computes.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, vendor_user
from blangkon.orders.transitions import order_transition
from blangkon.payments.models import Collector, Invoice, InvoiceTaxLine, Payment
from blangkon.payments.payment_clock import days_from_bast, is_late

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Tax:
    """A tax line as the engine would give it."""

    type: str
    rate: str
    base: int
    amount: int
    collector: str = "bendahara"
    legal_basis: str = "PMK 34/2017 pasal 2 ayat (1) huruf b"

    @property
    def withheld(self) -> bool:
        return self.collector in ("bendahara", "pihak_lain")


def bast_signed_on(order: Order, day: datetime.date) -> Order:
    """Move the order's BAST to 10:00 Asia/Jakarta on `day`."""
    Order.objects.filter(pk=order.pk).update(
        bast_signed_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=JAKARTA)
    )
    order.refresh_from_db()
    return order


def invoice_rows(
    order: Order,
    taxes: tuple[Tax, ...] = (),
    *,
    issued_by: User,
    profile: dict[str, Any] | None = None,
) -> Invoice:
    """The invoice of a BAST_DITANDATANGANI order and its tax lines, the order
    moved to DITAGIH."""
    assert order.bast_signed_at is not None
    price = order.payable_total
    withheld = sum(tax.amount for tax in taxes if tax.withheld)
    invoice = Invoice.objects.create(
        order=order,
        number=f"INV/{order.number}",
        issued_by=issued_by,
        issued_at=order.bast_signed_at,
        tax_date=timezone.localdate(order.bast_signed_at),
        collector=Collector.BENDAHARA,
        price=price,
        dpp=price * 100 // 111,
        ppn=price - price * 100 // 111,
        withheld=withheld,
        net_to_vendor=price - withheld,
        vendor_tax_profile=order.vendor_tax_profile if profile is None else profile,
        rules_version="test",
    )
    for tax in taxes:
        InvoiceTaxLine.objects.create(
            invoice=invoice,
            tax_class="goods",
            type=tax.type,
            rate=Decimal(tax.rate),
            base=tax.base,
            amount=tax.amount,
            collector=tax.collector,
            withheld=tax.withheld,
            legal_basis=tax.legal_basis,
            rule_version="test",
        )
    order_transition(order_id=order.pk, to=S.DITAGIH, actor=invoice.issued_by)
    return invoice


def the_product(market: Market) -> Product:
    """The Batang vendor's live product, made on first use (one per test)."""
    product = Product.objects.filter(
        vendor=market.batang_vendor, status=ProductStatus.TAYANG
    ).first()
    return product or live_product(market, stock=100_000)


def invoiced_order(
    market: Market,
    bast_on: datetime.date,
    taxes: tuple[Tax, ...] = (),
    *,
    quantity: int = 1,
    profile: dict[str, Any] | None = None,
) -> Order:
    """An order of the Batang vendor whose BAST was signed on `bast_on`, invoiced."""
    order = make_order(market, S.BAST_DITANDATANGANI, the_product(market), quantity)
    order = bast_signed_on(order, bast_on)
    invoice_rows(order, taxes, issued_by=vendor_user(market), profile=profile)
    order.refresh_from_db()
    return order


def paid(market: Market, order: Order, paid_on: datetime.date) -> Payment:
    """The order's payment on `paid_on`, with the clock's facts, the order moved to DIBAYAR."""
    invoice = Invoice.objects.get(order=order)
    payment = Payment.objects.create(
        order=order,
        channel="transfer",
        amount=invoice.net_to_vendor,
        paid_on=paid_on,
        recorded_by=market.world.user("bendahara.batang"),
        reference="TRF-001",
        days_from_bast=days_from_bast(order, paid_on),
        late=is_late(order, paid_on),
    )
    order_transition(order_id=order.pk, to=S.DIBAYAR, actor=vendor_user(market))
    return payment
