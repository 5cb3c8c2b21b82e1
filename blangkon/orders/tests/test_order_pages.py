"""The order pages with the test client against the real database: the
checkout, the detail page and one POST per move (and their refusals), forms
sent twice, and the Surat Pesanan and BAST pages."""

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from blangkon.accounts.models import DeliveryAddress, User
from blangkon.accounts.roles import Role
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import CartLine, Order, OrderFlag, OrderStatusChange
from blangkon.orders.order_pages import MOVES, PAGE_NAMES
from blangkon.orders.order_selectors import order_detail
from blangkon.orders.services import cart_add
from blangkon.orders.status import FlagKind
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    PATHS,
    buyer,
    live_product,
    make_order,
    ppk,
    vendor_user,
)

__all__ = ["market"]


@pytest.fixture
def pens(market: Market) -> Product:
    return live_product(market, price=47_500)


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _checkout_data(user: User, **changes: Any) -> dict[str, Any]:
    address = DeliveryAddress.objects.filter(opd_id=user.organisation_id).first()
    assert address is not None
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "delivery_address_id": address.pk,
        "kode_rup": "12345678",
        "budget_line": "5.1.02.01.01.0024",
        "funding_source": "APBD",
        "requested_arrival": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "note": "Antar ke gudang belakang",
    }
    return data | changes


def _key() -> dict[str, str]:
    return {"idempotency_key": str(uuid.uuid4())}


def _page(response: Any) -> str:
    return response.content.decode()


# --- checkout ------------------------------------------------------------------------


def test_the_checkout_page_shows_the_lines_and_the_opds_addresses(
    market: Market, pens: Product
) -> None:
    cart_add(user=buyer(market), product_id=pens.pk, quantity=2)
    response = _as(buyer(market)).get(f"/pesanan/checkout/{pens.vendor_id}/")
    assert response.status_code == 200
    page = _page(response)
    assert pens.name in page
    assert "Rp95.000" in page
    address = DeliveryAddress.objects.filter(opd_id=buyer(market).organisation_id).first()
    assert address is not None
    assert address.label in page
    assert 'name="idempotency_key"' in page
    # The date picker starts tomorrow: the service refuses today and before.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert re.search(rf'name="requested_arrival"[^>]* min="{tomorrow.isoformat()}"', page)
    # The cart's button leads there.
    cart = _page(_as(buyer(market)).get("/keranjang/"))
    assert f'href="/pesanan/checkout/{pens.vendor_id}/"' in cart


def test_checkout_is_404_without_the_vendors_lines_and_for_non_buyers(
    market: Market, pens: Product
) -> None:
    assert _as(buyer(market)).get(f"/pesanan/checkout/{pens.vendor_id}/").status_code == 404
    cart_add(user=buyer(market), product_id=pens.pk, quantity=2)
    assert _as(ppk(market)).get(f"/pesanan/checkout/{pens.vendor_id}/").status_code == 404
    other = market.world.user("pp.kendal")
    assert _as(other).get(f"/pesanan/checkout/{pens.vendor_id}/").status_code == 404


def test_checkout_makes_a_draft_once_and_redirects_to_it(market: Market, pens: Product) -> None:
    user = buyer(market)
    cart_add(user=user, product_id=pens.pk, quantity=2)
    client = _as(user)
    data = _checkout_data(user)
    first = client.post(f"/pesanan/checkout/{pens.vendor_id}/", data)
    again = client.post(f"/pesanan/checkout/{pens.vendor_id}/", data)  # a double click
    order = Order.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/pesanan/{order.pk}/"
    assert (order.status, order.total, order.note) == (S.DRAFT, 95_000, "Antar ke gudang belakang")
    assert not CartLine.objects.exists()
    page = _page(client.get(f"/pesanan/{order.pk}/"))
    assert "12345678" in page
    assert "5.1.02.01.01.0024" in page
    assert "Rp95.000" in page


