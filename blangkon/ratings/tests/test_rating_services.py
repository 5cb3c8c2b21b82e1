"""The rating services on a real database: who rates, once, when; publication
(both in, or 14 days); the vendor's average on the vendor and in the search
index; the reply; audit rows and notices."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.notifications.models import Notification
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, ppk, vendor_user
from blangkon.ratings.models import OpdRating, RatingReply, VendorRating
from blangkon.ratings.services import (
    rating_by_ppk,
    rating_by_vendor,
    rating_reply,
    ratings_publish_due,
)
from blangkon.vendors.models import Vendor
from conftest import make_user

__all__ = ["market"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(market: Market) -> Order:
    return make_order(market, S.SELESAI, live_product(market))


def _ppk_rates(market: Market, order: Order, scores: tuple[int, int, int] = (5, 4, 3)):
    quality, timeliness, conformity = scores
    return rating_by_ppk(
        user=ppk(market),
        order_id=order.pk,
        quality=quality,
        timeliness=timeliness,
        conformity=conformity,
        comment="Barang bagus, sedikit terlambat.",
    )


def _vendor_rates(market: Market, order: Order, user: User | None = None):
    return rating_by_vendor(
        user=user or vendor_user(market),
        order_id=order.pk,
        clarity=5,
        payment_speed=4,
        comment="Pembayaran lancar.",
    )


def _indexed_ratings() -> list[tuple[int, Decimal]]:
    """The search index's (product id, rating) rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT product_id, rating FROM search_document")
        return cursor.fetchall()


def _refusal(code: str, call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    return caught.value


def _age(order: Order, days: int) -> None:
    Order.objects.filter(pk=order.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=days)
    )


# --- each side rates once ----------------------------------------------------------


def test_the_ppk_rates_the_vendor_once_and_it_stays_hidden(
    market: Market, completed: Order
) -> None:
    rating = _ppk_rates(market, completed)
    assert (rating.quality, rating.timeliness, rating.conformity) == (5, 4, 3)
    assert rating.published_at is None  # the vendor has not rated yet
    assert rating.opd == market.world.opd_batang
    assert rating.vendor == market.batang_vendor
    refusal = _refusal("already_rated", lambda: _ppk_rates(market, completed, (1, 1, 1)))
    assert refusal.status == 400
    assert VendorRating.objects.get().quality == 5  # nothing recorded the second time
    assert AuditEvent.objects.filter(action="rating.vendor_rated").count() == 1
    # The vendor's users are asked to rate too; the PPK is not told of their own act.
    told = set(
        Notification.objects.filter(code="rating.asked").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"pemilik.vendor", "staf.vendor"}
    assert Vendor.objects.get(pk=market.batang_vendor.pk).rating_count == 0


def test_the_vendor_rates_the_opd_once(market: Market, completed: Order) -> None:
    rating = _vendor_rates(market, completed, market.world.user("staf.vendor"))
    assert (rating.clarity, rating.payment_speed, rating.published_at) == (5, 4, None)
    _refusal("already_rated", lambda: _vendor_rates(market, completed))
    assert OpdRating.objects.count() == 1
    assert AuditEvent.objects.filter(action="rating.opd_rated").count() == 1
    told = set(
        Notification.objects.filter(code="rating.asked").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"ppk.batang"}


def test_scores_outside_one_to_five_are_refused_and_the_database_refuses_them_too(
    market: Market, completed: Order
) -> None:
    refusal = _refusal("invalid", lambda: _ppk_rates(market, completed, (0, 6, 3)))
    assert set(refusal.fields) == {"quality", "timeliness"}
    assert not VendorRating.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        VendorRating.objects.create(
            order=completed,
            vendor=completed.vendor,
            opd=completed.opd,
            rated_by=ppk(market),
            quality=6,
            timeliness=3,
            conformity=3,
        )


def test_one_rating_of_each_per_order_in_the_database(market: Market, completed: Order) -> None:
    _ppk_rates(market, completed)
    with pytest.raises(IntegrityError), transaction.atomic():
        VendorRating.objects.create(
            order=completed,
            vendor=completed.vendor,
            opd=completed.opd,
            rated_by=ppk(market),
            quality=3,
            timeliness=3,
            conformity=3,
        )


# --- who may rate ------------------------------------------------------------------


def test_only_the_ppk_of_the_ordering_opd_rates_the_vendor(
    market: Market, completed: Order
) -> None:
    world = market.world
    for name in ("pp.batang", "admin.opd.batang", "pemilik.vendor", "admin.batang"):
        refusal = _refusal(
            "not_allowed",
            lambda name=name: rating_by_ppk(
                user=world.user(name), order_id=completed.pk, quality=5, timeliness=5, conformity=5
            ),
        )
        assert refusal.status == 403
    # Another OPD's PPK and other vendors do not know the order exists.
    ppk_kendal = make_user("ppk.kendal", Role.PPK, world.opd_kendal)
    for user in (ppk_kendal, world.user("pp.kendal"), market.kendal_owner):
        with pytest.raises(NotFound):
            rating_by_ppk(user=user, order_id=completed.pk, quality=5, timeliness=5, conformity=5)
        with pytest.raises(NotFound):
            rating_by_vendor(user=user, order_id=completed.pk, clarity=5, payment_speed=5)
    assert not VendorRating.objects.exists()
    assert not OpdRating.objects.exists()


