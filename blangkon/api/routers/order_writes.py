"""Orders, the writes: a draft from named lines, and one operation per move,
each answering the order as `GET /orders/{id}` shows it to the caller.

Every POST accepts an `Idempotency-Key` header (orders/idempotency.py): the
same key from the same user gets the first answer again and nothing is done
twice; a refusal does not use the key up. Refusals have the common error
body with stable codes: `ceiling_exceeded`, `split_suspected` (the earlier
orders in `fields.orders`), `insufficient_stock`, `invalid_transition` (the
order's status does not allow the move; nothing written), `not_allowed` (403:
the caller may read the order but not make this move), and 404 for an order
the caller may not read."""

import datetime
from collections.abc import Callable
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Status

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.idempotency import IdempotencyKey, answered_once, keyed_action
from blangkon.api.inputs import InputSchema
from blangkon.api.routers.orders import OrderOut
from blangkon.api.routers.orders import router as orders_router
from blangkon.orders import order_services as services
from blangkon.orders.models import Order
from blangkon.orders.order_selectors import order_detail
from blangkon.orders.services import MAX_QUANTITY
from blangkon.orders.status import PaymentChannel

# The reads' router: GET /orders (the list) and POST /orders (a draft) share one
# path, and django-ninja answers both methods only from one router (from two,
# the first registered answers 405 to the other's method).
router = orders_router

BIGINT_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
Text = Annotated[str, Field(max_length=2000)]
ORDER_REFUSALS = {**errors(403)}


def _answered(
    request: HttpRequest,
    key: str,
    action: str,
    move: Callable[[User], Order],
    status: int = 200,
) -> Status[OrderOut]:
    """Run `move` once per Idempotency-Key, answering the order as the caller reads it."""

    def run(user: User) -> OrderOut:
        # The service checked that the caller may act on (so read) the order.
        return OrderOut.of(order_detail(user, move(user)))

    return answered_once(request, key=key, action=action, run=run, out=OrderOut, status=status)


# --- a draft ------------------------------------------------------------------------


class OrderLineIn(InputSchema):
    product_id: Id
    quantity: Quantity = Field(description="Whole units, at least the product's minimum order.")
    price_seen: int | None = Field(
        None,
        ge=1,
        le=BIGINT_MAX,
        description="The price per unit (tax included) the caller showed; when today's "
        "differs, the draft is refused with price_changed unless accepted_prices.",
    )


class OrderIn(InputSchema):
    lines: list[OrderLineIn] = Field(min_length=1, max_length=200)
    delivery_address_id: Id
    kode_rup: str = Field("", max_length=20, description="8 to 20 digits, or empty.")
    budget_line: str = Field(max_length=60, description="The kode rekening.")
    funding_source: Literal["APBD", "APBD-P", "BLUD"]
    requested_arrival: datetime.date = Field(description="A day after today.")
    note: Text = ""
    accepted_prices: bool = False
    payment_channel: PaymentChannel = Field(
        PaymentChannel.VA,
        description="How the bendahara will pay: va, transfer, kkpd or ls_sp2d; the "
        "bendahara may change it until the invoice. It decides who collects the taxes.",
    )


