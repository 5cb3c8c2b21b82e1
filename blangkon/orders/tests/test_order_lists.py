"""Who sees which orders, the queues of what waits for each role, the filters,
the deadlines as a reader sees them, the pages /pesanan/ and /pesanan/tanda/
and GET /api/v1/orders."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.accounts.services import api_token_issue
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.notifications.models import Notification
from blangkon.orders import order_lists as lists
from blangkon.orders import order_services as services
from blangkon.orders.models import Order
from blangkon.orders.negotiation_services import ProposedLine, negotiation_open
from blangkon.orders.order_deadlines import deadline_of, deadline_seen
from blangkon.orders.order_lists import OrderFilters
from blangkon.orders.status import FlagKind
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    buyer,
    checkout,
    live_product,
    make_order,
    ppk,
    sign_for_vendor,
)
from conftest import make_user

__all__ = ["market"]

JAKARTA = ZoneInfo("Asia/Jakarta")


def _ids(orders: Any) -> set[int]:
    return {order.pk for order in orders}


def _visible(market: Market, name: str) -> set[int]:
    return _ids(lists.orders_visible_to(market.user(name)))


def _queue(market: Market, name: str, key: str) -> list[int]:
    return [order.pk for order in lists.queue_orders(market.user(name), key)]


def _kendal_order(market: Market) -> Order:
    """An order of Kendal's OPD (bought by its PP) from Kendal's vendor, submitted."""
    pp_kendal = market.user("pp.kendal")
    DeliveryAddress.objects.create(
        opd=market.world.opd_kendal,
        label="Kantor",
        street="Jl. Soekarno-Hatta No. 1",
        kab_kota_id="33.24",
        postal_code="51314",
    )
    product = make_product(
        market,
        ProductStatus.TAYANG,
        vendor=market.kendal_vendor,
        data=atk_input(sku="KDL-1", name="Map plastik"),
    )
    order = checkout(market, product, 2, user=pp_kendal).order
    return services.order_submit(user=pp_kendal, order_id=order.pk)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


# --- visibility -------------------------------------------------------------------


def test_each_role_sees_its_own_side_and_nobody_else_s(market: Market) -> None:
    product = live_product(market)
    draft = make_order(market, S.DRAFT, product)
    submitted = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    cancelled_draft = make_order(market, S.DIBATALKAN, product)  # never submitted
    shipped = make_order(market, S.DIKIRIM, product)
    kendal = _kendal_order(market)
    batang_all = {draft.pk, submitted.pk, cancelled_draft.pk, shipped.pk}

    for name in ("pp.batang", "ppk.batang", "bendahara.batang", "admin.opd.batang"):
        assert _visible(market, name) == batang_all, name
    assert _visible(market, "admin.batang") == batang_all
    # The vendor sees what was submitted to it: no drafts, even cancelled ones.
    for name in ("pemilik.vendor", "staf.vendor"):
        assert _visible(market, name) == {submitted.pk, shipped.pk}, name
    assert _visible(market, "pp.kendal") == {kendal.pk}
    assert _visible(market, "admin.kendal") == {kendal.pk}
    assert _visible(market, "pemilik.kendal") == {kendal.pk}
    for name in ("auditor.provinsi", "admin.provinsi"):
        assert _visible(market, name) == batang_all | {kendal.pk}, name
    assert _visible(market, "pendamping.batang") == set()
    assert not lists.sees_orders(market.user("pendamping.batang"))
    pp = market.user("pp.batang")
    pp.is_active = False
    assert _ids(lists.orders_visible_to(pp)) == set()


def test_the_vendor_sees_a_draft_once_the_buyer_negotiates_on_it(market: Market) -> None:
    draft = make_order(market, S.DRAFT, live_product(market), 4)
    assert draft.pk not in _visible(market, "pemilik.vendor")
    line = draft.lines.get()
    negotiation_open(
        user=buyer(market), order_id=draft.pk, lines=[ProposedLine(line.pk, 24_000, 4)]
    )
    assert draft.pk in _visible(market, "pemilik.vendor")
    assert draft.pk not in _visible(market, "pemilik.kendal")


# --- queues -----------------------------------------------------------------------


def test_the_buyer_s_queues_hold_drafts_to_submit_and_orders_ended_recently(
    market: Market,
) -> None:
    product = live_product(market)
    draft = make_order(market, S.DRAFT, product)
    cancelled = make_order(market, S.DIBATALKAN, product)
    declined = make_order(market, S.DITOLAK, product)
    timed_out = make_order(market, S.BATAL_OTOMATIS, product)
    make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    old = make_order(market, S.DITOLAK, product)
    long_ago = timezone.now() - datetime.timedelta(days=lists.ENDED_RECENTLY_DAYS + 1)
    Order.objects.filter(pk=old.pk).update(declined_at=long_ago)

    assert _queue(market, "pp.batang", "draf") == [draft.pk]
    assert set(_queue(market, "pp.batang", "berakhir")) == {
        cancelled.pk,
        declined.pk,
        timed_out.pk,
    }
    # Not the buyer's queues for anyone else, the PPK of an OPD with a PP included.
    assert _queue(market, "ppk.batang", "draf") == []
    assert _queue(market, "pemilik.vendor", "draf") == []
    keys = [queue.key for queue in lists.queues_for(market.user("pp.batang"))]
    assert keys == ["draf", "berakhir"]
    # Ended orders inform; they are not counted as waiting for the buyer.
    assert lists.needs_you_count(market.user("pp.batang")) == 1


def test_the_ppk_s_queues_oldest_wait_first(market: Market) -> None:
    product = live_product(market)
    first = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    second = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    Order.objects.filter(pk=first.pk).update(submitted_at=timezone.now())  # submitted later
    shipped = make_order(market, S.DIKIRIM, product)
    received = make_order(market, S.DITERIMA, product)
    vendor_signed = make_order(market, S.DITERIMA, product)
    sign_for_vendor(market, vendor_signed)
    ppk_signed = make_order(market, S.DITERIMA, product)
    services.order_sign_bast(user=ppk(market), order_id=ppk_signed.pk)

    assert _queue(market, "ppk.batang", "persetujuan") == [second.pk, first.pk]
    assert _queue(market, "ppk.batang", "penerimaan") == [shipped.pk]
    assert set(_queue(market, "ppk.batang", "bast-ppk")) == {received.pk, vendor_signed.pk}
    assert lists.needs_you_count(market.user("ppk.batang")) == 5
    # The PP has none of these queues.
    assert _queue(market, "pp.batang", "persetujuan") == []


def test_an_appointed_receiver_finds_the_orders_to_receive(market: Market) -> None:
    product = live_product(market)
    shipped = make_order(market, S.DIKIRIM, product)
    make_order(market, S.DIKIRIM, product)  # no receiver appointed: the PPK's alone
    receiver = market.user("admin.opd.batang")
    assert _queue(market, "admin.opd.batang", "penerimaan") == []
    services.order_appoint_receiver(user=ppk(market), order_id=shipped.pk, receiver_id=receiver.pk)
    assert _queue(market, "admin.opd.batang", "penerimaan") == [shipped.pk]
    assert len(_queue(market, "ppk.batang", "penerimaan")) == 2


def test_a_ppk_who_built_the_order_does_not_find_it_to_approve(market: Market) -> None:
    market.user("pp.batang").delete()  # the OPD has no PP: its PPK buys
    product = live_product(market)
    own = checkout(market, product, 1, user=ppk(market)).order
    services.order_submit(user=ppk(market), order_id=own.pk)
    assert _queue(market, "ppk.batang", "persetujuan") == []
    assert _queue(market, "ppk.batang", "draf") == []  # submitted: no longer a draft


def test_the_vendor_s_queues(market: Market) -> None:
    product = live_product(market)
    waiting = make_order(market, S.MENUNGGU_KONFIRMASI, product)
    accepted = make_order(market, S.DIPROSES, product)
    received = make_order(market, S.DITERIMA, product)
    signed = make_order(market, S.DITERIMA, product)
    sign_for_vendor(market, signed)

    for name in ("pemilik.vendor", "staf.vendor"):
        assert _queue(market, name, "konfirmasi") == [waiting.pk], name
        assert _queue(market, name, "pengiriman") == [accepted.pk], name
        assert _queue(market, name, "bast-penyedia") == [received.pk], name
    assert _queue(market, "pemilik.kendal", "konfirmasi") == []
    assert lists.needs_you_count(market.user("pemilik.vendor")) == 3


def test_disputes_and_flags_for_the_kab_kota_admin_and_the_auditor(market: Market) -> None:
    disputed = make_order(market, S.SENGKETA, live_product(market))
    near = make_order(
        market, S.MENUNGGU_KONFIRMASI, live_product(market, sku="X-2", price=46_000_000)
    )
    assert near.flags.get().kind == FlagKind.NEAR_CEILING

    assert _queue(market, "admin.batang", "sengketa") == [disputed.pk]
    assert _queue(market, "admin.batang", "tanda") == [near.pk]
    assert _queue(market, "auditor.provinsi", "tanda") == [near.pk]
    assert _queue(market, "auditor.provinsi", "sengketa") == []  # the admin resolves
    assert _queue(market, "admin.kendal", "sengketa") == []
    assert _queue(market, "admin.kendal", "tanda") == []
    assert lists.needs_you_count(market.user("admin.batang")) == 2
    # The province's admin reads both; a Batang dispute is Batang's to resolve.
    assert _queue(market, "admin.provinsi", "tanda") == [near.pk]
    assert _queue(market, "admin.provinsi", "sengketa") == []


def test_the_province_admin_resolves_the_disputes_of_the_provinces_own_opds(
    market: Market,
) -> None:
    """A provincial OPD belongs to the province's pemda: its disputes go to
    the province's admin, as a kab/kota OPD's go to the kab/kota admin."""
    dinas = Organisation.objects.create(
        kind=OrganisationKind.OPD,
        name="Dinas Pendidikan dan Kebudayaan Provinsi",
        parent=market.world.province,
        region_id="33",
    )
    shipped = make_order(market, S.DIKIRIM, live_product(market))
    Order.objects.filter(pk=shipped.pk).update(opd=dinas)  # bought by the provincial OPD
    ppk_provinsi = make_user("ppk.provinsi", Role.PPK, dinas)
    services.order_dispute(user=ppk_provinsi, order_id=shipped.pk, reason="Barang tidak sesuai")
    province_admin = market.user("admin.provinsi")
    told = Notification.objects.filter(code="order.disputed").values_list(
        "recipient__username", flat=True
    )
    assert "admin.provinsi" in set(told)
    assert "admin.batang" not in set(told)
    assert _queue(market, "admin.provinsi", "sengketa") == [shipped.pk]
    assert _queue(market, "admin.batang", "sengketa") == []
    with pytest.raises(NotFound):  # not of Batang's pemda
        services.order_resolve_dispute(
            user=market.user("admin.batang"), order_id=shipped.pk, to=S.DITERIMA, reason="x"
        )
    resolved = services.order_resolve_dispute(
        user=province_admin, order_id=shipped.pk, to=S.DITERIMA, reason="Sudah diganti"
    )
    assert resolved.status == S.DITERIMA
    # A Batang OPD's dispute is not the province's to resolve.
    batang = make_order(market, S.SENGKETA, live_product(market, sku="X-3"))
    with pytest.raises(DomainError) as refused:
        services.order_resolve_dispute(
            user=province_admin, order_id=batang.pk, to=S.DITERIMA, reason="x"
        )
    assert refused.value.code == "not_allowed"


# --- filters ----------------------------------------------------------------------


def test_filters_by_status_vendor_opd_dates_and_text(market: Market) -> None:
    pens = live_product(market)
    paper = live_product(market, sku="KRT-1", name="Kertas HVS A4")
    pen_order = make_order(market, S.MENUNGGU_PERSETUJUAN, pens)
    paper_order = make_order(market, S.DRAFT, paper)
    kendal = _kendal_order(market)
    auditor = market.user("auditor.provinsi")

    def found(**filters: Any) -> set[int]:
        return _ids(lists.order_list(auditor, OrderFilters(**filters)))

    assert found(status=S.DRAFT) == {paper_order.pk}
    assert found(vendor_id=market.kendal_vendor.pk) == {kendal.pk}
    assert found(opd_id=market.world.opd_batang.pk) == {pen_order.pk, paper_order.pk}
    assert found(text="kertas hvs") == {paper_order.pk}
    assert found(text=pen_order.number[-6:]) == {pen_order.pk}
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Order.objects.filter(pk=kendal.pk).update(created_at=_at(yesterday))
    assert found(since=timezone.localdate()) == {pen_order.pk, paper_order.pk}
    assert found(until=yesterday) == {kendal.pk}
    assert found(since=yesterday, until=yesterday, status=S.MENUNGGU_PERSETUJUAN) == {kendal.pk}
    # Filters narrow what the user sees, never widen it.
    assert _ids(lists.order_list(market.user("pp.kendal"), OrderFilters(opd_id=None))) == {
        kendal.pk
    }
    assert found(queue="tanda") == set()


# --- deadlines --------------------------------------------------------------------


def test_working_days_left_skip_the_weekend(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market))
    friday = datetime.date(2026, 2, 6)
    Order.objects.filter(pk=order.pk).update(submitted_at=_at(friday))
    order.refresh_from_db()
    # Three working days after Friday: Monday, Tuesday, Wednesday 11 February.
    assert deadline_of(order) == datetime.datetime(2026, 2, 11, 23, 59, 59, 999999, JAKARTA)
    expected = {
        friday: 3,
        datetime.date(2026, 2, 7): 3,  # Saturday: no working day gone
        datetime.date(2026, 2, 9): 2,
        datetime.date(2026, 2, 11): 0,
    }
    for day, left in expected.items():
        seen = deadline_seen(order, now=_at(day, 15))
        assert seen is not None
        assert (seen.working_days_left, seen.overdue) == (left, False), day
    late = deadline_seen(order, now=_at(datetime.date(2026, 2, 12), 0))
    assert late is not None
    assert late.overdue
    assert late.working_days_left == -1


def test_holidays_do_not_count_and_the_vendor_counts_from_the_signature(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market))
    # Tuesday 17 March 2026, before Nyepi and Idul Fitri with their cuti bersama.
    Order.objects.filter(pk=order.pk).update(
        submitted_at=_at(datetime.date(2026, 3, 2)), approved_at=_at(datetime.date(2026, 3, 17))
    )
    order.refresh_from_db()
    seen = deadline_seen(order, now=_at(datetime.date(2026, 3, 18)))
    assert seen is not None
    assert seen.at.date() == datetime.date(2026, 3, 27)
    assert seen.working_days_left == 3
    shipped = make_order(market, S.DIKIRIM, live_product(market, sku="X-3"))
    assert deadline_seen(shipped) is None


def test_the_list_page_shows_the_days_left_and_overdue(
    market: Market, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = live_product(market)
    soon = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    late = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    Order.objects.filter(pk=soon.pk).update(submitted_at=_at(datetime.date(2026, 2, 6)))
    Order.objects.filter(pk=late.pk).update(submitted_at=_at(datetime.date(2026, 2, 2)))
    saturday = _at(datetime.date(2026, 2, 7), 9)
    monkeypatch.setattr(timezone, "now", lambda: saturday)

    response = client_for(market.user("ppk.batang")).get("/pesanan/?queue=persetujuan")
    assert response.status_code == 200
    rows = response.content.decode().split('<tr data-order="')[1:]
    assert [int(row.split('"')[0]) for row in rows] == [late.pk, soon.pk]  # deadline first
    assert "Terlambat" in rows[0]
    assert "3 hari kerja lagi" in rows[1]


# --- pages ------------------------------------------------------------------------


def test_the_list_page_shows_queues_rows_and_filters(market: Market, client_for: Any) -> None:
    product = live_product(market)
    waiting = make_order(market, S.MENUNGGU_KONFIRMASI, product, 2)
    make_order(market, S.DRAFT, product)
    client = client_for(market.user("pemilik.vendor"))

    page = client.get("/pesanan/").content.decode()
    assert 'data-queue="konfirmasi"' in page
    assert 'data-queue="pengiriman"' in page
    assert f'href="/pesanan/{waiting.pk}/"' in page
    assert waiting.number in page
    assert "Dinas Koperasi dan UKM" in page  # the other side: the OPD
    assert "Rp50.000" in page
    assert page.count('<tr data-order="') == 1  # the draft is not the vendor's
    assert 'name="vendor"' not in page
    assert 'name="opd"' in page

    filtered = client.get("/pesanan/", {"status": S.DIPROSES}).content.decode()
    assert '<tr data-order="' not in filtered
    assert "Tidak ada pesanan yang cocok dengan filter ini." in filtered
    wrong = client.get("/pesanan/", {"since": "2026-02-10", "until": "2026-02-01"})
    assert wrong.status_code == 200
    assert "Tanggal akhir lebih awal dari tanggal mulai." in wrong.content.decode()


def test_a_cancelled_draft_is_not_listed_as_a_draft(market: Market, client_for: Any) -> None:
    """Orders get their number at submission: one without it is a draft,
    or a draft that was cancelled, which the list must not call a draft."""
    product = live_product(market)
    draft = make_order(market, S.DRAFT, product)
    cancelled = make_order(market, S.DIBATALKAN, product)  # cancelled as a draft
    assert (draft.number, cancelled.number) == ("", "")

    page = client_for(market.user("pp.batang")).get("/pesanan/", {"status": ""}).content.decode()

    assert f"Draf #{draft.pk}</a>" in page
    assert f"Tidak pernah diajukan #{cancelled.pk}</a>" in page


def test_the_list_page_is_not_there_for_roles_without_orders(
    market: Market, client_for: Any
) -> None:
    assert client_for(market.user("pendamping.batang")).get("/pesanan/").status_code == 404


def test_the_flags_page_for_the_kab_kota_admin_and_the_auditor(
    market: Market, client_for: Any
) -> None:
    near = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market, price=46_000_000))
    for name in ("admin.batang", "auditor.provinsi", "admin.provinsi"):
        page = client_for(market.user(name)).get("/pesanan/tanda/").content.decode()
        assert near.number in page, name
        assert "Total Rp46.000.000 dari plafon Rp50.000.000." in page, name
    empty = client_for(market.user("admin.kendal")).get("/pesanan/tanda/").content.decode()
    assert near.number not in empty
    for name in ("pp.batang", "ppk.batang", "pemilik.vendor"):
        assert client_for(market.user(name)).get("/pesanan/tanda/").status_code == 404, name


def test_the_navigation_and_the_home_page_count(market: Market, client_for: Any) -> None:
    make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market))
    home = client_for(market.user("ppk.batang")).get("/akun/beranda/").content.decode()
    assert 'href="/pesanan/"' in home
    assert "1 pesanan menunggu Anda" in home
    home = client_for(market.user("pendamping.batang")).get("/akun/beranda/").content.decode()
    assert 'href="/pesanan/"' not in home
    assert "data-orders-waiting" not in home


# --- API --------------------------------------------------------------------------


def api(user: User) -> Client:
    _token, raw = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_api_lists_what_the_caller_sees(market: Market) -> None:
    product: Product = live_product(market)
    draft = make_order(market, S.DRAFT, product)
    waiting = make_order(market, S.MENUNGGU_KONFIRMASI, product, 3)
    kendal = _kendal_order(market)

    body = api(market.batang_owner).get("/api/v1/orders").json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["id"] == waiting.pk
    assert row["number"] == waiting.number
    assert row["status"] == S.MENUNGGU_KONFIRMASI
    assert (row["opd_id"], row["vendor_id"]) == (waiting.opd_id, waiting.vendor_id)
    assert row["total"] == 75_000
    assert row["approved_at"] is not None
    waiting.refresh_from_db()
    deadline = deadline_of(waiting)
    assert deadline is not None
    sent = datetime.datetime.fromisoformat(row["deadline"])  # JSON keeps milliseconds
    assert sent.replace(microsecond=0) == deadline.replace(microsecond=0)

    pp = api(buyer(market))
    assert {item["id"] for item in pp.get("/api/v1/orders").json()["items"]} == {
        draft.pk,
        waiting.pk,
    }
    drafts = pp.get("/api/v1/orders", {"queue": "draf"}).json()["items"]
    assert [item["id"] for item in drafts] == [draft.pk]
    assert drafts[0]["deadline"] is None
    auditor = api(market.user("auditor.provinsi"))
    items = auditor.get("/api/v1/orders", {"vendor_id": market.kendal_vendor.pk}).json()["items"]
    assert [item["id"] for item in items] == [kendal.pk]
    one_draft: dict[str, str | int] = {"status": S.DRAFT, "limit": 1}
    items = auditor.get("/api/v1/orders", one_draft).json()["items"]
    assert [item["id"] for item in items] == [draft.pk]
    assert (
        auditor.get("/api/v1/orders", {"opd_id": market.world.opd_kendal.pk}).json()["count"] == 1
    )


def test_the_api_refuses_unknown_filters_and_roles_without_orders(market: Market) -> None:
    auditor = api(market.user("auditor.provinsi"))
    assert auditor.get("/api/v1/orders", {"queue": "semua"}).status_code == 400
    assert auditor.get("/api/v1/orders", {"status": "lunas"}).status_code == 400
    assert api(market.user("pendamping.batang")).get("/api/v1/orders").status_code == 404
    assert Client().get("/api/v1/orders").status_code == 401
