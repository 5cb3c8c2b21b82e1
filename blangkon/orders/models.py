"""The cart: what a buyer of an OPD gathers before ordering.

Orders, Surat Pesanan and receipts will live in this app too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cart(models.Model):
    """One per buyer account. The OPD is kept so a cart never outlives a move
    of its owner to another OPD unnoticed (the selector only shows the cart
    of the buyer's current OPD)."""

    buyer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"cart of {self.buyer_id}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    # Whole units: units of the catalog are not divisible (no unit says otherwise).
    quantity = models.PositiveIntegerField(_("quantity"))
    # The price per unit (tax included, whole rupiah) the buyer saw when adding:
    # the cart tells them when the live price differs.
    unit_price_seen = models.BigIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="one_line_per_product"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(unit_price_seen__gt=0), name="price_seen_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"
