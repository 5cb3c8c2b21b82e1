"""Negotiation of a draft order (docs/design/orders.md, "Negotiation").

The buyer opens it with a first offer; the two sides then take turns: the
side whose turn it is counters, accepts the other's last offer, or (the buyer
only) withdraws. Each offer is kept, so the history is the offers themselves:
a negotiation has no separate status-history table (and no state machine of
its own, ADR 0014's helper being for objects with a history to keep apart).

An offer's per-line proposals are child rows rather than a JSON column: the
database then checks every price and quantity (positive, whole rupiah) and
that each line belongs to an order line, and the history can be joined and
summed like the order's lines.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from blangkon.accounts.models import User


class NegotiationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("negotiation status", "Open")
    AGREED = "agreed", _("Agreed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the buyer")
    EXPIRED = "expired", _("Expired without an answer")


class OfferSide(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    VENDOR = "vendor", _("Vendor")


class Negotiation(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="negotiations")
    status = models.CharField(
        max_length=12, choices=NegotiationStatus.choices, default=NegotiationStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    # The end of the last working day the side whose turn it is may answer
    # (moved on by each offer); past it, the job expires the negotiation.
    expires_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="open"),
                name="one_open_negotiation_per_order",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NegotiationStatus.values),
                name="negotiation_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_at__isnull=False)),
                name="negotiation_closed_at_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"negotiation {self.pk} of order {self.order_id}: {self.status}"

    def close(self, status: str, actor: "User | None") -> None:
        """Ends an open negotiation (agreed, withdrawn, expired); the caller
        holds its lock and writes the audit row."""
        self.status, self.closed_at, self.closed_by = status, timezone.now(), actor
        self.save(update_fields=["status", "closed_at", "closed_by"])


class NegotiationOffer(models.Model):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="offers")
    side = models.CharField(max_length=8, choices=OfferSide.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    note = models.TextField(blank=True)
    # Ongkos kirim, whole rupiah; part of the order's total once agreed.
    delivery_cost = models.BigIntegerField(default=0)
    # The lines' sum plus the delivery cost, computed on the server.
    total = models.BigIntegerField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(side__in=OfferSide.values), name="offer_side_known"
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_cost__gte=0), name="offer_delivery_cost_not_negative"
            ),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="offer_total_positive"),
        ]

    def __str__(self) -> str:
        return f"offer {self.pk} ({self.side}) of negotiation {self.negotiation_id}"


class NegotiationOfferLine(models.Model):
    offer = models.ForeignKey(NegotiationOffer, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="+")
    unit_price = models.BigIntegerField()
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["order_line_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "order_line"], name="one_offer_line_per_order_line"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gt=0), name="offer_line_price_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="offer_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.unit_price} (line {self.order_line_id})"
