"""Every date field of every form renders its value as the browser's date
picker reads it (ISO), in Indonesian as in English: in the localised format
("07-06-2021") the picker shows an empty field, and a form saved unchanged
sends the date as empty."""

import datetime
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation

import blangkon

DAY = datetime.date(2021, 6, 7)


def _all_forms() -> list[type[forms.Form]]:
    for module in pkgutil.walk_packages(blangkon.__path__, "blangkon."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found: set[type[forms.Form]] = set()
    todo: list[type[forms.Form]] = [forms.Form]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


DATE_FIELDS = [
    (f"{form.__module__}.{form.__qualname__}.{name}", field)
    for form in _all_forms()
    if form.__module__.startswith("blangkon.")
    for name, field in form.base_fields.items()
    if isinstance(field, forms.DateField)
]


def test_the_forms_have_date_fields_to_check() -> None:
    assert len(DATE_FIELDS) >= 10  # joining dates, deeds, certificates, orders, payments, …


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[name for name, _ in DATE_FIELDS])
def test_a_date_field_renders_an_iso_value(
    name: str, field: forms.DateField, language: str
) -> None:
    with translation.override(language):
        html = field.widget.render("day", DAY)
    assert 'type="date"' in html, name
    assert 'value="2021-06-07"' in html, name


# The days a service accepts, offered by the picker (min/max), as of a given today.
TODAY = datetime.date(2026, 12, 7)
PAYMENTS = "blangkon.payments.payment_forms"
BOUNDS = {
    "blangkon.orders.order_forms.CheckoutForm.requested_arrival": {"min": "2026-12-08"},
    "blangkon.procurement.forms.RuleForm.effective_from": {"min": "2026-12-07"},
    "blangkon.vendors.forms.CertificateForm.expires_on": {"min": "2026-12-07"},
    "blangkon.vendors.forms.SanctionForm.until": {"min": "2026-12-07"},
    "blangkon.vendors.forms.BadanUsahaIdentityForm.akta_date": {"max": "2026-12-07"},
    # A payment was made today or before; the SP2D on or before the payment.
    **{
        f"{PAYMENTS}.{form}.paid_on": {"max": "2026-12-07"}
        for form in ("PaymentForm", "TransferForm", "KkpdForm", "LsForm")
    },
    f"{PAYMENTS}.LsForm.sp2d_date": {"max": "2026-12-07"},
}


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[name for name, _ in DATE_FIELDS])
def test_the_picker_offers_only_the_days_the_service_accepts(
    name: str, field: forms.DateField, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: TODAY)
    html = field.widget.render("day", None)
    bounds = {
        attribute: value
        for attribute in ("min", "max")
        if (value := _attribute(html, attribute)) is not None
    }
    assert bounds == BOUNDS.get(name, {}), name


def _attribute(html: str, name: str) -> str | None:
    found = re.search(rf' {name}="([^"]*)"', html)
    return found.group(1) if found else None
