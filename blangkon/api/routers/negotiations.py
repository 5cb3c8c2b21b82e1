"""Negotiation of a draft order: the history and whose turn it is, and the
steps (open with a first offer, counter, accept, withdraw). The same services
and selector as the page. Readers of the order read; to anyone else the order
is not found (404). Every POST accepts an `Idempotency-Key` header."""

import datetime
from collections.abc import Callable

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.orders import negotiation_services as services
from blangkon.orders.idempotency import key_of, once
from blangkon.orders.negotiation_models import Negotiation
from blangkon.orders.negotiation_selectors import NegotiationDetail, negotiation_detail
from blangkon.orders.negotiation_services import ProposedLine

router = Router(tags=["orders"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class OfferLineIn(InputSchema):
    order_line_id: int
    unit_price: int = Field(ge=1, description="Per unit, whole rupiah, tax included.")
    quantity: int = Field(ge=1, description="Whole units.")


class OfferIn(InputSchema):
    """Every line of the order, once. Prices may not exceed the order's."""

    lines: list[OfferLineIn] = Field(max_length=500)
    delivery_cost: int = Field(0, ge=0, description="Ongkos kirim, whole rupiah.")
    note: str = Field("", max_length=2000)

    def proposals(self) -> list[ProposedLine]:
        return [ProposedLine(x.order_line_id, x.unit_price, x.quantity) for x in self.lines]


class OfferLineOut(Schema):
    order_line_id: int
    unit_price: int
    quantity: int


class OfferOut(Schema):
    side: str = Field(description="buyer or vendor")
    author: str
    created_at: datetime.datetime
    note: str
    delivery_cost: int
    total: int = Field(description="The lines plus the delivery cost, whole rupiah.")
    lines: list[OfferLineOut]


class NegotiationOut(Schema):
    id: int
    status: str = Field(description="open, agreed, withdrawn or expired")
    opened_at: datetime.datetime
    expires_at: datetime.datetime
    closed_at: datetime.datetime | None
    offers: list[OfferOut]

    @staticmethod
    def of(negotiation: Negotiation) -> "NegotiationOut":
        return NegotiationOut(
            id=negotiation.pk,
            status=negotiation.status,
            opened_at=negotiation.opened_at,
            expires_at=negotiation.expires_at,
            closed_at=negotiation.closed_at,
            offers=[
                OfferOut(
                    side=offer.side,
                    author=offer.author.username,
                    created_at=offer.created_at,
                    note=offer.note,
                    delivery_cost=offer.delivery_cost,
                    total=offer.total,
                    lines=[
                        OfferLineOut(
                            order_line_id=line.order_line_id,
                            unit_price=line.unit_price,
                            quantity=line.quantity,
                        )
                        for line in offer.lines.all()
                    ],
                )
                for offer in negotiation.offers.all()
            ],
        )


class NegotiationsOut(Schema):
    order_id: int
    order_total: int
    delivery_cost: int
    waiting_for: str | None = Field(description="The side whose turn it is, while one is open.")
    next_actions: list[str] = Field(description="Of open, counter, accept, withdraw.")
    negotiations: list[NegotiationOut] = Field(description="Oldest first; at most one open.")

    @staticmethod
    def of(detail: NegotiationDetail) -> "NegotiationsOut":
        return NegotiationsOut(
            order_id=detail.order.pk,
            order_total=detail.order.total,
            delivery_cost=detail.order.delivery_cost,
            waiting_for=detail.waiting_for,
            next_actions=detail.next_actions,
            negotiations=[NegotiationOut.of(n) for n in detail.negotiations],
        )


def _step(
    request: HttpRequest, order_id: int, action: str, service: Callable[[User], object]
) -> Status[dict[str, object]]:
    user = _user(request)

    def run() -> dict[str, object]:
        service(user)
        return NegotiationsOut.of(negotiation_detail(user, order_id)).model_dump(mode="json")

    status, answer = once(user=user, key=key_of(request), action=action, run=run)
    return Status(status, answer)


REFUSALS = errors(403, 404)


@router.get(
    "/orders/{order_id}/negotiation",
    response={200: NegotiationsOut, **errors(404)},
    summary="The negotiation of an order",
)
def negotiation_get(request: HttpRequest, order_id: int) -> NegotiationsOut:
    """Every negotiation of the order with its offers, whose turn it is and
    what the caller may do."""
    return NegotiationsOut.of(negotiation_detail(_user(request), order_id))


@router.post(
    "/orders/{order_id}/negotiation",
    response={200: NegotiationsOut, **REFUSALS},
    summary="Open a negotiation with a first offer",
)
def negotiation_open(
    request: HttpRequest, order_id: int, payload: OfferIn
) -> Status[dict[str, object]]:
    """The buyer of a draft (its builder or the OPD's PPK). Refusals:
    order_not_draft, negotiation_open, invalid, ceiling_exceeded (400),
    not_allowed (403)."""
    return _step(
        request,
        order_id,
        "negotiation.open",
        lambda user: services.negotiation_open(
            user=user,
            order_id=order_id,
            lines=payload.proposals(),
            delivery_cost=payload.delivery_cost,
            note=payload.note,
        ),
    )


@router.post(
    "/orders/{order_id}/negotiation/offers",
    response={200: NegotiationsOut, **REFUSALS},
    summary="Answer with a new offer",
)
def negotiation_counter(
    request: HttpRequest, order_id: int, payload: OfferIn
) -> Status[dict[str, object]]:
    """The side whose turn it is. Refusals: no_open_negotiation,
    order_not_draft, invalid, ceiling_exceeded (400), not_allowed (403)."""
    return _step(
        request,
        order_id,
        "negotiation.counter",
        lambda user: services.negotiation_counter(
            user=user,
            order_id=order_id,
            lines=payload.proposals(),
            delivery_cost=payload.delivery_cost,
            note=payload.note,
        ),
    )


@router.post(
    "/orders/{order_id}/negotiation/accept",
    response={200: NegotiationsOut, **REFUSALS},
    summary="Accept the other side's last offer",
)
def negotiation_accept(request: HttpRequest, order_id: int) -> Status[dict[str, object]]:
    """The side whose turn it is; the order takes the offer's prices,
    quantities and delivery cost. Refusals: no_open_negotiation,
    ceiling_exceeded (rules in force today) (400), not_allowed (403)."""
    return _step(
        request,
        order_id,
        "negotiation.accept",
        lambda user: services.negotiation_accept(user=user, order_id=order_id),
    )


@router.post(
    "/orders/{order_id}/negotiation/withdraw",
    response={200: NegotiationsOut, **REFUSALS},
    summary="Withdraw the negotiation",
)
def negotiation_withdraw(request: HttpRequest, order_id: int) -> Status[dict[str, object]]:
    """The buyer side. Refusals: no_open_negotiation (400), not_allowed (403)."""
    return _step(
        request,
        order_id,
        "negotiation.withdraw",
        lambda user: services.negotiation_withdraw(user=user, order_id=order_id),
    )