def test_checkout_shows_field_errors_and_keeps_the_cart(market: Market, pens: Product) -> None:
    user = buyer(market)
    cart_add(user=user, product_id=pens.pk, quantity=2)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = _checkout_data(user, kode_rup="12AB", requested_arrival=yesterday)
    response = _as(user).post(f"/pesanan/checkout/{pens.vendor_id}/", data)
    assert response.status_code == 400
    page = _page(response)
    assert 'class="error-summary"' in page
    assert 'href="#id_kode_rup"' in page
    assert 'href="#id_requested_arrival"' in page
    assert not Order.objects.exists()
    assert CartLine.objects.count() == 1


def test_a_changed_price_must_be_accepted(market: Market, pens: Product) -> None:
    user = buyer(market)
    cart_add(user=user, product_id=pens.pk, quantity=2)
    Product.objects.filter(pk=pens.pk).update(price=52_000)
    client = _as(user)
    refused = client.post(f"/pesanan/checkout/{pens.vendor_id}/", _checkout_data(user))
    assert refused.status_code == 400
    page = _page(refused)
    assert "Rp47.500" in page
    assert "Rp52.000" in page
    assert 'name="accepted_prices"' in page
    assert not Order.objects.exists()
    accepted = client.post(
        f"/pesanan/checkout/{pens.vendor_id}/", _checkout_data(user, accepted_prices="on")
    )
    assert accepted.status_code == 302
    assert Order.objects.get().total == 104_000


def test_over_the_ceiling_is_refused_at_checkout(market: Market) -> None:
    product = live_product(market, price=26_000_000)
    user = buyer(market)
    cart_add(user=user, product_id=product.pk, quantity=2)
    response = _as(user).post(f"/pesanan/checkout/{product.vendor_id}/", _checkout_data(user))
    assert response.status_code == 400
    assert "Rp50.000.000" in _page(response)
    assert not Order.objects.exists()


def test_a_possible_splitting_is_a_warning_at_checkout(market: Market) -> None:
    product = live_product(market, price=15_000_000)
    first = make_order(market, S.MENUNGGU_KONFIRMASI, product, 2)
    user = buyer(market)
    cart_add(user=user, product_id=product.pk, quantity=2)
    client = _as(user)
    response = client.post(f"/pesanan/checkout/{product.vendor_id}/", _checkout_data(user))
    assert response.status_code == 302
    page = _page(client.get(response["Location"]))
    assert first.number in page  # the warning names the earlier order
    assert Order.objects.filter(status=S.DRAFT).count() == 1


# --- the detail page -----------------------------------------------------------------------


def test_the_detail_page_shows_the_order_and_only_the_readers_moves(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, pens, 3)
    as_ppk = _page(_as(ppk(market)).get(f"/pesanan/{order.pk}/"))
    assert order.number in as_ppk
    assert f'action="/pesanan/{order.pk}/approve/"' in as_ppk
    assert f'action="/pesanan/{order.pk}/cancel/"' in as_ppk
    assert "data-order-status" in as_ppk
    assert "Setujui dan tandatangani Surat Pesanan" in as_ppk  # in Indonesian, the default
    as_vendor = _page(_as(vendor_user(market)).get(f"/pesanan/{order.pk}/"))
    assert order.number in as_vendor
    assert "/approve/" not in as_vendor
    assert '<form method="post" action="/pesanan' not in as_vendor
    # Officials are named; the OPD reads a vendor's user by role and business.
    assert buyer(market).get_full_name() in as_vendor
    assert buyer(market).get_full_name() in as_ppk
    signed = make_order(market, S.MENUNGGU_KONFIRMASI, pens, 1)
    _post(vendor_user(market), signed, "accept")
    as_pp = _page(_as(buyer(market)).get(f"/pesanan/{signed.pk}/"))
    assert vendor_user(market).get_full_name() not in as_pp
    assert market.batang_vendor.organisation.name in as_pp
    # The vendor reads the delivery address only once the PPK signed.
    address = order.delivery_address.street
    assert address not in as_vendor
    assert address in _page(_as(vendor_user(market)).get(f"/pesanan/{signed.pk}/"))
    assert _as(market.world.user("pp.kendal")).get(f"/pesanan/{order.pk}/").status_code == 404


