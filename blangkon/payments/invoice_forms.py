"""The form that issues an order's invoice: nothing to type, the preview above
it is what is issued; its idempotency key makes a double click issue once."""

from blangkon.orders.order_forms import OrderForm


class InvoiceIssueForm(OrderForm):
    pass
