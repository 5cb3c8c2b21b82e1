"""Recording the one payment of an order: the step every channel ends with.

The channels' services (the bendahara's transfer, KKPD and LS/SP2D records,
the bank's virtual-account callback) check who asks and what the channel
needs, then call `mark_paid` inside their own transaction. It locks the order
row, checks that the order is invoiced and the amount is the invoice's net,
writes the `Payment` (one per order: the one-to-one key is the last guard
against paying twice) and moves the order to DIBAYAR through the order's
transition table, which writes the history and audit rows.

Locks: the order row first, then any virtual-account row (docs/design/paying.md).
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError
from blangkon.core.money import format_rupiah
from blangkon.documents.models import StoredFile
from blangkon.orders import order_notifications as notices
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import order_transition
from blangkon.payments.models import Invoice, Payment
from blangkon.payments.payment_clock import days_from_bast, is_late


def locked_order(order_id: int) -> Order:
    """The order row, locked for the rest of the caller's transaction."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("opd", "vendor")
        .get(pk=order_id)
    )


def payable_check(order: Order) -> Invoice:
    """The order's invoice, when the order waits for its payment."""
    if order.status in (S.DIBAYAR, S.SELESAI):
        raise DomainError("already_paid", _("This order has already been paid."))
    if order.status != S.DITAGIH:
        raise DomainError(
            "invalid_transition", _("Only an invoiced order can be paid (it has no invoice yet).")
        )
    return Invoice.objects.get(order=order)


def bast_day(order: Order) -> datetime.date:
    assert order.bast_signed_at is not None  # an invoiced order has a BAST
    return timezone.localdate(order.bast_signed_at)


def mark_paid(
    *,
    order: Order,
    channel: str,
    amount: int,
    paid_on: datetime.date,
    reference: str,
    actor: Any,
    recorded_by: Any = None,
    sp2d_date: datetime.date | None = None,
    proof: StoredFile | None = None,
) -> Payment:
    """Record the payment of `order` (locked by `locked_order` in the caller's
    transaction) and move it to DIBAYAR. `actor` is the user, or None for the
    bank's callback."""
    invoice = payable_check(order)
    if amount != invoice.net_to_vendor:
        message = _("The amount paid must be the invoice's net to the vendor, %(net)s.") % {
            "net": format_rupiah(invoice.net_to_vendor)
        }
        raise DomainError("amount_mismatch", message, {"amount": message})
    start = bast_day(order)
    if not start <= paid_on <= timezone.localdate():
        message = _("The payment date must lie between the BAST and today.")
        raise DomainError("invalid", message, {"paid_on": message})
    payment = Payment.objects.create(
        order=order,
        channel=channel,
        amount=amount,
        paid_on=paid_on,
        recorded_by=recorded_by,
        reference=reference,
        sp2d_date=sp2d_date,
        proof=proof,
        # The payment clock's facts, kept for the transparency dashboard.
        days_from_bast=days_from_bast(order, paid_on),
        late=is_late(order, paid_on),
    )
    moved = order_transition(
        order_id=order.pk,
        to=S.DIBAYAR,
        actor=actor,
        details={"channel": channel, "amount": amount, "paid_on": paid_on.isoformat()},
    )
    notices.order_moved(moved, source=S.DITAGIH, actor=actor)
    return payment
