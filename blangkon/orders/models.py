"""The cart (what a buyer of an OPD gathers before ordering) and the orders
made from it: one vendor, one OPD, a snapshot of the lines, its history, its
flags and the BAST signatures (docs/design/orders.md)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from blangkon.lifecycles.models import StatusChange
from blangkon.orders.status import (
    BastParty,
    FlagKind,
    FundingSource,
    OrderStatus,
    PaymentChannel,
)


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


KODE_RUP_PATTERN = r"^[0-9]{8,20}$"


class OrderNumberCounter(models.Model):
    """The last number given in a year. Locked and incremented in the
    submitting transaction, so a rolled-back submission gives its number back
    and the numbers of a year have no gap."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Order(models.Model):
    # "BLK/2026/000123"; empty until submitted.
    number = models.CharField(_("order number"), max_length=20, blank=True)
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="orders")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An official of the OPD the PPK appointed to receive and inspect the
    # delivery (Pejabat/Panitia Penerima Hasil Pekerjaan); the BAST is still
    # the PPK's to sign.
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Moved only by orders/transitions.py.
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT, db_index=True
    )
    kode_rup = models.CharField(
        _("RUP code"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(KODE_RUP_PATTERN, _("Enter 8 to 20 digits."))],
    )
    budget_line = models.CharField(_("budget line (kode rekening)"), max_length=60)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    delivery_address = models.ForeignKey(
        "accounts.DeliveryAddress", on_delete=models.PROTECT, related_name="+"
    )
    requested_arrival = models.DateField(_("requested arrival"))
    note = models.TextField(_("note"), blank=True)
    decline_reason = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    dispute_reason = models.TextField(blank=True)
    # The inspection's note when goods are sent back (a nonconformity).
    receipt_note = models.TextField(blank=True)
    # Whole rupiah, tax included: the sum of the lines' snapshots, as ordered.
    total = models.BigIntegerField(_("total"))
    # What the inspection accepted, in whole rupiah: the sum of accepted
    # quantity × unit price per line. Set at the receipt (equal to `total`
    # when everything was accepted), empty before it and after a send-back.
    # The BAST and the invoice use it (`payable_total`).
    accepted_total = models.BigIntegerField(_("accepted value"), null=True, blank=True)
    # Whether the delivery arrived by the requested date, as the inspector found.
    received_on_time = models.BooleanField(null=True, blank=True)
    # Ongkos kirim agreed in a negotiation (whole rupiah, included in `total`).
    delivery_cost = models.BigIntegerField(_("delivery cost"), default=0)
    # The version of the rules that judged the order when the PPK signed.
    rules_version = models.ForeignKey(
        "procurement.ProcurementRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The vendor's tax facts when the PPK signed (PKP, NPWP, PP 55), for the invoice.
    vendor_tax_profile = models.JSONField(default=dict, blank=True)
    split_justification = models.TextField(blank=True)
    # Whether the lines' stock is taken (from the signature until it is given back).
    stock_held = models.BooleanField(default=False)
    courier = models.CharField(_("courier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    own_delivery = models.BooleanField(_("delivered by the vendor"), default=False)
    payment_channel = models.CharField(
        _("payment channel"),
        max_length=10,
        choices=PaymentChannel.choices,
        default=PaymentChannel.VA,
    )

    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    bast_signed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    timed_out_at = models.DateTimeField(null=True, blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    invoiced_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="order_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kode_rup="") | models.Q(kode_rup__regex=KODE_RUP_PATTERN),
                name="order_kode_rup_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(funding_source__in=FundingSource.values),
                name="order_funding_source_known",
            ),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="order_total_positive"),
            models.CheckConstraint(
                condition=models.Q(accepted_total__isnull=True)
                | models.Q(accepted_total__gt=0, accepted_total__lte=models.F("total")),
                name="order_accepted_total_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_cost__gte=0), name="order_delivery_cost_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["opd", "vendor", "approved_at"])]

    def __str__(self) -> str:
        return self.number or f"draft {self.pk}"

    @property
    def payable_total(self) -> int:
        """The value the BAST and the invoice use: what the inspection
        accepted, or the total as ordered before the receipt."""
        return self.total if self.accepted_total is None else self.accepted_total

    @property
    def partially_accepted(self) -> bool:
        return self.accepted_total is not None and self.accepted_total < self.total


class OrderLine(models.Model):
    """A snapshot: later catalog edits never change an order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    # Kept for links only; everything shown comes from the copied fields.
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    sku = models.CharField(max_length=60)
    unit = models.CharField(max_length=40)
    category = models.ForeignKey("catalog.Category", on_delete=models.PROTECT, related_name="+")
    tax_class = models.CharField(max_length=12)
    # A domestic product (PDN) when ordered, as the product said then: the
    # public PDN share must not move when a vendor edits the product later.
    # (A database default too, for bulk loads that name their columns.)
    is_pdn = models.BooleanField(default=False, db_default=False)
    unit_price = models.BigIntegerField()
    quantity = models.PositiveIntegerField()
    line_total = models.BigIntegerField()
    # Units taken from the product's stock at the signature (0: made to order).
    stock_taken = models.PositiveIntegerField(default=0)
    received_quantity = models.PositiveIntegerField(null=True, blank=True)
    condition_ok = models.BooleanField(null=True, blank=True)
    # Accepted at the inspection (≤ received ≤ ordered); below the quantity
    # ordered when the order was accepted partially.
    accepted_quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gt=0), name="order_line_price_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(line_total=models.F("unit_price") * models.F("quantity")),
                name="order_line_total_is_price_times_quantity",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_quantity__isnull=True)
                | models.Q(accepted_quantity__lte=models.F("received_quantity")),
                name="order_line_accepted_within_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"

    @property
    def accepted_total(self) -> int | None:
        """Accepted quantity × unit price, in whole rupiah (None before the receipt)."""
        if self.accepted_quantity is None:
            return None
        return self.accepted_quantity * self.unit_price


class OrderStatusChange(StatusChange):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)

    class Meta(StatusChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class OrderFlag(models.Model):
    """A mark for auditors, not a block (a justified splitting, a total near
    the ceiling, the same order again within days)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=24, choices=FlagKind.choices)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="one_flag_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.kind}"


class BastSignature(models.Model):
    """The PPK's and the vendor's signatures of the BAST, each once; the BAST
    is signed when both exist."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="bast_signatures")
    party = models.CharField(max_length=10, choices=BastParty.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    # {"role", "organisation"} of the signer when signing (audit.acted_as):
    # the BAST page names them in that role even after it changes. Empty for
    # signatures made before it was kept (shown as the signer is now).
    acted_as = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "party"], name="one_bast_signature_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.party}"


class IdempotencyKey(models.Model):
    """The first answer to a state-changing request sent with an
    `Idempotency-Key`: a repeat of the key by the same user gets it again and
    changes nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    action = models.CharField(max_length=40)
    status = models.PositiveSmallIntegerField(default=200)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


# Negotiation of a draft order lives in its own module; imported here so the
# app registers its models.
from blangkon.orders.negotiation_models import (  # noqa: E402, F401
    Negotiation,
    NegotiationOffer,
    NegotiationOfferLine,
)
