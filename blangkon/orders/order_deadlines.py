"""When the one who must act on an order runs out of time: one rule for the
lists, the order page, the API and the timeout job.

Only two waits have a deadline (docs/domain/rules.md): the PPK's signature,
counted from the submission, and the vendor's answer, counted from the
signature. Both are working days in Asia/Jakarta under the rules in force on
the day the clock started, and the whole last day is still in time.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.procurement.selectors import ProcurementRules, rules_in_force
from blangkon.procurement.working_days import add_working_days, working_days_between


def _clock_start(order: Order) -> datetime.datetime | None:
    """When the clock of the order's current wait started, if it has one."""
    if order.status == S.MENUNGGU_PERSETUJUAN:
        return order.submitted_at
    if order.status == S.MENUNGGU_KONFIRMASI:
        return order.approved_at
    return None


def deadline_of(
    order: Order, *, known_rules: Mapping[datetime.date, ProcurementRules] | None = None
) -> datetime.datetime | None:
    """The end of the last working day allowed (aware, 23:59:59.999999 in
    Asia/Jakarta), or None when nobody is on a clock. `known_rules`: the
    rules in force on some days, already read by the caller."""
    started = _clock_start(order)
    if started is None:
        return None
    day = timezone.localdate(started)
    rules = (known_rules or {}).get(day) or rules_in_force(day)
    if order.status == S.MENUNGGU_PERSETUJUAN:
        return add_working_days(started, rules.ppk_signature_working_days)
    return add_working_days(started, rules.vendor_response_working_days)


@dataclass(frozen=True)
class Deadline:
    """A deadline as a reader sees it on a given day."""

    at: datetime.datetime
    # Working days after today up to the deadline's day: 0 means it ends
    # today; below 0 only when the deadline's day has passed.
    working_days_left: int
    overdue: bool


def deadline_seen(order: Order, *, now: datetime.datetime | None = None) -> Deadline | None:
    """The order's deadline and how many working days are left of it on the
    day of `now` (Asia/Jakarta); None when nobody is on a clock."""
    at = deadline_of(order)
    if at is None:
        return None
    now = now or timezone.now()
    left = working_days_between(timezone.localdate(now), timezone.localdate(at))
    return Deadline(at=at, working_days_left=left, overdue=now > at)


def working_days_left(order: Order, *, now: datetime.datetime | None = None) -> int | None:
    """The working days left until the order's deadline (0: it ends today,
    negative: past); None when nobody is on a clock."""
    seen = deadline_seen(order, now=now)
    return None if seen is None else seen.working_days_left


class DeadlineMemo:
    """The deadlines of many orders seen at one moment (a page, an API
    response). Orders whose clock started on the same day in the same wait
    share one deadline, so it is computed once for them."""

    def __init__(self, *, now: datetime.datetime | None = None) -> None:
        self.now = now or timezone.now()
        self._by_start: dict[tuple[str, datetime.date], Deadline | None] = {}

    def __call__(self, order: Order) -> Deadline | None:
        started = _clock_start(order)
        if started is None:
            return None
        key = (order.status, timezone.localdate(started))
        if key not in self._by_start:
            self._by_start[key] = deadline_seen(order, now=self.now)
        return self._by_start[key]


def deadlines_seen(
    orders: Iterable[Order], *, now: datetime.datetime | None = None
) -> dict[int, Deadline]:
    """The deadlines of a page of orders by order id; orders nobody waits on
    are left out."""
    memo = DeadlineMemo(now=now)
    return {order.pk: seen for order in orders if (seen := memo(order)) is not None}
