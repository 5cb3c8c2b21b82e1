"""Reads of the negotiation of a draft order: its offers, whose turn it is
and what the reader may do. Readers are the order's readers (order_access);
to anyone else the order, and so its negotiation, does not exist (404)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError, Forbidden
from blangkon.orders import order_access as access
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.negotiation_models import (
    Negotiation,
    NegotiationOffer,
    NegotiationStatus,
    OfferSide,
)
from blangkon.orders.status import OrderStatus


def side_of(user: User, order: Order) -> str | None:
    """The side `user` negotiates for on `order`, or None (a reader only)."""
    if access.is_vendor_of(user, order):
        return OfferSide.VENDOR
    try:
        access.require_buyer_side(user, order)
    except Forbidden:
        return None
    return OfferSide.BUYER


def order_negotiating(order: Order) -> bool:
    return Negotiation.objects.filter(order=order, status=NegotiationStatus.OPEN).exists()


def refuse_while_open(order: Order) -> None:
    """An order under negotiation cannot be submitted, nor a second
    negotiation opened: `negotiation_open`."""
    if order_negotiating(order):
        raise DomainError(
            "negotiation_open",
            _("A negotiation of this order is open: agree on it or withdraw it first."),
        )


def last_offer(negotiation: Negotiation) -> NegotiationOffer:
    offer = negotiation.offers.order_by("-created_at", "-id").first()
    assert offer is not None  # a negotiation opens with its first offer
    return offer


def waiting_for(last: NegotiationOffer) -> str:
    """The side that must answer `last`: the other one."""
    return OfferSide.VENDOR if last.side == OfferSide.BUYER else OfferSide.BUYER


@dataclass(frozen=True)
class NegotiationDetail:
    order: Order
    lines: list[OrderLine]
    negotiations: list[Negotiation]  # oldest first, offers prefetched (`offers.all()`)
    open: Negotiation | None
    waiting_for: str | None  # the side whose turn it is, while one is open
    reader_side: str | None  # the side the reader negotiates for, if any
    next_actions: list[str]  # open, counter, accept, withdraw

    @property
    def last_offer(self) -> NegotiationOffer | None:
        if self.open is None:
            return None
        offers = list(self.open.offers.all())
        return offers[-1] if offers else None


def _next_actions(
    order: Order, open_one: Negotiation | None, side: str | None, turn: str | None
) -> list[str]:
    if side is None or order.status != OrderStatus.DRAFT:
        return []
    if open_one is None:
        return ["open"] if side == OfferSide.BUYER else []
    actions = ["counter", "accept"] if side == turn else []
    if side == OfferSide.BUYER:
        actions.append("withdraw")
    return actions


def negotiation_detail(user: User, order_id: int) -> NegotiationDetail:
    order = access.readable_order(user, order_id)
    offers = NegotiationOffer.objects.select_related("author").prefetch_related("lines__order_line")
    negotiations = list(
        order.negotiations.select_related("opened_by", "closed_by")
        .prefetch_related(Prefetch("offers", queryset=offers.order_by("created_at", "id")))
        .order_by("opened_at", "id")
    )
    open_one = next((n for n in negotiations if n.status == NegotiationStatus.OPEN), None)
    turn = None
    if open_one is not None:
        turn = waiting_for(list(open_one.offers.all())[-1])
    side = side_of(user, order)
    return NegotiationDetail(
        order=order,
        lines=list(order.lines.order_by("id")),
        negotiations=negotiations,
        open=open_one,
        waiting_for=turn,
        reader_side=side,
        next_actions=_next_actions(order, open_one, side, turn),
    )
