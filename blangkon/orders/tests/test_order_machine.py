"""Every (from, to) pair of the order machine, through the services: allowed
moves move (status, stamp, one history row, one audit row), every other is
refused with `invalid_transition` and writes nothing."""

import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, market
from blangkon.catalog.transitions import product_transition
from blangkon.core.errors import DomainError
from blangkon.lifecycles.testing import check_move, written
from blangkon.orders import order_services as services
from blangkon.orders.models import Order, OrderNumberCounter
from blangkon.orders.order_selectors import ACTIONS
from blangkon.orders.status import ACTION_SOURCES, BAST_SIGNING_ONWARD, INVOICED
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    buyer,
    live_product,
    make_order,
    ppk,
    receive_all,
    sign_for_vendor,
    vendor_user,
)
from blangkon.orders.transitions import ORDER_MACHINE, order_transition
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.payment_services import order_complete, payment_record_ls
from blangkon.payments.tests.payment_steps import bendahara

__all__ = ["market"]

PAIRS = list(itertools.product(S.values, S.values))


def _resolve(market: Market, order: Order, target: str) -> Order:
    admin = market.world.user("admin.batang")
    return services.order_resolve_dispute(
        user=admin, order_id=order.pk, to=target, reason="Selesai dimediasi"
    )


def _back_to_vendor(market: Market, order: Order) -> Order:
    if order.status == S.DIKIRIM:  # the inspection finds a nonconformity
        return services.order_receive(
            user=ppk(market), order_id=order.pk, received={}, condition_ok=False, note="Kurang"
        )
    if order.status == S.DITERIMA:
        return services.order_send_back(user=ppk(market), order_id=order.pk, note="Segel rusak")
    return services.order_accept(user=vendor_user(market), order_id=order.pk)


# The service that makes a move to each status (no service moves back to a draft).
MOVES: dict[str, Callable[[Market, Order], Order]] = {
    S.DRAFT: lambda m, o: order_transition(order_id=o.pk, to=S.DRAFT, actor=buyer(m)),
    S.MENUNGGU_PERSETUJUAN: lambda m, o: services.order_submit(user=buyer(m), order_id=o.pk),
    S.MENUNGGU_KONFIRMASI: lambda m, o: services.order_approve(user=ppk(m), order_id=o.pk),
    S.DIPROSES: _back_to_vendor,
    S.DIKIRIM: lambda m, o: services.order_ship(
        user=vendor_user(m), order_id=o.pk, courier="JNE", tracking_number="JN123"
    ),
    S.DITERIMA: receive_all,
    S.BAST_DITANDATANGANI: lambda m, o: services.order_sign_bast(user=ppk(m), order_id=o.pk),
    S.DIBATALKAN: lambda m, o: services.order_cancel(user=buyer(m), order_id=o.pk, reason="Batal"),
    S.DITOLAK: lambda m, o: services.order_decline(
        user=vendor_user(m), order_id=o.pk, reason="Habis"
    ),
    S.BATAL_OTOMATIS: lambda m, o: services.order_time_out(order_id=o.pk),
    S.SENGKETA: lambda m, o: services.order_dispute(user=ppk(m), order_id=o.pk, reason="Rusak"),
    S.DITAGIH: lambda m, o: invoice_issue(user=vendor_user(m), order_id=o.pk).order,
    S.DIBAYAR: lambda m, o: (
        payment_record_ls(
            user=bendahara(m),
            order_id=o.pk,
            sp2d_number="00123/SP2D/LS/2026",
            sp2d_date=timezone.localdate(),
            paid_on=timezone.localdate(),
        ).order
    ),
    S.SELESAI: lambda m, o: order_complete(user=vendor_user(m), order_id=o.pk),
}
# A payment on an order paid already is refused as such, not as a move the
# table lacks nor as nothing to do: a second payment must never pass unseen.
PAID = frozenset({S.DIBAYAR, S.SELESAI})


def _move(market: Market, order: Order, target: str) -> Order:
    if order.status == S.SENGKETA:  # every way out of a dispute is the admin's
        return _resolve(market, order, target)
    return MOVES[target](market, order)


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_every_pair_of_states(market: Market, source: str, target: str) -> None:
    order = make_order(market, source, live_product(market))
    if source == S.DITERIMA and target == S.BAST_DITANDATANGANI:
        sign_for_vendor(market, order)
    if target == S.DIBAYAR and source in PAID:
        before = written(ORDER_MACHINE, order)
        with pytest.raises(DomainError) as refused:
            _move(market, order, target)
        assert refused.value.code == "already_paid"
        order.refresh_from_db()
        assert (order.status, written(ORDER_MACHINE, order)) == (source, before)
        return
    check_move(
        ORDER_MACHINE,
        order,
        source=source,
        target=target,
        move=lambda: _move(market, order, target),
    )


