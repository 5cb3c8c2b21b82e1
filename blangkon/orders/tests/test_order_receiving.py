"""The receipt: appointing a receiver (who, by whom, when), the receiver
recording the inspection, partial acceptance with the value adjusted (exact
rupiah), the stock of units never delivered, and the pages and API."""

from typing import Any

import pytest
from django.test import Client

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.accounts.services import api_token_issue
from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.notifications.models import Notification
from blangkon.orders import order_services as services
from blangkon.orders import receiving
from blangkon.orders.models import Order, OrderFlag
from blangkon.orders.services import cart_add
from blangkon.orders.status import FlagKind
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
from conftest import make_user

__all__ = ["market"]


def _refused(code: str, call: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call(**kwargs)
    assert refused.value.code == code, refused.value.message
    return refused.value


def _may_not_receive(user: User, order: Order) -> None:
    """`user` is refused the receipt of all of the order's one line."""
    line = order.lines.get()
    received = {line.pk: line.quantity}
    _refused(
        "not_allowed",
        services.order_receive,
        user=user,
        order_id=order.pk,
        received=received,
        condition_ok=True,
    )


def _appoint(market: Market, order: Order, username: str | None, *, by: str = "ppk.batang"):
    receiver_id = market.world.user(username).pk if username else None
    return services.order_appoint_receiver(
        user=market.world.user(by), order_id=order.pk, receiver_id=receiver_id
    )


def api(user: User) -> Client:
    _token, raw = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _two_line_order(market: Market, status: str) -> Order:
    """10 × Rp15.000 and 4 × Rp250.000 (Rp1.150.000), moved to `status`."""
    pen = live_product(market, sku="PEN-1", price=15_000, stock=100)
    desk = live_product(market, sku="MEJA-1", name="Meja kerja", price=250_000, stock=20)
    cart_add(user=buyer(market), product_id=desk.pk, quantity=4)
    order = make_order(market, status, pen, 10)
    assert order.total == 10 * 15_000 + 4 * 250_000
    return order


# --- appointing a receiver ---------------------------------------------------------


def test_the_ppk_appoints_an_official_of_the_opd_who_is_notified(market: Market) -> None:
    order = make_order(market, S.DIPROSES, live_product(market))
    appointed = _appoint(market, order, "admin.opd.batang")
    receiver = market.world.user("admin.opd.batang")
    assert appointed.receiver_id == receiver.pk
    event = AuditEvent.objects.get(action="order.receiver_appointed", object_id=str(order.pk))
    assert event.details == {
        "acted_as": acted_as(event.actor),
        "receiver": receiver.pk,
        "previous": None,
    }
    note = Notification.objects.get(recipient=receiver, code="order.receiver_appointed")
    assert note.url == f"/pesanan/{order.pk}/terima/"
    # The same appointment again changes nothing; removing it is recorded.
    _appoint(market, order, "admin.opd.batang")
    assert AuditEvent.objects.filter(action="order.receiver_appointed").count() == 1
    assert _appoint(market, order, None).receiver_id is None
    assert AuditEvent.objects.filter(action="order.receiver_removed").count() == 1


def test_only_an_active_official_of_the_same_opd_may_be_appointed(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market))
    # Not of the OPD, or of the OPD but the one who pays it or the PPK.
    strangers = ("pp.kendal", "staf.vendor", "admin.batang", "auditor.provinsi")
    for stranger in (*strangers, "bendahara.batang", "ppk.batang"):
        error = _refused(
            "invalid_receiver",
            services.order_appoint_receiver,
            user=ppk(market),
            order_id=order.pk,
            receiver_id=market.world.user(stranger).pk,
        )
        assert "receiver_id" in error.fields
    gone = make_user("pp2.batang", Role.PP, market.world.opd_batang)
    gone.is_active = False
    gone.save()
    _refused(
        "invalid_receiver",
        services.order_appoint_receiver,
        user=ppk(market),
        order_id=order.pk,
        receiver_id=gone.pk,
    )
    assert _appoint(market, order, "admin.opd.batang").receiver_id is not None


