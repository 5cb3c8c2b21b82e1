"""Only TAYANG products of verified vendors are ever visible to buyers and the
public; certificate expiry takes the dependent products down."""

import pytest

from blangkon.catalog.models import ProductStatusChange
from blangkon.catalog.product_selectors import (
    live_products,
    product_get_for_vendor_user,
    product_get_public,
    products_of_vendor,
)
from blangkon.catalog.services import (
    products_restore_for_certificate,
    products_take_down_for_certificate,
)
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import (
    Market,
    catering_input,
    make_product,
)
from blangkon.core.errors import NotFound
from blangkon.vendors.status import VendorStatus


@pytest.mark.parametrize("status", [s for s in ProductStatus.values if s != "tayang"])
def test_a_product_that_is_not_tayang_is_invisible(market: Market, status: str) -> None:
    product = make_product(market, status)
    assert not live_products().filter(pk=product.pk).exists()
    with pytest.raises(NotFound):
        product_get_public(product_id=product.pk)


@pytest.mark.parametrize(
    "vendor_status",
    [s for s in VendorStatus.values if s != VendorStatus.VERIFIED],
)
def test_a_live_product_disappears_when_its_vendor_may_not_sell(
    market: Market, vendor_status: str
) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    assert product_get_public(product_id=product.pk) == product
    market.batang_vendor.status = vendor_status
    market.batang_vendor.save(update_fields=["status"])
    assert not live_products().filter(pk=product.pk).exists()
    with pytest.raises(NotFound):
        product_get_public(product_id=product.pk)


def test_vendor_users_see_only_their_own_products(market: Market) -> None:
    mine = make_product(market)
    theirs = make_product(market, vendor=market.kendal_vendor)
    assert list(products_of_vendor(user=market.batang_owner)) == [mine]
    assert list(products_of_vendor(user=market.kendal_owner)) == [theirs]
    assert not products_of_vendor(user=market.world.user("admin.provinsi")).exists()
    with pytest.raises(NotFound):
        product_get_for_vendor_user(user=market.batang_owner, product_id=theirs.pk)


def test_an_expired_halal_certificate_takes_down_only_the_food(market: Market) -> None:
    food = make_product(market, ProductStatus.TAYANG, data=catering_input())
    stationery = make_product(market, ProductStatus.TAYANG)
    draft_food = make_product(market, data=catering_input(sku="KAT-002"))
    other_vendor_food = make_product(
        market, ProductStatus.TAYANG, vendor=market.kendal_vendor, data=catering_input()
    )

    count = products_take_down_for_certificate(
        vendor=market.batang_vendor, certificate_kind="halal"
    )

    assert count == 1
    for product in (food, stationery, draft_food, other_vendor_food):
        product.refresh_from_db()
    assert (food.status, food.takedown_reason) == ("turun_tayang", "expired_certificate")
    assert stationery.status == "tayang"
    assert draft_food.status == "draft"
    assert other_vendor_food.status == "tayang"
    change = ProductStatusChange.objects.filter(product=food).latest("id")
    assert change.actor is None
    assert change.details["certificate"] == "halal"
    # A second run finds nothing more to do.
    assert (
        products_take_down_for_certificate(vendor=market.batang_vendor, certificate_kind="halal")
        == 0
    )


def test_a_renewed_certificate_sends_the_products_back_to_curation(market: Market) -> None:
    food = make_product(market, ProductStatus.TAYANG, data=catering_input())
    vendor_takedown = make_product(market, ProductStatus.TAYANG, data=catering_input(sku="KAT-002"))
    from blangkon.catalog.services import product_take_down

    product_take_down(actor=market.batang_owner, product_id=vendor_takedown.pk, reason="vendor")
    products_take_down_for_certificate(vendor=market.batang_vendor, certificate_kind="halal")

    count = products_restore_for_certificate(vendor=market.batang_vendor, certificate_kind="halal")
    assert count == 1
    food.refresh_from_db()
    vendor_takedown.refresh_from_db()
    assert food.status == ProductStatus.SUBMITTED
    assert vendor_takedown.status == ProductStatus.TURUN_TAYANG
