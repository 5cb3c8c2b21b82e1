"""Ratings: one service per write (docs/design/paying.md, section 6).

Each service, in one transaction: the order readable by the user (to anyone
else it does not exist: NotFound, like the order services), locked; the
order's state (SELESAI, else `invalid_transition`) and the rating window
(`rating_closed`); the side (`not_allowed`: the PPK of the ordering OPD rates
the vendor, a user of the vendor rates the OPD and replies); once only
(`already_rated`, `already_replied`: nothing written); then the row, its
audit row, and a notice to the other side.

Locks, always in this order: the order row, then the vendor row (the average
is recomputed under it, so two publications for one vendor cannot lose one
another's rating). Publication happens when the second side rates (both rows
get `published_at`) or, for what is left, when the window closes
(`ratings_publish_due`, run by the scheduler).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, F, FloatField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES, Role
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError
from blangkon.core.moments import stored_moment
from blangkon.notifications.services import notify
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus
from blangkon.ratings.models import (
    COMMENT_MAX,
    RATING_WINDOW,
    SCORE_MAX,
    SCORE_MIN,
    OpdRating,
    RatingReply,
    VendorRating,
)
from blangkon.vendors.models import Vendor

TWO_PLACES = Decimal("0.01")


# --- the order, the window, the scores -------------------------------------------


def _begin(user: User, order_id: int) -> Order:
    """The order readable by `user`, locked; NotFound to anyone else. Call
    inside a transaction."""
    order = access.readable_order(user, order_id)
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("opd", "vendor", "vendor__organisation")
        .get(pk=order.pk)
    )


def window_closes_at(order: Order) -> datetime.datetime | None:
    """When the order's rating window closes (None before it is completed)."""
    return order.completed_at + RATING_WINDOW if order.completed_at else None


def _rateable(order: Order, now: datetime.datetime) -> None:
    """The order is completed and its rating window still open."""
    if order.status != OrderStatus.SELESAI or order.completed_at is None:
        raise DomainError(
            "invalid_transition", _("An order can be rated only once it is completed.")
        )
    closes = window_closes_at(order)
    if closes is not None and now >= closes:
        raise DomainError(
            "rating_closed",
            _("The rating period of this order ended 14 days after it was completed."),
        )


def _scores(**scores: int) -> None:
    fields = {
        name: _("Choose a score from %(min)s to %(max)s.") % {"min": SCORE_MIN, "max": SCORE_MAX}
        for name, value in scores.items()
        if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX
    }
    if fields:
        raise DomainError("invalid", _("Check the scores."), fields)


def _text(value: str, field: str, *, required: bool = False) -> str:
    value = value.strip()
    if len(value) > COMMENT_MAX:
        message = _("Too long: at most %(max)s characters.") % {"max": COMMENT_MAX}
        raise DomainError("invalid", message, {field: message})
    if required and not value:
        message = _("Write the reply.")
        raise DomainError("invalid", message, {field: message})
    return value


# --- who is told -------------------------------------------------------------------


def _ppks(order: Order) -> list[User]:
    return list(User.objects.filter(is_active=True, organisation_id=order.opd_id, role=Role.PPK))


def _vendor_side(order: Order) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            organisation_id=order.vendor.organisation_id,
            role__in=VENDOR_ROLES,
        )
    )


def _tell(
    recipients: list[User], code: str, order: Order, actor: User | None, **params: str
) -> None:
    notify(
        recipients=[user for user in recipients if actor is None or user.pk != actor.pk],
        code=code,
        params={"number": order.number, **params},
        url=reverse("rating:order", args=[order.pk]),
    )


# --- the vendor's average ----------------------------------------------------------


def vendor_rating_refresh(vendor_id: int) -> Vendor:
    """Recompute the vendor's published average and count, under its row lock.

    Each rating counts once, with the mean of its three scores. Written with
    update(), so only these two columns change; the search index copies the
    average onto the vendor's rows (search/sql.py, search_on_vendor)."""
    vendor = Vendor.objects.select_for_update().get(pk=vendor_id)
    mean = Cast(F("quality") + F("timeliness") + F("conformity"), FloatField()) / 3.0
    totals = VendorRating.objects.filter(vendor_id=vendor_id, published_at__isnull=False).aggregate(
        average=Avg(mean), count=Count("id")
    )
    average = (
        Decimal(str(totals["average"])).quantize(TWO_PLACES, ROUND_HALF_UP)
        if totals["count"]
        else None
    )
    if (vendor.rating_average, vendor.rating_count) != (average, totals["count"]):
        Vendor.objects.filter(pk=vendor_id).update(
            rating_average=average, rating_count=totals["count"]
        )
        vendor.rating_average, vendor.rating_count = average, totals["count"]
    return vendor


def _publish(order: Order, now: datetime.datetime, actor: User | None) -> int:
    """Publish the order's unpublished ratings; refresh the vendor's average
    when the PPK's was among them. Returns how many were published."""
    published = 0
    for model in (VendorRating, OpdRating):
        published += model.objects.filter(order=order, published_at__isnull=True).update(
            published_at=now
        )
    if published:
        if VendorRating.objects.filter(order=order, published_at=now).exists():
            vendor_rating_refresh(order.vendor_id)
        audit_record(
            actor=actor,
            action="rating.published",
            obj=order,
            organisation=order.opd,
            details={"ratings": published},
        )
    return published


