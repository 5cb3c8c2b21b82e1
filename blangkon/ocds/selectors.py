"""The releases of a window, read in chunks of orders so memory stays the same
at any size: a page of the API and the whole export alike.

Releases are not stored: each is made from its order when it is read
(releases.py). The orders are walked by primary key, a chunk at a time, each
chunk one query for the orders (OPD, vendor and payment joined) and one for
their lines (with the categories): two queries per chunk, never one per order.
A position in the walk is a Cursor: an order and how many of its releases in
the window were already given; an order's later steps only add releases after
its earlier ones, so a cursor stays valid while orders move.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from blangkon.ocds.params import Cursor, ReleaseParams, Window
from blangkon.ocds.releases import DATE_FIELDS, Step, order_steps, release
from blangkon.orders.models import Order, OrderLine

CHUNK = 500


def processes(window: Window) -> QuerySet[Order]:
    """Orders the PPK signed (a contracting process each) with a date of a
    release in the window; releases.order_steps picks the releases exactly."""
    orders = Order.objects.filter(approved_at__isnull=False)
    if window.since is None and window.until is None:
        return orders
    bounds = {"gte": window.since, "lt": window.until}
    within = Q()
    for field in DATE_FIELDS:
        within |= Q(**{f"{field}__{op}": value for op, value in bounds.items() if value})
    return orders.filter(within)


# The fields a release reads, and nothing else: a vendor's row holds dozens
# of fields (its identity among them) that no release may show, and loading
# fewer fields is most of the export's time at a million orders.
ORDER_FIELDS = ("number", "status", "total", "accepted_total", "requested_arrival")
RELATED_FIELDS = (
    "opd__name",
    "opd__region__name",
    "opd__region__parent__name",
    "vendor__organisation__name",
    "vendor__organisation__region__name",
    "vendor__organisation__region__parent__name",
    "payment__amount",
    "payment__paid_on",
)


def _loaded(orders: QuerySet[Order]) -> QuerySet[Order]:
    """What a release names, for a chunk in two queries."""
    lines = (
        OrderLine.objects.select_related("category")
        .only(
            "order_id", "name", "unit", "unit_price", "quantity", "category__slug", "category__name"
        )
        .order_by("id")
    )
    return (
        orders.select_related(
            "opd__region__parent", "vendor__organisation__region__parent", "payment"
        )
        .only(*ORDER_FIELDS, *DATE_FIELDS, *RELATED_FIELDS)
        .prefetch_related(Prefetch("lines", queryset=lines))
    )


def _dates_only(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.only("pk", "number", "status", *DATE_FIELDS)


def _in_window(order: Order, window: Window) -> int:
    return sum(1 for step in order_steps(order) if window.holds(step.date))


def _orders_from(
    orders: QuerySet[Order], first_id: int, size: int, *, backwards: bool = False
) -> Iterator[Order]:
    """The orders from `first_id` on by primary key (or back from it), `size`
    at a time."""
    beyond, order_by = ("pk__lt", "-pk") if backwards else ("pk__gt", "pk")
    bound = first_id + 1 if backwards else first_id - 1
    while True:
        chunk = list(orders.filter(**{beyond: bound}).order_by(order_by)[:size])
        yield from chunk
        if len(chunk) < size:
            return
        bound = chunk[-1].pk


@dataclass(frozen=True)
class Slot:
    """One release in the walk: its order, the order's steps, the step's
    index, and the cursor that starts at it."""

    order: Order
    steps: list[Step]
    index: int
    cursor: Cursor

    @property
    def date(self) -> datetime.datetime:
        return self.steps[self.index].date

    def release(self) -> dict[str, Any]:
        return release(self.order, self.steps, self.index)


def _slots(
    orders: QuerySet[Order], window: Window, start: Cursor | None, size: int = CHUNK
) -> Iterator[Slot]:
    start = start or Cursor(order_id=1)
    for order in _orders_from(orders, start.order_id, size):
        steps = order_steps(order)
        in_window = [i for i, step in enumerate(steps) if window.holds(step.date)]
        skip = start.skip if order.pk == start.order_id else 0
        for given, index in enumerate(in_window[skip:], start=skip):
            yield Slot(order, steps, index, Cursor(order_id=order.pk, skip=given))


def _size(params: ReleaseParams) -> int:
    """An order has at least one release in the window: a page needs no more
    orders than it has releases (and one to find the next)."""
    return min(CHUNK, params.limit + 1)


@dataclass(frozen=True)
class PagePlan:
    """What a page holds before it is written: how many releases, the newest
    date among them (Last-Modified, publishedDate) and where the next starts."""

    count: int
    newest: datetime.datetime | None
    next: Cursor | None


def page_plan(params: ReleaseParams) -> PagePlan:
    """Walk the page once on the orders' dates alone (no lines, no joins)."""
    orders = _dates_only(processes(params.window))
    count, newest = 0, None
    for slot in _slots(orders, params.window, params.cursor, _size(params)):
        if count == params.limit:
            return PagePlan(count, newest, slot.cursor)
        count += 1
        newest = slot.date if newest is None else max(newest, slot.date)
    return PagePlan(count, newest, None)


def page_releases(params: ReleaseParams, count: int) -> Iterator[dict[str, Any]]:
    """The page's releases, made as they are written."""
    orders = _loaded(processes(params.window))
    slots = _slots(orders, params.window, params.cursor, _size(params))
    for slot in islice(slots, count):
        yield slot.release()


def all_releases(window: Window) -> Iterator[dict[str, Any]]:
    """Every release in the window, for the export."""
    for slot in _slots(_loaded(processes(window)), window, None):
        yield slot.release()


def page_before(params: ReleaseParams) -> tuple[int, Cursor | None]:
    """Where the page before this one starts: walking back from the cursor
    over the orders' dates alone, `limit` releases. Returns how many releases
    come before (0: none, no previous page) and the cursor (None: the first
    page, which has none)."""
    start = params.cursor
    if start is None:
        return 0, None
    needed = params.limit
    orders = _dates_only(processes(params.window))
    for order in _orders_from(orders, start.order_id, _size(params), backwards=True):
        available = start.skip if order.pk == start.order_id else _in_window(order, params.window)
        if available >= needed:
            return params.limit, Cursor(order_id=order.pk, skip=available - needed)
        needed -= available
    return params.limit - needed, None
