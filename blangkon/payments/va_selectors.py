"""What the virtual-account page shows (payments/va_views.py)."""

from dataclasses import dataclass

from blangkon.accounts.models import User
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.payments.models import Invoice, VirtualAccount
from blangkon.payments.va_services import is_bendahara_of, live_va


@dataclass(frozen=True)
class VaPage:
    order: Order
    invoice: Invoice | None
    # The live VA, or the one that paid the order; None when there is neither.
    va: VirtualAccount | None
    # The order waits for a payment by VA.
    payable: bool
    may_issue: bool
    # The number is the OPD's to pay with; the vendor sees that one exists.
    show_number: bool


def va_page(user: User, order_id: int) -> VaPage:
    """404 (NotFound) to anyone who may not read the order."""
    order = access.readable_order(user, order_id)
    invoice = Invoice.objects.filter(order=order).first()
    payable = (
        order.status == S.DITAGIH
        and order.payment_channel == PaymentChannel.VA
        and invoice is not None
    )
    va = None
    if invoice is not None:
        va = VirtualAccount.objects.filter(order=order, paid_at__isnull=False).first() or live_va(
            order, invoice.net_to_vendor
        )
    return VaPage(
        order=order,
        invoice=invoice,
        va=va,
        payable=payable,
        may_issue=payable and is_bendahara_of(user, order),
        show_number=not access.is_vendor_of(user, order),
    )
