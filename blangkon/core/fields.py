"""Form fields shared by the apps' forms."""

from typing import Any

from django import forms

from blangkon.core.money import RupiahParseError, parse_rupiah


class RupiahField(forms.Field):
    """An amount typed by a person, in whole rupiah: read by the same parser as
    a bulk upload's price cell (`core.money.parse_rupiah`), so "Rp 45.000"
    means the same on every form and in the spreadsheet."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if not str(value or "").strip():
            return None
        try:
            return parse_rupiah(value)
        except RupiahParseError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


def date_input() -> forms.DateInput:
    """The browser's date picker. It reads and sends ISO dates (2021-06-07)
    whatever the page's language, so the value is rendered in ISO too: in the
    Indonesian format ("07-06-2021") the picker shows nothing, and a form saved
    unchanged would send the date as empty."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
