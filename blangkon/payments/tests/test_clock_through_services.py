"""The payment clock and the books on an order invoiced by the invoice service
(taxes from the engine) and paid through `mark_paid`, the step every payment
channel ends with."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import make_order, vendor_user
from blangkon.payments.books_selectors import bills_to_pay, withholding_summary
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.models import Collector, InvoiceTaxLine
from blangkon.payments.payment_clock import payment_due_on
from blangkon.payments.payment_core import locked_order, mark_paid
from blangkon.payments.tests.payment_factories import bast_signed_on, the_product

__all__ = ["market"]

pytestmark = pytest.mark.django_db


def test_an_invoice_from_the_service_is_on_the_clock_and_in_the_books(market: Market) -> None:
    order = make_order(market, S.BAST_DITANDATANGANI, the_product(market), 100)  # Rp2.500.000
    # Signed 30 days ago: whatever the holidays, 10 working days have passed.
    order = bast_signed_on(order, timezone.localdate() - datetime.timedelta(days=30))
    invoice = invoice_issue(user=vendor_user(market), order_id=order.pk)
    order = Order.objects.get(pk=order.pk)
    opd = market.world.opd_batang.pk

    [bill] = bills_to_pay(opd)
    assert (bill.invoice_number, bill.net_to_vendor) == (invoice.number, invoice.net_to_vendor)
    assert bill.due.due_on == payment_due_on(order)
    assert bill.due.overdue

    with transaction.atomic():
        payment = mark_paid(
            order=locked_order(order.pk),
            channel=PaymentChannel.TRANSFER,
            amount=invoice.net_to_vendor,
            paid_on=timezone.localdate(),
            reference="TRF-9",
            actor=market.world.user("bendahara.batang"),
            recorded_by=market.world.user("bendahara.batang"),
        )
    assert (payment.days_from_bast, payment.late) == (30, True)
    assert bills_to_pay(opd) == []

    # The engine's lines the bendahara withholds are this month's withholding.
    withheld = InvoiceTaxLine.objects.filter(invoice=invoice, collector=Collector.BENDAHARA)
    assert withheld.exists()  # above Rp2 juta from a PKP: PPh 22 and PPN
    summary = withholding_summary(opd, timezone.localdate().replace(day=1), personal_allowed=True)
    assert summary.amount == sum(line.amount for line in withheld)
    assert {total.type for total in summary.totals} == {line.type for line in withheld}
