"""The events that notify someone today: a vendor's registration submitted
(its verifiers), a curator's decision on a product (the vendor's owner), and
each step of an order (whoever must act next)."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.catalog.services import (
    product_approve,
    product_request_revision,
    product_submit,
    products_bulk_approve,
)
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.core.errors import DomainError
from blangkon.notifications.models import Notification
from blangkon.orders import order_services
from blangkon.orders.models import Order
from blangkon.orders.order_deadlines import deadline_of
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    buyer,
    live_product,
    make_order,
    ppk,
    receive_all,
    vendor_user,
)
from blangkon.vendors import services as vendor_services
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import attach_documents, make_vendor
from conftest import World

__all__ = ["market"]  # the catalog's fixture

pytestmark = pytest.mark.django_db


def _recipients(code: str) -> set[str]:
    return set(Notification.objects.filter(code=code).values_list("recipient__username", flat=True))


def test_a_submitted_registration_notifies_its_kab_kota_admins_and_the_province(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti", region="33.25")
    attach_documents(vendor)
    with django_capture_on_commit_callbacks(execute=True):
        vendor_services.vendor_submit(actor=User.objects.get(username="siti"), vendor_id=vendor.pk)
    assert _recipients("vendor.submitted") == {"admin.batang", "admin.provinsi"}
    row = Notification.objects.filter(code="vendor.submitted").first()
    assert row is not None
    assert row.url == f"/penyedia/verifikasi/{vendor.pk}/"
    assert vendor.organisation.name in row.text
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.user("admin.batang").email, world.user("admin.provinsi").email]
    )


def test_a_revision_request_notifies_the_vendors_owner(market: Market) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    product_request_revision(
        actor=market.world.user("admin.batang"), product_id=product.pk, reason="Foto buram."
    )
    (row,) = Notification.objects.filter(code="product.revision_requested")
    assert row.recipient == market.batang_owner
    assert row.url == f"/produk/saya/{product.pk}/"
    assert product.name in row.text


def test_an_approval_notifies_the_vendors_owner(market: Market) -> None:
    product = make_product(market)
    product_submit(actor=market.world.user("staf.vendor"), product_id=product.pk)
    product_approve(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert _recipients("product.approved") == {"pemilik.vendor"}


def test_a_bulk_approval_notifies_once_per_product(market: Market) -> None:
    products = [
        make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku=f"S-{n}"))
        for n in range(2)
    ]
    approved = products_bulk_approve(
        actor=market.world.user("admin.batang"), product_ids=[p.pk for p in products]
    )
    assert approved == 2
    assert Notification.objects.filter(code="product.approved").count() == 2


# --- orders: whoever must act next is told --------------------------------------------


def _told(code: str, order: Order) -> set[str]:
    rows = Notification.objects.filter(code=code, url=f"/pesanan/{order.pk}/")
    return set(rows.values_list("recipient__username", flat=True))


VENDOR_USERS = {"pemilik.vendor", "staf.vendor"}


def test_each_step_of_an_order_tells_whoever_acts_next(
    market: Market, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    product = live_product(market)
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(market, S.MENUNGGU_KONFIRMASI, product)
    assert _told("order.submitted", order) == {"ppk.batang"}
    assert _told("order.signed", order) == VENDOR_USERS
    signed = Notification.objects.filter(code="order.signed").first()
    assert signed is not None
    deadline = deadline_of(order)
    assert deadline is not None
    assert order.number in signed.text
    with translation.override("id"):
        assert date_format(timezone.localtime(deadline), "DATETIME_FORMAT") in signed.text
    assert {m.to[0] for m in mailoutbox} >= {market.batang_owner.email}

    services_accept = order_services.order_accept(user=vendor_user(market), order_id=order.pk)
    assert _told("order.accepted", services_accept) == {"pp.batang", "ppk.batang"}
    order_services.order_ship(user=vendor_user(market), order_id=order.pk, own_delivery=True)
    assert _told("order.shipped", order) == {"ppk.batang"}
    receive_all(market, order)
    assert _told("order.received", order) == VENDOR_USERS
    order_services.order_sign_bast(user=vendor_user(market), order_id=order.pk)
    assert _told("order.bast_signed_by_one", order) == {"ppk.batang"}
    order_services.order_sign_bast(user=ppk(market), order_id=order.pk)
    # Both parties: the PPK signed last and is not told of its own signature.
    assert _told("order.bast_signed", order) == VENDOR_USERS


def test_a_declined_or_cancelled_order_tells_the_other_side(market: Market) -> None:
    product = live_product(market)
    declined = make_order(market, S.DITOLAK, product)
    assert _told("order.declined", declined) == {"pp.batang", "ppk.batang"}
    row = Notification.objects.get(code="order.declined", recipient__username="pp.batang")
    assert "Habis" in row.text
    assert market.batang_vendor.organisation.name in row.text

    signed = make_order(market, S.MENUNGGU_KONFIRMASI, product)
    order_services.order_cancel(user=buyer(market), order_id=signed.pk, reason="Anggaran dialihkan")
    assert _told("order.cancelled", signed) == VENDOR_USERS | {"ppk.batang"}

    draft = make_order(market, S.DIBATALKAN, product)  # only its builder knew of it
    assert _told("order.cancelled", draft) == set()


def test_an_order_nobody_answered_tells_the_buyer_side(market: Market) -> None:
    product = live_product(market)
    unsigned = make_order(market, S.BATAL_OTOMATIS, product)  # the PPK did not sign
    assert _told("order.timed_out", unsigned) == {"pp.batang"}
    unanswered = make_order(market, S.MENUNGGU_KONFIRMASI, product)
    order_services.order_time_out(order_id=unanswered.pk)  # the vendor did not answer
    assert _told("order.timed_out", unanswered) == {"pp.batang", "ppk.batang"}


def test_a_dispute_tells_the_other_party_and_the_kab_kota_admins_and_its_end_both(
    market: Market,
) -> None:
    order = make_order(market, S.SENGKETA, live_product(market))  # opened by the PPK
    assert _told("order.disputed", order) == VENDOR_USERS | {"admin.batang"}
    order_services.order_resolve_dispute(
        user=market.world.user("admin.batang"), order_id=order.pk, to=S.DIKIRIM, reason="Selesai"
    )
    assert _told("order.dispute_resolved", order) == VENDOR_USERS | {"pp.batang", "ppk.batang"}


def test_goods_sent_back_tell_the_vendor(market: Market) -> None:
    order = make_order(market, S.DITERIMA, live_product(market))
    order_services.order_send_back(user=ppk(market), order_id=order.pk, note="Tinta kering")
    assert _told("order.sent_back", order) == VENDOR_USERS
    assert "Tinta kering" in Notification.objects.filter(code="order.sent_back")[0].text


def test_a_refused_move_tells_nobody(market: Market) -> None:
    product = live_product(market, stock=1)
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, product)
    Product.objects.filter(pk=product.pk).update(stock=0)
    with pytest.raises(DomainError):
        order_services.order_approve(user=ppk(market), order_id=order.pk)
    assert _told("order.signed", order) == set()
