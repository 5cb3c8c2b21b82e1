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
