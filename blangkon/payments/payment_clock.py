"""The payment clock (docs/design/paying.md, section 5): when the OPD must
pay an order, whether a payment was late, and how long it took.

The deadline counts working days from the BAST's local day (Asia/Jakarta)
under the rules in force on that day (`ProcurementRule.payment_due_working_days`),
as the order's other deadlines count from the day their clock started: a
later change of the rules never moves the deadline of a BAST already signed.
The whole deadline day is still in time; a payment on the next day is late.

Pure reads: the payment service calls `is_late` and `days_from_bast` when it
records a payment, the books and the API call `payment_due_on` and
`payment_due_seen`, the reminder job calls `reminder_days`.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError
from blangkon.orders.models import Order
from blangkon.payments.models import Payment
from blangkon.procurement.selectors import ProcurementRules, rules_in_force
from blangkon.procurement.working_days import (
    ONE_DAY,
    add_working_days,
    holidays_between,
    working_days_between,
)


class NoBast(DomainError):
    """The order has no signed BAST, so its payment clock has not started."""


def bast_day(order: Order) -> datetime.date:
    """The local day (Asia/Jakarta) the BAST was signed by both parties."""
    if order.bast_signed_at is None:
        raise NoBast("no_bast", _("The BAST of this order is not signed yet."))
    return timezone.localdate(order.bast_signed_at)


def clock_rules(order: Order) -> ProcurementRules:
    """The rules in force on the BAST day: they set the order's deadline for good."""
    return rules_in_force(bast_day(order))


def payment_due_on(order: Order) -> datetime.date:
    """The last day the OPD pays in time: the BAST day plus the working days
    of the rules in force that day (the BAST day itself does not count)."""
    return payment_due_after(bast_day(order))


def payment_due_after(day: datetime.date) -> datetime.date:
    """The deadline of every order whose BAST was signed on `day` (for
    counting many orders by their BAST day without reading each)."""
    return add_working_days(day, rules_in_force(day).payment_due_working_days)


def is_late(order: Order, paid_on: datetime.date) -> bool:
    """Paid after the deadline's day."""
    return paid_on > payment_due_on(order)


def days_from_bast(order: Order, paid_on: datetime.date) -> int:
    """Calendar days from the BAST day to the payment day (0: the same day);
    the transparency dashboard's time-to-pay. A payment dated before the BAST
    is refused: nothing may be paid before the goods are handed over."""
    days = (paid_on - bast_day(order)).days
    if days < 0:
        raise DomainError(
            "paid_before_bast",
            _("The payment date cannot be before the BAST was signed."),
            {"paid_on": _("The payment date cannot be before the BAST was signed.")},
        )
    return days


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The working day `n` working days before `day` (n=0: `day` itself),
    the reverse of add_working_days for a deadline that is a working day."""
    fetched_from = day - datetime.timedelta(days=n * 2 + 14)
    holidays = holidays_between(fetched_from, day)
    counted = 0
    while counted < n:
        day -= ONE_DAY
        if day < fetched_from:
            fetched_from = day - datetime.timedelta(days=n * 2 + 14)
            holidays |= holidays_between(fetched_from, day)
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    return day


def reminder_days(order: Order) -> list[tuple[int, datetime.date]]:
    """The order's reminders as (working days before the deadline, day sent),
    earliest first, under the rules in force on the BAST day."""
    due = payment_due_on(order)
    steps = clock_rules(order).payment_reminder_working_days
    return sorted(((n, working_days_before(due, n)) for n in steps), key=lambda step: step[1])


@dataclass(frozen=True)
class PaymentDue:
    """An order's payment deadline as a reader sees it on a given day."""

    due_on: datetime.date
    # Working days after today up to the deadline: 0 means it is today;
    # negative once the deadline's day has passed.
    working_days_left: int
    overdue: bool
    # Calendar days past the deadline (0 while in time).
    days_late: int


def payment_due_seen(order: Order, *, today: datetime.date | None = None) -> PaymentDue:
    today = today or timezone.localdate()
    due = payment_due_on(order)
    return PaymentDue(
        due_on=due,
        working_days_left=working_days_between(today, due),
        overdue=today > due,
        days_late=max(0, (today - due).days),
    )


def payment_dues(
    orders: Iterable[Order], *, today: datetime.date | None = None
) -> dict[int, PaymentDue]:
    """The deadlines of a page of orders by order id, computed once per BAST
    day (orders signed on the same day share one); orders without a signed
    BAST are left out. The vendor's "expected payment date" is `due_on`."""
    today = today or timezone.localdate()
    by_day: dict[datetime.date, PaymentDue] = {}
    seen = {}
    for order in orders:
        if order.bast_signed_at is None:
            continue
        day = bast_day(order)
        if day not in by_day:
            by_day[day] = payment_due_seen(order, today=today)
        seen[order.pk] = by_day[day]
    return seen


def expected_payment_on(order: Order) -> datetime.date | None:
    """The date the vendor may expect the money: the OPD's deadline, for an
    order whose BAST is signed and which is not paid yet; None otherwise."""
    if order.bast_signed_at is None or Payment.objects.filter(order_id=order.pk).exists():
        return None
    return payment_due_on(order)
