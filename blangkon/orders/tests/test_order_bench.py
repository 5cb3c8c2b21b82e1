"""The ordering benchmark's workload at a tiny size (4 buyers, 20 orders, each
buyer a thread on its own connection): every invariant holds afterwards, and
the checker reports each kind of violation when the database is made to hold
one. Speed is the benchmark's business (`make bench-orders`), not a test's."""

import pytest
from django.db.models import Count, F

from bench.order_load import BenchWorld, Size, Tally, build_world, check_invariants, run_clients
from blangkon.catalog.models import Product
from blangkon.orders.models import IdempotencyKey, Order, OrderFlag, OrderLine
from blangkon.orders.status import SIGNED, FlagKind
from conftest import TRANSACTIONAL, reference_data_reload

pytestmark = TRANSACTIONAL

TINY = Size(clients=4, kab_kota=2, opds_per_kab_kota=1, vendors=3, hot_products=2, hot_stock=6)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


@pytest.fixture
def loaded() -> tuple[BenchWorld, Tally]:
    world = build_world(TINY)
    tally = run_clients(world, list(range(TINY.clients)), seed=7, orders_each=5)
    return world, tally


def test_twenty_orders_from_four_buyers_at_once_keep_every_invariant(
    loaded: tuple[BenchWorld, Tally],
) -> None:
    world, tally = loaded

    invariants = check_invariants(world)

    assert tally.attempts == 20
    assert tally.errors == []
    assert tally.signed == Order.objects.filter(status__in=SIGNED).count() > 0
    assert tally.replay_mismatches == 0
    assert (invariants.over_ceiling, invariants.oversold) == (0, 0)
    assert (invariants.unflagged_splits, invariants.duplicates) == (0, 0)
    assert invariants.details == []


def test_the_checker_finds_an_order_signed_above_its_ceiling(
    loaded: tuple[BenchWorld, Tally],
) -> None:
    world, _tally = loaded
    order = Order.objects.filter(status__in=SIGNED).first()
    assert order is not None
    Order.objects.filter(pk=order.pk).update(total=50_000_001)

    assert check_invariants(world).over_ceiling == 1


def test_the_checker_finds_stock_taken_that_no_signed_line_explains(
    loaded: tuple[BenchWorld, Tally],
) -> None:
    world, _tally = loaded
    # The stock cannot go below zero (a check constraint); one unit appearing
    # from nowhere breaks "taken = the sum of the signed lines" all the same.
    Product.objects.filter(pk=world.hot[0].product_id).update(stock=F("stock") + 1)

    assert check_invariants(world).oversold == 1


def test_the_checker_finds_a_split_above_the_ceiling_without_its_flag(
    loaded: tuple[BenchWorld, Tally],
) -> None:
    world, _tally = loaded
    pair = (
        OrderLine.objects.filter(order__status__in=SIGNED)
        .values("order__opd_id", "order__vendor_id", "category_id")
        .annotate(orders=Count("order_id", distinct=True))
        .filter(orders__gte=2)
        .order_by("order__opd_id", "order__vendor_id", "category_id")
        .first()
    )
    assert pair is not None
    lines = OrderLine.objects.filter(
        order__status__in=SIGNED,
        order__opd_id=pair["order__opd_id"],
        order__vendor_id=pair["order__vendor_id"],
        category_id=pair["category_id"],
    )
    OrderFlag.objects.filter(kind=FlagKind.SPLIT_JUSTIFIED, order__lines__in=lines).delete()
    # Rp30 juta a line (total = price × quantity is a constraint): two pass Rp50 juta.
    for line in lines:
        line.quantity = 30_000_000 // line.unit_price + 1
        line.line_total = line.unit_price * line.quantity
        line.save(update_fields=["quantity", "line_total"])

    assert check_invariants(world).unflagged_splits >= 1


def test_the_checker_finds_an_order_no_checkout_key_answered(
    loaded: tuple[BenchWorld, Tally],
) -> None:
    world, _tally = loaded
    first = IdempotencyKey.objects.filter(action="checkout").order_by("id").first()
    assert first is not None
    first.delete()  # as if a replay had run the checkout again

    assert check_invariants(world).duplicates == 1
