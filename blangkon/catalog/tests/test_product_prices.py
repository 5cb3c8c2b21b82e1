"""The price rule: small changes to a live product apply at once, large ones
wait for a curator while the old price stays live; the history only grows."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import PriceChange, PriceChangeStatus, Product
from blangkon.catalog.product_selectors import live_products, price_history
from blangkon.catalog.services import (
    product_approve,
    product_change_reject,
    product_upsert_by_sku,
)
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product
from blangkon.core.errors import DomainError, NotFound


def reprice(market: Market, price: int) -> Product:
    product, _ = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input(price=price)
    )
    product.refresh_from_db()
    return product


def history(product: Product) -> list[tuple[int | None, int, str]]:
    return [(c.old_price, c.new_price, c.status) for c in price_history(product=product)]


@pytest.mark.parametrize("new_price", [27_500, 22_500, 25_001])
@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=10)
def test_a_change_within_ten_percent_applies_at_once(market: Market, new_price: int) -> None:
    make_product(market, ProductStatus.TAYANG)
    product = reprice(market, new_price)
    assert product.price == new_price
    assert product.pending_price is None
    assert history(product) == [
        (None, 25_000, PriceChangeStatus.APPLIED),
        (25_000, new_price, PriceChangeStatus.APPLIED),
    ]
    assert AuditEvent.objects.get(action="product.update").details["price"] == "applied"


@pytest.mark.parametrize("new_price", [27_750, 22_250, 250_000])
@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=10)
def test_a_larger_change_waits_while_the_old_price_stays_live(
    market: Market, new_price: int
) -> None:
    make_product(market, ProductStatus.TAYANG)
    product = reprice(market, new_price)  # +11 %, -11 %, ×10
    assert product.price == 25_000
    assert product.pending_price == new_price
    assert live_products().get(pk=product.pk).price == 25_000
    assert history(product)[-1] == (25_000, new_price, PriceChangeStatus.PENDING)

    # When a curator approves, the new price applies.
    approved = product_approve(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert (approved.price, approved.pending_price) == (new_price, None)
    assert approved.status == ProductStatus.TAYANG
    assert history(product)[-1] == (25_000, new_price, PriceChangeStatus.APPROVED)
    assert AuditEvent.objects.filter(action="product_change.approved").count() == 1


@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=20)
def test_the_tolerance_is_a_setting(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG)
    assert reprice(market, 29_000).price == 29_000  # +16 %


def test_a_rejected_price_leaves_the_live_price(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG)
    product = reprice(market, 40_000)
    rejected = product_change_reject(
        actor=market.world.user("admin.batang"), product_id=product.pk, reason="terlalu mahal"
    )
    assert (rejected.price, rejected.pending_price) == (25_000, None)
    assert history(product)[-1] == (25_000, 40_000, PriceChangeStatus.REJECTED)
    with pytest.raises(DomainError) as again:
        product_change_reject(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert again.value.code == "no_pending_change"


def test_a_kendal_curator_cannot_touch_a_batang_price(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG)
    product = reprice(market, 40_000)
    with pytest.raises(NotFound):
        product_change_reject(actor=market.world.user("admin.kendal"), product_id=product.pk)
    with pytest.raises(NotFound):
        product_approve(actor=market.world.user("admin.kendal"), product_id=product.pk)
    product.refresh_from_db()
    assert product.pending_price == 40_000


def test_going_back_to_the_live_price_withdraws_a_waiting_one(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG)
    reprice(market, 40_000)
    product = reprice(market, 25_000)
    assert (product.price, product.pending_price) == (25_000, None)


def test_a_waiting_price_is_approved_with_the_product_when_it_goes_live_again(
    market: Market,
) -> None:
    make_product(market, ProductStatus.TAYANG)
    product = reprice(market, 40_000)
    admin = market.world.user("admin.batang")
    from blangkon.catalog.services import product_submit, product_take_down

    product_take_down(actor=market.batang_owner, product_id=product.pk, reason="out_of_stock")
    product_submit(actor=market.batang_owner, product_id=product.pk)
    approved = product_approve(actor=admin, product_id=product.pk)
    assert (approved.status, approved.price, approved.pending_price) == ("tayang", 40_000, None)


def test_a_product_that_is_not_live_just_takes_the_new_price(market: Market) -> None:
    make_product(market, ProductStatus.SUBMITTED)
    product = reprice(market, 250_000)
    assert (product.price, product.pending_price) == (250_000, None)
    assert history(product)[-1] == (25_000, 250_000, PriceChangeStatus.APPLIED)


def test_the_history_is_ordered_and_earlier_rows_never_change(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG)
    first_rows = list(PriceChange.objects.values())
    reprice(market, 26_000)
    reprice(market, 90_000)
    product_approve(actor=market.world.user("admin.provinsi"), product_id=Product.objects.get().pk)
    reprice(market, 91_000)
    rows = list(PriceChange.objects.order_by("at", "id").values())
    assert rows[: len(first_rows)] == first_rows
    assert [(r["old_price"], r["new_price"], r["status"]) for r in rows] == [
        (None, 25_000, "applied"),
        (25_000, 26_000, "applied"),
        (26_000, 90_000, "pending"),
        (26_000, 90_000, "approved"),
        (90_000, 91_000, "applied"),
    ]
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids)


@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=10)
def test_small_steps_cannot_add_up_past_the_tolerance(market: Market) -> None:
    # Given a live product a curator approved at Rp47.500
    make_product(market, ProductStatus.TAYANG, data=atk_input(price=47_500))
    # When its vendor raises the price by 9 % eight times
    price = 47_500
    for _step in range(8):
        price = price * 109 // 100
        product = reprice(market, price)
    # Then only the first step applied: every later one is judged against the
    # reviewed Rp47.500 and waits for a curator (the latest waiting one wins)
    assert product.price == 47_500 * 109 // 100
    assert product.reviewed_price == 47_500
    assert product.pending_price == price
    assert live_products().get(pk=product.pk).price <= 47_500 * 110 // 100


@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=10, PRICE_CHANGE_WINDOW_DAYS=30)
def test_a_cut_then_a_rise_within_the_window_waits(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG, data=atk_input(price=100_000))
    assert reprice(market, 91_000).price == 91_000  # -9 %: applies
    product = reprice(market, 105_000)  # +5 % of the reviewed price, +15 % in a month
    assert (product.price, product.pending_price) == (91_000, 105_000)
    # Going back to the reviewed price itself never waits
    product = reprice(market, 100_000)
    assert (product.price, product.pending_price) == (100_000, None)


@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=10, PRICE_CHANGE_WINDOW_DAYS=30)
def test_steps_up_are_added_up_over_the_window_and_no_longer(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG, data=atk_input(price=100_000))
    reprice(market, 91_000)  # -9 %
    assert reprice(market, 98_000).price == 98_000  # +7.7 %
    # +7.1 % now, but +15.4 % above the month's lowest price: waits
    assert reprice(market, 105_000).pending_price == 105_000
    # A month later the cut has left the window: the same step applies
    long_ago = timezone.now() - datetime.timedelta(days=31)
    PriceChange.objects.update(at=long_ago)
    Product.objects.update(price_reviewed_at=long_ago)
    product = reprice(market, 105_000)
    assert (product.price, product.pending_price) == (105_000, None)


@override_settings(PRICE_CHANGE_TOLERANCE_PERCENT=10)
def test_an_approved_price_is_the_new_reference(market: Market) -> None:
    make_product(market, ProductStatus.TAYANG, data=atk_input(price=100_000))
    reprice(market, 150_000)
    product_approve(actor=market.world.user("admin.batang"), product_id=Product.objects.get().pk)
    product = reprice(market, 160_000)  # +6.7 % of the approved Rp150.000
    assert (product.price, product.reviewed_price, product.pending_price) == (
        160_000,
        150_000,
        None,
    )
    assert product.price_reviewed_at is not None
