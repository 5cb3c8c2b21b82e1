"""`{% order_payment order %}`: the payment part of an order's page (its
invoice's net, the payment recorded with its proof, and the step the reader
may take now). The order page lives in orders, below payments, so it names
this tag in its template and imports nothing of payments."""

from typing import Any

from django import template

from blangkon.accounts.models import User
from blangkon.orders.models import Order
from blangkon.payments.payment_forms import FORMS, CompleteForm
from blangkon.payments.payment_selectors import payment_panel

register = template.Library()


@register.inclusion_tag("payments/_order_payment.html", takes_context=True)
def order_payment(context: dict[str, Any], order: Order) -> dict[str, Any]:
    user = context["request"].user
    assert isinstance(user, User)
    panel = payment_panel(user, order)
    return {
        "panel": panel,
        "order": order,
        "pay_link": panel.may_pay and order.payment_channel in FORMS,
        "complete_form": CompleteForm(auto_id="complete-%s") if panel.may_complete else None,
        "csrf_token": context.get("csrf_token"),
    }
