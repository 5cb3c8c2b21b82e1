"""The red flags' reaction to order moves (orders/events.py): when an order is
signed or leaves the counted set, the split-purchase and near-ceiling flags of
its OPD and vendor are refreshed by the worker once the move commits (the
scheduler's run refreshes every kind anyway, so a refresh lost here is caught
up later).

In the worker, not in the request: the two detectors' statements are the
heaviest part of a signature, and an auditor loses nothing when a flag
appears a few seconds after the signature instead of with it."""

from functools import partial
from typing import Any

from django.db import transaction

from blangkon.orders.events import order_moved
from blangkon.orders.status import SIGNED, OrderStatus

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
    # Robust: a failure to enqueue is logged, never the answer to the move
    # that committed (the next scheduled run computes the flags anyway).
    transaction.on_commit(partial(_enqueue, order.opd_id, order.vendor_id), robust=True)


def _enqueue(opd_id: int, vendor_id: int) -> None:
    from blangkon.red_flags.tasks import red_flags_refresh_pair_task

    red_flags_refresh_pair_task.enqueue(opd_id, vendor_id)


def connect() -> None:
    order_moved.connect(_on_order_moved, dispatch_uid="red_flags.order_moved")
