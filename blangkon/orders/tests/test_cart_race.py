"""Parallel adds of one product by one buyer end as one line with the summed
quantity: each thread has its own connection, and the cart row lock
serialises them (the first add of all also creates the cart)."""

import pytest

from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, make_product, market
from blangkon.catalog.tests.test_product_upsert_race import in_parallel
from blangkon.orders.models import Cart, CartLine
from blangkon.orders.services import cart_add
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["market"]

pytestmark = TRANSACTIONAL

PARALLEL = 20


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


def test_parallel_adds_of_one_product_sum_into_one_line(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)  # stock 100
    buyer = market.world.user("pp.batang")

    lines = in_parallel(
        PARALLEL, lambda i: cart_add(user=buyer, product_id=product.pk, quantity=i % 3 + 1).pk
    )

    assert len(set(lines)) == 1
    assert Cart.objects.count() == 1
    line = CartLine.objects.get()
    assert line.quantity == sum(i % 3 + 1 for i in range(PARALLEL))