@router.post(
    "/orders",
    response={201: OrderOut, **errors(404)},
    summary="Create a draft order from lines of one vendor",
)
def order_create(
    request: HttpRequest, payload: OrderIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """For the buying official of an OPD (its PP, or its PPK where it has none;
    anyone else: 404). The lines are copied at today's prices; the cart is left
    alone. Refusals (400): `invalid` (the order's fields), `line_unavailable`
    (a product unknown or not buyable), `several_vendors` (one vendor per
    order), `insufficient_stock`, `price_changed`, `ceiling_exceeded`."""
    lines = [
        services.LineRequest(line.product_id, line.quantity, line.price_seen)
        for line in payload.lines
    ]

    def create(user: User) -> Order:
        return services.order_create(
            user=user,
            lines=lines,
            delivery_address_id=payload.delivery_address_id,
            kode_rup=payload.kode_rup,
            budget_line=payload.budget_line,
            funding_source=payload.funding_source,
            requested_arrival=payload.requested_arrival,
            note=payload.note,
            accepted_prices=payload.accepted_prices,
            payment_channel=payload.payment_channel,
        ).order

    return _answered(request, idempotency_key, "order-create", create, status=201)


# --- the moves ---------------------------------------------------------------------


@router.post(
    "/orders/{order_id}/submit",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Submit a draft to the PPK",
)
def order_submit(
    request: HttpRequest, order_id: int, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The official who built the draft (others: `not_allowed`). It gets its
    number. Refusals: `invalid_transition`, `line_unavailable`,
    `insufficient_stock`, `ceiling_exceeded` (rules in force today)."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("submit", order_id),
        lambda user: services.order_submit(user=user, order_id=order_id),
    )


class ApproveIn(InputSchema):
    split_justification: Text = Field(
        "", description="Why these are separate purchases, when split_suspected was answered."
    )


@router.post(
    "/orders/{order_id}/approve",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Approve and sign the Surat Pesanan",
)
def order_approve(
    request: HttpRequest, order_id: int, payload: ApproveIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The PPK of the order's OPD, never the one who built it (others:
    `not_allowed`). Judged under the rules in force today: `ceiling_exceeded`;
    `split_suspected` lists the earlier orders in `fields.orders` (send a
    split_justification to proceed: the order is flagged);
    `insufficient_stock` (the stock is taken here); `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("approve", order_id),
        lambda user: services.order_approve(
            user=user, order_id=order_id, split_justification=payload.split_justification
        ),
    )


@router.post(
    "/orders/{order_id}/accept",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Accept a signed order (the vendor)",
)
def order_accept(
    request: HttpRequest, order_id: int, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """A user of the order's vendor (others: `not_allowed`). Refusal:
    `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("accept", order_id),
        lambda user: services.order_accept(user=user, order_id=order_id),
    )


class ReasonIn(InputSchema):
    reason: Text = Field(description="Why; required.")


@router.post(
    "/orders/{order_id}/decline",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Decline a signed order (the vendor)",
)
def order_decline(
    request: HttpRequest, order_id: int, payload: ReasonIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """A user of the order's vendor, saying why (others: `not_allowed`); the
    stock comes back. Refusals: `invalid` (no reason), `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("decline", order_id),
        lambda user: services.order_decline(user=user, order_id=order_id, reason=payload.reason),
    )


class ShipIn(InputSchema):
    courier: str = Field("", max_length=60)
    tracking_number: str = Field("", max_length=60)
    own_delivery: bool = Field(False, description="Delivered by the vendor itself.")


@router.post(
    "/orders/{order_id}/ship",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Ship an order (the vendor)",
)
def order_ship(
    request: HttpRequest, order_id: int, payload: ShipIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """A user of the order's vendor (others: `not_allowed`): the courier and
    its tracking number, or own delivery. Refusals: `invalid`,
    `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("ship", order_id),
        lambda user: services.order_ship(
            user=user,
            order_id=order_id,
            courier=payload.courier,
            tracking_number=payload.tracking_number,
            own_delivery=payload.own_delivery,
        ),
    )


class ReceivedLineIn(InputSchema):
    line_id: Id
    received_quantity: int = Field(ge=0, le=MAX_QUANTITY)


class ReceiveIn(InputSchema):
    lines: list[ReceivedLineIn] = Field(max_length=200, description="A line left out: 0 received.")
    condition_ok: bool
    note: Text = Field("", description="Required when anything is short or not in condition.")


@router.post(
    "/orders/{order_id}/receive",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Receive and inspect a shipped order (the PPK)",
)
def order_receive(
    request: HttpRequest, order_id: int, payload: ReceiveIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The PPK of the order's OPD or the receiver it appointed (others:
    `not_allowed`). Everything received in good condition: received; anything
    else goes back to the vendor with the note (to accept part of a delivery,
    see `POST /orders/{id}/inspection`). Refusals: `invalid`,
    `invalid_transition` (judged before who asks)."""
    received = {line.line_id: line.received_quantity for line in payload.lines}
    return _answered(
        request,
        idempotency_key,
        keyed_action("receive", order_id),
        lambda user: services.order_receive(
            user=user,
            order_id=order_id,
            received=received,
            condition_ok=payload.condition_ok,
            note=payload.note,
        ),
    )


class NoteIn(InputSchema):
    note: Text = Field(description="What does not conform; required.")


@router.post(
    "/orders/{order_id}/send-back",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Send a received order back to the vendor (the PPK)",
)
def order_send_back(
    request: HttpRequest, order_id: int, payload: NoteIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The PPK of the order's OPD, before the BAST (others: `not_allowed`);
    BAST signatures are removed. Refusals: `invalid`, `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("send-back", order_id),
        lambda user: services.order_send_back(user=user, order_id=order_id, note=payload.note),
    )


