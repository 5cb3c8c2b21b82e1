"""The order page's list of PDF documents. The order page cannot import
paperwork (orders sits below it), so its template asks through this tag."""

from django import template

from blangkon.orders.models import Order
from blangkon.paperwork.selectors import DocumentLink, order_documents

register = template.Library()


@register.simple_tag
def issued_documents(order: Order) -> list[DocumentLink]:
    """The documents `order` has now. The page has already checked that its
    reader may read the order, and the PDF view checks again."""
    return order_documents(order)
