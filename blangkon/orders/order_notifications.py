"""Whoever must act next on an order is told (notifications.notify), inside
the transaction of the move: a move rolled back tells nobody, and the mails
go out after the commit. Nobody is told of their own act.

Called by orders/order_services.py after each move, with the status the
order came from; a BAST signed by one party only is not a move and has its
own call."""

import datetime
from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.urls import reverse

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES, Role
from blangkon.core.moments import stored_moment
from blangkon.notifications.services import notify
from blangkon.orders.models import Order
from blangkon.orders.order_access import PEMDA_ADMIN_ROLES
from blangkon.orders.status import OrderStatus as S


def _active(**filters: object) -> QuerySet[User]:
    return User.objects.filter(is_active=True, **filters)


def _ppks(order: Order) -> list[User]:
    return list(_active(organisation_id=order.opd_id, role=Role.PPK))


def _buyer_side(order: Order) -> list[User]:
    """The official who built the order and the PPKs of its OPD."""
    builder = [order.created_by] if order.created_by_id else []
    return builder + _ppks(order)


def _vendor_side(order: Order) -> list[User]:
    return list(_active(organisation_id=order.vendor.organisation_id, role__in=VENDOR_ROLES))


def _pemda_admins(order: Order) -> list[User]:
    """Who resolves the order's disputes: the admins of its OPD's pemda."""
    return list(_active(organisation_id=order.opd.parent_id, role__in=PEMDA_ADMIN_ROLES))


def _tell(
    recipients: Iterable[User], code: str, order: Order, actor: User | None, **params: str
) -> None:
    notify(
        recipients=[user for user in recipients if actor is None or user.pk != actor.pk],
        code=code,
        params={"number": order.number, **params},
        url=reverse("order:detail", args=[order.pk]),
    )


def order_moved(
    order: Order,
    *,
    source: str,
    actor: User | None,
    reason: str = "",
    deadline: datetime.datetime | None = None,
) -> None:
    """Tell those who act next that `order` moved from `source` to its status."""
    target = order.status
    if source == S.SENGKETA:
        told = _buyer_side(order) + _vendor_side(order)
        _tell(told, "order.dispute_resolved", order, actor, reason=reason)
    elif target == S.MENUNGGU_KONFIRMASI:
        when = stored_moment(deadline)
        _tell(_vendor_side(order), "order.signed", order, actor, opd=order.opd.name, deadline=when)
    elif target == S.DIPROSES and source != S.MENUNGGU_KONFIRMASI:
        _tell(_vendor_side(order), "order.sent_back", order, actor, note=reason)
    elif target in (S.DIPROSES, S.DITOLAK):
        code = "order.accepted" if target == S.DIPROSES else "order.declined"
        vendor = order.vendor.organisation.name
        _tell(_buyer_side(order), code, order, actor, vendor=vendor, reason=reason)
    elif target in SIMPLE:
        told_of, code = SIMPLE[target]
        _tell(told_of(order), code, order, actor, reason=reason)
    elif target == S.DIBATALKAN:
        _tell(_cancelled_told(order, source), "order.cancelled", order, actor, reason=reason)
    elif target == S.BATAL_OTOMATIS:
        # The vendor let the time pass: the buyer side is told; the PPK: its builder.
        told = _buyer_side(order) if source == S.MENUNGGU_KONFIRMASI else _buyer_side(order)[:1]
        _tell(told, "order.timed_out", order, actor)


def _parties_and_kab_kota(order: Order) -> list[User]:
    return _ppks(order) + _vendor_side(order) + _pemda_admins(order)


def _both(order: Order) -> list[User]:
    return _ppks(order) + _vendor_side(order)


# The moves that tell the same people whatever the order came from.
SIMPLE: dict[str, tuple[Callable[[Order], list[User]], str]] = {
    S.MENUNGGU_PERSETUJUAN: (_ppks, "order.submitted"),
    S.DIKIRIM: (_ppks, "order.shipped"),
    S.DITERIMA: (_vendor_side, "order.received"),
    S.BAST_DITANDATANGANI: (_both, "order.bast_signed"),
    S.SENGKETA: (_parties_and_kab_kota, "order.disputed"),
    S.DIBAYAR: (_vendor_side, "order.paid"),
    S.SELESAI: (_both, "order.completed"),
}


def _cancelled_told(order: Order, source: str) -> list[User]:
    """The buyer side (but for a draft, which only its builder knew), and the
    vendor once the Surat Pesanan reached it."""
    told = [] if source == S.DRAFT else _buyer_side(order)
    if source == S.MENUNGGU_KONFIRMASI:
        told += _vendor_side(order)
    return told


def bast_signed_by_one(order: Order, *, actor: User, by_ppk: bool) -> None:
    """One party signed the BAST: the other is asked to sign too."""
    other = _vendor_side(order) if by_ppk else _ppks(order)
    _tell(other, "order.bast_signed_by_one", order, actor)


def negotiation_withdrawn_with_order(order: Order, actor: User) -> None:
    """The vendor learns that the negotiation ended with the draft it was about."""
    _tell(
        _vendor_side(order),
        "negotiation.withdrawn",
        order,
        actor,
        opd=order.opd.name,
        vendor=order.vendor.organisation.name,
    )
