"""The paying steps of the test orders, through the services: the channel
chosen, the invoice, an LS payment, the completion.

The orders' own factories (orders/tests/order_factories.py PATHS) use these
steps for DITAGIH, DIBAYAR and SELESAI, so this module imports nothing of
them (payment_factories.py, which builds on those factories, may)."""

import datetime
from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.catalog.tests.factories import Market
from blangkon.orders.models import Order
from blangkon.orders.order_services import order_set_payment_channel
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.payment_services import order_complete, payment_record_ls


def bendahara(market: Market) -> User:
    return market.world.user("bendahara.batang")


def invoice_step(market: Market, order: Order) -> Order:
    """BAST_DITANDATANGANI → DITAGIH: the vendor invoices (the invoice service)."""
    invoice_issue(user=market.batang_owner, order_id=order.pk)
    return Order.objects.get(pk=order.pk)


def channel_step(channel: str) -> Callable[[Market, Order], Order]:
    def step(market: Market, order: Order) -> Order:
        """The bendahara chooses the channel before the invoice."""
        return order_set_payment_channel(user=bendahara(market), order_id=order.pk, channel=channel)

    return step


def pay_ls_step(market: Market, order: Order) -> Order:
    today = timezone.localdate()
    payment_record_ls(
        user=bendahara(market),
        order_id=order.pk,
        sp2d_number="00123/SP2D/LS/2026",
        sp2d_date=today,
        paid_on=today,
    )
    return Order.objects.get(pk=order.pk)


def complete_step(market: Market, order: Order) -> Order:
    return order_complete(user=market.batang_owner, order_id=order.pk)


def paid_long_ago(orders: QuerySet[Order], days: int = 30) -> None:
    """Recorded `days` calendar days ago (more than the working days allowed)."""
    orders.update(paid_at=timezone.now() - datetime.timedelta(days=days))
