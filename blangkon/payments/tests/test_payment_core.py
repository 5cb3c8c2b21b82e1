"""The step every payment channel ends with: exactly one payment, of the
invoice's net, on an invoiced order."""

import pytest
from django.db import transaction
from django.utils import timezone

from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order, ppk
from blangkon.payments.models import Invoice, Payment
from blangkon.payments.payment_core import locked_order, mark_paid

__all__ = ["market"]

pytestmark = pytest.mark.django_db


def _invoiced(market: Market) -> tuple[Order, Invoice]:
    order = make_order(market, S.DITAGIH, live_product(market))
    # A bare invoice row: the invoice service's own tests cover its amounts.
    invoice, _ = Invoice.objects.get_or_create(
        order=order,
        defaults={
            "number": order.number.replace("BLK", "INV"),
            "issued_by": order.created_by,
            "issued_at": timezone.now(),
            "tax_date": timezone.localdate(),
            "collector": "bendahara",
            "price": order.payable_total,
            "dpp": order.payable_total,
            "ppn": 0,
            "withheld": 0,
            "net_to_vendor": order.payable_total,
            "rules_version": "test",
        },
    )
    return order, invoice


def _pay(market: Market, order: Order, amount: int) -> Payment:
    with transaction.atomic():
        return mark_paid(
            order=locked_order(order.pk),
            channel=PaymentChannel.TRANSFER,
            amount=amount,
            paid_on=timezone.localdate(),
            reference="TRF-1",
            actor=ppk(market),
        )


def test_an_invoiced_order_is_paid_once(market: Market) -> None:
    order, invoice = _invoiced(market)
    payment = _pay(market, order, invoice.net_to_vendor)
    order.refresh_from_db()
    assert order.status == S.DIBAYAR
    assert order.paid_at is not None
    assert (
        payment.days_from_bast
        == (timezone.localdate() - timezone.localdate(order.bast_signed_at)).days
    )
    with pytest.raises(DomainError) as again:
        _pay(market, order, invoice.net_to_vendor)
    assert again.value.code == "already_paid"
    assert Payment.objects.filter(order=order).count() == 1


def test_another_amount_is_refused_and_nothing_is_written(market: Market) -> None:
    order, invoice = _invoiced(market)
    with pytest.raises(DomainError) as refused:
        _pay(market, order, invoice.net_to_vendor - 1)
    assert refused.value.code == "amount_mismatch"
    order.refresh_from_db()
    assert order.status == S.DITAGIH
    assert not Payment.objects.filter(order=order).exists()


def test_an_order_without_invoice_state_is_refused(market: Market) -> None:
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market))
    with pytest.raises(DomainError) as refused:
        _pay(market, order, order.payable_total)
    assert refused.value.code == "invalid_transition"
