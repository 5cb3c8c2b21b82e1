"""The payment clock's job: remind the OPD's bendahara before an invoiced
order's payment deadline, and mark (and tell) the deadline passed unpaid.

Idempotent by the database: each notice is a `PaymentClockNotice` row, one
per order, kind and step (a unique constraint), created in the same
transaction as its notifications. A second run, a task delivered twice or two
workers at once find the row there and tell nobody again.

A job that was down for days does not flood the bendahara: of the reminders
whose day has come, only the nearest to the deadline is sent; the earlier
ones are recorded as passed (with no recipients) so they never go out late.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.core.moments import stored_moment
from blangkon.core.money import format_rupiah
from blangkon.notifications.services import notify
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.models import ClockNoticeKind, Invoice, PaymentClockNotice
from blangkon.payments.payment_clock import payment_due_on, reminder_days


def unpaid_invoiced_orders() -> QuerySet[Order]:
    """Orders on the clock: invoiced (DITAGIH), BAST signed, not paid."""
    return (
        Order.objects.filter(status=S.DITAGIH, bast_signed_at__isnull=False, payment__isnull=True)
        .select_related("opd", "vendor__organisation")
        .order_by("bast_signed_at", "pk")
    )


def bendaharas_of(opd_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, role=Role.BENDAHARA, organisation_id=opd_id))


def _record(order: Order, kind: str, step: int, due: datetime.date, recipients: list[User]) -> bool:
    """Record one notice and tell its recipients, once; False when it was
    already recorded (by an earlier run or a concurrent one)."""
    try:
        with transaction.atomic():
            PaymentClockNotice.objects.create(
                order=order,
                kind=kind,
                working_days_before=step,
                due_on=due,
                recipients=len(recipients),
            )
            if recipients:
                _tell(order, kind, due, recipients)
    except IntegrityError:
        return False
    return True


def _tell(order: Order, kind: str, due: datetime.date, recipients: list[User]) -> None:
    invoice = Invoice.objects.filter(order=order).first()
    code = "payment.reminder" if kind == ClockNoticeKind.REMINDER else "payment.overdue"
    notify(
        recipients=recipients,
        code=code,
        params={
            "number": order.number,
            "vendor": order.vendor.organisation.name,
            "due": stored_moment(due),
            "amount": format_rupiah(invoice.net_to_vendor if invoice else order.payable_total),
        },
        url=reverse("order:detail", args=[order.pk]),
    )


def _remind(order: Order, today: datetime.date, due: datetime.date) -> int:
    """Send the latest reminder whose day has come; record the earlier ones."""
    if today > due:
        return 0
    come = [step for step, day in reminder_days(order) if day <= today]
    if not come:
        return 0
    sent = 0
    done = set(
        PaymentClockNotice.objects.filter(order=order, kind=ClockNoticeKind.REMINDER).values_list(
            "working_days_before", flat=True
        )
    )
    latest = come[-1]
    for step in come:
        if step in done:
            continue
        recipients = bendaharas_of(order.opd_id) if step == latest else []
        if _record(order, ClockNoticeKind.REMINDER, step, due, recipients) and recipients:
            sent += 1
    return sent


def _mark_overdue(order: Order, today: datetime.date, due: datetime.date) -> int:
    if today <= due:
        return 0
    if PaymentClockNotice.objects.filter(order=order, kind=ClockNoticeKind.OVERDUE).exists():
        return 0
    ppks = User.objects.filter(is_active=True, role=Role.PPK, organisation_id=order.opd_id)
    recipients = bendaharas_of(order.opd_id) + list(ppks)
    return int(_record(order, ClockNoticeKind.OVERDUE, 0, due, recipients))


def payment_clock_run(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send the reminders whose day has come and mark the orders whose
    deadline passed unpaid; how many orders were reminded and marked late."""
    today = today or timezone.localdate()
    reminded = overdue = 0
    for order in unpaid_invoiced_orders().iterator(chunk_size=200):
        due = payment_due_on(order)
        reminded += _remind(order, today, due)
        overdue += _mark_overdue(order, today, due)
    return {"reminded": reminded, "overdue": overdue}
