"""Every date field of every form renders its value as the browser's date
picker reads it (ISO), in Indonesian as in English: in the localised format
("07-06-2021") the picker shows an empty field, and a form saved unchanged
sends the date as empty."""

import datetime
import importlib
import pkgutil

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
