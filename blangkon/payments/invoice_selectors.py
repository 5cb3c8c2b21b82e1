"""Reading an order's invoice: whoever may read the order may read its
invoice (orders/order_access.py); to anyone else it does not exist."""

from blangkon.accounts.models import User
from blangkon.core.errors import NotFound
from blangkon.orders import order_access as access
from blangkon.payments.models import Invoice


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