def test_after_the_shipment_the_vendor_has_no_accept_and_a_dispute_no_ship_or_receipt(
    market: Market, pens: Product
) -> None:
    """A shipped or received order may go back to DIPROSES (the inspection,
    the PPK's send-back) and a disputed one to DIKIRIM (the kab/kota admin);
    the vendor's accept and ship, and the PPK's receipt, are not those moves."""
    shipped = make_order(market, S.DIKIRIM, pens, 1)
    disputed = make_order(market, S.SENGKETA, pens, 1)
    as_vendor = _page(_as(vendor_user(market)).get(f"/pesanan/{shipped.pk}/"))
    assert "/accept/" not in as_vendor
    assert _post(vendor_user(market), shipped, "accept").status_code == 400
    assert _status(shipped) == S.DIKIRIM
    as_vendor = _page(_as(vendor_user(market)).get(f"/pesanan/{disputed.pk}/"))
    assert "/ship/" not in as_vendor
    assert "/receive/" not in _page(_as(ppk(market)).get(f"/pesanan/{disputed.pk}/"))
    shipping = {"courier": "JNE", "tracking_number": "JN1"}
    assert _post(vendor_user(market), disputed, "ship", **shipping).status_code == 400
    assert _status(disputed) == S.SENGKETA


def test_the_negotiation_link_names_the_other_side(market: Market, pens: Product) -> None:
    draft = make_order(market, S.DRAFT, pens, 1)
    as_vendor = _page(_as(vendor_user(market)).get(f"/pesanan/{draft.pk}/"))
    assert "Negosiasikan harga dan jumlah dengan pembeli" in as_vendor
    as_buyer = _page(_as(buyer(market)).get(f"/pesanan/{draft.pk}/"))
    assert "Negosiasikan harga dan jumlah dengan penyedia" in as_buyer


# --- one POST per move ---------------------------------------------------------------------


def _post(user: User, order: Order, action: str, **data: Any) -> Any:
    return _as(user).post(f"/pesanan/{order.pk}/{action}/", _key() | data)


def _status(order: Order) -> str:
    order.refresh_from_db()
    return order.status


def test_the_whole_way_through_the_pages(market: Market, pens: Product) -> None:
    order = make_order(market, S.DRAFT, pens, 2)
    steps: list[tuple[User, str, dict[str, Any], str]] = [
        (buyer(market), "submit", {}, S.MENUNGGU_PERSETUJUAN),
        (ppk(market), "approve", {}, S.MENUNGGU_KONFIRMASI),
        (vendor_user(market), "accept", {}, S.DIPROSES),
        (vendor_user(market), "ship", {"courier": "JNE", "tracking_number": "JN1"}, S.DIKIRIM),
        (
            ppk(market),
            "receive",
            {f"line_{order.lines.get().pk}": "2", "condition_ok": "yes", "on_time": "yes"},
            S.DITERIMA,
        ),
        (vendor_user(market), "sign-bast", {}, S.DITERIMA),
        (ppk(market), "sign-bast", {}, S.BAST_DITANDATANGANI),
    ]
    for user, action, data, expected in steps:
        response = _post(user, order, action, **data)
        assert response.status_code == 302, (action, _page(response))
        assert response["Location"] == f"/pesanan/{order.pk}/"
        assert _status(order) == expected, action
    bast = _as(vendor_user(market)).get(f"/pesanan/{order.pk}/bast/")
    assert bast.status_code == 200
    assert "BAST" in _page(bast)


