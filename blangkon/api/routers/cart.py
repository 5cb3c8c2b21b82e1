"""The buyer's cart: the same services and selector as the cart page. Only a
buying official of an OPD has a cart; to anyone else it is not found (404)."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.idempotency import IdempotencyKey, answered_once
from blangkon.api.inputs import InputSchema
from blangkon.orders import selectors, services
from blangkon.orders.selectors import CartLineView, CartView

router = Router(tags=["cart"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class CartLineIn(InputSchema):
    """A whole number of the product's units (a JSON number: 12)."""

    product_id: int
    quantity: Decimal = Field(description="Whole units, above zero, e.g. 12.")


class QuantityIn(InputSchema):
    quantity: Decimal = Field(description="Whole units, above zero, e.g. 12.")


class CartLineOut(Schema):
    id: int
    product_id: int
    product_name: str
    unit: str
    quantity: int
    price_seen: int = Field(description="Per unit, tax included, when the line was added.")
    price: int = Field(description="Per unit, tax included, today.")
    price_changed: bool
    available: bool = Field(description="Live and its vendor active: it can be bought.")
    total: int = Field(description="Today's price times the quantity; 0 when unavailable.")
    added_at: datetime.datetime

    @staticmethod
    def of(view: CartLineView) -> "CartLineOut":
        return CartLineOut(
            id=view.line.pk,
            product_id=view.product.pk,
            product_name=view.product.name,
            unit=view.product.unit.name,
            quantity=view.quantity,
            price_seen=view.price_seen,
            price=view.price,
            price_changed=view.price_changed,
            available=view.available,
            total=view.total,
            added_at=view.line.added_at,
        )


class CartVendorOut(Schema):
    vendor_id: int
    vendor_name: str
    kab_kota: str
    subtotal: int
    lines: list[CartLineOut]


class CartOut(Schema):
    vendors: list[CartVendorOut]
    total: int

    @staticmethod
    def of(cart: CartView) -> "CartOut":
        return CartOut(
            vendors=[
                CartVendorOut(
                    vendor_id=group.vendor_id,
                    vendor_name=group.name,
                    kab_kota=group.kab_kota,
                    subtotal=group.subtotal,
                    lines=[CartLineOut.of(line) for line in group.lines],
                )
                for group in cart.groups
            ],
            total=cart.total,
        )


@router.get("/cart", response={200: CartOut, **errors(404)}, summary="The caller's cart")
def cart_get(request: HttpRequest) -> CartOut:
    """Lines grouped by vendor, with the price seen when added and today's
    price; subtotals and the total at today's prices, in whole rupiah."""
    return CartOut.of(selectors.cart_for(_user(request)))


@router.post(
    "/cart/lines", response={201: CartOut, **errors(404)}, summary="Add a product to the cart"
)
def cart_line_add(
    request: HttpRequest, payload: CartLineIn, idempotency_key: IdempotencyKey = ""
) -> Status[CartOut]:
    """Adds to the quantity when the product is already in the cart (sent
    again with the same Idempotency-Key, it adds nothing more). Refusals:
    product_unavailable, invalid_quantity, fractional_quantity,
    below_minimum_order, insufficient_stock (400)."""

    def add(user: User) -> CartOut:
        services.cart_add(user=user, product_id=payload.product_id, quantity=payload.quantity)
        return CartOut.of(selectors.cart_for(user))

    return answered_once(
        request, key=idempotency_key, action="cart-add", run=add, out=CartOut, status=201
    )


@router.patch("/cart/lines/{line_id}", response=CartOut, summary="Change a line's quantity")
def cart_line_update(request: HttpRequest, line_id: int, payload: QuantityIn) -> CartOut:
    user = _user(request)
    services.cart_update(user=user, line_id=line_id, quantity=payload.quantity)
    return CartOut.of(selectors.cart_for(user))


@router.delete("/cart/lines/{line_id}", response={204: None}, summary="Remove a line")
def cart_line_remove(request: HttpRequest, line_id: int) -> Status[None]:
    services.cart_remove(user=_user(request), line_id=line_id)
    return Status(204, None)
