"""The product form says everything at once: one submit reports the category's
missing specifications, the stock-or-lead-time rule and a SKU already in use
together, and the page links each problem to its field."""

import re

from django.test import Client

from blangkon.catalog.listing_rules import missing_spec_keys, stock_problems
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, atk_input, make_product
from blangkon.catalog.tests.test_product_pages import form_data

NEW = "/produk/saya/baru/"
CATEGORY_FIELDS = "/produk/saya/satuan/"


def described_ids_missing(html: str) -> list[str]:
    """Every id an aria-describedby names that no element of the page carries."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = {
        name for value in re.findall(r'aria-describedby="([^"]*)"', html) for name in value.split()
    }
    return sorted(named - ids)


def test_one_submit_reports_a_missing_spec_no_stock_and_a_duplicate_sku(
    market: Market, client_for
) -> None:
    existing = make_product(market)
    response = client_for(market.batang_owner).post(
        NEW,
        form_data(
            sku=existing.sku,
            category="kertas-bahan-cetak",
            unit="rim",
            specifications="",
            spec_ukuran="A4",
            spec_gramatur="",
            stock="",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"sku", "spec_gramatur", "stock"}
    html = response.content.decode()
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    for field in ("id_sku", "id_spec_gramatur", "id_stock"):
        assert f'href="#{field}"' in summary
        assert f'id="{field}"' in html
    assert 'role="alert"' in summary
    assert Product.objects.count() == 1


def test_made_to_order_without_lead_time_and_a_bad_number_are_reported_together(
    market: Market, client_for
) -> None:
    response = client_for(market.batang_owner).post(
        NEW, form_data(stock="", made_to_order="on", lead_time_days="", price="abc")
    )
    assert set(response.context["form"].errors) == {"lead_time_days", "price"}


def test_the_sku_of_the_product_being_edited_is_not_a_duplicate(market: Market, client_for) -> None:
    product = make_product(market)
    response = client_for(market.batang_owner).post(
        f"/produk/saya/{product.pk}/ubah/", form_data(sku=product.sku, unit="dos")
    )
    assert response.status_code == 302


def test_required_specifications_typed_in_their_fields_are_saved(
    market: Market, client_for
) -> None:
    response = client_for(market.batang_owner).post(
        NEW,
        form_data(
            category="kertas-bahan-cetak",
            unit="rim",
            specifications="Warna: putih",
            spec_ukuran="A4",
            spec_gramatur="80 gsm",
        ),
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.specifications == {"warna": "putih", "ukuran": "A4", "gramatur": "80 gsm"}
    # The edit form puts them back in their own fields.
    edit = client_for(market.batang_owner).get(f"/produk/saya/{product.pk}/ubah/")
    form = edit.context["form"]
    assert form["spec_gramatur"].value() == "80 gsm"
    assert form["specifications"].value() == "Warna: putih"


def test_no_unit_is_offered_before_a_category_is_chosen(market: Market, client_for) -> None:
    html = client_for(market.batang_owner).get(NEW).content.decode()
    start = html.index('name="unit"')
    unit_select = html[start : html.index("</select>", start)]
    assert unit_select.count("<option") == 1
    assert 'value=""' in unit_select


def test_choosing_a_category_brings_its_units_and_required_specifications(
    market: Market, client_for
) -> None:
    client: Client = client_for(market.batang_owner)
    response = client.get(
        CATEGORY_FIELDS, {"category": "kertas-bahan-cetak", "unit": "rim", "spec_ukuran": "F4"}
    )
    form = response.context["form"]
    # Only the category's units, in name order, and no prompt: a unit must be chosen.
    assert [code for code, _label in form.fields["unit"].choices] == ["botol", "pak", "rim", "unit"]
    html = response.content.decode()
    assert 'name="spec_ukuran" value="F4"' in html
    assert 'name="spec_gramatur"' in html
    assert html.count("(wajib)") + html.count("(required)") == 2
    assert '<option value="rim" selected>' in html
    assert described_ids_missing(html) == []


def test_every_described_by_id_exists_on_the_product_form(market: Market, client_for) -> None:
    client = client_for(market.batang_owner)
    empty = client.get(NEW).content.decode()
    failed = client.post(
        NEW, form_data(category="kertas-bahan-cetak", unit="rim", stock="")
    ).content.decode()
    assert 'aria-describedby="id_sku_helptext"' in empty
    assert "id_stock_error" in failed
    assert described_ids_missing(empty) == []
    assert described_ids_missing(failed) == []


def test_the_delivery_area_is_a_checklist_of_checkboxes(market: Market, client_for) -> None:
    make_product(market, data=atk_input(coverage_codes=("33.24",)))
    html = client_for(market.batang_owner).get(NEW).content.decode()
    # "All my kab/kota": the vendor's own (Batang) and those its products deliver to.
    assert 'data-checklist-set="33.24 33.25"' in html
    assert 'class="field checklist' in html
    assert html.count('type="checkbox" name="coverage"') == 35
    assert 'data-checklist-set="all"' in html


def test_the_listing_rules_are_plain_functions() -> None:
    assert missing_spec_keys("komputer", {"ram": "8 GB", "prosesor": ""}) == [
        "prosesor",
        "penyimpanan",
    ]
    assert missing_spec_keys("atk", {}) == []
    assert set(stock_problems(made_to_order=False, stock=None, lead_time_days=None)) == {"stock"}
    assert set(stock_problems(made_to_order=True, stock=3, lead_time_days=None)) == {
        "stock",
        "lead_time_days",
    }
    assert stock_problems(made_to_order=True, stock=None, lead_time_days=7) == {}
    assert set(stock_problems(made_to_order=False, stock=-1, lead_time_days=400)) == {
        "stock",
        "lead_time_days",
    }
