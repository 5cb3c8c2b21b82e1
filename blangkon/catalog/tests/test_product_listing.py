"""Listing products: the one upsert path shared by the form, the API and the
bulk import, and every rule it checks."""

from decimal import Decimal

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import PriceChange, PriceChangeStatus, Product
from blangkon.catalog.services import (
    catalog_reference,
    ceiling_warning,
    product_update,
    product_upsert_by_sku,
)
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import (
    Market,
    atk_input,
    catering_input,
    make_product,
)
from blangkon.core.errors import DomainError, NotFound


def refused_fields(market: Market, **changes: object) -> dict[str, str]:
    with pytest.raises(DomainError) as refused:
        product_upsert_by_sku(
            actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input(**changes)
        )
    assert refused.value.code == "invalid"
    assert not Product.objects.exists()
    return refused.value.fields


def test_a_new_listing_starts_as_a_draft_with_its_first_price_recorded(market: Market) -> None:
    product, created = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input()
    )
    assert created
    assert product.status == ProductStatus.DRAFT
    assert product.price == 25_000
    change = PriceChange.objects.get(product=product)
    assert (change.old_price, change.new_price, change.status) == (
        None,
        25_000,
        PriceChangeStatus.APPLIED,
    )
    assert list(product.coverage.values_list("code", flat=True)) == ["33.25"]
    event = AuditEvent.objects.get(action="product.create")
    assert event.organisation == market.world.vendor
    assert event.actor == market.batang_owner


def test_staff_may_list_for_their_vendor(market: Market) -> None:
    _product, created = product_upsert_by_sku(
        actor=market.world.user("staf.vendor"), vendor=market.batang_vendor, data=atk_input()
    )
    assert created


def test_the_same_sku_updates_the_existing_product(market: Market) -> None:
    first, _ = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input()
    )
    second, created = product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(name="Ballpoint hitam isi 12", stock=80),
    )
    assert not created
    assert second.pk == first.pk
    assert Product.objects.count() == 1
    first.refresh_from_db()
    assert (first.name, first.stock) == ("Ballpoint hitam isi 12", 80)
    update = AuditEvent.objects.get(action="product.update")
    assert update.details["changed"] == ["name", "stock"]


def test_the_same_sku_at_another_vendor_is_a_different_product(market: Market) -> None:
    product_upsert_by_sku(actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input())
    _other, created = product_upsert_by_sku(
        actor=market.kendal_owner, vendor=market.kendal_vendor, data=atk_input()
    )
    assert created
    assert Product.objects.filter(sku="ATK-001").count() == 2


def test_an_unchanged_row_writes_nothing(market: Market) -> None:
    product_upsert_by_sku(actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input())
    events, prices = AuditEvent.objects.count(), PriceChange.objects.count()
    _product, created = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input()
    )
    assert not created
    assert (AuditEvent.objects.count(), PriceChange.objects.count()) == (events, prices)


def test_the_new_product_form_refuses_an_existing_sku(market: Market) -> None:
    product_upsert_by_sku(actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input())
    with pytest.raises(DomainError) as refused:
        product_upsert_by_sku(
            actor=market.batang_owner,
            vendor=market.batang_vendor,
            data=atk_input(name="Lain"),
            only_create=True,
        )
    assert refused.value.code == "duplicate"
    assert "sku" in refused.value.fields


def test_every_bad_field_is_named_at_once(market: Market) -> None:
    fields = refused_fields(
        market,
        sku=" ",
        name="x",
        category_slug="perkantoran",  # a group, not a leaf
        price=0,
        min_order_quantity=0,
        stock=None,
        coverage_codes=("33",),  # the province, not a kab/kota
        tkdn_percent=Decimal("100.5"),
    )
    assert set(fields) == {
        "sku",
        "name",
        "category",
        "price",
        "min_order_quantity",
        "stock",
        "coverage",
        "tkdn_percent",
    }


@pytest.mark.parametrize("price", [0, -1, -25_000])
def test_zero_and_negative_prices_are_refused(market: Market, price: int) -> None:
    assert set(refused_fields(market, price=price)) == {"price"}


@pytest.mark.parametrize("price", [1500.5, 1500.0, Decimal("1500.5"), "1500", True])
def test_a_price_that_is_not_a_whole_number_of_rupiah_is_refused(
    market: Market, price: object
) -> None:
    assert set(refused_fields(market, price=price)) == {"price"}


def test_the_unit_must_be_one_the_category_uses(market: Market) -> None:
    assert set(refused_fields(market, unit_code="kg")) == {"unit"}


