"""The rules an order passes: who may act (separation of duties), the ceiling
under the rules in force on the signing day, splitting, the flags, the
snapshot, the stock taken at the signature, and idempotency keys."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from blangkon.accounts.roles import Role
from blangkon.catalog.models import Product
from blangkon.catalog.services import product_upsert_by_sku
from blangkon.catalog.tests.factories import Market, atk_input, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.orders import order_services as services
from blangkon.orders.idempotency import once
from blangkon.orders.models import CartLine, Order, OrderFlag
from blangkon.orders.services import cart_add
from blangkon.orders.status import FlagKind
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    PATHS,
    buyer,
    checkout,
    live_product,
    make_order,
    new_rules,
    ppk,
    vendor_user,
)
from blangkon.procurement.models import ProcurementRule
from conftest import make_user

__all__ = ["market"]


def _refused(code: str, call: Any, *args: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call(*args, **kwargs)
    assert refused.value.code == code, refused.value.message
    return refused.value


# --- separation of duties -------------------------------------------------------


def test_the_pp_who_built_it_cannot_approve_and_strangers_cannot_see_it(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market))
    _refused("not_allowed", services.order_approve, user=buyer(market), order_id=order.pk)
    _refused("not_allowed", services.order_approve, user=vendor_user(market), order_id=order.pk)
    for stranger in ("pp.kendal", "admin.kendal", "pendamping.batang"):
        with pytest.raises(NotFound):
            services.order_approve(user=market.world.user(stranger), order_id=order.pk)
    with pytest.raises(NotFound):
        services.order_accept(user=market.kendal_owner, order_id=order.pk)
    order.refresh_from_db()
    assert order.status == S.MENUNGGU_PERSETUJUAN


def test_a_ppk_who_built_the_order_needs_another_ppk(market: Market) -> None:
    world = market.world
    world.user("pp.batang").is_active = False
    world.user("pp.batang").save(update_fields=["is_active"])  # the PPK buys where no PP is
    own = checkout(market, live_product(market), user=ppk(market)).order
    services.order_submit(user=ppk(market), order_id=own.pk)
    _refused("not_allowed", services.order_approve, user=ppk(market), order_id=own.pk)
    other_ppk = make_user("ppk2.batang", Role.PPK, world.opd_batang)
    signed = services.order_approve(user=other_ppk, order_id=own.pk)
    assert signed.status == S.MENUNGGU_KONFIRMASI
    assert signed.approved_by == other_ppk


def test_only_the_vendors_users_act_for_the_vendor(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market))
    _refused("not_allowed", services.order_accept, user=ppk(market), order_id=order.pk)
    accepted = services.order_accept(user=market.world.user("staf.vendor"), order_id=order.pk)
    assert accepted.status == S.DIPROSES


# --- the ceiling, under the rules in force on the signing day ---------------------


def test_signed_the_day_before_a_lower_ceiling_takes_effect_it_passes(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market, price=20_000_000), 2)
    in_force = ProcurementRule.objects.get(effective_from__lte=timezone.localdate())
    new_rules(timezone.localdate() + datetime.timedelta(days=1), 30_000_000)
    signed = services.order_approve(user=ppk(market), order_id=order.pk)
    assert signed.status == S.MENUNGGU_KONFIRMASI
    assert signed.total == 40_000_000
    assert signed.rules_version == in_force


def test_signed_on_the_day_a_lower_ceiling_takes_effect_it_is_refused(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market, price=20_000_000), 2)
    new_rules(timezone.localdate(), 30_000_000)
    _refused("ceiling_exceeded", services.order_approve, user=ppk(market), order_id=order.pk)
    order.refresh_from_db()
    assert (order.status, order.rules_version) == (S.MENUNGGU_PERSETUJUAN, None)
    assert order.lines.get().product.stock == 100  # type: ignore[union-attr]  # nothing taken


def test_over_the_ceiling_is_refused_at_checkout_and_the_cart_is_kept(market: Market) -> None:
    product = live_product(market, price=26_000_000)
    _refused("ceiling_exceeded", checkout, market, product, 2)
    assert not Order.objects.exists()
    assert CartLine.objects.get().quantity == 2


# --- splitting and flags ----------------------------------------------------------


def test_splitting_is_refused_listing_the_earlier_order_unless_justified(market: Market) -> None:
    product = live_product(market, price=15_000_000)
    first = make_order(market, S.MENUNGGU_KONFIRMASI, product, 2)  # Rp30 juta, signed
    second = checkout(market, product, 2)  # another Rp30 juta: a warning at checkout
    assert second.splitting_orders == (first.number,)
    services.order_submit(user=buyer(market), order_id=second.order.pk)

    refusal = _refused(
        "split_suspected", services.order_approve, user=ppk(market), order_id=second.order.pk
    )
    assert refusal.fields["orders"] == first.number
    assert Product.objects.get(pk=product.pk).stock == 98  # only the first order's

    signed = services.order_approve(
        user=ppk(market), order_id=second.order.pk, split_justification="Dua kegiatan berbeda"
    )
    assert signed.status == S.MENUNGGU_KONFIRMASI
    assert signed.split_justification == "Dua kegiatan berbeda"
    flag = OrderFlag.objects.get(order=signed, kind=FlagKind.SPLIT_JUSTIFIED)
    assert flag.detail["orders"] == [first.number]


def test_a_cancelled_order_does_not_count_towards_splitting(market: Market) -> None:
    product = live_product(market, price=15_000_000)
    first = make_order(market, S.MENUNGGU_KONFIRMASI, product, 2)
    services.order_cancel(user=buyer(market), order_id=first.pk, reason="Salah pesan")
    second = make_order(market, S.MENUNGGU_KONFIRMASI, product, 2)
    assert not second.flags.filter(kind=FlagKind.SPLIT_JUSTIFIED).exists()


def test_a_total_near_the_ceiling_and_a_repeat_are_flagged_not_refused(market: Market) -> None:
    near = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market, price=15_000_000), 3)
    assert set(near.flags.values_list("kind", flat=True)) == {FlagKind.NEAR_CEILING}

    small = live_product(market, sku="ATK-002")
    first = make_order(market, S.MENUNGGU_KONFIRMASI, small)
    again = make_order(market, S.MENUNGGU_KONFIRMASI, small)
    assert not first.flags.exists()
    flag = again.flags.get()
    assert (flag.kind, flag.detail["orders"]) == (FlagKind.REPEAT_WITHIN_WINDOW, [first.number])


def test_a_repeat_is_a_signed_order_of_the_same_set_of_products(market: Market) -> None:
    pen, paper = live_product(market, sku="ATK-002"), live_product(market, sku="ATK-003")

    def signed(*more: Product) -> Order:
        for product in more:
            cart_add(user=buyer(market), product_id=product.pk, quantity=2)
        order = checkout(market, pen, 1).order
        for step in PATHS[S.MENUNGGU_KONFIRMASI]:
            order = step(market, order)
        return Order.objects.get(pk=order.pk)

    def repeats(order: Order) -> list[str]:
        flag = order.flags.filter(kind=FlagKind.REPEAT_WITHIN_WINDOW).first()
        return flag.detail["orders"] if flag else []

    pen_only, both = signed(), signed(paper)
    pen_again, both_again = signed(), signed(paper)

    assert repeats(both) == []  # pen and paper is not the pen alone
    assert repeats(pen_again) == [pen_only.number]  # quantities may differ
    assert repeats(both_again) == [both.number]


# --- snapshot and prices ----------------------------------------------------------


def test_a_catalog_price_edit_after_checkout_does_not_change_the_order(market: Market) -> None:
    product = live_product(market)  # Rp25.000
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 4)
    product_upsert_by_sku(
        actor=vendor_user(market), vendor=market.batang_vendor, data=atk_input(price=26_000)
    )
    assert Product.objects.get(pk=product.pk).price == 26_000
    signed = services.order_approve(user=ppk(market), order_id=order.pk)
    line = signed.lines.get()
    assert (line.unit_price, line.line_total, signed.total) == (25_000, 100_000, 100_000)
    assert (line.name, line.sku, line.tax_class) == ("Ballpoint hitam (isi 12)", "ATK-001", "goods")
    assert signed.vendor_tax_profile["is_pkp"] is True


def test_a_price_changed_since_added_must_be_confirmed(market: Market) -> None:
    product = live_product(market)
    cart_add(user=buyer(market), product_id=product.pk, quantity=2)
    product_upsert_by_sku(
        actor=vendor_user(market), vendor=market.batang_vendor, data=atk_input(price=26_000)
    )
    refusal = _refused("price_changed", checkout, market, product, 0)
    assert len(refusal.fields) == 1
    assert not Order.objects.exists()
    result = checkout(market, product, 0, accepted_prices=True)
    assert result.order.total == 2 * 26_000
    assert not CartLine.objects.exists()


# --- stock --------------------------------------------------------------------------


def test_stock_is_taken_at_the_signature_and_comes_back_on_cancel_and_decline(
    market: Market,
) -> None:
    product = live_product(market)  # stock 100
    submitted = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 5)
    assert Product.objects.get(pk=product.pk).stock == 100  # checked, not held
    services.order_approve(user=ppk(market), order_id=submitted.pk)
    assert Product.objects.get(pk=product.pk).stock == 95
    services.order_cancel(user=buyer(market), order_id=submitted.pk, reason="Anggaran digeser")
    assert Product.objects.get(pk=product.pk).stock == 100

    declined = make_order(market, S.DITOLAK, product, 7)
    assert Product.objects.get(pk=product.pk).stock == 100
    assert declined.stock_held is False


def test_approval_short_of_stock_is_refused_and_takes_nothing(market: Market) -> None:
    product = live_product(market, stock=10)
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 8)
    Product.objects.filter(pk=product.pk).update(stock=5)  # sold elsewhere meanwhile
    _refused("insufficient_stock", services.order_approve, user=ppk(market), order_id=order.pk)
    assert Product.objects.get(pk=product.pk).stock == 5
    order.refresh_from_db()
    assert order.status == S.MENUNGGU_PERSETUJUAN


def test_made_to_order_stock_is_not_taken(market: Market) -> None:
    product = live_product(market, stock=None, made_to_order=True, lead_time_days=3)
    order = make_order(market, S.MENUNGGU_KONFIRMASI, product, 50)
    assert order.lines.get().stock_taken == 0
    assert Product.objects.get(pk=product.pk).stock is None


# --- idempotency keys -------------------------------------------------------------


def _checkout_answer(market: Market, product: Product) -> dict[str, object]:
    order = checkout(market, product, 1).order
    return {"id": order.pk, "status": order.status}


def test_the_same_key_twice_creates_one_order(market: Market) -> None:
    product = live_product(market)
    cart_add(user=buyer(market), product_id=product.pk, quantity=1)  # a second line to order

    def run() -> dict[str, object]:
        return _checkout_answer(market, product)

    first = once(user=buyer(market), key="k-1", action="checkout", run=run, status=201)
    again = once(user=buyer(market), key="k-1", action="checkout", run=run, status=201)
    assert first == again
    assert Order.objects.count() == 1
    _refused(
        "idempotency_key_reused",
        once,
        user=buyer(market),
        key="k-1",
        action="approve",
        run=run,
    )


def test_a_refused_request_does_not_use_up_its_key(market: Market) -> None:
    product = live_product(market, stock=3)
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 3)
    Product.objects.filter(pk=product.pk).update(stock=1)

    def approve() -> dict[str, object]:
        signed = services.order_approve(user=ppk(market), order_id=order.pk)
        return {"id": signed.pk, "status": signed.status}

    _refused("insufficient_stock", once, user=ppk(market), key="a-1", action="approve", run=approve)
    Product.objects.filter(pk=product.pk).update(stock=3)
    status, answer = once(user=ppk(market), key="a-1", action="approve", run=approve)
    assert answer["status"] == S.MENUNGGU_KONFIRMASI
    assert once(user=ppk(market), key="a-1", action="approve", run=approve) == (status, answer)
    assert order.status_changes.filter(to_status=S.MENUNGGU_KONFIRMASI).count() == 1


def test_the_signing_day_is_the_date_in_jakarta(market: Market, monkeypatch: Any) -> None:
    """At 00:30 WIB on the day a lower ceiling takes effect it is still the
    day before in UTC: the lower ceiling applies."""
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market, price=20_000_000), 2)
    new_rules(datetime.date(2027, 3, 2), 30_000_000)
    signing = datetime.datetime(2027, 3, 1, 17, 30, tzinfo=datetime.UTC)  # 2 March, 00:30 WIB
    monkeypatch.setattr(timezone, "now", lambda: signing)
    _refused("ceiling_exceeded", services.order_approve, user=ppk(market), order_id=order.pk)
    monkeypatch.setattr(timezone, "now", lambda: signing - datetime.timedelta(hours=1))
    signed = services.order_approve(user=ppk(market), order_id=order.pk)  # 1 March, 23:30 WIB
    assert signed.rules_version is not None
    assert signed.rules_version.ceiling_rupiah == 50_000_000


# --- timeouts ---------------------------------------------------------------------


def test_orders_past_their_deadline_are_cancelled_once_and_give_stock_back(
    market: Market,
) -> None:
    product = live_product(market)
    waiting_ppk = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 2)
    waiting_vendor = make_order(market, S.MENUNGGU_KONFIRMASI, product, 3)
    accepted = make_order(market, S.DIPROSES, product, 4)
    assert Product.objects.get(pk=product.pk).stock == 93

    soon = timezone.now() + datetime.timedelta(hours=1)
    assert services.orders_time_out_overdue(now=soon) == 0
    later = timezone.now() + datetime.timedelta(days=30)
    assert services.orders_time_out_overdue(now=later) == 2
    assert services.orders_time_out_overdue(now=later) == 0  # run twice: nothing left

    for order, status in [
        (waiting_ppk, S.BATAL_OTOMATIS),
        (waiting_vendor, S.BATAL_OTOMATIS),
        (accepted, S.DIPROSES),
    ]:
        order.refresh_from_db()
        assert order.status == status
    assert Product.objects.get(pk=product.pk).stock == 96  # the vendor's 3 came back


# --- receipt and BAST -------------------------------------------------------------


def test_the_bast_needs_both_signatures_of_the_receipt_that_stands(market: Market) -> None:
    order = make_order(market, S.DITERIMA, live_product(market), 2)
    services.order_sign_bast(user=vendor_user(market), order_id=order.pk)
    services.order_sign_bast(user=vendor_user(market), order_id=order.pk)  # once is enough
    order.refresh_from_db()
    assert order.status == S.DITERIMA
    # A defect found before the PPK signs: back to the vendor, the signature goes.
    services.order_send_back(user=ppk(market), order_id=order.pk, note="Segel rusak")
    services.order_ship(user=vendor_user(market), order_id=order.pk, own_delivery=True)
    order = services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={line.pk: line.quantity for line in order.lines.all()},
        condition_ok=True,
    )
    services.order_sign_bast(user=ppk(market), order_id=order.pk)
    order.refresh_from_db()
    assert order.status == S.DITERIMA  # the vendor must sign again
    signed = services.order_sign_bast(user=market.world.user("staf.vendor"), order_id=order.pk)
    assert signed.status == S.BAST_DITANDATANGANI
    assert signed.bast_signed_at is not None


def test_a_short_delivery_goes_back_to_the_vendor_with_the_note(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market), 5)
    line = order.lines.get()
    _refused(
        "invalid",
        services.order_receive,
        user=ppk(market),
        order_id=order.pk,
        received={line.pk: 3},
        condition_ok=True,
    )  # a nonconformity must say what is wrong
    back = services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={line.pk: 3},
        condition_ok=True,
        note="Kurang 2 dos",
    )
    assert (back.status, back.receipt_note) == (S.DIPROSES, "Kurang 2 dos")
    assert back.lines.get().received_quantity == 3