def test_numbers_are_given_at_submission_in_sequence(market: Market) -> None:
    product = live_product(market)
    first = make_order(market, S.DRAFT, product)
    assert first.number == ""
    second = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    first = services.order_submit(user=buyer(market), order_id=first.pk)
    year = first.submitted_at.year if first.submitted_at else 0
    assert second.number == f"BLK/{year}/000001"
    assert first.number == f"BLK/{year}/000002"
    assert OrderNumberCounter.objects.get(year=year).last == 2


def test_a_refused_submission_gives_its_number_back(market: Market) -> None:
    product = live_product(market)
    order = make_order(market, S.DRAFT, product)
    other = make_order(market, S.DRAFT, product)
    # The vendor takes the product down: the submission is refused and rolled back.
    product_transition(
        product_id=product.pk,
        to=ProductStatus.TURUN_TAYANG,
        actor=vendor_user(market),
        takedown_reason="vendor",
    )
    with pytest.raises(services.DomainError) as refused:
        services.order_submit(user=buyer(market), order_id=order.pk)
    assert refused.value.code == "line_unavailable"
    assert not OrderNumberCounter.objects.filter(last__gt=0).exists()
    assert Order.objects.get(pk=other.pk).number == ""


def test_the_statuses_with_bast_signatures_or_an_invoice_follow_from_the_table() -> None:
    """Reading an order skips the BAST signatures and the invoice where the
    table says the order cannot have them yet: the sets are derived from the
    moves, so a new move that reaches them changes them too."""
    invoiced = {S.DITAGIH, S.DIBAYAR, S.SELESAI}
    assert invoiced == INVOICED
    assert {S.DRAFT, S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI} & BAST_SIGNING_ONWARD == set()
    assert {S.DITOLAK, S.BATAL_OTOMATIS} & BAST_SIGNING_ONWARD == set()
    # A dispute opened after one side signed can end the order cancelled.
    assert {S.DITERIMA, S.SENGKETA, S.DIBATALKAN, S.SELESAI} <= BAST_SIGNING_ONWARD


# --- each action, from every status ---------------------------------------------------

# Every action of the pages and the API, asked for by the one who may ask for it.
ACTS: dict[str, Callable[[Market, Order], object]] = {
    "submit": MOVES[S.MENUNGGU_PERSETUJUAN],
    "approve": MOVES[S.MENUNGGU_KONFIRMASI],
    "accept": lambda m, o: services.order_accept(user=vendor_user(m), order_id=o.pk),
    "decline": MOVES[S.DITOLAK],
    "ship": MOVES[S.DIKIRIM],
    "receive": receive_all,
    "sign-bast": MOVES[S.BAST_DITANDATANGANI],
    "cancel": MOVES[S.DIBATALKAN],
    "dispute": lambda m, o: services.order_dispute(
        user=vendor_user(m), order_id=o.pk, reason="Tidak dibayar"
    ),
    "send-back": lambda m, o: services.order_send_back(
        user=ppk(m), order_id=o.pk, note="Segel rusak"
    ),
    "resolve-dispute": lambda m, o: _resolve(m, o, S.DIBATALKAN),
    "invoice": MOVES[S.DITAGIH],
}
ACTION_PAIRS = list(itertools.product(ACTS, S.values))


def test_every_action_is_one_of_the_tables_moves() -> None:
    assert set(ACTS) == set(ACTIONS) == set(ACTION_SOURCES)
    for action, (target, _check) in ACTIONS.items():
        for source in ACTION_SOURCES[action]:
            assert ORDER_MACHINE.can_move(source, target), (action, source)


@pytest.mark.parametrize(
    ("action", "source"), ACTION_PAIRS, ids=[f"{a}@{s}" for a, s in ACTION_PAIRS]
)
def test_each_action_moves_only_from_its_own_statuses(
    market: Market, action: str, source: str
) -> None:
    """The table lets an order reach DIPROSES from a shipment and DIKIRIM from
    a dispute, but those moves are the inspection's and the kab/kota admin's:
    the vendor's accept or ship must not make them."""
    order = make_order(market, source, live_product(market))
    target = ACTIONS[action][0]
    if action == "sign-bast" and source == S.DITERIMA:
        sign_for_vendor(market, order)
    before = written(ORDER_MACHINE, order)

    if source in ACTION_SOURCES[action]:
        ACTS[action](market, order)
        order.refresh_from_db()
        assert order.status == target
        assert written(ORDER_MACHINE, order) == (before[0] + 1, before[1] + 1)
    elif source == target:  # asked again: nothing to do
        ACTS[action](market, order)
        order.refresh_from_db()
        assert (order.status, written(ORDER_MACHINE, order)) == (source, before)
    else:
        with pytest.raises(DomainError) as refused:
            ACTS[action](market, order)
        assert refused.value.code == "invalid_transition"
        order.refresh_from_db()
        assert (order.status, written(ORDER_MACHINE, order)) == (source, before)
