"""The province admin's forms: a new version of the rules, a non-working day."""

import dataclasses
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.core.errors import DomainError
from blangkon.core.fields import RupiahField, date_input, today
from blangkon.core.money import format_number
from blangkon.procurement.models import HolidayKind
from blangkon.procurement.selectors import ProcurementRules
from blangkon.procurement.services import RuleInput

NUMBERS = [field.name for field in dataclasses.fields(RuleInput)]


def _days(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=365, help_text=help_text)


class RuleForm(forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=date_input(earliest=today),
        help_text=_("Today or later. Orders are judged by the rules of the day they are signed."),
    )
    ceiling_rupiah = RupiahField(
        label=_("Per-transaction ceiling (tax included)"),
        help_text=_("The toko daring channel: Rp50.000.000 since 2020."),
    )
    splitting_window_days = _days(_("Splitting window (days)"))
    near_ceiling_low_percent = forms.IntegerField(
        label=_("Near-ceiling band from (%)"), min_value=0, max_value=99
    )
    near_ceiling_high_percent = forms.IntegerField(
        label=_("Near-ceiling band to (%)"), min_value=1, max_value=100
    )
    repeat_window_days = _days(_("Window for repeated near-identical orders (days)"))
    vendor_response_working_days = _days(_("Vendor must answer an order within (working days)"))
    ppk_signature_working_days = _days(_("PPK must sign within (working days)"))
    negotiation_expiry_working_days = _days(_("An open negotiation expires after (working days)"))
    payment_due_working_days = _days(
        _("The OPD pays within (working days of the BAST)"),
        _("After it the order is marked late on the bendahara's books."),
    )
    payment_reminder_working_days = forms.CharField(
        label=_("Remind the bendahara (working days before the payment deadline)"),
        max_length=40,
        help_text=_("Numbers separated by commas; 0 is the deadline's day. For example: 3, 1, 0."),
    )
    note = forms.CharField(
        label=_("Legal basis and note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    @classmethod
    def starting_from(cls, current: ProcurementRules | None) -> "RuleForm":
        """An empty form filled with the numbers in force, to change a few."""
        if current is None:
            return cls()
        initial = {name: getattr(current, name) for name in NUMBERS}
        initial["ceiling_rupiah"] = format_number(current.ceiling_rupiah)
        initial["payment_reminder_working_days"] = ", ".join(
            str(day) for day in current.payment_reminder_working_days
        )
        return cls(initial=initial)

    def clean_payment_reminder_working_days(self) -> tuple[int, ...]:
        text = self.cleaned_data["payment_reminder_working_days"]
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(
                _("Write whole numbers of working days separated by commas, such as 3, 1, 0.")
            )
        return tuple(int(part) for part in parts)

    def numbers(self) -> RuleInput:
        data = self.cleaned_data
        return RuleInput(**{name: data[name] for name in NUMBERS})

    def refuse(self, error: DomainError) -> None:
        show_refusal(self, error)


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input())
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: Cuti Bersama Idul Fitri (SKB 3 Menteri)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (HolidayKind.CUTI_BERSAMA, HolidayKind.CUTI_BERSAMA.label),
            (HolidayKind.LOCAL, HolidayKind.LOCAL.label),
            (HolidayKind.NATIONAL, HolidayKind.NATIONAL.label),
        ],
    )

    def refuse(self, error: DomainError) -> None:
        show_refusal(self, error)


def show_refusal(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the fields it names."""
    for name, message in error.fields.items():
        form.add_error(name if name in form.fields else None, message)
    if not error.fields:
        form.add_error(None, error.message)
