"""Templates per category and exports of a vendor's products."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.catalog.bulk.columns import HEADERS, INDEX, PRODUCT_ID_HEADER, STATUS_HEADER
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.models import Product
from blangkon.catalog.services import product_upsert_by_sku
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.core.spreadsheets import csv_safe
from blangkon.vendors.models import Vendor
from conftest import World

HYPERLINK = '=HYPERLINK("http://x","klik")'
DDE = "=cmd|' /C calc'!A0"


def _list(owner: User, vendor: Vendor, sku: str, name: str, description: str = "") -> Product:
    product, _created = product_upsert_by_sku(
        actor=owner,
        vendor=vendor,
        data=ProductInput(
            sku=sku,
            name=name,
            category_slug="atk",
            unit_code="dos",
            price=30_000,
            description=description,
            stock=10,
            coverage_codes=("33.25", "33.24"),
        ),
    )
    return product


@pytest.fixture
def hostile_products(owner: User, vendor: Vendor) -> list[Product]:
    return [
        _list(owner, vendor, "X-1", HYPERLINK),
        _list(owner, vendor, "X-2", DDE, description="@SUM(1+1)"),
        _list(owner, vendor, "-3", "+62 Sabun cair", description="\tTab di depan"),
    ]


def test_csv_export_prefixes_formula_like_text_with_an_apostrophe(
    client_for, owner: User, hostile_products: list[Product]
) -> None:
    response = client_for(owner).get("/produk/saya/ekspor.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*HEADERS, STATUS_HEADER, PRODUCT_ID_HEADER]
    by_sku = {row[INDEX["sku"]]: row for row in rows[1:]}
    assert by_sku["'-3"][INDEX["name"]] == "'+62 Sabun cair"
    assert by_sku["X-1"][INDEX["name"]] == "'" + HYPERLINK
    assert by_sku["X-2"][INDEX["name"]] == "'" + DDE
    assert by_sku["X-2"][INDEX["description"]] == "'@SUM(1+1)"
    assert by_sku["X-1"][INDEX["coverage"]] == "33.24, 33.25"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_export_writes_formula_like_text_as_strings(
    client_for, owner: User, hostile_products: list[Product]
) -> None:
    response = client_for(owner).get("/produk/saya/ekspor.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = {
        sheet.cell(row=number, column=INDEX["name"] + 1).value: sheet.cell(
            row=number, column=INDEX["name"] + 1
        )
        for number in range(2, sheet.max_row + 1)
    }
    for text in (HYPERLINK, DDE, "+62 Sabun cair"):
        assert names[text].data_type == "s"
    price = sheet.cell(row=2, column=INDEX["price"] + 1)
    assert price.value == 30_000
    assert price.data_type == "n"


def test_an_export_can_be_uploaded_again_unchanged(client_for, owner: User, vendor: Vendor) -> None:
    for number in range(3):
        _list(owner, vendor, f"ATK-{number}", f"Map plastik {number}")
    exported = client_for(owner).get("/produk/saya/ekspor.xlsx").content
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(exported))
    upload.refresh_from_db()
    assert (upload.updated_count, upload.created_count, upload.failed_count) == (3, 0, 0)


def test_exports_hold_only_the_vendors_own_products(
    client_for, world: World, owner: User, vendor: Vendor, other_vendor: Vendor
) -> None:
    _list(owner, vendor, "MINE-1", "Produk kami")
    _list(world.user("pemilik.kendal"), other_vendor, "THEIRS-1", "Produk mereka")
    text = b"".join(client_for(owner).get("/produk/saya/ekspor.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "MINE-1" in text
    assert "THEIRS-1" not in text


def test_exports_are_for_vendor_users_only(client: Client, client_for, world: World) -> None:
    assert client_for(world.user("pp.batang")).get("/produk/saya/ekspor.csv").status_code == 404
    anonymous = Client().get("/produk/saya/ekspor.xlsx")
    assert anonymous.status_code == 302


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("-5", "'-5"), ("\rx", "'\rx"), ("Sabun", "Sabun"), (-5, -5)],
)
def test_csv_neutralisation_touches_only_text(value: object, expected: object) -> None:
    assert csv_safe(value) == expected


# --- templates -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["tidak-ada", "makanan-minuman"])
def test_no_template_for_an_unknown_or_group_category(db: None, client: Client, slug: str) -> None:
    assert client.get(f"/produk/unggah/templat/{slug}.xlsx").status_code == 404
