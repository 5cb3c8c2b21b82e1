"""The transparency app's reactions to order events (orders/events.py) and
to imported INAPROC packages (inaproc/events.py)."""

from typing import Any

from blangkon.inaproc.events import packages_changed
from blangkon.orders.events import order_moved
from blangkon.transparency.aggregation import inaproc_recount, order_recount


def _on_order_moved(sender: Any, *, order: Any, **kwargs: Any) -> None:
    # An order the PPK never signed (approved_at is stamped once, never
    # cleared) was never counted and is not now: nothing to recount.
    if order.approved_at is not None:
        order_recount(order.pk)


def _on_packages_changed(sender: Any, **kwargs: Any) -> None:
    inaproc_recount()


def connect() -> None:
    order_moved.connect(_on_order_moved, dispatch_uid="transparency.order_moved")
    packages_changed.connect(_on_packages_changed, dispatch_uid="transparency.packages_changed")
