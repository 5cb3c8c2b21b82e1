"""Twenty copies of the bank's message at once, each on its own connection:
the order is paid exactly once. The copies queue on the order's row lock;
the first pays, the others then find its paid row (replay) or the order paid
(already_paid), and each is logged."""

from collections import Counter

import pytest

from blangkon.catalog.tests.factories import Market, market
from blangkon.catalog.tests.test_product_upsert_race import in_parallel
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.models import BankCallback, Payment
from blangkon.payments.tests.va_factories import issued_va, post_callback, signed
from blangkon.payments.va_services import bank_callback
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["market"]

pytestmark = TRANSACTIONAL

PARALLEL = 20


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


def test_twenty_copies_of_one_message_pay_once(market: Market) -> None:
    va = issued_va(market)
    body, headers = signed(va.number, va.amount, message_id="BANK-42")

    outcomes = in_parallel(
        PARALLEL, lambda _i: bank_callback(raw_body=body, headers=headers).outcome
    )

    counted = Counter(outcomes)
    assert counted["paid"] == 1
    assert set(counted) <= {"paid", "replay", "already_paid"}
    assert sum(counted.values()) == PARALLEL
    assert Payment.objects.filter(order_id=va.order_id).count() == 1
    assert Order.objects.get(pk=va.order_id).status == S.DIBAYAR
    logged = Counter(BankCallback.objects.values_list("outcome", flat=True))
    assert logged == counted
    assert BankCallback.objects.filter(outcome="paid", message_id="BANK-42").count() == 1


def test_twenty_different_messages_for_one_va_through_http_pay_once(market: Market) -> None:
    va = issued_va(market)
    messages = [signed(va.number, va.amount, message_id=f"BANK-{i}") for i in range(PARALLEL)]

    answers = in_parallel(PARALLEL, lambda i: post_callback(*messages[i]))

    statuses = [(a.status_code, a.json()["status"]) for a in answers]
    assert statuses.count((200, "paid")) == 1
    assert statuses.count((200, "already_paid")) == PARALLEL - 1
    assert Payment.objects.filter(order_id=va.order_id).count() == 1
    assert Order.objects.get(pk=va.order_id).status == S.DIBAYAR