def test_only_the_ppk_appoints_and_strangers_do_not_see_the_order(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market))
    for reader in ("pp.batang", "bendahara.batang", "pemilik.vendor", "admin.batang"):
        _refused(
            "not_allowed",
            services.order_appoint_receiver,
            user=market.world.user(reader),
            order_id=order.pk,
            receiver_id=None,
        )
    for stranger in ("pp.kendal", "admin.kendal", "pendamping.batang"):
        with pytest.raises(NotFound):
            _appoint(market, order, "pp.batang", by=stranger)
    order.refresh_from_db()
    assert order.receiver_id is None


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.MENUNGGU_PERSETUJUAN, S.DITERIMA, S.BAST_DITANDATANGANI, S.DIBATALKAN]
)
def test_a_receiver_is_appointed_between_the_signature_and_the_receipt(
    market: Market, status: str
) -> None:
    order = make_order(market, status, live_product(market))
    _refused(
        "receiver_not_now",
        services.order_appoint_receiver,
        user=ppk(market),
        order_id=order.pk,
        receiver_id=market.world.user("pp.batang").pk,
    )


# --- the receiver inspects -----------------------------------------------------------


def test_the_appointed_receiver_records_the_receipt_but_does_not_sign_the_bast(
    market: Market,
) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market), 3)
    line = order.lines.get()
    official = market.world.user("admin.opd.batang")
    # Not appointed: refused.
    _may_not_receive(official, order)
    _appoint(market, order, "admin.opd.batang")
    received = services.order_receive(
        user=official, order_id=order.pk, received={line.pk: 3}, condition_ok=True
    )
    assert received.status == S.DITERIMA
    assert (received.accepted_total, received.payable_total) == (received.total, received.total)
    assert received.status_changes.latest("at").actor == official
    _refused("not_allowed", services.order_sign_bast, user=official, order_id=order.pk)
    sign_for_vendor(market, order)
    signed = services.order_sign_bast(user=ppk(market), order_id=order.pk)
    assert signed.status == S.BAST_DITANDATANGANI


def test_a_receiver_removed_or_moved_away_no_longer_inspects(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market), 3)
    line = order.lines.get()
    pp = buyer(market)
    _appoint(market, order, "pp.batang")
    _appoint(market, order, None)
    _may_not_receive(pp, order)
    _appoint(market, order, "pp.batang")
    pp.organisation = market.world.opd_kendal
    pp.save()
    with pytest.raises(NotFound):  # no longer an official of the order's OPD
        services.order_receive(user=pp, order_id=order.pk, received={line.pk: 3}, condition_ok=True)


def test_a_bendahara_appointed_before_the_rule_does_not_receive(market: Market, client_for) -> None:
    """An appointment made when the bendahara was still eligible (ADR 0046)
    no longer lets the bendahara inspect: the PPK receives, and the receiver
    page says so."""
    order = make_order(market, S.DIKIRIM, live_product(market), 3)
    bendahara = market.world.user("bendahara.batang")
    Order.objects.filter(pk=order.pk).update(receiver=bendahara)
    _may_not_receive(bendahara, order)
    page = client_for(ppk(market)).get(f"/pesanan/{order.pk}/penerima/").content.decode()
    assert "tidak dapat lagi menerima pesanan ini" in page
    eligible = [user.username for user in receiving.eligible_receivers(order)]
    assert not {"bendahara.batang", "ppk.batang"} & set(eligible)
    assert {"pp.batang", "admin.opd.batang"} <= set(eligible)


# --- partial acceptance ---------------------------------------------------------------


def test_partial_acceptance_adjusts_the_value_to_the_rupiah(market: Market) -> None:
    order = _two_line_order(market, S.DIKIRIM)
    pens, desks = order.lines.get(sku="PEN-1"), order.lines.get(sku="MEJA-1")
    accepted = services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={pens.pk: 10, desks.pk: 3},
        accepted={pens.pk: 7, desks.pk: 3},
        condition_ok=False,
        on_time=False,
        accept_partially=True,
        note="3 pulpen patah, 1 meja belum dikirim",
    )
    assert accepted.status == S.DITERIMA
    assert accepted.total == 1_150_000  # as ordered, kept
    assert accepted.accepted_total == 7 * 15_000 + 3 * 250_000 == 855_000
    assert accepted.payable_total == 855_000
    assert accepted.partially_accepted
    assert accepted.received_on_time is False
    lines = accepted.lines.order_by("sku")
    assert [(line.received_quantity, line.accepted_quantity) for line in lines] == [(3, 3), (10, 7)]
    flag = OrderFlag.objects.get(order=order, kind=FlagKind.PARTIALLY_ACCEPTED)
    assert flag.detail["accepted_total"] == 855_000
    assert flag.detail["total"] == 1_150_000
    change = accepted.status_changes.latest("at")
    assert change.reason == "3 pulpen patah, 1 meja belum dikirim"
    assert change.details["partial"] is True
    event = AuditEvent.objects.filter(action="order.diterima", object_id=str(order.pk)).get()
    assert event.details["partial"] is True