@router.post(
    "/orders/{order_id}/sign-bast",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Sign the BAST (the PPK or the vendor)",
)
def order_sign_bast(
    request: HttpRequest, order_id: int, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The PPK of the order's OPD or a user of its vendor, each side once
    (others: `not_allowed`); with both signatures the BAST is signed.
    Refusal: `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("sign-bast", order_id),
        lambda user: services.order_sign_bast(user=user, order_id=order_id),
    )


@router.post(
    "/orders/{order_id}/cancel",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Cancel an order before the vendor accepts (the buyer)",
)
def order_cancel(
    request: HttpRequest, order_id: int, payload: ReasonIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The official who built it or the PPK of its OPD, saying why (others:
    `not_allowed`); stock taken comes back. Refusals: `invalid`,
    `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("cancel", order_id),
        lambda user: services.order_cancel(user=user, order_id=order_id, reason=payload.reason),
    )


@router.post(
    "/orders/{order_id}/dispute",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Open a dispute after shipping (the PPK or the vendor)",
)
def order_dispute(
    request: HttpRequest, order_id: int, payload: ReasonIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """The PPK of the order's OPD or a user of its vendor (others:
    `not_allowed`); the kab/kota admins of the OPD's pemda resolve it.
    Refusals: `invalid`, `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("dispute", order_id),
        lambda user: services.order_dispute(user=user, order_id=order_id, reason=payload.reason),
    )


class ResolveIn(InputSchema):
    to: Literal["dikirim", "diterima", "dibatalkan"] = Field(
        description="Back to shipped or received, or cancelled (the stock comes back)."
    )
    reason: Text = Field(description="The decision; required.")


@router.post(
    "/orders/{order_id}/resolve-dispute",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Resolve a dispute (the kab/kota admin)",
)
def order_resolve_dispute(
    request: HttpRequest, order_id: int, payload: ResolveIn, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """A kab/kota admin of the OPD's pemda (others: `not_allowed`). Refusals:
    `invalid`, `invalid_transition`."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("resolve-dispute", order_id),
        lambda user: services.order_resolve_dispute(
            user=user, order_id=order_id, to=payload.to, reason=payload.reason
        ),
    )


# --- the payment channel -----------------------------------------------------------


class PaymentChannelIn(InputSchema):
    payment_channel: PaymentChannel = Field(description="va, transfer, kkpd or ls_sp2d.")


@router.post(
    "/orders/{order_id}/payment-channel",
    response={200: OrderOut, **ORDER_REFUSALS},
    summary="Choose how an order will be paid (the bendahara)",
)
def order_payment_channel(
    request: HttpRequest,
    order_id: int,
    payload: PaymentChannelIn,
    idempotency_key: IdempotencyKey = "",
) -> Status[OrderOut]:
    """The bendahara of the order's OPD (others: `not_allowed`), until the
    invoice. Refusal: `payment_channel_fixed` (invoiced or ended)."""
    return _answered(
        request,
        idempotency_key,
        keyed_action("payment-channel", order_id),
        lambda user: services.order_set_payment_channel(
            user=user, order_id=order_id, channel=payload.payment_channel
        ),
    )
