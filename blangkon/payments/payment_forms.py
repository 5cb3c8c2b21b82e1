"""The payment forms: one per channel the bendahara records, and the vendor's
confirmation that the money arrived.

They check the shape of what was sent (a date is a date); the rules are the
services'. The amount is never a field: the server pays the invoice's net.
Every form carries a fresh `idempotency_key` (orders/idempotency.py)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blangkon.core.fields import date_input, today
from blangkon.orders.order_forms import OrderForm
from blangkon.orders.status import PaymentChannel
from blangkon.payments.payment_services import REFERENCE_MAX_LENGTH


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        initial=timezone.localdate,
        widget=date_input(latest=today),
    )


def _reference(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=REFERENCE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class PaymentForm(OrderForm):
    paid_on = _date(_("Payment date"), _("The day the money left: from the BAST to today."))


class TransferForm(PaymentForm):
    reference = _reference(_("Transfer reference"), _("As printed on the bank's receipt."))
    proof = forms.FileField(
        label=_("Proof of the transfer"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB. A clear phone photo is fine."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class KkpdForm(PaymentForm):
    reference = _reference(
        _("Card transaction reference"), _("The approval code on the KKPD receipt.")
    )


class LsForm(PaymentForm):
    sp2d_number = _reference(_("SP2D number"))
    sp2d_date = _date(_("SP2D date"), _("On or before the payment date."))

    field_order = ["sp2d_number", "sp2d_date", "paid_on"]


FORMS: dict[str, type[PaymentForm]] = {
    PaymentChannel.TRANSFER: TransferForm,
    PaymentChannel.KKPD: KkpdForm,
    PaymentChannel.LS_SP2D: LsForm,
}


class CompleteForm(OrderForm):
    """The vendor's "the money arrived": nothing but its key."""