def test_units_never_delivered_go_back_to_the_stock_damaged_ones_do_not(market: Market) -> None:
    order = _two_line_order(market, S.DIKIRIM)
    pens, desks = order.lines.get(sku="PEN-1"), order.lines.get(sku="MEJA-1")
    pen, desk = Product.objects.get(sku="PEN-1"), Product.objects.get(sku="MEJA-1")
    assert (pen.stock, desk.stock) == (90, 16)  # taken at the signature
    services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={pens.pk: 8, desks.pk: 4},  # 2 pens never came
        accepted={pens.pk: 5, desks.pk: 4},  # 3 pens came broken
        condition_ok=False,
        accept_partially=True,
        note="Kurang 2, rusak 3",
    )
    pen.refresh_from_db()
    desk.refresh_from_db()
    assert (pen.stock, desk.stock) == (92, 16)
    pens.refresh_from_db()
    assert pens.stock_taken == 8
    flag = OrderFlag.objects.get(order=order, kind=FlagKind.PARTIALLY_ACCEPTED)
    assert flag.detail["stock_returned"] == {str(pens.pk): 2}


def test_accepting_partially_everything_ordered_is_a_full_acceptance(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market), 4)
    line = order.lines.get()
    accepted = services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={line.pk: 4},
        condition_ok=True,
        accept_partially=True,
    )
    assert accepted.status == S.DITERIMA
    assert accepted.accepted_total == accepted.total
    assert not OrderFlag.objects.filter(order=order, kind=FlagKind.PARTIALLY_ACCEPTED).exists()


def test_partial_acceptance_refusals_write_nothing(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market), 5)
    line = order.lines.get()
    base = {"user": ppk(market), "order_id": order.pk, "condition_ok": True}
    partially = base | {"accept_partially": True}
    _refused("invalid", services.order_receive, **partially, received={line.pk: 3})  # no reason
    _refused(
        "invalid",
        services.order_receive,
        **partially,
        received={line.pk: 3},
        accepted={line.pk: 4},  # more than received
        note="Kurang",
    )
    _refused(
        "nothing_accepted",
        services.order_receive,
        **partially,
        received={line.pk: 3},
        accepted={line.pk: 0},
        note="Semua rusak",
    )
    _refused(
        "invalid",
        services.order_receive,
        **partially,
        received={line.pk: 3},
        send_back=True,
        note="x",
    )
    _refused(
        "incomplete_delivery",
        services.order_inspect,
        **base,
        outcome="accept_all",
        received={line.pk: 3},
    )
    order.refresh_from_db()
    line.refresh_from_db()
    assert (order.status, order.accepted_total, line.received_quantity) == (S.DIKIRIM, None, None)
    for stranger in ("pemilik.vendor", "pp.batang"):
        _refused(
            "not_allowed",
            services.order_receive,
            **(partially | {"user": market.world.user(stranger)}),
            received={line.pk: 3},
            note="x",
        )


def test_a_send_back_after_a_partial_acceptance_clears_the_accepted_value(
    market: Market,
) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market, stock=50), 5)
    line = order.lines.get()
    services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={line.pk: 4},
        condition_ok=True,
        accept_partially=True,
        note="Kurang 1",
    )
    back = services.order_send_back(user=ppk(market), order_id=order.pk, note="Segel rusak")
    line.refresh_from_db()
    assert (back.status, back.accepted_total, line.accepted_quantity) == (S.DIPROSES, None, None)
    assert back.payable_total == back.total
    services.order_ship(user=vendor_user(market), order_id=order.pk, own_delivery=True)
    again = receive_all(market, order)
    assert again.accepted_total == again.total


def test_send_back_at_the_inspection_is_the_inspectors_choice(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market), 2)
    line = order.lines.get()
    back = services.order_inspect(
        user=ppk(market),
        order_id=order.pk,
        outcome="send_back",
        received={line.pk: 2},
        condition_ok=True,
        note="Warna tidak sesuai",
    )
    assert (back.status, back.receipt_note, back.accepted_total) == (
        S.DIPROSES,
        "Warna tidak sesuai",
        None,
    )


# --- pages and API ----------------------------------------------------------------------


