from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from blangkon.accounts.models import User
from blangkon.orders.access import can_buy
from blangkon.orders.order_lists import sees_orders
from blangkon.orders.selectors import cart_line_count


def cart(request: HttpRequest) -> dict[str, Any]:
    """`can_buy` (the header's cart link and the add-to-cart controls) and
    `cart_line_count` (the number of lines in the buyer's cart). Both lazy:
    a page that never shows them asks nothing."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"can_buy": False, "cart_line_count": 0}
    return {
        "can_buy": SimpleLazyObject(lambda: can_buy(user)),
        "cart_line_count": SimpleLazyObject(lambda: cart_line_count(user) or 0),
    }


def order_nav(request: HttpRequest) -> dict[str, Any]:
    """`sees_orders`: whether the header links to the order list (lazy)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"sees_orders": False}
    return {"sees_orders": SimpleLazyObject(lambda: sees_orders(user))}
