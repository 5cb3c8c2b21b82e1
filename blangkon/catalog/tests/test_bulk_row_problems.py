"""Every problem of every row is reported at once, per row and column, on the
progress page and in the error report; nothing of a row with a problem is
imported. Prices are read by the product form's own parser."""

import io

import pytest
from django.tasks.backends.dummy import DummyBackend
from django.test import Client
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.catalog.bulk import importer
from blangkon.catalog.bulk.columns import (
    COLUMN_COUNT,
    ERROR_HEADER,
    EXAMPLE_SKU,
    HEADERS,
    INDEX,
)
from blangkon.catalog.bulk.services import bulk_uploads_recover
from blangkon.catalog.models import BulkUpload, BulkUploadStatus, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.test_bulk_recovery import queued, run_queued_task, run_stopping
from blangkon.catalog.tests.test_bulk_safety import row, workbook_bytes
from blangkon.catalog.tests.test_bulk_template import upload_through_the_page
from blangkon.documents.storage import file_read
from blangkon.vendors.models import Vendor

PRICE = HEADERS[INDEX["price"]]
UNIT = HEADERS[INDEX["unit"]]
SPECIFICATIONS = HEADERS[INDEX["specifications"]]
STOCK = HEADERS[INDEX["stock"]]
CATEGORY = HEADERS[INDEX["category"]]
LEAD_TIME = HEADERS[INDEX["lead_time_days"]]

# A paper product: its category needs the specifications ukuran and gramatur.
PAPER: dict[str, object] = {
    "sku": "KRT-01",
    "name": "Kertas HVS A4 70 gsm",
    "category": "Kertas & bahan cetak",
    "unit": "rim",
    "price": 52_000,
    "specifications": "ukuran: A4; gramatur: 70 gsm",
}


def paper(**changes: object) -> list[object]:
    return row(**(PAPER | changes))


def problems_of(upload: BulkUpload) -> dict[int, dict[str, str]]:
    return dict(upload.row_errors.values_list("row_number", "errors"))


def report(upload: BulkUpload) -> list[tuple[object, ...]]:
    assert upload.error_report is not None
    sheet = load_workbook(io.BytesIO(file_read(upload.error_report.path))).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.fixture
def client(client_for, owner: User) -> Client:
    return client_for(owner)


# --- prices: one parser for the form and the sheet --------------------------------------


@pytest.mark.parametrize(
    "price",
    ["Rp 45.000", "Rp45.000", "Rp. 45.000", "45.000", "45000", 45_000, 45_000.0, "45.000,00"],
)
def test_rupiah_written_as_people_write_it_is_accepted_in_the_sheet(
    client: Client, vendor: Vendor, price: object
) -> None:
    upload = upload_through_the_page(client, vendor, workbook_bytes(row(price=price)))
    assert (upload.created_count, upload.failed_count) == (1, 0)
    assert Product.objects.get(vendor=vendor).price == 45_000


@pytest.mark.parametrize(
    ("price", "says"),
    [("45,5", "sen"), ("45.000,50", "sen"), ("45,000", "koma"), ("empat puluh ribu", "Rp")],
)
def test_decimal_or_ambiguous_rupiah_is_refused_in_indonesian(
    client: Client, vendor: Vendor, price: str, says: str
) -> None:
    upload = upload_through_the_page(client, vendor, workbook_bytes(row(price=price)))
    assert (upload.created_count, upload.failed_count) == (0, 1)
    (problems,) = problems_of(upload).values()
    assert list(problems) == [PRICE]
    assert says in problems[PRICE]
    assert Product.objects.count() == 0


def test_rp_45000_gives_the_same_price_on_the_form_and_in_the_sheet(
    client: Client, vendor: Vendor
) -> None:
    form = client.post(
        "/produk/saya/baru/",
        {
            "name": "Ballpoint Hitam 0,5 mm",
            "sku": "FORM-1",
            "category": "atk",
            "unit": "dos",
            "price": "Rp 45.000",
            "specifications": "isi: 12 batang",
            "min_order_quantity": "1",
            "stock": "100",
            "coverage": ["33.25"],
        },
    )
    assert form.status_code == 302
    upload_through_the_page(client, vendor, workbook_bytes(row(sku="SHEET-1", price="Rp 45.000")))
    prices = dict(Product.objects.filter(vendor=vendor).values_list("sku", "price"))
    assert prices == {"FORM-1": 45_000, "SHEET-1": 45_000}


