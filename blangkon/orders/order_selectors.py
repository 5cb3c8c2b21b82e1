"""Reads of orders: one order with its lines, history, flags and what the
reader may do next. Readers are the OPD's officials, the vendor's users, the
kab/kota admins of the OPD's pemda, the province's admins and auditors; to
anyone else: NotFound."""

from collections.abc import Callable
from dataclasses import dataclass

from blangkon.accounts.models import User
from blangkon.core.errors import Forbidden
from blangkon.orders import order_access as access
from blangkon.orders.models import Order, OrderFlag, OrderLine, OrderStatusChange
from blangkon.orders.negotiation_selectors import order_negotiating
from blangkon.orders.status import ACTION_SOURCES, BAST_SIGNING_ONWARD, BastParty
from blangkon.orders.status import OrderStatus as S


@dataclass(frozen=True)
class OrderDetail:
    reader: User  # whom it was read for: next_actions and who acted depend on them
    order: Order
    lines: list[OrderLine]
    history: list[OrderStatusChange]
    flags: list[OrderFlag]
    bast_signed_by: list[str]  # BastParty values
    next_actions: list[str]  # API action names the reader may ask for now


# action name → (the status it moves to, who may ask); the statuses it moves
# from are status.ACTION_SOURCES.
ACTIONS: dict[str, tuple[str, Callable[[User, Order], None]]] = {
    "submit": (S.MENUNGGU_PERSETUJUAN, access.require_submitter),
    "approve": (S.MENUNGGU_KONFIRMASI, access.require_approver),
    "accept": (S.DIPROSES, access.require_vendor),
    "decline": (S.DITOLAK, access.require_vendor),
    "ship": (S.DIKIRIM, access.require_vendor),
    "receive": (S.DITERIMA, access.require_inspector),
    "sign-bast": (S.BAST_DITANDATANGANI, access.require_party),
    "cancel": (S.DIBATALKAN, access.require_buyer_side),
    "dispute": (S.SENGKETA, access.require_party),
    "send-back": (S.DIPROSES, access.require_ppk),
    "resolve-dispute": (S.DIBATALKAN, access.require_resolver),
    # POST /orders/{id}/invoice (payments: the vendor's invoice after the BAST).
    "invoice": (S.DITAGIH, access.require_vendor),
}


def _may(user: User, order: Order, check: Callable[[User, Order], None]) -> bool:
    try:
        check(user, order)
    except Forbidden:
        return False
    return True


def next_actions(user: User, order: Order, signed_by: list[str]) -> list[str]:
    allowed = []
    # Submitting waits for an open negotiation to end (`refuse_while_open`).
    negotiating = order.status == S.DRAFT and order_negotiating(order)
    for name, (_target, check) in ACTIONS.items():
        if order.status not in ACTION_SOURCES[name] or not _may(user, order, check):
            continue
        if name == "submit" and negotiating:
            continue
        party = BastParty.PPK if access.is_ppk_of(user, order) else BastParty.VENDOR
        if name == "sign-bast" and party in signed_by:
            continue
        allowed.append(name)
    return allowed


def order_detail(user: User, order: int | Order) -> OrderDetail:
    """One order as `user` reads it. Given the order itself (with its OPD and
    vendor), the caller has already checked that `user` may read it: a
    service that just moved it answers without reading it again."""
    if not isinstance(order, Order):
        order = access.readable_order(user, order)
    signed_by = (
        list(order.bast_signatures.values_list("party", flat=True))
        if order.status in BAST_SIGNING_ONWARD
        else []
    )
    return OrderDetail(
        reader=user,
        order=order,
        lines=list(order.lines.order_by("id")),
        history=list(order.status_changes.select_related("actor").order_by("at", "id")),
        flags=list(order.flags.order_by("id")),
        bast_signed_by=signed_by,
        next_actions=next_actions(user, order, signed_by),
    )