# --- the writes ------------------------------------------------------------------


def rating_by_ppk(
    *,
    user: User,
    order_id: int,
    quality: int,
    timeliness: int,
    conformity: int,
    comment: str = "",
) -> VendorRating:
    """The PPK of the ordering OPD rates the vendor, once per order."""
    now = timezone.now()
    with transaction.atomic():
        order = _begin(user, order_id)
        _rateable(order, now)
        if not access.is_ppk_of(user, order):
            raise access.not_allowed(_("Only the PPK of the ordering OPD rates the vendor."))
        _scores(quality=quality, timeliness=timeliness, conformity=conformity)
        comment = _text(comment, "comment")
        if VendorRating.objects.filter(order=order).exists():
            raise DomainError("already_rated", _("The vendor was already rated for this order."))
        rating = VendorRating.objects.create(
            order=order,
            vendor=order.vendor,
            opd=order.opd,
            rated_by=user,
            quality=quality,
            timeliness=timeliness,
            conformity=conformity,
            comment=comment,
        )
        audit_record(
            actor=user,
            action="rating.vendor_rated",
            obj=order,
            organisation=order.opd,
            details={"quality": quality, "timeliness": timeliness, "conformity": conformity},
        )
        _after_rating(order, now, user, told=_vendor_side(order), rater=order.opd.name)
        rating.refresh_from_db()
        return rating


def rating_by_vendor(
    *, user: User, order_id: int, clarity: int, payment_speed: int, comment: str = ""
) -> OpdRating:
    """A user of the order's vendor rates the OPD, once per order."""
    now = timezone.now()
    with transaction.atomic():
        order = _begin(user, order_id)
        _rateable(order, now)
        if not access.is_vendor_of(user, order):
            raise access.not_allowed(_("Only the vendor of this order rates the OPD."))
        _scores(clarity=clarity, payment_speed=payment_speed)
        comment = _text(comment, "comment")
        if OpdRating.objects.filter(order=order).exists():
            raise DomainError("already_rated", _("The OPD was already rated for this order."))
        rating = OpdRating.objects.create(
            order=order,
            vendor=order.vendor,
            opd=order.opd,
            rated_by=user,
            clarity=clarity,
            payment_speed=payment_speed,
            comment=comment,
        )
        audit_record(
            actor=user,
            action="rating.opd_rated",
            obj=order,
            organisation=order.opd,
            details={"clarity": clarity, "payment_speed": payment_speed},
        )
        _after_rating(order, now, user, told=_ppks(order), rater=order.vendor.organisation.name)
        rating.refresh_from_db()
        return rating


def _after_rating(
    order: Order, now: datetime.datetime, actor: User, *, told: list[User], rater: str
) -> None:
    """Both sides in: publish both and tell the other side; else ask it to rate."""
    both = VendorRating.objects.filter(order=order).exists() and (
        OpdRating.objects.filter(order=order).exists()
    )
    if both:
        _publish(order, now, actor)
        _tell(told, "rating.published", order, actor)
    else:
        closes = window_closes_at(order)
        _tell(told, "rating.asked", order, actor, party=rater, until=stored_moment(closes))


def rating_reply(*, user: User, order_id: int, text: str) -> RatingReply:
    """A user of the vendor answers the PPK's published rating, once."""
    with transaction.atomic():
        order = _begin(user, order_id)
        if order.status != OrderStatus.SELESAI:
            raise DomainError(
                "invalid_transition", _("An order can be rated only once it is completed.")
            )
        if not access.is_vendor_of(user, order):
            raise access.not_allowed(_("Only the vendor of this order may reply to its rating."))
        rating = VendorRating.objects.filter(order=order, published_at__isnull=False).first()
        if rating is None:
            raise DomainError(
                "not_published", _("The PPK's rating of this order is not published yet.")
            )
        text = _text(text, "text", required=True)
        if RatingReply.objects.filter(rating=rating).exists():
            raise DomainError("already_replied", _("This rating was already replied to."))
        reply = RatingReply.objects.create(rating=rating, written_by=user, text=text)
        audit_record(actor=user, action="rating.replied", obj=order, organisation=order.opd)
        _tell(_ppks(order), "rating.replied", order, user, vendor=order.vendor.organisation.name)
        return reply


# --- the scheduler ---------------------------------------------------------------


def ratings_publish_due(now: datetime.datetime | None = None) -> int:
    """Publish the ratings of orders whose window has closed. Idempotent: an
    order whose ratings are all published is not found again. Returns how
    many orders had ratings published."""
    now = now or timezone.now()
    due = set(
        VendorRating.objects.filter(
            published_at__isnull=True, order__completed_at__lte=now - RATING_WINDOW
        ).values_list("order_id", flat=True)
    ) | set(
        OpdRating.objects.filter(
            published_at__isnull=True, order__completed_at__lte=now - RATING_WINDOW
        ).values_list("order_id", flat=True)
    )
    done = 0
    for order_id in sorted(due):
        with transaction.atomic():
            order = (
                Order.objects.select_for_update(of=("self",))
                .select_related("opd", "vendor", "vendor__organisation")
                .get(pk=order_id)
            )
            if _publish(order, now, None):
                _tell(_ppks(order) + _vendor_side(order), "rating.published", order, None)
                done += 1
    return done