def test_the_form_refuses_decimal_rupiah_with_the_sheets_message(
    client: Client, vendor: Vendor
) -> None:
    response = client.post("/produk/saya/baru/", {"price": "45,5"})
    (form_message,) = response.context["form"].errors["price"]
    upload = upload_through_the_page(client, vendor, workbook_bytes(row(price="45,5")))
    (problems,) = problems_of(upload).values()
    assert problems[PRICE] == form_message


# --- each problem is named --------------------------------------------------------------


def test_a_unit_the_category_does_not_use_is_reported_with_the_units_it_does(
    client: Client, vendor: Vendor
) -> None:
    upload = upload_through_the_page(client, vendor, workbook_bytes(paper(unit="kg")))
    assert (upload.created_count, upload.failed_count) == (0, 1)
    assert problems_of(upload) == {
        2: {
            UNIT: "'kg' bukan satuan kategori Kertas & bahan cetak. Pilih salah satu: "
            "botol, pak, rim, unit."
        }
    }


def test_a_missing_required_specification_is_reported(client: Client, vendor: Vendor) -> None:
    upload = upload_through_the_page(
        client, vendor, workbook_bytes(paper(specifications="ukuran: A4"))
    )
    assert (upload.created_count, upload.failed_count) == (0, 1)
    (problems,) = problems_of(upload).values()
    assert list(problems) == [SPECIFICATIONS]
    assert "Gramatur" in problems[SPECIFICATIONS]


def test_a_row_with_three_problems_reports_all_three_and_imports_nothing(
    client: Client, vendor: Vendor
) -> None:
    # A bad price (read from the cell), a unit the category does not use and a
    # missing required specification (both found by the product rules).
    bad = paper(sku="KRT-BAD", price="45,5", unit="kg", specifications="ukuran: A4")
    upload = upload_through_the_page(
        client, vendor, workbook_bytes(paper(sku="KRT-GOOD"), bad, paper(sku="KRT-GOOD-2"))
    )

    assert (upload.created_count, upload.failed_count) == (2, 1)
    assert not Product.objects.filter(sku="KRT-BAD").exists()
    assert set(problems_of(upload)[3]) == {PRICE, UNIT, SPECIFICATIONS}

    # The progress page lists the row and each problem under its column
    page = client.get(f"/produk/unggah/{upload.pk}/").content.decode()
    assert "Baris yang tidak diimpor" in page
    assert '<td data-label="Baris">3</td>' in page
    for header in (PRICE, UNIT, SPECIFICATIONS):
        assert f"<strong>{header}</strong>" in page

    # The error report names all three, in the columns' order, and shades their cells
    (reported,) = report(upload)
    lines = str(reported[COLUMN_COUNT]).splitlines()
    assert len(lines) == 3
    for line, header in zip(lines, (UNIT, PRICE, SPECIFICATIONS), strict=True):
        assert line.startswith(f"{header}: ")
    assert upload.error_report is not None
    sheet = load_workbook(io.BytesIO(file_read(upload.error_report.path))).worksheets[0]
    shaded = {
        sheet.cell(row=1, column=cell.column).value
        for cell in sheet[2][:COLUMN_COUNT]
        if cell.fill.fgColor.rgb.endswith("F8D7DA")
    }
    assert shaded == {PRICE, UNIT, SPECIFICATIONS}
    assert sheet.cell(row=1, column=COLUMN_COUNT + 1).value == ERROR_HEADER


