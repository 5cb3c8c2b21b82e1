"""What an order's page shows of the payment clock: the day the OPD must pay
by, which is the day the vendor may expect the money. The order pages (page
layer) call this; the orders app itself never imports payments. Not a page
module itself, so the order pages may import it without a cycle between the
two apps' pages."""

from typing import Any

from django.utils import timezone

from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.payment_clock import payment_due_seen

# Signed BAST, not paid yet: the clock runs.
ON_THE_CLOCK = frozenset({S.BAST_DITANDATANGANI, S.DITAGIH})


def payment_due_context(order: Order) -> dict[str, Any]:
    """`payment_due` (a PaymentDue, or None off the clock) for
    templates/payments/_expected_payment.html."""
    if order.status not in ON_THE_CLOCK or order.bast_signed_at is None:
        return {"payment_due": None}
    return {"payment_due": payment_due_seen(order, today=timezone.localdate())}
