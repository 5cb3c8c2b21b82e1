"""The one visibility rule (catalog.live), as a filter and as SQL: both say
the same for every product status and vendor status."""

from itertools import product as pairs

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from blangkon.accounts.models import Organisation
from blangkon.catalog import live
from blangkon.catalog.models import Category, Product
from blangkon.catalog.product_selectors import live_products
from blangkon.catalog.status import ProductStatus
from blangkon.vendors.models import Vendor, VendorKind
from blangkon.vendors.status import VendorStatus


def test_the_rule_is_tayang_products_of_vendors_that_may_sell() -> None:
    assert live.LIVE_PRODUCT_STATUS == ProductStatus.TAYANG
    assert {VendorStatus.VERIFIED} == live.LIVE_VENDOR_STATUSES


def test_the_sql_names_the_aliases_given() -> None:
    assert live.live_sql("p", "v") == "p.status = 'tayang' AND v.status = 'verified'"
    assert live.product_status_sql() == "status = 'tayang'"
    assert live.product_status_sql("n") == "n.status = 'tayang'"
    assert live.vendor_status_sql("v") == "v.status = 'verified'"


def test_more_statuses_that_may_sell_become_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        live, "LIVE_VENDOR_STATUSES", frozenset({VendorStatus.VERIFIED, VendorStatus.SUSPENDED})
    )
    assert live.vendor_status_sql("v") == "v.status IN ('suspended', 'verified')"


def test_a_prefix_reaches_the_product_from_another_model() -> None:
    assert live.live_q("product__") == Q(
        product__status=ProductStatus.TAYANG,
        product__vendor__status__in=frozenset({VendorStatus.VERIFIED}),
    )


@pytest.mark.django_db
def test_the_filter_and_the_sql_agree_for_every_status() -> None:
    category = Category.objects.get(slug="atk")
    made = []
    for i, (vendor_status, product_status) in enumerate(
        pairs(VendorStatus.values, ProductStatus.values)
    ):
        organisation = Organisation.objects.create(
            kind="vendor", name=f"CV Status {i}", region_id="33.25"
        )
        vendor = Vendor.objects.create(
            organisation=organisation, kind=VendorKind.BADAN_USAHA, status=vendor_status
        )
        made.append(
            Product.objects.create(
                vendor=vendor,
                category=category,
                sku=f"LIVE-{i}",
                name=f"Map {i}",
                unit_id="pcs",
                price=10_000,
                status=product_status,
                published_at=timezone.now(),
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id FROM catalog_product p JOIN vendors_vendor v ON v.id = p.vendor_id"
            f" WHERE {live.live_sql('p', 'v')}"
        )
        by_sql = {row[0] for row in cursor.fetchall()}
    by_filter = set(live_products().values_list("pk", flat=True))
    assert by_sql == by_filter
    assert by_filter == {
        p.pk
        for p in made
        if p.status == ProductStatus.TAYANG and p.vendor.status == VendorStatus.VERIFIED
    }
