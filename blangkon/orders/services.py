"""Writes to a buyer's cart.

Cart edits are not audited. A cart is a private draft that binds nobody: no
money is committed, no vendor is told, and the quantities change many times
before anything is ordered. The audit log records acts with legal weight;
the first of ordering is the checkout (order_services.checkout, "order.draft"),
whose order keeps the lines as they were ordered.

Every write locks the buyer's cart row, so parallel adds of one product (two
tabs, a double tap) are serialised and end as one line with the summed
quantity. The product is read without a lock: a cart reserves no stock.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.money import format_number
from blangkon.orders.access import buyer_check, product_is_available
from blangkon.orders.models import Cart, CartLine

# Far above any real order; keeps the column's range and typos out.
MAX_QUANTITY = 1_000_000

Quantity = int | Decimal | str


def _locked_cart(user: User) -> Cart:
    """The buyer's cart, created on first use, locked until the transaction ends.

    The insert ignores a conflict, so two first adds at once do not fail on
    the one-cart-per-buyer constraint."""
    opd_id = user.organisation_id
    assert opd_id is not None  # a buyer belongs to an OPD (access.can_buy)
    Cart.objects.bulk_create([Cart(buyer=user, opd_id=opd_id)], ignore_conflicts=True)
    cart = Cart.objects.select_for_update().get(buyer=user)
    if cart.opd_id != opd_id:
        # The buyer moved to another OPD: the old OPD's lines do not follow.
        cart.lines.all().delete()
        cart.opd_id = opd_id
        cart.save(update_fields=["opd", "updated_at"])
    return cart


def _whole_quantity(quantity: Quantity) -> int:
    """The quantity as a whole number of units, or a refusal.

    Every unit of the catalog is a whole unit (a unit has no "divisible" flag),
    so a fraction is refused."""
    try:
        value = Decimal(str(quantity).strip())
    except InvalidOperation:
        raise DomainError(
            "invalid_quantity",
            _("Enter the quantity as a number."),
            {"quantity": _("Enter the quantity as a number.")},
        ) from None
    if not value.is_finite() or value <= 0:
        message = _("Enter a quantity greater than zero.")
        raise DomainError("invalid_quantity", message, {"quantity": message})
    if value != value.to_integral_value():
        message = _("This product is sold in whole units: enter a whole number.")
        raise DomainError("fractional_quantity", message, {"quantity": message})
    if value > MAX_QUANTITY:
        message = _("Enter a quantity of at most %(max)s.") % {"max": format_number(MAX_QUANTITY)}
        raise DomainError("invalid_quantity", message, {"quantity": message})
    return int(value)


def _unavailable() -> DomainError:
    message = _(
        "This product cannot be bought now: it is not shown in the catalog"
        " or its vendor is not active."
    )
    return DomainError("product_unavailable", message, {"product_id": message})


def _available_product(product_id: int) -> Product:
    product = Product.objects.select_related("vendor", "unit").filter(pk=product_id).first()
    if product is None or not product_is_available(product):
        raise _unavailable()
    return product


def _quantity_check(product: Product, quantity: int) -> None:
    """The product's own limits on the quantity a cart line holds."""
    unit = product.unit.name
    if quantity < product.min_order_quantity:
        message = _("The minimum order for this product is %(minimum)s %(unit)s.") % {
            "minimum": product.min_order_quantity,
            "unit": unit,
        }
        raise DomainError("below_minimum_order", message, {"quantity": message})
    if not product.made_to_order and product.stock is not None and quantity > product.stock:
        message = _("Only %(stock)s %(unit)s in stock.") % {"stock": product.stock, "unit": unit}
        raise DomainError("insufficient_stock", message, {"quantity": message})


def cart_add(*, user: User, product_id: int, quantity: Quantity) -> CartLine:
    """Put a product in the buyer's cart at its current price.

    Rules: buyers only (others: NotFound); the product must be live and its
    vendor active; the quantity is a whole number above zero. Adding a product
    already in the cart adds to its quantity, and the sum must respect the
    minimum order and the stock (unless made to order). The price seen is the
    price at this add (a later add of the same product refreshes it)."""
    buyer_check(user)
    amount = _whole_quantity(quantity)
    with transaction.atomic():
        cart = _locked_cart(user)
        product = _available_product(product_id)
        line = CartLine.objects.filter(cart=cart, product=product).first()
        total = amount + (line.quantity if line else 0)
        _quantity_check(product, total)
        if line is None:
            return CartLine.objects.create(
                cart=cart, product=product, quantity=total, unit_price_seen=product.price
            )
        line.quantity = total
        line.unit_price_seen = product.price
        line.save(update_fields=["quantity", "unit_price_seen"])
        return line


def _locked_line(cart: Cart, line_id: int) -> CartLine:
    line = (
        CartLine.objects.select_for_update()
        .select_related("product__vendor", "product__unit")
        .filter(cart=cart, pk=line_id)
        .first()
    )
    if line is None:
        raise NotFound()
    return line


def cart_update(*, user: User, line_id: int, quantity: Quantity) -> CartLine:
    """Set the quantity of one of the buyer's lines.

    Rules: the line must be the buyer's own (another's: NotFound); the same
    quantity rules as adding. The price seen stays: the cart goes on showing
    a change of price until the buyer adds the product again."""
    buyer_check(user)
    amount = _whole_quantity(quantity)
    with transaction.atomic():
        line = _locked_line(_locked_cart(user), line_id)
        if not product_is_available(line.product):
            raise _unavailable()
        _quantity_check(line.product, amount)
        line.quantity = amount
        line.save(update_fields=["quantity"])
        return line


def cart_remove(*, user: User, line_id: int) -> None:
    """Take one line out of the buyer's cart (another's: NotFound)."""
    buyer_check(user)
    with transaction.atomic():
        _locked_line(_locked_cart(user), line_id).delete()


def cart_clear_vendor(*, user: User, vendor_id: int) -> int:
    """Take every line of one vendor out of the buyer's cart; returns how many.

    A vendor with no line in the cart is not an error: nothing is removed."""
    buyer_check(user)
    with transaction.atomic():
        cart = _locked_cart(user)
        removed, _by_model = CartLine.objects.filter(
            cart=cart, product__vendor_id=vendor_id
        ).delete()
        return removed
