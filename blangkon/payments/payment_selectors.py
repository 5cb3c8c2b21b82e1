"""Reads of an order's payment: what the order page shows, and who may read
the proof of a transfer (the order's readers: documents asks, readers.py)."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from blangkon.accounts.models import User
from blangkon.documents.models import StoredFile
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.models import Invoice, Payment
from blangkon.payments.payment_services import completion_due


def proof_readable(user: User | AnonymousUser, stored_file: StoredFile) -> bool:
    """A proof of payment is read by whoever may read its order (the OPD's
    members read it anyway, as its owner's)."""
    if not isinstance(user, User):
        return False
    payment = Payment.objects.filter(proof=stored_file).select_related("order__vendor").first()
    return payment is not None and access.may_read(user, payment.order)


@dataclass(frozen=True)
class PaymentPanel:
    """The payment part of the order page, for one reader."""

    order: Order
    invoice: Invoice | None
    payment: Payment | None
    may_pay: bool  # the bendahara of the OPD, on an invoiced order
    may_complete: bool  # a user of the vendor, on a paid order
    completion_due: object  # when the job completes it (aware datetime) or None


def payment_panel(user: User, order: Order) -> PaymentPanel:
    """What the reader of `order` (already checked by the caller) sees of its
    invoice and payment, and which payment step they may take now."""
    invoice = Invoice.objects.filter(order=order).first()
    payment = Payment.objects.filter(order=order).select_related("proof").first()
    return PaymentPanel(
        order=order,
        invoice=invoice,
        payment=payment,
        may_pay=order.status == S.DITAGIH
        and invoice is not None
        and access.is_bendahara_of(user, order),
        may_complete=order.status == S.DIBAYAR and access.is_vendor_of(user, order),
        completion_due=completion_due(order),
    )
