"""Curation: who may approve, revise, reject and take down, the queue and
bulk approval."""

import datetime

import pytest
from django.utils import timezone

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product, ProductStatusChange
from blangkon.catalog.product_selectors import CurationFilters, curation_queue
from blangkon.catalog.services import (
    product_approve,
    product_reject,
    product_request_revision,
    product_submit,
    product_take_down,
    product_upsert_by_sku,
    products_bulk_approve,
)
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import (
    Market,
    atk_input,
    catering_input,
    make_product,
)
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.vendors.status import VendorStatus


def test_the_vendor_submits_and_the_kab_kota_curator_approves(market: Market) -> None:
    product = make_product(market)
    product_submit(actor=market.world.user("staf.vendor"), product_id=product.pk)
    approved = product_approve(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert approved.status == ProductStatus.TAYANG
    assert approved.published_at is not None
    assert AuditEvent.objects.filter(action="product.tayang", actor__username="admin.batang")


def test_a_batang_curator_cannot_approve_a_kendal_vendors_product(market: Market) -> None:
    product = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    history = ProductStatusChange.objects.count()
    for action in (
        lambda: product_approve(actor=market.world.user("admin.batang"), product_id=product.pk),
        lambda: product_reject(
            actor=market.world.user("admin.batang"), product_id=product.pk, reason="x"
        ),
        lambda: product_request_revision(
            actor=market.world.user("admin.batang"), product_id=product.pk, reason="x"
        ),
    ):
        with pytest.raises(NotFound):
            action()
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED
    assert ProductStatusChange.objects.count() == history


def test_the_province_admin_curates_every_kab_kota(market: Market) -> None:
    product = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    approved = product_approve(actor=market.world.user("admin.provinsi"), product_id=product.pk)
    assert approved.status == ProductStatus.TAYANG


@pytest.mark.parametrize(
    "username", ["auditor.provinsi", "pp.batang", "pendamping.batang", "admin.opd.batang"]
)
def test_other_roles_may_not_curate(market: Market, username: str) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    with pytest.raises(Forbidden):
        product_approve(actor=market.world.user(username), product_id=product.pk)
    with pytest.raises(Forbidden):
        products_bulk_approve(actor=market.world.user(username), product_ids=[product.pk])


def test_the_vendor_cannot_approve_its_own_product(market: Market) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    with pytest.raises(Forbidden):
        product_approve(actor=market.batang_owner, product_id=product.pk)


def test_revision_and_rejection_need_a_reason(market: Market) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    admin = market.world.user("admin.batang")
    for service in (product_request_revision, product_reject):
        with pytest.raises(DomainError) as refused:
            service(actor=admin, product_id=product.pk, reason="  ")
        assert "reason" in refused.value.fields
    revised = product_request_revision(
        actor=admin, product_id=product.pk, reason="Tambahkan foto produk."
    )
    assert revised.status == ProductStatus.REVISION_REQUESTED
    assert revised.status_reason == "Tambahkan foto produk."


def test_a_vendor_cannot_submit_another_vendors_product(market: Market) -> None:
    product = make_product(market)
    with pytest.raises(NotFound):
        product_submit(actor=market.kendal_owner, product_id=product.pk)


@pytest.mark.parametrize(
    ("username", "reason", "allowed"),
    [
        ("pemilik.vendor", "vendor", True),
        ("staf.vendor", "out_of_stock", True),
        ("pemilik.vendor", "admin", False),
        ("pemilik.vendor", "expired_certificate", False),
        ("admin.batang", "admin", True),
        ("admin.provinsi", "price_anomaly", True),
        ("admin.batang", "vendor", False),
    ],
)
def test_take_down_reasons_depend_on_who_takes_down(
    market: Market, username: str, reason: str, allowed: bool
) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    actor = market.world.user(username)
    if allowed:
        taken = product_take_down(actor=actor, product_id=product.pk, reason=reason, note="n")
        assert (taken.status, taken.takedown_reason) == (ProductStatus.TURUN_TAYANG, reason)
    else:
        with pytest.raises(DomainError) as refused:
            product_take_down(actor=actor, product_id=product.pk, reason=reason)
        assert "reason" in refused.value.fields
        product.refresh_from_db()
        assert product.status == ProductStatus.TAYANG


def test_outsiders_cannot_take_down(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    with pytest.raises(NotFound):
        product_take_down(actor=market.kendal_owner, product_id=product.pk, reason="vendor")
    with pytest.raises(NotFound):
        product_take_down(
            actor=market.world.user("admin.kendal"), product_id=product.pk, reason="admin"
        )
    with pytest.raises(Forbidden):
        product_take_down(
            actor=market.world.user("auditor.provinsi"), product_id=product.pk, reason="admin"
        )


def test_bulk_approval_approves_what_it_can(market: Market) -> None:
    first = make_product(market, ProductStatus.SUBMITTED)
    second = make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="ATK-002"))
    draft = make_product(market, data=atk_input(sku="ATK-003"))
    count = products_bulk_approve(
        actor=market.world.user("admin.batang"), product_ids=[first.pk, second.pk, draft.pk]
    )
    assert count == 2
    statuses = dict(Product.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "tayang", second.pk: "tayang", draft.pk: "draft"}