def test_only_the_orders_vendor_rates_the_opd(market: Market, completed: Order) -> None:
    for name in ("ppk.batang", "pp.batang", "auditor.provinsi"):
        _refusal(
            "not_allowed",
            lambda name=name: rating_by_vendor(
                user=market.world.user(name), order_id=completed.pk, clarity=5, payment_speed=5
            ),
        )
    assert not OpdRating.objects.exists()


@pytest.mark.parametrize("status", [S.BAST_DITANDATANGANI, S.DIBAYAR, S.DIBATALKAN])
def test_an_order_not_completed_cannot_be_rated(market: Market, status: str) -> None:
    order = make_order(market, status, live_product(market))
    _refusal("invalid_transition", lambda: _ppk_rates(market, order))
    _refusal("invalid_transition", lambda: _vendor_rates(market, order))
    assert not VendorRating.objects.exists()
    assert not OpdRating.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rating.").exists()


def test_the_rating_window_closes_fourteen_days_after_completion(
    market: Market, completed: Order
) -> None:
    _age(completed, 14)
    refusal = _refusal("rating_closed", lambda: _ppk_rates(market, completed))
    assert "14" in str(refusal.message)
    _age(completed, 13)
    assert _ppk_rates(market, completed).pk


# --- publication -------------------------------------------------------------------


def test_both_ratings_are_published_when_the_second_side_rates(
    market: Market, completed: Order
) -> None:
    _ppk_rates(market, completed)
    opd_rating = _vendor_rates(market, completed)
    vendor_rating = VendorRating.objects.get()
    assert opd_rating.published_at is not None
    assert vendor_rating.published_at == opd_rating.published_at
    assert AuditEvent.objects.filter(action="rating.published").count() == 1
    assert set(
        Notification.objects.filter(code="rating.published").values_list(
            "recipient__username", flat=True
        )
    ) == {"ppk.batang"}  # the vendor's user who rated is not told of their own act
    vendor = Vendor.objects.get(pk=market.batang_vendor.pk)
    assert (vendor.rating_average, vendor.rating_count) == (Decimal("4.00"), 1)


def test_a_lone_rating_is_published_once_the_window_closes(
    market: Market, completed: Order
) -> None:
    _ppk_rates(market, completed, (4, 4, 5))
    assert ratings_publish_due() == 0  # 14 days have not passed
    assert VendorRating.objects.get().published_at is None
    _age(completed, 15)
    assert ratings_publish_due() == 1
    assert VendorRating.objects.get().published_at is not None
    assert ratings_publish_due() == 0  # run twice: nothing left
    vendor = Vendor.objects.get(pk=market.batang_vendor.pk)
    assert (vendor.rating_average, vendor.rating_count) == (Decimal("4.33"), 1)
    told = set(
        Notification.objects.filter(code="rating.published").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"ppk.batang", "pemilik.vendor", "staf.vendor"}


def test_the_vendors_average_counts_published_ratings_only_and_feeds_the_search_index(
    market: Market,
) -> None:
    product = live_product(market)
    other_product = live_product(market, sku="ATK-002")
    first = make_order(market, S.SELESAI, product)
    second = make_order(market, S.SELESAI, product)
    third = make_order(market, S.SELESAI, product)
    _ppk_rates(market, first, (5, 5, 5))
    _vendor_rates(market, first)  # published: 5.00
    _ppk_rates(market, second, (3, 3, 3))
    _vendor_rates(market, second)  # published: (5 + 3) / 2
    _ppk_rates(market, third, (1, 1, 1))  # hidden: not counted
    vendor = Vendor.objects.get(pk=market.batang_vendor.pk)
    assert (vendor.rating_average, vendor.rating_count) == (Decimal("4.00"), 2)
    ratings = dict(_indexed_ratings())
    assert ratings == {product.pk: Decimal("4.00"), other_product.pk: Decimal("4.00")}
    _age(third, 15)
    ratings_publish_due()
    vendor.refresh_from_db()
    assert (vendor.rating_average, vendor.rating_count) == (Decimal("3.00"), 3)
    assert {rating for _, rating in _indexed_ratings()} == {Decimal("3.00")}


# --- the reply -----------------------------------------------------------------------


def test_the_vendor_replies_once_to_a_published_rating(market: Market, completed: Order) -> None:
    _ppk_rates(market, completed)
    owner = vendor_user(market)
    _refusal("not_published", lambda: rating_reply(user=owner, order_id=completed.pk, text="Hai"))
    _vendor_rates(market, completed)
    _refusal(
        "not_allowed",
        lambda: rating_reply(user=ppk(market), order_id=completed.pk, text="Bukan saya"),
    )
    _refusal("invalid", lambda: rating_reply(user=owner, order_id=completed.pk, text="  "))
    reply = rating_reply(user=owner, order_id=completed.pk, text="Terima kasih atas masukannya.")
    assert reply.rating.order_id == completed.pk
    _refusal(
        "already_replied",
        lambda: rating_reply(
            user=market.world.user("staf.vendor"), order_id=completed.pk, text="Lagi"
        ),
    )
    assert RatingReply.objects.count() == 1
    assert AuditEvent.objects.filter(action="rating.replied").count() == 1
    assert set(
        Notification.objects.filter(code="rating.replied").values_list(
            "recipient__username", flat=True
        )
    ) == {"ppk.batang"}
    with pytest.raises(NotFound):
        rating_reply(user=market.kendal_owner, order_id=completed.pk, text="Orang lain")
