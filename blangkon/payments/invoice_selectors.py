"""Reading an order's invoice: whoever may read the order may read its
invoice (orders/order_access.py); to anyone else it does not exist."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError, NotFound
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.status import ACTION_SOURCES
from blangkon.payments.invoice_services import InvoiceFacts, invoice_facts
from blangkon.payments.models import Invoice
from blangkon.taxes.payment import PaymentTaxes


def invoice_get(user: User, order_id: int) -> Invoice:
    """The order's invoice with its tax lines; NotFound when the order is not
    readable by `user` or is not invoiced yet."""
    access.readable_order(user, order_id)
    invoice = (
        Invoice.objects.select_related("order", "order__opd", "order__vendor__organisation")
        .prefetch_related("tax_lines")
        .filter(order_id=order_id)
        .first()
    )
    if invoice is None:
        raise NotFound()
    return invoice


def invoice_find(user: User, order_id: int) -> Invoice | None:
    """The order's invoice, or None before it is issued (NotFound for an
    order `user` may not read)."""
    try:
        return invoice_get(user, order_id)
    except NotFound:
        access.readable_order(user, order_id)
        return None


def invoice_of(order_id: int) -> Invoice | None:
    """The invoice of an order the caller has already read (no access check)."""
    return Invoice.objects.prefetch_related("tax_lines").filter(order_id=order_id).first()


@dataclass(frozen=True)
class InvoicePreview:
    order: Order
    facts: InvoiceFacts
    taxes: PaymentTaxes


def invoice_preview(user: User, order_id: int) -> InvoicePreview:
    """What the invoice would hold if the order's vendor issued it today:
    the same facts and engine as invoice_issue. NotFound to a stranger,
    `not_allowed` to a reader who is not the vendor, `invalid_transition`
    unless the BAST is signed and the order not invoiced yet."""
    order = access.readable_order(user, order_id)
    access.require_vendor(user, order)
    if order.status not in ACTION_SOURCES["invoice"]:
        raise DomainError(
            "invalid_transition", _("Only an order with a signed BAST can be invoiced.")
        )
    facts = invoice_facts(order)
    return InvoicePreview(order, facts, facts.taxes())
