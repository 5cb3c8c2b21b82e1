"""The order machine (Order.status and its companion fields). The only code
that moves an order.

The table is in orders/status.py; docs/domain/lifecycles.md draws it. The
services in orders/order_services.py check who may ask for a move and the
move's own rules (ceiling, splitting, stock), then call `order_transition`
inside their own transaction.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from blangkon.lifecycles.machine import Stamp, StateMachine, transition
from blangkon.orders.events import order_moved
from blangkon.orders.models import Order, OrderStatusChange
from blangkon.orders.status import ALLOWED, OrderStatus

ORDER_MACHINE = StateMachine(
    name="order",
    title="Orders, from the draft to the signed BAST, the invoice and the payment",
    model=Order,
    statuses=OrderStatus,
    allowed=ALLOWED,
    initial=(OrderStatus.DRAFT,),
    history_model=OrderStatusChange,
    history_fk="order",
    organisation=lambda order: order.opd,
    stamps={
        OrderStatus.MENUNGGU_PERSETUJUAN: Stamp("submitted_at"),
        OrderStatus.MENUNGGU_KONFIRMASI: Stamp("approved_at"),
        # Sent back after an inspection, the order keeps the date it was accepted.
        OrderStatus.DIPROSES: Stamp("accepted_at", first_only=True),
        OrderStatus.DIKIRIM: Stamp("shipped_at"),
        OrderStatus.DITERIMA: Stamp("received_at"),
        OrderStatus.BAST_DITANDATANGANI: Stamp("bast_signed_at"),
        OrderStatus.DIBATALKAN: Stamp("cancelled_at"),
        OrderStatus.DITOLAK: Stamp("declined_at"),
        OrderStatus.BATAL_OTOMATIS: Stamp("timed_out_at"),
        OrderStatus.SENGKETA: Stamp("disputed_at"),
        OrderStatus.DITAGIH: Stamp("invoiced_at"),
        OrderStatus.DIBAYAR: Stamp("paid_at"),
        OrderStatus.SELESAI: Stamp("completed_at"),
    },
    companion_fields=frozenset(
        {
            "number",
            "approved_by",
            "rules_version",
            "vendor_tax_profile",
            "split_justification",
            "stock_held",
            "decline_reason",
            "cancel_reason",
            "dispute_reason",
            "receipt_note",
            "accepted_total",
            "received_on_time",
            "courier",
            "tracking_number",
            "own_delivery",
            "payment_channel",
        }
    ),
    lock_related=("opd",),
    table_module="blangkon/orders/status.py",
    description=(
        "A buyer checks out one vendor's lines of the cart (draft) and submits them; the "
        "PPK of the OPD approves and signs the Surat Pesanan, which judges the ceiling and "
        "splitting under the rules in force that day and takes the stock. The vendor "
        "accepts or declines, ships, and the PPK (or the receiver the PPK appoints) "
        "inspects: what arrived in good order is accepted, partially with the value "
        "adjusted when something is short or damaged, or the goods go back to the vendor. "
        "The PPK and the vendor both sign the BAST. The buyer may "
        "cancel until the vendor accepts (the stock comes back); either side may open a "
        "dispute after shipping, which the kab/kota admin resolves. After the BAST the "
        "vendor invoices (the taxes computed by the tax engine), the bendahara of the OPD "
        "pays through the order's channel (or the bank confirms a virtual-account "
        "payment), and the order is completed."
    ),
)


def order_transition(
    *,
    order_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    locked: Order | None = None,
) -> Order:
    """Move an order to `to` with its companion `fields` (see `transition`,
    also for `locked`), then announce the move (`events.order_moved`) in the
    same transaction."""
    with transaction.atomic(savepoint=locked is None):  # as in `transition`
        order: Order = transition(
            ORDER_MACHINE,
            pk=order_id,
            to=to,
            actor=actor,
            reason=reason,
            fields=fields,
            details=details,
            locked=locked,
        )
        # Sent for a retried request that moved nothing too: receivers
        # recompute from the row, so an extra announcement changes nothing.
        order_moved.send(sender=Order, order=order, target=to)
    return order