def test_the_receiver_page_appoints_with_a_key_used_once(market: Market, client_for) -> None:
    order = make_order(market, S.DIPROSES, live_product(market))
    client = client_for(ppk(market))
    page = client.get(f"/pesanan/{order.pk}/penerima/")
    assert page.status_code == 200
    assert 'name="receiver_id"' in page.content.decode()
    official = market.world.user("admin.opd.batang")
    form = {"receiver_id": str(official.pk), "idempotency_key": "k-1"}
    assert client.post(f"/pesanan/{order.pk}/penerima/", form).status_code == 302
    _appoint(market, order, None)
    client.post(f"/pesanan/{order.pk}/penerima/", form)  # the same form again: nothing done
    order.refresh_from_db()
    assert order.receiver_id is None
    stranger = client_for(market.world.user("pp.kendal"))
    assert stranger.get(f"/pesanan/{order.pk}/penerima/").status_code == 404


def test_the_inspection_page_accepts_partially(market: Market, client_for) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market, price=12_500), 6)
    line = order.lines.get()
    _appoint(market, order, "pp.batang")
    client = client_for(buyer(market))
    assert 'name="outcome"' in client.get(f"/pesanan/{order.pk}/terima/").content.decode()
    form = {
        f"received_{line.pk}": "5",
        f"accepted_{line.pk}": "4",
        "condition_ok": "no",
        "on_time": "yes",
        "outcome": "accept_partially",
        "note": "1 kurang, 1 rusak",
        "idempotency_key": "form-1",
    }
    assert client.post(f"/pesanan/{order.pk}/terima/", form).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.accepted_total, order.received_on_time) == (
        S.DITERIMA,
        50_000,
        True,
    )


def test_the_inspection_page_asks_for_each_decision_and_keeps_what_was_typed(
    market: Market, client_for
) -> None:
    """No answer is chosen beforehand; a form sent without them, or refused
    by the service, comes back with the quantities and the note as typed."""
    order = make_order(market, S.DIKIRIM, live_product(market, price=12_500), 6)
    line = order.lines.get()
    client = client_for(ppk(market))
    page = client.get(f"/pesanan/{order.pk}/terima/").content.decode()
    assert "checked" not in page
    typed = {f"received_{line.pk}": "5", f"accepted_{line.pk}": "4", "note": "Satu dos basah"}
    unanswered = client.post(f"/pesanan/{order.pk}/terima/", typed | {"idempotency_key": "u-1"})
    assert unanswered.status_code == 400
    page = unanswered.content.decode()
    for message in (
        "Pilih kondisi barang yang diterima.",
        "Pilih apakah barang tiba tepat waktu.",
        "Pilih menerima semua, menerima sebagian, atau mengembalikan ke penyedia.",
    ):
        assert message in page
    assert 'value="5"' in page
    assert 'value="4"' in page
    assert "Satu dos basah</textarea>" in page
    # Everything accepted although 5 of 6 arrived: refused, the form kept.
    answers = {"condition_ok": "no", "on_time": "no", "outcome": "accept_all"}
    refused = client.post(
        f"/pesanan/{order.pk}/terima/", typed | answers | {"idempotency_key": "u-2"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'value="accept_all" required checked' in page
    assert 'name="condition_ok" value="no" checked' in page
    assert 'value="5"' in page
    order.refresh_from_db()
    assert order.status == S.DIKIRIM
    assert order.lines.get().received_quantity is None


def test_the_api_appoints_and_inspects(market: Market) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market, price=20_000), 3)
    line = order.lines.get()
    official = market.world.user("admin.opd.batang")
    client = api(ppk(market))
    answer = client.post(
        f"/api/v1/orders/{order.pk}/receiver",
        {"receiver_id": official.pk},
        content_type="application/json",
        headers={"Idempotency-Key": "a-1"},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["receiver_id"] == official.pk
    body = {
        "outcome": "accept_partially",
        "lines": [{"line_id": line.pk, "received": 2, "accepted": 2}],
        "condition_ok": True,
        "note": "Kurang 1",
    }
    receiver_client = api(official)
    refused = receiver_client.post(
        f"/api/v1/orders/{order.pk}/inspection",
        body | {"note": ""},
        content_type="application/json",
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid")
    done = receiver_client.post(
        f"/api/v1/orders/{order.pk}/inspection", body, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["accepted_total"]) == (S.DITERIMA, 40_000)
    vendor = api(vendor_user(market))
    forbidden = vendor.post(
        f"/api/v1/orders/{order.pk}/receiver",
        {"receiver_id": None},
        content_type="application/json",
    )
    assert forbidden.status_code == 400  # the receipt is recorded: no appointment now
    stranger = api(market.world.user("pp.kendal"))
    missing = stranger.post(
        f"/api/v1/orders/{order.pk}/inspection", body, content_type="application/json"
    )
    assert missing.status_code == 404
