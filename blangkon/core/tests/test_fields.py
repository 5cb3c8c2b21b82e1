import pytest
from django import forms

from blangkon.catalog.forms import ProductForm
from blangkon.core.fields import RupiahField
from blangkon.vendors.forms import BusinessForm


class AmountForm(forms.Form):
    amount = RupiahField()


@pytest.mark.parametrize(
    ("typed", "rupiah"),
    [("Rp 250.000.000", 250_000_000), ("250000000", 250_000_000), ("45.000,00", 45_000)],
)
def test_an_amount_typed_as_people_write_it_is_read_in_whole_rupiah(
    typed: str, rupiah: int
) -> None:
    form = AmountForm(data={"amount": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == rupiah


def test_sen_are_refused_with_a_message_in_indonesian() -> None:
    form = AmountForm(data={"amount": "45,5"})

    assert not form.is_valid()
    assert "tanpa sen" in form.errors["amount"][0]


def test_the_product_price_and_the_vendors_figures_use_the_one_field() -> None:
    assert isinstance(ProductForm.base_fields["price"], RupiahField)
    assert isinstance(BusinessForm.base_fields["declared_capital"], RupiahField)
    assert isinstance(BusinessForm.base_fields["declared_annual_sales"], RupiahField)
