"""Form fields shared by the apps' forms."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone

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


DayBound = Callable[[], datetime.date]


def today() -> datetime.date:
    return timezone.localdate()


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


class DateInput(forms.DateInput):
    """The browser's date picker. It reads and sends ISO dates (2021-06-07)
    whatever the page's language, so the value is rendered in ISO too: in the
    Indonesian format ("07-06-2021") the picker shows nothing, and a form saved
    unchanged would send the date as empty.

    `earliest` and `latest` give the days a service accepts, worked out when the
    page is drawn (today moves), so the picker offers no day that would be
    refused; the service still checks."""

    input_type = "date"

    def __init__(self, *, earliest: DayBound | None = None, latest: DayBound | None = None):
        super().__init__(format="%Y-%m-%d")
        self.earliest = earliest
        self.latest = latest

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.earliest is not None:
            context["widget"]["attrs"]["min"] = self.earliest().isoformat()
        if self.latest is not None:
            context["widget"]["attrs"]["max"] = self.latest().isoformat()
        return context


def date_input(*, earliest: DayBound | None = None, latest: DayBound | None = None) -> DateInput:
    return DateInput(earliest=earliest, latest=latest)
