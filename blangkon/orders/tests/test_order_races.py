"""Parallel approvals, each thread on its own connection: the stock never goes
below zero and the splitting sum holds, because approvals of one (OPD,
vendor) are serialised by the advisory lock and stock is taken with a
conditional UPDATE under row locks taken by ascending id."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from blangkon.accounts.services import api_token_issue
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, market
from blangkon.catalog.tests.test_product_upsert_race import in_parallel
from blangkon.core.errors import DomainError
from blangkon.orders import order_services as services
from blangkon.orders.idempotency import once
from blangkon.orders.models import CartLine, Order
from blangkon.orders.services import cart_add
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import buyer, checkout, live_product, make_order, ppk
from blangkon.orders.tests.test_order_write_api import draft_body
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["market"]

pytestmark = TRANSACTIONAL

PARALLEL = 20


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


def _outcome(call: Callable[[], Any]) -> str:
    try:
        call()
    except DomainError as refused:
        return refused.code
    return "ok"


def _approve_all(market: Market, orders: list[Order]) -> list[str]:
    return in_parallel(
        PARALLEL,
        lambda i: _outcome(lambda: services.order_approve(user=ppk(market), order_id=orders[i].pk)),
    )


def test_twenty_approvals_for_the_last_ten_units_sell_exactly_ten(market: Market) -> None:
    product = live_product(market, stock=10)
    orders = [make_order(market, S.MENUNGGU_PERSETUJUAN, product) for _ in range(PARALLEL)]

    outcomes = _approve_all(market, orders)

    assert sorted(set(outcomes)) == ["insufficient_stock", "ok"]
    assert outcomes.count("ok") == 10
    assert Product.objects.get(pk=product.pk).stock == 0
    signed = Order.objects.filter(status=S.MENUNGGU_KONFIRMASI)
    assert signed.count() == 10
    assert all(order.lines.get().stock_taken == 1 for order in signed)


def test_twenty_approvals_over_the_ceiling_together_keep_the_splitting_rule(
    market: Market,
) -> None:
    product = live_product(market, price=5_000_000)  # 20 × Rp5 juta against Rp50 juta
    orders = [make_order(market, S.MENUNGGU_PERSETUJUAN, product) for _ in range(PARALLEL)]

    outcomes = _approve_all(market, orders)

    assert outcomes.count("ok") == 10  # Rp50 juta is the ceiling itself, not above it
    assert outcomes.count("split_suspected") == 10
    signed = Order.objects.filter(status=S.MENUNGGU_KONFIRMASI)
    assert sum(order.total for order in signed) == 50_000_000
    assert Product.objects.get(pk=product.pk).stock == 90


def test_the_same_idempotency_key_sent_twenty_times_at_once_checks_out_once(
    market: Market,
) -> None:
    product = live_product(market)
    cart_add(user=buyer(market), product_id=product.pk, quantity=3)

    def send(_index: int) -> Any:
        def run() -> dict[str, Any]:
            order = checkout(market, product, 0).order
            return {"id": order.pk}

        return _outcome(lambda: once(user=buyer(market), key="k", action="checkout", run=run))

    outcomes = in_parallel(PARALLEL, send)

    assert outcomes == ["ok"] * PARALLEL
    assert Order.objects.count() == 1


def test_simultaneous_api_requests_with_one_key_create_one_order(market: Market) -> None:
    """Through the API, each request on its own connection: the key row is
    inserted first and the others wait on it, then answer the first order."""
    product = live_product(market)
    user = buyer(market)
    body = draft_body(user, [{"product_id": product.pk, "quantity": 2}])
    _token, raw = api_token_issue(user=user)

    def send(_index: int) -> tuple[int, Any]:
        response = Client().post(
            "/api/v1/orders",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}", "Idempotency-Key": "one-order"},
        )
        return response.status_code, response.json()["id"]

    answers = in_parallel(PARALLEL, send)

    assert Order.objects.count() == 1
    assert set(answers) == {(201, Order.objects.get().pk)}


def test_simultaneous_cart_adds_with_one_key_add_once(market: Market) -> None:
    product = live_product(market)
    _token, raw = api_token_issue(user=buyer(market))

    def send(_index: int) -> int:
        return (
            Client()
            .post(
                "/api/v1/cart/lines",
                {"product_id": product.pk, "quantity": 3},
                content_type="application/json",
                headers={"Authorization": f"Bearer {raw}", "Idempotency-Key": "one-add"},
            )
            .status_code
        )

    assert in_parallel(PARALLEL, send) == [201] * PARALLEL
    assert CartLine.objects.get().quantity == 3