def test_bulk_approval_with_an_out_of_scope_id_changes_nothing(market: Market) -> None:
    mine = make_product(market, ProductStatus.SUBMITTED)
    theirs = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    with pytest.raises(NotFound):
        products_bulk_approve(
            actor=market.world.user("admin.batang"), product_ids=[mine.pk, theirs.pk]
        )
    assert set(Product.objects.values_list("status", flat=True)) == {"submitted"}


def test_bulk_approval_skips_a_product_whose_vendor_was_suspended(market: Market) -> None:
    batang = make_product(market, ProductStatus.SUBMITTED)
    kendal = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    market.kendal_vendor.status = VendorStatus.SUSPENDED
    market.kendal_vendor.save(update_fields=["status"])
    count = products_bulk_approve(
        actor=market.world.user("admin.provinsi"), product_ids=[batang.pk, kendal.pk]
    )
    assert count == 1
    kendal.refresh_from_db()
    assert kendal.status == ProductStatus.SUBMITTED


def test_the_queue_holds_submitted_products_and_waiting_prices_oldest_first(
    market: Market,
) -> None:
    older = make_product(market, ProductStatus.SUBMITTED)
    Product.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    newer = make_product(market, ProductStatus.SUBMITTED, data=catering_input())
    live = make_product(market, ProductStatus.TAYANG, data=atk_input(sku="ATK-LIVE"))
    product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(sku="ATK-LIVE", price=99_000),
    )
    make_product(market, data=atk_input(sku="ATK-DRAFT"))
    kendal = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)

    batang_queue = list(
        curation_queue(user=market.world.user("admin.batang"), filters=CurationFilters())
    )
    assert [p.pk for p in batang_queue] == [older.pk, newer.pk, live.pk]
    assert batang_queue[0].waiting_days == 3  # type: ignore[attr-defined]
    assert batang_queue[1].waiting_days == 0  # type: ignore[attr-defined]

    province = curation_queue(user=market.world.user("admin.provinsi"), filters=CurationFilters())
    assert kendal.pk in {p.pk for p in province}
    only_kendal = curation_queue(
        user=market.world.user("admin.provinsi"), filters=CurationFilters(kab_kota="33.24")
    )
    assert [p.pk for p in only_kendal] == [kendal.pk]
    catering = curation_queue(
        user=market.world.user("admin.provinsi"), filters=CurationFilters(category="katering")
    )
    assert [p.pk for p in catering] == [newer.pk]
    by_group = curation_queue(
        user=market.world.user("admin.provinsi"),
        filters=CurationFilters(category="makanan-minuman"),
    )
    assert [p.pk for p in by_group] == [newer.pk]
    by_vendor = curation_queue(
        user=market.world.user("admin.provinsi"),
        filters=CurationFilters(vendor_id=market.kendal_vendor.pk),
    )
    assert [p.pk for p in by_vendor] == [kendal.pk]


@pytest.mark.parametrize("username", ["auditor.provinsi", "pemilik.vendor", "pp.batang"])
def test_non_curators_have_no_queue(market: Market, username: str) -> None:
    make_product(market, ProductStatus.SUBMITTED)
    with pytest.raises(NotFound):
        curation_queue(user=market.world.user(username), filters=CurationFilters())