def test_cell_problems_and_rule_problems_of_many_columns_come_together(
    client: Client, vendor: Vendor
) -> None:
    bad = paper(
        category="Kertas",  # not a category name
        price=0,
        stock=-3,
        lead_time_days="dua",
        is_pdn="mungkin",
        coverage="Gotham",
        name="",
    )
    upload = upload_through_the_page(client, vendor, workbook_bytes(bad))
    (problems,) = problems_of(upload).values()
    assert set(problems) == {
        HEADERS[INDEX["name"]],
        CATEGORY,
        PRICE,
        STOCK,
        LEAD_TIME,
        HEADERS[INDEX["coverage"]],
        HEADERS[INDEX["is_pdn"]],
    }
    assert "Kertas" in problems[CATEGORY]
    assert Product.objects.count() == 0


def test_a_duplicate_sku_and_the_rows_other_problems_are_all_reported(
    client: Client, vendor: Vendor
) -> None:
    upload = upload_through_the_page(
        client, vendor, workbook_bytes(paper(), paper(unit="kg", specifications=""))
    )
    assert (upload.created_count, upload.failed_count) == (1, 1)
    problems = problems_of(upload)[3]
    assert set(problems) == {HEADERS[INDEX["sku"]], UNIT, SPECIFICATIONS}
    assert "2" in problems[HEADERS[INDEX["sku"]]]


def test_a_formula_does_not_hide_the_rows_other_problems(client: Client, vendor: Vendor) -> None:
    upload = upload_through_the_page(client, vendor, workbook_bytes(paper(name="=1+1", unit="kg")))
    (problems,) = problems_of(upload).values()
    assert set(problems) == {HEADERS[INDEX["name"]], UNIT}
    assert (
        "Rumus" in problems[HEADERS[INDEX["name"]]] or "rumus" in problems[HEADERS[INDEX["name"]]]
    )


def test_a_stock_problem_caused_by_a_bad_made_to_order_cell_is_not_reported_twice(
    client: Client, vendor: Vendor
) -> None:
    upload = upload_through_the_page(
        client, vendor, workbook_bytes(row(made_to_order="mungkin", stock=None, lead_time_days=5))
    )
    (problems,) = problems_of(upload).values()
    assert list(problems) == [HEADERS[INDEX["made_to_order"]]]


def test_rows_updating_existing_products_still_update(client: Client, vendor: Vendor) -> None:
    upload_through_the_page(client, vendor, workbook_bytes(paper()))
    again = upload_through_the_page(client, vendor, workbook_bytes(paper(price="Rp 55.000")))
    assert (again.created_count, again.updated_count, again.failed_count) == (0, 1, 0)


def test_a_resumed_import_skips_the_example_and_keeps_every_problem(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    example = paper(sku=EXAMPLE_SKU)
    bad = paper(sku="KRT-2", price="45,5", unit="kg", specifications="ukuran: A4")
    content = workbook_bytes(
        example, paper(sku="KRT-1"), bad, paper(sku="KRT-3"), paper(sku="KRT-4"), bad
    )
    upload = queued(owner, queued_tasks, content)
    assert upload.total_rows == 5  # the example is not a row to import

    # Given a worker that stops in its second chunk (rows 5 and 6)
    run_stopping(monkeypatch, upload, importer, "products_create_many", 2)
    assert (upload.processed_rows, upload.created_count, upload.failed_count) == (2, 1, 1)

    # When it is recovered and imported again
    bulk_uploads_recover()
    run_queued_task(queued_tasks, upload)

    # Then each row was imported once, the example never, and both bad rows
    # keep all their problems (row 7 also repeats row 4's SKU)
    assert upload.status == BulkUploadStatus.DONE
    assert (upload.processed_rows, upload.created_count, upload.failed_count) == (5, 3, 2)
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["KRT-1", "KRT-3", "KRT-4"]
    problems = problems_of(upload)
    assert set(problems[4]) == {PRICE, UNIT, SPECIFICATIONS}
    assert set(problems[7]) == {HEADERS[INDEX["sku"]], PRICE, UNIT, SPECIFICATIONS}
    assert [row[COLUMN_COUNT + 1] for row in report(upload)] == [4, 7]
