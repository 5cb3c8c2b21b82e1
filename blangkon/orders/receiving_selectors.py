"""Reads for the receipt pages: the order with its lines, who receives it and
what the reader may do there. Readers are those of the order
(order_access.readable_order); to anyone else: NotFound."""

from dataclasses import dataclass

from blangkon.accounts.models import User
from blangkon.orders import order_access as access
from blangkon.orders import receiving
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import ACTION_SOURCES


@dataclass(frozen=True)
class ReceivingView:
    order: Order
    lines: list[OrderLine]
    receiver: User | None
    receiver_acts: bool  # the appointed receiver may still inspect the order
    # The officials the reader may appoint (empty unless the reader is the
    # PPK and the order is between the signature and the receipt).
    eligible: list[User]
    may_appoint: bool
    may_inspect: bool  # the reader may record the inspection now


def receiving_view(user: User, order_id: int) -> ReceivingView:
    order = access.readable_order(user, order_id)
    may_appoint = order.status in receiving.APPOINTABLE and access.is_ppk_of(user, order)
    inspector = access.is_ppk_of(user, order) or access.is_receiver_of(user, order)
    receiver = None
    if order.receiver_id is not None:
        receiver = User.objects.filter(pk=order.receiver_id).first()
    return ReceivingView(
        order=order,
        lines=list(order.lines.order_by("id")),
        receiver=receiver,
        receiver_acts=receiver is not None and access.is_receiver_of(receiver, order),
        eligible=list(receiving.eligible_receivers(order)) if may_appoint else [],
        may_appoint=may_appoint,
        may_inspect=inspector and order.status in ACTION_SOURCES["receive"],
    )
