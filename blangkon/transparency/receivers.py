"""The transparency app's reactions to order events (orders/events.py)."""

from typing import Any

from blangkon.orders.events import order_moved
from blangkon.transparency.aggregation import order_recount


def _on_order_moved(sender: Any, *, order: Any, **kwargs: Any) -> None:
    order_recount(order.pk)


def connect() -> None:
    order_moved.connect(_on_order_moved, dispatch_uid="transparency.order_moved")
