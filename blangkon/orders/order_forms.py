"""The forms of the order pages: the checkout and one per move.

They check the shape of what was sent (a date is a date, a quantity a whole
number); the rules are the services'. Every form carries a fresh
`idempotency_key`, so a form sent twice (a double click, back and resend) is
acted on once (orders/idempotency.py).
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.forms import apply_domain_error
from blangkon.accounts.models import DeliveryAddress
from blangkon.core.errors import DomainError
from blangkon.core.fields import date_input, tomorrow
from blangkon.orders.models import OrderLine
from blangkon.orders.status import FundingSource, PaymentChannel
from blangkon.orders.status import OrderStatus as S


def fresh_key() -> str:
    return str(uuid.uuid4())


def show_refusal(form: forms.Form, refusal: DomainError) -> None:
    """The service's refusal on the form: its sentence at the top, each named
    field's message beside the field, and messages about anything else (a
    cart line, earlier orders) in the summary too."""
    apply_domain_error(form, refusal)
    for name, message in refusal.fields.items():
        if name not in form.fields:
            form.add_error(None, message)


def _text(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    """A paragraph of free text (a reason, a note)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderForm(forms.Form):
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=100, initial=fresh_key
    )

    def __init__(self, *args: Any, lines: Iterable[OrderLine] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class CheckoutForm(OrderForm):
    delivery_address_id = forms.TypedChoiceField(label=_("Delivery address"), coerce=int)
    kode_rup = forms.CharField(
        label=_("RUP code (Kode RUP)"),
        required=False,
        max_length=20,
        help_text=_("Optional: 8 to 20 digits, from the SiRUP plan."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    budget_line = forms.CharField(
        label=_("Budget line (kode rekening)"),
        max_length=60,
        help_text=_("For example 5.1.02.01.01.0024."),
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    requested_arrival = forms.DateField(
        label=_("Requested arrival"),
        help_text=_("A date after today."),
        widget=date_input(earliest=tomorrow),
    )
    note = _text(_("Note for the vendor"), required=False)
    payment_channel = forms.ChoiceField(
        label=_("How the bendahara will pay"),
        choices=PaymentChannel.choices,
        initial=PaymentChannel.VA,
        required=False,
        help_text=_("The bendahara may change it until the vendor invoices."),
    )
    accepted_prices = forms.BooleanField(label=_("I accept the new prices"), required=False)

    def __init__(self, *args: Any, opd_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        addresses = DeliveryAddress.objects.filter(opd_id=opd_id, is_active=True)
        field = self.fields["delivery_address_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(address.pk, str(address)) for address in addresses]
        if len(field.choices) == 1:
            field.initial = field.choices[0][0]

    def clean_payment_channel(self) -> str:
        return self.cleaned_data["payment_channel"] or PaymentChannel.VA


class ApproveForm(OrderForm):
    split_justification = _text(
        _("Why these are separate purchases"),
        required=False,
        help_text=_("Required to sign: it is kept on the order and flagged for the auditors."),
    )


class ReasonForm(OrderForm):
    reason = _text(_("Reason"))


class NoteForm(OrderForm):
    note = _text(_("What is wrong"))


class ShipForm(OrderForm):
    courier = forms.CharField(label=_("Courier"), required=False, max_length=60)
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=60)
    own_delivery = forms.BooleanField(
        label=_("We deliver it ourselves (no courier)"), required=False
    )


class ReceiveForm(OrderForm):
    """One quantity per line (all of it by default), the condition, whether
    it came on time, a note."""

    # Chosen explicitly (nothing chosen beforehand): a press of the button
    # never records an acceptance nobody decided.
    condition_ok = forms.TypedChoiceField(
        label=_("Condition"),
        choices=[
            ("yes", _("Everything received is in good condition")),
            ("no", _("Some goods are damaged or not as ordered")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the condition of the goods received.")},
    )
    on_time = forms.TypedChoiceField(
        label=_("On time"),
        choices=[("yes", _("Arrived by the requested date")), ("no", _("Arrived late"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the goods arrived on time.")},
    )
    note = _text(
        _("Note"),
        required=False,
        help_text=_("Required when something is missing or damaged: say what."),
    )

    def __init__(self, *args: Any, lines: Iterable[OrderLine] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=_("Received of %(name)s (ordered %(quantity)s %(unit)s)")
                % {"name": line.name, "quantity": line.quantity, "unit": line.unit},
                min_value=0,
                max_value=line.quantity,
                initial=line.quantity,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        # The line fields first, the condition and the note after them.
        self.order_fields([name for name in self.fields if name.startswith("line_")])


class PaymentChannelForm(OrderForm):
    payment_channel = forms.ChoiceField(
        label=_("Payment channel"),
        choices=PaymentChannel.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "It decides who collects the taxes: paid by KKPD card, the vendor remits its PPN "
            "itself and no PPh 22 is withheld on goods."
        ),
    )


class ResolveForm(ReasonForm):
    to = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (S.DIKIRIM, _("Back to shipped: the buyer inspects it again")),
            (S.DITERIMA, _("Received: the BAST can be signed")),
            (S.DIBATALKAN, _("Cancelled: the stock goes back to the vendor")),
        ],
    )
