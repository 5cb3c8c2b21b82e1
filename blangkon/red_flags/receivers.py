"""The red flags' reaction to order moves (orders/events.py): when an order is
signed or leaves the counted set, the split-purchase and near-ceiling flags of
its OPD and vendor are refreshed after the move commits (the scheduler's run
refreshes every kind anyway, so a refresh lost here is caught up later)."""

from typing import Any

from django.db import transaction

from blangkon.orders.events import order_moved
from blangkon.orders.status import SIGNED, OrderStatus
from blangkon.red_flags.refresh import red_flags_refresh_pair

# Moves that make an order counted, or end it without delivery.
RECOUNTED = frozenset(
    {
        OrderStatus.MENUNGGU_KONFIRMASI,
        OrderStatus.DITOLAK,
        OrderStatus.DIBATALKAN,
        OrderStatus.BATAL_OTOMATIS,
        OrderStatus.BAST_DITANDATANGANI,  # the accepted value may differ
    }
)


def _on_order_moved(sender: Any, *, order: Any, target: str, **kwargs: Any) -> None:
    if target not in RECOUNTED or (target not in SIGNED and order.approved_at is None):
        return
    opd_id, vendor_id = order.opd_id, order.vendor_id
    # Robust: a failing refresh is logged, never the answer to the move that
    # committed (the next scheduled run computes the flags anyway).
    transaction.on_commit(lambda: red_flags_refresh_pair(opd_id, vendor_id), robust=True)


def connect() -> None:
    order_moved.connect(_on_order_moved, dispatch_uid="red_flags.order_moved")