def test_an_unknown_unit_or_category_is_refused(market: Market) -> None:
    assert set(refused_fields(market, unit_code="bogus")) == {"unit"}
    assert set(refused_fields(market, category_slug="bogus")) == {"category"}


def test_required_specifications_are_checked_per_category(market: Market) -> None:
    paper = atk_input(
        category_slug="kertas-bahan-cetak", unit_code="rim", specifications={"Ukuran": "A4"}
    )
    with pytest.raises(DomainError) as refused:
        product_upsert_by_sku(actor=market.batang_owner, vendor=market.batang_vendor, data=paper)
    assert set(refused.value.fields) == {"specifications"}
    assert "Gramatur" in refused.value.fields["specifications"]

    product, _ = product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(
            category_slug="kertas-bahan-cetak",
            unit_code="rim",
            specifications={"Ukuran ": "A4", "GRAMATUR": "70  gsm"},
        ),
    )
    assert product.specifications == {"ukuran": "A4", "gramatur": "70 gsm"}


def test_food_depends_on_the_halal_certificate(market: Market) -> None:
    catering, _ = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=catering_input()
    )
    stationery, _ = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input()
    )
    assert catering.required_certificate == "halal"
    assert stationery.required_certificate == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"made_to_order": True, "stock": None, "lead_time_days": None}, "lead_time_days"),
        ({"made_to_order": True, "stock": 5, "lead_time_days": 3}, "stock"),
        ({"made_to_order": False, "stock": None}, "stock"),
        ({"stock": -1}, "stock"),
        ({"lead_time_days": 0}, "lead_time_days"),
        ({"min_order_quantity": 0}, "min_order_quantity"),
        ({"tkdn_percent": Decimal("-1")}, "tkdn_percent"),
        ({"tkdn_percent": Decimal("40.555")}, "tkdn_percent"),
        ({"name": "x" * 201}, "name"),
        ({"sku": "x" * 61}, "sku"),
        ({"description": "x" * 5001}, "description"),
        ({"specifications": {"warna": "x" * 201}}, "specifications"),
    ],
)
def test_inconsistent_fields_are_refused(
    market: Market, changes: dict[str, object], field: str
) -> None:
    assert field in refused_fields(market, **changes)


def test_coverage_takes_kab_kota_codes(market: Market) -> None:
    product, _ = product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(coverage_codes=("33.25", "33.24", "33.25")),
    )
    assert sorted(product.coverage.values_list("code", flat=True)) == ["33.24", "33.25"]


def test_a_shared_reference_gives_the_same_result(market: Market) -> None:
    reference = catalog_reference()
    product, created = product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(),
        reference=reference,
    )
    assert created
    assert product.category.slug == "atk"


@pytest.mark.parametrize("username", ["pemilik.kendal", "admin.batang", "pp.batang"])
def test_only_the_vendors_own_users_may_list_for_it(market: Market, username: str) -> None:
    with pytest.raises(NotFound):
        product_upsert_by_sku(
            actor=market.user(username), vendor=market.batang_vendor, data=atk_input()
        )
    assert not Product.objects.exists()


def test_a_vendor_cannot_update_another_vendors_product_by_id(market: Market) -> None:
    product = make_product(market)
    with pytest.raises(NotFound):
        product_update(actor=market.kendal_owner, product_id=product.pk, data=atk_input(price=1))
    product.refresh_from_db()
    assert product.price == 25_000


def test_renaming_a_sku_onto_another_product_is_refused(market: Market) -> None:
    first = make_product(market)
    make_product(market, data=atk_input(sku="ATK-002"))
    with pytest.raises(DomainError) as refused:
        product_update(
            actor=market.batang_owner, product_id=first.pk, data=atk_input(sku="ATK-002")
        )
    assert refused.value.code == "duplicate"


def test_a_rejected_product_cannot_be_changed(market: Market) -> None:
    product = make_product(market, ProductStatus.REJECTED)
    with pytest.raises(DomainError) as refused:
        product_upsert_by_sku(
            actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input(stock=1)
        )
    assert refused.value.code == "not_editable"
    product.refresh_from_db()
    assert product.stock == 100


def test_a_unit_price_above_the_ceiling_gets_a_warning_not_an_error(market: Market) -> None:
    assert ceiling_warning(50_000_000) is None
    assert ceiling_warning(50_000_001)
    product, _ = product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(
            category_slug="komputer",
            unit_code="unit",
            price=60_000_000,
            specifications={"prosesor": "i7", "ram": "32 GB", "penyimpanan": "1 TB"},
        ),
    )
    assert product.price == 60_000_000
