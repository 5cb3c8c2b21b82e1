"""What happens to an order after the BAST (docs/design/paying.md): the
vendor's invoice with its tax lines, the payment (exactly one per order), the
virtual accounts a bank issues for it and every callback the bank sends.

The order's state (DITAGIH, DIBAYAR, SELESAI) stays on the order and moves only
through orders/transitions.py; these rows are the facts each move records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blangkon.orders.status import PaymentChannel


class Collector(models.TextChoices):
    """Who collects the taxes of an invoice (docs/domain/taxes.md, section 3)."""

    BENDAHARA = "bendahara", _("The OPD's bendahara")
    PIHAK_LAIN = "pihak_lain", _("The platform as Pihak Lain (PMK 58/2022)")
    NONE_KKPD = "none_kkpd", _("Nobody: paid by KKPD card")


class Invoice(models.Model):
    """The vendor's bill after the BAST. Its amounts come from the tax engine
    (blangkon/taxes/engine.py), the same function as the public preview, so
    the two can never differ. Written once; never edited."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="invoice")
    # "INV/2026/000123": the order's number with the invoice's prefix.
    number = models.CharField(_("invoice number"), max_length=30, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    # The day whose rules computed the taxes (the invoice's date).
    tax_date = models.DateField()
    collector = models.CharField(max_length=12, choices=Collector.choices)
    # All whole rupiah. `price` is the order's payable total, tax included.
    price = models.BigIntegerField(_("price including tax"))
    dpp = models.BigIntegerField(_("tax base (DPP)"))
    ppn = models.BigIntegerField(_("PPN inside the price"))
    withheld = models.BigIntegerField(_("withheld by the collector"))
    net_to_vendor = models.BigIntegerField(_("net to the vendor"))
    # The vendor's tax facts the engine used (a copy; the vendor may change).
    vendor_tax_profile = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=60)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="invoice_price_positive"),
            models.CheckConstraint(
                condition=models.Q(net_to_vendor__gte=0, net_to_vendor__lte=models.F("price")),
                name="invoice_net_within_price",
            ),
            models.CheckConstraint(
                condition=models.Q(net_to_vendor=models.F("price") - models.F("withheld")),
                name="invoice_net_is_price_less_withheld",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceTaxLine(models.Model):
    """One tax of an invoice, as the engine's TaxLine: type, rate, base,
    amount, who handles it and on which legal basis, under which rule version."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="tax_lines")
    # The order lines' tax class this line taxes (goods, service, catering, construction).
    tax_class = models.CharField(max_length=12)
    type = models.CharField(max_length=20)
    rate = models.DecimalField(max_digits=7, decimal_places=4)
    base = models.BigIntegerField()
    amount = models.BigIntegerField()
    # bendahara, pihak_lain, vendor (self-remitted, shown, never deducted) or opd.
    collector = models.CharField(max_length=12)
    # Deducted from what the vendor receives.
    withheld = models.BooleanField()
    legal_basis = models.CharField(max_length=200)
    rule_version = models.CharField(max_length=60)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(base__gte=0, amount__gte=0), name="tax_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.type} {self.amount}"


class Payment(models.Model):
    """The one payment of an order (the one-to-one key makes "paid exactly
    once" a constraint of the database, not a hope)."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="payment")
    channel = models.CharField(max_length=10, choices=PaymentChannel.choices)
    # What reached the vendor, whole rupiah: the invoice's net.
    amount = models.BigIntegerField(_("amount paid"))
    paid_on = models.DateField(_("payment date"))
    # Empty when the bank's callback recorded it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The card reference (KKPD), VA number, transfer reference or SP2D number.
    reference = models.CharField(_("reference"), max_length=60)
    sp2d_date = models.DateField(_("SP2D date"), null=True, blank=True)
    # The bendahara's proof of a transfer (private file store).
    proof = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Calendar days from the BAST to the payment, for the transparency dashboard.
    days_from_bast = models.PositiveIntegerField()
    # Paid after the policy deadline in force on the BAST day.
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.channel} {self.amount}"


class VirtualAccount(models.Model):
    """A number a bank issued for paying one order's invoice. A later one
    replaces an expired one; a callback pays the order only through a live one."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="virtual_accounts"
    )
    bank = models.CharField(max_length=20)
    number = models.CharField(max_length=24, unique=True)
    amount = models.BigIntegerField()
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="va_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class CallbackOutcome(models.TextChoices):
    PAID = "paid", _("Paid the order")
    ALREADY_PAID = "already_paid", _("The order was already paid")
    REPLAY = "replay", _("A message already received")
    BAD_SIGNATURE = "bad_signature", _("Wrong signature")
    UNKNOWN_VA = "unknown_va", _("Unknown virtual account")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount does not match")
    EXPIRED = "expired", _("Late: the virtual account had expired")
    MALFORMED = "malformed", _("Not a valid message")


class BankCallback(models.Model):
    """Every message a bank sent, accepted or not, kept as received."""

    received_at = models.DateTimeField(auto_now_add=True)
    bank = models.CharField(max_length=20, blank=True)
    # The bank's own id of the message: a second message with a seen id is a replay.
    message_id = models.CharField(max_length=64, blank=True)
    body = models.TextField()
    signature = models.CharField(max_length=128, blank=True)
    va_number = models.CharField(max_length=24, blank=True)
    amount = models.BigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=CallbackOutcome.choices)
    virtual_account = models.ForeignKey(
        VirtualAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # One accepted message per id and bank: the database refuses a replay.
            models.UniqueConstraint(
                fields=["bank", "message_id"],
                condition=models.Q(outcome="paid"),
                name="bank_message_paid_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.message_id}: {self.outcome}"


class ClockNoticeKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the payment deadline")
    OVERDUE = "overdue", _("The payment deadline has passed")


class PaymentClockNotice(models.Model):
    """A notice of the payment clock sent for an order (payments/clock_services.py):
    a reminder some working days before the deadline, or the mark that the
    deadline passed unpaid. One row per order, kind and step, so the job sends
    each at most once however often it runs. An OVERDUE row is also the stored
    fact "this order went unpaid past its deadline" for counting late orders."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payment_notices"
    )
    kind = models.CharField(max_length=10, choices=ClockNoticeKind.choices)
    # Working days before the deadline (0: its day); 0 for OVERDUE.
    working_days_before = models.PositiveSmallIntegerField(default=0)
    # The deadline the notice was about (it never moves: the BAST day's rules).
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # How many users were told (the OPD's bendahara at the time).
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind", "working_days_before"], name="payment_notice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.kind} {self.working_days_before}"
