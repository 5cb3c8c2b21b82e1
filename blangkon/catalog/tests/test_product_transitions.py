"""The curation table: every (from, to) pair, guards and idempotency."""

from itertools import product as pairs

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product, ProductStatusChange
from blangkon.catalog.status import ALLOWED, ProductStatus
from blangkon.catalog.tests.factories import Market, make_product
from blangkon.catalog.transitions import PRODUCT_MACHINE, product_transition
from blangkon.core.errors import DomainError
from blangkon.lifecycles.testing import check_move
from blangkon.vendors.status import VendorStatus

STATUSES = list(ProductStatus.values)


def counts(product: Product) -> tuple[int, int]:
    return (
        ProductStatusChange.objects.filter(product=product).count(),
        AuditEvent.objects.filter(object_id=str(product.pk), action__startswith="product.").count(),
    )


@pytest.mark.parametrize(("source", "target"), list(pairs(STATUSES, STATUSES)))
def test_every_move_in_the_table_works_and_every_other_is_refused(
    market: Market, source: str, target: str
) -> None:
    product = make_product(market, source)
    admin = market.world.user("admin.provinsi")
    check_move(
        PRODUCT_MACHINE,
        product,
        source=source,
        target=target,
        actor=admin,
        move=lambda: product_transition(
            product_id=product.pk,
            to=target,
            actor=admin,
            reason="alasan",
            takedown_reason="admin",
        ),
    )
    if source != target and target in ALLOWED[source]:
        change = ProductStatusChange.objects.filter(product=product).latest("id")
        assert change.reason == "alasan"
        assert AuditEvent.objects.latest("id").organisation == market.world.vendor
        assert product.takedown_reason == ("admin" if target == "turun_tayang" else "")


def test_rejected_is_final(market: Market) -> None:
    assert ALLOWED[ProductStatus.REJECTED] == frozenset()


@pytest.mark.parametrize(
    "vendor_status", [VendorStatus.SUBMITTED, VendorStatus.SUSPENDED, VendorStatus.BANNED]
)
def test_a_product_cannot_go_live_for_a_vendor_that_may_not_sell(
    market: Market, vendor_status: str
) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    market.batang_vendor.status = vendor_status
    market.batang_vendor.save(update_fields=["status"])
    before = counts(product)
    with pytest.raises(DomainError) as refused:
        product_transition(
            product_id=product.pk, to=ProductStatus.TAYANG, actor=market.world.user("admin.batang")
        )
    assert refused.value.code == "vendor_not_active"
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED
    assert counts(product) == before


def test_taking_down_needs_a_known_reason(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    before = counts(product)
    for reason in ("", "because"):
        with pytest.raises(DomainError) as refused:
            product_transition(
                product_id=product.pk,
                to=ProductStatus.TURUN_TAYANG,
                actor=None,
                takedown_reason=reason,
            )
        assert refused.value.fields == {"reason": refused.value.fields["reason"]}
    assert counts(product) == before


def test_submitting_twice_writes_one_history_row(market: Market) -> None:
    product = make_product(market)
    owner = market.batang_owner
    product_transition(product_id=product.pk, to=ProductStatus.SUBMITTED, actor=owner)
    product_transition(product_id=product.pk, to=ProductStatus.SUBMITTED, actor=owner)
    assert ProductStatusChange.objects.filter(product=product).count() == 1


def test_an_unknown_status_is_refused(market: Market) -> None:
    product = make_product(market)
    with pytest.raises(DomainError) as refused:
        product_transition(product_id=product.pk, to="published", actor=None)
    assert refused.value.code == "invalid_transition"
