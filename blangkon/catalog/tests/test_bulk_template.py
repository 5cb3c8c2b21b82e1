"""The downloadable template: dropdowns of names, an example row that is never
imported, and names or codes both read by the importer. Every file here is a
real XLSX made by the template code, filled with openpyxl and uploaded through
the upload page (the import runs as the worker runs it)."""

import io

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from blangkon.accounts.models import User
from blangkon.catalog.bulk.columns import (
    EXAMPLE_SKU,
    HEADERS,
    INDEX,
    LISTS_SHEET_TITLE,
    REFERENCE_SHEET_TITLE,
)
from blangkon.catalog.bulk.lookups import ALL_AREAS_LABEL
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload, BulkUploadStatus, Category, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.regions.selectors import kab_kota_list
from blangkon.vendors.models import Vendor

PAPER = "kertas-bahan-cetak"


def template(client: Client, slug: str = PAPER) -> Worksheet:
    response = client.get(f"/produk/unggah/templat/{slug}.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def saved(sheet: Worksheet) -> bytes:
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def example_values(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[2]]


def with_changes(values: list[object], **changes: object) -> list[object]:
    row = list(values)
    for key, value in changes.items():
        row[INDEX[key]] = value
    return row


def upload_through_the_page(client: Client, vendor: Vendor, content: bytes) -> BulkUpload:
    response = client.post("/produk/unggah/", {"file": xlsx_upload(content)})
    assert response.status_code == 302, response.context["form"].errors
    return BulkUpload.objects.filter(vendor=vendor).latest("id")


# --- the template ---------------------------------------------------------------------


def test_the_template_offers_names_in_dropdowns_for_category_unit_and_area(
    db: None, client: Client
) -> None:
    response = client.get(f"/produk/unggah/templat/{PAPER}.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="templat-{PAPER}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert sheet.freeze_panes == "A2"
    lists = workbook[LISTS_SHEET_TITLE]
    assert lists.sheet_state == "hidden"
    assert workbook[REFERENCE_SHEET_TITLE].sheet_state == "visible"

    def listed(validation_range: str) -> list[object]:
        """The names a dropdown offers, read from the range it points at."""
        sheet_name, cells = validation_range.split("!")
        assert sheet_name == LISTS_SHEET_TITLE
        return [cell.value for (cell,) in workbook[sheet_name][cells.replace("$", "")]]

    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    category = validations["C2:C10001"]
    unit = validations["D2:D10001"]
    area = validations["L2:L10001"]
    assert {category.type, unit.type, area.type} == {"list"}

    categories = listed(category.formula1)
    assert "Kertas & bahan cetak" in categories
    assert len(categories) == Category.objects.filter(parent__isnull=False).count()
    assert listed(unit.formula1) == ["botol", "pak", "rim", "unit"]  # the category's units
    areas = listed(area.formula1)
    assert areas[0] == ALL_AREAS_LABEL
    assert "Kabupaten Batang" in areas
    assert len(areas) == 1 + kab_kota_list().count()
    # Several kab/kota may be typed in one cell, so the area never refuses input.
    assert area.showErrorMessage is False
    # A code typed over a name is warned about, not refused: the importer reads both.
    assert (category.errorStyle, unit.errorStyle) == ("warning", "warning")
    # No whole-number rule on the price: "Rp 45.000" may be typed.
    price = validations["E2:E10001"]
    assert price.type is None
    assert "Rp 45.000" in (price.prompt or "")


def test_the_example_row_shows_names_and_is_marked_as_an_example(db: None, client: Client) -> None:
    sheet = template(client)
    example = example_values(sheet)
    assert example[INDEX["sku"]] == EXAMPLE_SKU
    assert example[INDEX["category"]] == "Kertas & bahan cetak"
    assert example[INDEX["unit"]] == "rim"
    assert example[INDEX["coverage"]] == "Kabupaten Batang"
    assert isinstance(example[INDEX["price"]], int)
    assert sheet["A2"].comment is not None
    assert "tidak pernah diimpor" in sheet["A2"].comment.text
    assert sheet["A2"].fill.fgColor.rgb.endswith("FFF2CC")


# --- the example row is never imported -----------------------------------------------------


def test_the_example_row_left_in_the_template_is_never_imported(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    sheet = template(client)
    example = example_values(sheet)
    sheet.append(with_changes(example, sku="KRT-01", name="Kertas HVS F4 80 gsm"))

    upload = upload_through_the_page(client, vendor, saved(sheet))

    assert upload.status == BulkUploadStatus.DONE
    assert (upload.total_rows, upload.created_count, upload.failed_count) == (1, 1, 0)
    assert list(Product.objects.filter(vendor=vendor).values_list("sku", flat=True)) == ["KRT-01"]


def test_an_example_row_copied_or_edited_but_keeping_its_sku_is_not_imported(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    sheet = template(client)
    example = example_values(sheet)
    sheet.append(with_changes(example, name="Diubah tapi SKU contoh", price=60_000))
    sheet.append(with_changes(example, sku="contoh-2"))
    sheet.append(with_changes(example, sku="KRT-02"))

    upload = upload_through_the_page(client, vendor, saved(sheet))

    assert (upload.total_rows, upload.created_count, upload.failed_count) == (1, 1, 0)
    assert not Product.objects.filter(sku__istartswith="contoh").exists()


def test_a_template_with_only_its_example_is_refused_with_the_reason(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    response = client.post("/produk/unggah/", {"file": xlsx_upload(saved(template(client)))})
    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert EXAMPLE_SKU in message
    assert "contoh" in message.casefold()
    assert BulkUpload.objects.count() == 0
    assert Product.objects.count() == 0


def test_every_categorys_example_is_a_valid_product_once_given_a_sku(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    slugs = list(Category.objects.filter(parent__isnull=False).values_list("slug", flat=True))
    for slug in slugs:
        sheet = template(client, slug)
        sheet.append(with_changes(example_values(sheet), sku=f"SKU-{slug}"))
        upload = bulk_upload_create(actor=owner, upload=xlsx_upload(saved(sheet)))
        upload.refresh_from_db()
        assert (upload.created_count, upload.failed_count) == (1, 0), slug
    assert Product.objects.filter(vendor=vendor).count() == len(slugs)


# --- names or codes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "unit", "area", "expected_area"),
    [
        ("Kertas & bahan cetak", "rim", "Kabupaten Batang", ["33.25"]),
        ("kertas-bahan-cetak", "RIM", "33.25", ["33.25"]),
        (
            "  KERTAS &  bahan cetak ",
            " Rim ",
            "kabupaten batang; Kota Pekalongan",
            ["33.25", "33.75"],
        ),
        ("Kertas & bahan cetak", "rim", "33.25, Kab. Kendal\nBatang", ["33.24", "33.25"]),
        ("Kertas & bahan cetak", "rim", "3325", ["33.25"]),
    ],
)
def test_category_unit_and_area_are_read_by_name_or_code(
    client_for,
    owner: User,
    vendor: Vendor,
    category: str,
    unit: str,
    area: str,
    expected_area: list[str],
) -> None:
    client = client_for(owner)
    sheet = template(client)
    sheet.append(
        with_changes(
            example_values(sheet), sku="KRT-01", category=category, unit=unit, coverage=area
        )
    )
    upload = upload_through_the_page(client, vendor, saved(sheet))
    assert (upload.created_count, upload.failed_count) == (1, 0)
    product = Product.objects.get(vendor=vendor, sku="KRT-01")
    assert (product.category.slug, product.unit_id) == (PAPER, "rim")
    assert sorted(product.coverage.values_list("code", flat=True)) == expected_area


@pytest.mark.parametrize(
    "area", [ALL_AREAS_LABEL, "semua", "Jawa Tengah", "Provinsi Jawa Tengah", "SEMUA KAB/KOTA"]
)
def test_all_of_jawa_tengah_means_every_kab_kota(
    client_for, owner: User, vendor: Vendor, area: str
) -> None:
    client = client_for(owner)
    sheet = template(client)
    sheet.append(with_changes(example_values(sheet), sku="KRT-01", coverage=area))
    upload = upload_through_the_page(client, vendor, saved(sheet))
    assert upload.created_count == 1
    product = Product.objects.get(vendor=vendor, sku="KRT-01")
    assert product.coverage.count() == kab_kota_list().count() == 35


def test_an_empty_area_means_the_vendors_own_kab_kota_as_on_the_form(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    sheet = template(client)
    sheet.append(with_changes(example_values(sheet), sku="KRT-01", coverage=None))
    upload_through_the_page(client, vendor, saved(sheet))
    product = Product.objects.get(vendor=vendor, sku="KRT-01")
    assert list(product.coverage.values_list("code", flat=True)) == [vendor.organisation.region_id]


def test_an_unknown_or_ambiguous_area_is_reported_by_name(
    client_for, owner: User, vendor: Vendor
) -> None:
    client = client_for(owner)
    sheet = template(client)
    sheet.append(
        with_changes(example_values(sheet), sku="KRT-01", coverage="Pekalongan, Gotham, Batang")
    )
    upload = upload_through_the_page(client, vendor, saved(sheet))
    assert (upload.created_count, upload.failed_count) == (0, 1)
    (problems,) = upload.row_errors.values_list("errors", flat=True)
    message = problems[HEADERS[INDEX["coverage"]]]
    assert "Kabupaten Pekalongan" in message
    assert "Kota Pekalongan" in message
    assert "Gotham" in message
    assert "Batang" not in message.replace("Kabupaten Batang", "")


def test_a_file_from_the_earlier_template_with_codes_still_uploads(
    client_for, owner: User, vendor: Vendor
) -> None:
    # Its delivery-area header said "kode kab/kota", and it held codes only.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            *HEADERS[: INDEX["coverage"]],
            "Wilayah pengiriman (kode kab/kota, koma)",
            *HEADERS[INDEX["coverage"] + 1 :],
        ]  # fmt: skip
    )
    sheet.append(
        [
            "ATK-1",
            "Ballpoint Hitam",
            "atk",
            "dos",
            30_000,
            "",
            "isi: 12",
            1,
            10,
            "tidak",
            None,
            "33.25 33.24",
            "tidak",
            None,
        ]  # fmt: skip
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = upload_through_the_page(client_for(owner), vendor, buffer.getvalue())
    assert (upload.created_count, upload.failed_count) == (1, 0)
    product = Product.objects.get(vendor=vendor)
    assert sorted(product.coverage.values_list("code", flat=True)) == ["33.24", "33.25"]
