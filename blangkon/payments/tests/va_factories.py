"""Invoiced orders paid by VA, and the simulated bank's messages, for the VA tests."""

import datetime
from typing import Any

from django.test import Client

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.payments.banks import SimulatorBank, simulator
from blangkon.payments.models import Invoice, VirtualAccount
from blangkon.payments.tests.payment_steps import invoice_step
from blangkon.payments.va_services import CallbackAnswer, bank_callback, va_issue

CALLBACK_URL = "/api/v1/payments/bank-callback"


def bendahara(market: Market) -> User:
    return market.world.user("bendahara.batang")


def invoiced(market: Market, product: Product | None = None) -> tuple[Order, Invoice]:
    """An order of Batang's OPD in DITAGIH with the channel VA (the default at
    checkout), invoiced by its vendor through invoice_issue. (The order
    factories' own path to DITAGIH pays by LS, so it is not used here.)"""
    order = make_order(market, S.BAST_DITANDATANGANI, product or live_product(market))
    assert order.payment_channel == PaymentChannel.VA
    order = invoice_step(market, order)
    return order, Invoice.objects.get(order=order)


def issued_va(market: Market) -> VirtualAccount:
    order, _invoice = invoiced(market)
    return va_issue(user=bendahara(market), order_id=order.pk)


def signed(
    va_number: str,
    amount: int,
    *,
    message_id: str = "MSG-1",
    paid_at: datetime.datetime | None = None,
    timestamp: int | None = None,
    bank: SimulatorBank | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A message of the simulated bank, signed (by `bank`, the configured one by default)."""
    bank = bank or simulator()
    body = bank.payment_message(
        va_number=va_number, amount=amount, message_id=message_id, paid_at=paid_at
    )
    return body, bank.signed_headers(body, timestamp)


def callback(va: VirtualAccount, **changes: Any) -> CallbackAnswer:
    amount = changes.pop("amount", va.amount)
    body, headers = signed(va.number, amount, **changes)
    return bank_callback(raw_body=body, headers=headers)


def post_callback(body: bytes, headers: dict[str, str]) -> Any:
    """The bank's POST through the HTTP endpoint (no session, no token, no CSRF)."""
    return Client(enforce_csrf_checks=True).post(
        CALLBACK_URL, body, content_type="application/json", headers=headers
    )
