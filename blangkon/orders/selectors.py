"""Reads of the cart: grouped by vendor, priced on the server."""

from dataclasses import dataclass, field

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.orders.access import buyer_check, can_buy, product_is_available
from blangkon.orders.models import CartLine


@dataclass(frozen=True)
class CartLineView:
    line: CartLine
    product: Product
    quantity: int
    price_seen: int  # per unit, when the buyer added it
    price: int  # per unit, now
    available: bool  # live and its vendor active

    @property
    def price_changed(self) -> bool:
        return self.price != self.price_seen

    @property
    def total(self) -> int:
        """The line at today's price; 0 while the product cannot be bought."""
        return self.price * self.quantity if self.available else 0


@dataclass
class VendorGroup:
    vendor_id: int
    name: str
    kab_kota: str
    lines: list[CartLineView] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        """Available lines at today's price, in whole rupiah."""
        return sum(line.total for line in self.lines)

    @property
    def has_unavailable(self) -> bool:
        return any(not line.available for line in self.lines)


@dataclass(frozen=True)
class CartView:
    groups: list[VendorGroup]

    @property
    def line_count(self) -> int:
        return sum(len(group.lines) for group in self.groups)

    @property
    def total(self) -> int:
        return sum(group.subtotal for group in self.groups)


def _lines(user: User) -> list[CartLine]:
    return list(
        CartLine.objects.filter(cart__buyer=user, cart__opd_id=user.organisation_id)
        .select_related("product__unit", "product__vendor__organisation__region")
        .order_by("product__vendor__organisation__name", "product__vendor_id", "added_at", "id")
    )


def cart_for(user: User) -> CartView:
    """The buyer's cart, its lines grouped by vendor (vendors by name, lines
    in the order they were added), each with the price seen when added and
    today's price. Totals are computed here from today's prices, never from
    anything a client sends. Not a buyer: NotFound."""
    buyer_check(user)
    groups: dict[int, VendorGroup] = {}
    for line in _lines(user):
        product = line.product
        vendor = product.vendor
        group = groups.get(vendor.pk)
        if group is None:
            organisation = vendor.organisation
            group = groups[vendor.pk] = VendorGroup(
                vendor.pk, organisation.name, organisation.region.name
            )
        group.lines.append(
            CartLineView(
                line=line,
                product=product,
                quantity=line.quantity,
                price_seen=line.unit_price_seen,
                price=product.price,
                available=product_is_available(product),
            )
        )
    return CartView(list(groups.values()))


def cart_line_count(user: User) -> int | None:
    """How many lines the buyer's cart holds, for the header; None for a
    user who does not buy."""
    if not can_buy(user):
        return None
    return CartLine.objects.filter(cart__buyer=user, cart__opd_id=user.organisation_id).count()