def test_a_move_sent_twice_is_made_once(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens, 2)
    client = _as(vendor_user(market))
    data = _key()
    first = client.post(f"/pesanan/{order.pk}/accept/", data)
    again = client.post(f"/pesanan/{order.pk}/accept/", data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert OrderStatusChange.objects.filter(order=order, to_status=S.DIPROSES).count() == 1


def test_a_refused_move_reenders_the_page_with_the_reason(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens, 2)
    missing = _post(vendor_user(market), order, "decline", reason="")
    assert missing.status_code == 400
    assert 'class="error-summary"' in _page(missing)
    forbidden = _post(buyer(market), order, "accept")
    assert forbidden.status_code == 403
    wrong_state = _post(vendor_user(market), order, "ship", own_delivery="on")
    assert wrong_state.status_code == 400
    assert _status(order) == S.MENUNGGU_KONFIRMASI
    stranger = _post(market.world.user("pp.kendal"), order, "cancel", reason="x")
    assert stranger.status_code == 404
    declined = _post(vendor_user(market), order, "decline", reason="Stok habis")
    assert declined.status_code == 302
    assert _status(order) == S.DITOLAK


def test_ship_needs_a_tracking_number_or_own_delivery(market: Market, pens: Product) -> None:
    order = make_order(market, S.DIPROSES, pens, 2)
    refused = _post(vendor_user(market), order, "ship", courier="JNE")
    assert refused.status_code == 400
    assert 'href="#ship-tracking_number"' in _page(refused)
    assert _post(vendor_user(market), order, "ship", own_delivery="on").status_code == 302
    order.refresh_from_db()
    assert (order.status, order.own_delivery) == (S.DIKIRIM, True)


def test_a_shortfall_at_the_receipt_sends_it_back_with_the_note(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.DIKIRIM, pens, 3)
    line = order.lines.get()
    answers = {f"line_{line.pk}": "2", "condition_ok": "yes", "on_time": "no"}
    no_note = _post(ppk(market), order, "receive", **answers)
    assert no_note.status_code == 400
    assert _status(order) == S.DIKIRIM
    sent = _post(
        ppk(market),
        order,
        "receive",
        **answers,
        note="Kurang satu",
    )
    assert sent.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.receipt_note, order.received_on_time) == (
        S.DIPROSES,
        "Kurang satu",
        False,
    )
    assert "Kurang satu" in _page(_as(vendor_user(market)).get(f"/pesanan/{order.pk}/"))


def test_the_receipt_is_not_answered_beforehand(market: Market, pens: Product) -> None:
    """Nothing is chosen for the condition and the timeliness: a press of the
    button alone records nothing and says what to choose."""
    order = make_order(market, S.DIKIRIM, pens, 3)
    line = order.lines.get()
    page = _page(_as(ppk(market)).get(f"/pesanan/{order.pk}/"))
    assert 'name="condition_ok"' in page
    assert 'name="on_time"' in page
    assert not re.search(r'name="(condition_ok|on_time)"[^>]*checked', page)
    pressed = _post(ppk(market), order, "receive", **{f"line_{line.pk}": "3"})
    assert pressed.status_code == 400
    assert "Pilih kondisi barang yang diterima." in _page(pressed)
    assert "Pilih apakah barang tiba tepat waktu." in _page(pressed)
    assert _status(order) == S.DIKIRIM


def test_send_back_cancel_dispute_and_resolve(market: Market, pens: Product) -> None:
    received = make_order(market, S.DITERIMA, pens, 1)
    assert _post(ppk(market), received, "send-back", note="Segel rusak").status_code == 302
    assert _status(received) == S.DIPROSES

    draft = make_order(market, S.DRAFT, pens, 1)
    assert _post(buyer(market), draft, "cancel", reason="Tidak jadi").status_code == 302
    assert _status(draft) == S.DIBATALKAN

    shipped = make_order(market, S.DIKIRIM, pens, 1)
    assert _post(vendor_user(market), shipped, "dispute", reason="Tidak dibayar").status_code == 302
    assert _status(shipped) == S.SENGKETA
    admin = market.world.user("admin.batang")
    page = _page(_as(admin).get(f"/pesanan/{shipped.pk}/"))
    assert f'action="/pesanan/{shipped.pk}/resolve/"' in page
    assert _post(ppk(market), shipped, "resolve", to=S.DITERIMA, reason="x").status_code == 403
    resolved = _post(admin, shipped, "resolve", to=S.DITERIMA, reason="Barang sudah lengkap")
    assert resolved.status_code == 302
    assert _status(shipped) == S.DITERIMA


