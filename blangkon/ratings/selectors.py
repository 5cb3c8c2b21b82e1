"""Reading ratings: an order's, as one of its readers sees them, and a
vendor's published ones, as anyone may see them.

A rating not yet published is seen by its own side only (the rating OPD's
officials, or the vendor's users): the other side must not
read it before giving its own. Published ratings are shown without the name
of whoever rated (an official's name is personal data): the OPD's name only.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.accounts.roles import OPD_ROLES, VENDOR_ROLES
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus
from blangkon.ratings.models import OpdRating, RatingReply, VendorRating
from blangkon.ratings.services import window_closes_at
from blangkon.vendors.selectors import vendor_get_public

PUBLIC_LIMIT = 100


def _on_opd_side(user: User, order: Order) -> bool:
    return user.role in OPD_ROLES and user.organisation_id == order.opd_id


def _on_vendor_side(user: User, order: Order) -> bool:
    return user.role in VENDOR_ROLES and user.organisation_id == order.vendor.organisation_id


@dataclass(frozen=True)
class OrderRatings:
    """What `user` may see and do of an order's ratings."""

    order: Order
    vendor_rating: VendorRating | None  # None: none yet, or not visible to the reader
    opd_rating: OpdRating | None
    reply: RatingReply | None
    # The other side has rated, but it is not published yet.
    vendor_rating_waiting: bool
    opd_rating_waiting: bool
    closes_at: datetime.datetime | None
    may_rate_vendor: bool
    may_rate_opd: bool
    may_reply: bool


def order_ratings(user: User, order_id: int) -> OrderRatings:
    """The order's ratings as `user` sees them; NotFound when the order is not
    readable by `user`."""
    order = access.readable_order(user, order_id)
    vendor_rating = VendorRating.objects.filter(order=order).first()
    opd_rating = OpdRating.objects.filter(order=order).first()
    shown_vendor = (
        vendor_rating
        if vendor_rating and (vendor_rating.published_at or _on_opd_side(user, order))
        else None
    )
    shown_opd = (
        opd_rating
        if opd_rating and (opd_rating.published_at or _on_vendor_side(user, order))
        else None
    )
    reply = RatingReply.objects.filter(rating=shown_vendor).first() if shown_vendor else None
    closes = window_closes_at(order)
    open_now = (
        order.status == OrderStatus.SELESAI and closes is not None and timezone.now() < closes
    )
    return OrderRatings(
        order=order,
        vendor_rating=shown_vendor,
        opd_rating=shown_opd,
        reply=reply,
        vendor_rating_waiting=vendor_rating is not None and shown_vendor is None,
        opd_rating_waiting=opd_rating is not None and shown_opd is None,
        closes_at=closes,
        may_rate_vendor=open_now and vendor_rating is None and access.is_ppk_of(user, order),
        may_rate_opd=open_now and opd_rating is None and access.is_vendor_of(user, order),
        may_reply=(
            order.status == OrderStatus.SELESAI
            and shown_vendor is not None
            and shown_vendor.published_at is not None
            and reply is None
            and access.is_vendor_of(user, order)
        ),
    )


def rater_side(user: User, order_id: int) -> str:
    """Which side `user` rates for on the order: "ppk", "vendor", or "" (a
    reader who rates nothing); NotFound when the order is not readable."""
    order = access.readable_order(user, order_id)
    if access.is_ppk_of(user, order):
        return "ppk"
    return "vendor" if access.is_vendor_of(user, order) else ""


@dataclass(frozen=True)
class PublicRating:
    """A published rating of a vendor, as anyone may read it."""

    opd: str
    published_at: datetime.datetime
    quality: int
    timeliness: int
    conformity: int
    score: float
    comment: str
    reply: str
    replied_at: datetime.datetime | None


def _published(vendor_id: int) -> QuerySet[VendorRating]:
    return (
        VendorRating.objects.filter(vendor_id=vendor_id, published_at__isnull=False)
        .select_related("opd", "reply")
        .order_by("-published_at", "-id")
    )


def vendor_ratings_public(
    *, vendor_id: int, limit: int | None = PUBLIC_LIMIT
) -> list[PublicRating]:
    """The vendor's published ratings, newest first (all of them when `limit`
    is None); NotFound for a vendor without a public storefront."""
    vendor_get_public(vendor_id=vendor_id)
    rows = _published(vendor_id)
    ratings = []
    for rating in rows if limit is None else rows[:limit]:
        reply = getattr(rating, "reply", None)
        assert rating.published_at is not None
        ratings.append(
            PublicRating(
                opd=rating.opd.name,
                published_at=rating.published_at,
                quality=rating.quality,
                timeliness=rating.timeliness,
                conformity=rating.conformity,
                score=round(rating.score, 1),
                comment=rating.comment,
                reply=reply.text if reply else "",
                replied_at=reply.created_at if reply else None,
            )
        )
    return ratings
