"""Ratings of completed demo orders, given by the demo accounts through the
real services (ratings/services.py), so their audit rows, notices,
publication and the vendor's average are what a user's would be.

`seed_ratings(orders)` rates the completed orders among `orders` (all the
completed orders when None) in a fixed pattern, so every role sees each case:

- both sides rated: published, and on every other such order the vendor
  has replied;
- only the PPK rated: hidden from the vendor, who is asked to rate;
- only the vendor rated: hidden from the OPD;
- nobody rated: the forms are there to try.

Orders outside their rating window (14 days after completion) are left
alone: nothing is back-dated, so the services would refuse them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES, Role
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus
from blangkon.ratings.models import OpdRating, VendorRating
from blangkon.ratings.services import (
    rating_by_ppk,
    rating_by_vendor,
    rating_reply,
    window_closes_at,
)

# (quality, timeliness, conformity, comment): what PPKs write.
PPK_RATINGS = (
    (5, 5, 5, "Barang sesuai pesanan dan datang tepat waktu. Terima kasih."),
    (4, 3, 4, "Kualitas baik, pengiriman terlambat satu hari."),
    (5, 4, 5, "Kemasan rapi, komunikasi penyedia cepat."),
    (3, 4, 3, "Sebagian barang perlu ditukar, tetapi penyedia sigap menanggapi."),
)
# (clarity, payment_speed, comment): what the vendor writes of the OPD.
VENDOR_RATINGS = (
    (5, 4, "Pesanan jelas, pembayaran lancar."),
    (4, 5, "Spesifikasi jelas dan pembayaran cepat."),
    (4, 3, ""),
)
REPLY = "Terima kasih atas penilaiannya, Bapak/Ibu. Kami terus memperbaiki layanan kami."

# What happens to a completed order, by its id (so a second run leaves the
# unrated ones unrated): a cycle of five.
BOTH, BOTH_REPLIED, PPK_ONLY, VENDOR_ONLY, NOBODY = range(5)


@dataclass
class RatingsSeeded:
    both: int = 0
    replied: int = 0
    ppk_only: int = 0
    vendor_only: int = 0
    unrated: int = 0


def _ppk_of(order: Order) -> User | None:
    return (
        User.objects.filter(organisation_id=order.opd_id, role=Role.PPK, is_active=True)
        .order_by("id")
        .first()
    )


def _vendor_user_of(order: Order) -> User | None:
    users = User.objects.filter(
        organisation_id=order.vendor.organisation_id, role__in=VENDOR_ROLES, is_active=True
    )
    return (
        users.filter(role=Role.VENDOR_OWNER).order_by("id").first() or users.order_by("id").first()
    )


def _rateable(orders: Iterable[Order] | None) -> list[Order]:
    """The completed orders, within their window, that nobody rated yet."""
    chosen = (
        Order.objects.filter(status=OrderStatus.SELESAI)
        if orders is None
        else Order.objects.filter(pk__in=[o.pk for o in orders], status=OrderStatus.SELESAI)
    )
    now = timezone.now()
    rated = set(VendorRating.objects.values_list("order_id", flat=True)) | set(
        OpdRating.objects.values_list("order_id", flat=True)
    )
    return [
        order
        for order in chosen.select_related("vendor").order_by("id")
        if order.pk not in rated and (closes := window_closes_at(order)) and now < closes
    ]


def seed_ratings(orders: Iterable[Order] | None = None) -> RatingsSeeded:
    """Rate the completed `orders` (all completed orders when None) in the
    pattern above; what was done, by case."""
    seeded = RatingsSeeded()
    for order in _rateable(orders):
        ppk, vendor = _ppk_of(order), _vendor_user_of(order)
        n = order.pk
        case = n % 5
        if ppk is None or vendor is None or case == NOBODY:
            seeded.unrated += 1
            continue
        if case != VENDOR_ONLY:
            quality, timeliness, conformity, comment = PPK_RATINGS[n % len(PPK_RATINGS)]
            rating_by_ppk(
                user=ppk,
                order_id=order.pk,
                quality=quality,
                timeliness=timeliness,
                conformity=conformity,
                comment=comment,
            )
        if case != PPK_ONLY:
            clarity, payment_speed, comment = VENDOR_RATINGS[n % len(VENDOR_RATINGS)]
            rating_by_vendor(
                user=vendor,
                order_id=order.pk,
                clarity=clarity,
                payment_speed=payment_speed,
                comment=comment,
            )
        if case == BOTH_REPLIED:
            rating_reply(user=vendor, order_id=order.pk, text=REPLY)
            seeded.replied += 1
        elif case == BOTH:
            seeded.both += 1
        elif case == PPK_ONLY:
            seeded.ppk_only += 1
        else:
            seeded.vendor_only += 1
    return seeded