@pytest.mark.parametrize("status", sorted(PATHS))
def test_the_page_offers_the_forms_of_the_apis_next_actions(
    market: Market, pens: Product, status: str
) -> None:
    """Pages and API read one list of who may do what from which status: the
    page of each party shows a form for each of its next actions and no other
    (an invoice is issued from its own page, linked from the order's)."""
    order = make_order(market, status, pens, 1)
    readers = [buyer(market), ppk(market), vendor_user(market)]
    readers += [market.world.user(name) for name in ("admin.batang", "auditor.provinsi")]
    for reader in readers:
        page = _page(_as(reader).get(f"/pesanan/{order.pk}/"))
        forms = set(re.findall(rf'action="/pesanan/{order.pk}/([a-z-]+)/"', page)) & set(MOVES)
        expected = {
            PAGE_NAMES.get(name, name) for name in order_detail(reader, order.pk).next_actions
        } - {"invoice"}
        assert forms == expected, (reader.username, status)


def test_splitting_at_the_signature_asks_the_ppk_for_a_justification(market: Market) -> None:
    product = live_product(market, price=15_000_000)
    first = make_order(market, S.MENUNGGU_KONFIRMASI, product, 2)
    second = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 2)
    refused = _post(ppk(market), second, "approve")
    assert refused.status_code == 400
    page = _page(refused)
    assert first.number in page
    assert 'name="split_justification"' in page
    assert _status(second) == S.MENUNGGU_PERSETUJUAN
    signed = _post(ppk(market), second, "approve", split_justification="Dua kegiatan berbeda")
    assert signed.status_code == 302
    assert _status(second) == S.MENUNGGU_KONFIRMASI
    assert OrderFlag.objects.filter(order=second, kind=FlagKind.SPLIT_JUSTIFIED).exists()
    shown = _page(_as(market.world.user("auditor.provinsi")).get(f"/pesanan/{second.pk}/"))
    assert "Dua kegiatan berbeda" in shown


# --- the documents ---------------------------------------------------------------------------


def test_the_surat_pesanan_and_the_bast_exist_once_signed_and_received(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, pens, 2)
    reader = _as(vendor_user(market))
    assert reader.get(f"/pesanan/{order.pk}/surat-pesanan/").status_code == 404
    assert reader.get(f"/pesanan/{order.pk}/bast/").status_code == 404
    signed = make_order(market, S.BAST_DITANDATANGANI, pens, 2)
    sp = reader.get(f"/pesanan/{signed.pk}/surat-pesanan/")
    assert sp.status_code == 200
    page = _page(sp)
    assert signed.number in page
    assert "Rp95.000" in page
    assert ppk(market).get_full_name() in page
    bast = _page(reader.get(f"/pesanan/{signed.pk}/bast/"))
    assert "data-bast-status" in bast
    assert ppk(market).get_full_name() in bast
    assert _as(market.world.user("pp.kendal")).get(f"/pesanan/{signed.pk}/bast/").status_code == 404


@pytest.mark.parametrize(
    ("status", "subpage", "actor", "role_then", "reader"),
    [
        # the history: the submission was made as the OPD's PP
        (S.MENUNGGU_PERSETUJUAN, "", buyer, Role.PP, ppk),
        # the BAST page: the handover was signed as the OPD's PPK
        (S.BAST_DITANDATANGANI, "bast/", ppk, Role.PPK, buyer),
    ],
)
def test_pages_name_each_actor_in_the_role_they_acted_in(
    market: Market,
    pens: Product,
    status: str,
    subpage: str,
    actor: Callable[[Market], User],
    role_then: Role,
    reader: Callable[[Market], User],
) -> None:
    order = make_order(market, status, pens, 1)
    official = actor(market)
    # Later made the OPD's administrator: what they did was done in the role they had.
    User.objects.filter(pk=official.pk).update(role=Role.OPD_ADMIN)
    text = _page(_as(reader(market)).get(f"/pesanan/{order.pk}/{subpage}"))
    with translation.override("id"):
        then, now = str(role_then.label), str(Role.OPD_ADMIN.label)
    assert official.organisation is not None
    assert f"{official.get_full_name()} ({then}, {official.organisation.name})" in text
    assert now not in text
