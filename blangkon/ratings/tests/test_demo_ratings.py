"""The demo's ratings seeder, on orders moved to SELESAI here (the demo's own
completed orders arrive with the payments' seeders)."""

import pytest
from django.db.models import Count

from blangkon.catalog.tests.factories import Market, market
from blangkon.demo.seeders.ratings import RatingsSeeded, seed_ratings
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.ratings.models import OpdRating, RatingReply, VendorRating
from blangkon.vendors.models import Vendor

__all__ = ["market"]

pytestmark = pytest.mark.django_db


def test_the_seeder_rates_completed_orders_in_every_case_once(market: Market) -> None:
    product = live_product(market, stock=1_000)
    orders = [make_order(market, S.SELESAI, product) for _ in range(5)]
    unfinished = make_order(market, S.BAST_DITANDATANGANI, product)
    seeded = seed_ratings([*orders, unfinished])
    assert seeded == RatingsSeeded(both=1, replied=1, ppk_only=1, vendor_only=1, unrated=1)
    assert VendorRating.objects.count() == 3
    assert OpdRating.objects.count() == 3
    assert VendorRating.objects.filter(published_at__isnull=False).count() == 2
    assert RatingReply.objects.count() == 1
    assert not VendorRating.objects.filter(order=unfinished).exists()
    per_order = VendorRating.objects.values("order").annotate(n=Count("id"))
    assert {row["n"] for row in per_order} == {1}
    vendor = Vendor.objects.get(pk=market.batang_vendor.pk)
    assert vendor.rating_count == 2
    assert vendor.rating_average is not None
    # Run again: the rated orders are skipped, the unrated one stays unrated.
    assert seed_ratings(orders) == RatingsSeeded(unrated=1)
    assert VendorRating.objects.count() == 3
