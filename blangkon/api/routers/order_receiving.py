"""The receipt of an order: appointing the official who receives it, and the
inspection (accept all, accept partially with the value adjusted, or send
back). Both accept an `Idempotency-Key` header: the same key again returns the
first answer and changes nothing. The order's readers who may not act are
refused (403, or 400 when the order is not at that step); to anyone else the
order is not found (404)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.orders import order_services as services
from blangkon.orders.idempotency import key_of, once
from blangkon.orders.models import Order

router = Router(tags=["orders"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class ReceiverIn(InputSchema):
    receiver_id: int | None = Field(
        description="An active official of the order's OPD; null removes the appointment."
    )


class InspectionLineIn(InputSchema):
    line_id: int
    received: int = Field(ge=0, description="Units that arrived.")
    accepted: int | None = Field(
        default=None,
        ge=0,
        description="Units accepted (accept_partially only; at most received; default: received).",
    )


class InspectionIn(InputSchema):
    outcome: Literal["accept_all", "accept_partially", "send_back"]
    lines: list[InspectionLineIn] = Field(description="Lines not given received nothing.")
    condition_ok: bool
    on_time: bool | None = None
    note: str = Field(
        default="", max_length=2000, description="Required to accept partially or send back."
    )


class ReceivingLineOut(Schema):
    id: int
    quantity: int
    unit_price: int
    received_quantity: int | None
    accepted_quantity: int | None


class ReceivingOut(Schema):
    id: int
    status: str
    receiver_id: int | None
    total: int = Field(description="Whole rupiah, tax included, as ordered.")
    accepted_total: int | None = Field(
        description="Whole rupiah accepted at the inspection (what the BAST uses); null before."
    )
    lines: list[ReceivingLineOut]

    @staticmethod
    def of(order: Order) -> "ReceivingOut":
        return ReceivingOut(
            id=order.pk,
            status=order.status,
            receiver_id=order.receiver_id,
            total=order.total,
            accepted_total=order.accepted_total,
            lines=[
                ReceivingLineOut(
                    id=line.pk,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    received_quantity=line.received_quantity,
                    accepted_quantity=line.accepted_quantity,
                )
                for line in order.lines.order_by("id")
            ],
        )


@router.post(
    "/orders/{order_id}/receiver",
    response={200: ReceivingOut, **errors(403)},
    summary="Appoint or remove the order's receiver",
)
def order_receiver_set(request: HttpRequest, order_id: int, payload: ReceiverIn) -> dict:
    """The PPK of the order's OPD, from the Surat Pesanan's signature until the
    receipt. Refusals: not_allowed (403), receiver_not_now, invalid_receiver (400)."""
    user = _user(request)

    def run() -> dict:
        order = services.order_appoint_receiver(
            user=user, order_id=order_id, receiver_id=payload.receiver_id
        )
        return ReceivingOut.of(order).model_dump()

    return once(user=user, key=key_of(request), action="order-receiver", run=run)[1]


@router.post(
    "/orders/{order_id}/inspection",
    response={200: ReceivingOut, **errors(403)},
    summary="Record the inspection of the delivery",
)
def order_inspection(request: HttpRequest, order_id: int, payload: InspectionIn) -> dict:
    """The PPK or the appointed receiver, once the order is shipped. Refusals:
    not_allowed (403), invalid_transition, invalid, incomplete_delivery,
    nothing_accepted (400)."""
    user = _user(request)

    def run() -> dict:
        order = services.order_inspect(
            user=user,
            order_id=order_id,
            outcome=payload.outcome,
            received={line.line_id: line.received for line in payload.lines},
            accepted={
                line.line_id: line.accepted for line in payload.lines if line.accepted is not None
            },
            condition_ok=payload.condition_ok,
            on_time=payload.on_time,
            note=payload.note,
        )
        return ReceivingOut.of(order).model_dump()

    return once(user=user, key=key_of(request), action="order-inspection", run=run)[1]
