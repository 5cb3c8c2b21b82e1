"""Bad input to the bulk upload: each gets a clear refusal and changes nothing
it should not."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from blangkon.accounts.models import User
from blangkon.catalog.bulk.columns import COLUMN_COUNT, HEADERS, INDEX
from blangkon.catalog.bulk.rows import Lookups, parse_row
from blangkon.catalog.bulk.safety import ZipLimits, zip_inspect
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload, BulkUploadStatus, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.core.errors import DomainError
from blangkon.documents.models import StoredFile
from blangkon.documents.storage import file_read
from blangkon.vendors.models import Vendor

GOOD_ROW: list[object] = [
    "ATK-001",
    "Ballpoint Hitam 0,5 mm",
    "atk",
    "dos",
    30_000,
    "Isi 12 batang.",
    "isi: 12 batang",
    1,
    100,
    "tidak",
    None,
    "33.25",
    "tidak",
    None,
]


def workbook_bytes(*rows: list[object], string_cells: tuple[str, ...] = ()) -> bytes:
    """A workbook in the template's layout. Cells whose coordinate is listed in
    `string_cells` are typed as text even when they start with "="."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    for coordinate in string_cells:
        sheet[coordinate].data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**changes: object) -> list[object]:
    values = list(GOOD_ROW)
    for key, value in changes.items():
        values[INDEX[key]] = value
    return values


def upload(owner: User, content: bytes) -> BulkUpload:
    result = bulk_upload_create(actor=owner, upload=xlsx_upload(content))
    result.refresh_from_db()
    return result


def refused(owner: User, content: bytes) -> DomainError:
    with pytest.raises(DomainError) as error:
        bulk_upload_create(actor=owner, upload=xlsx_upload(content))
    assert BulkUpload.objects.count() == 0
    assert StoredFile.objects.count() == 0
    return error.value


def report_errors(result: BulkUpload) -> list[str]:
    assert result.error_report is not None
    sheet = load_workbook(io.BytesIO(file_read(result.error_report.path))).worksheets[0]
    return [str(values[COLUMN_COUNT]) for values in sheet.iter_rows(min_row=2, values_only=True)]


# --- formulas -----------------------------------------------------------------------


def test_formula_cells_are_rejected_and_never_evaluated(owner: User, vendor: Vendor) -> None:
    content = workbook_bytes(
        row(sku="F-1", name='=HYPERLINK("http://x","klik")'),
        row(sku="F-2", name="=cmd|' /C calc'!A0"),
        row(sku="F-3", price="=1000*2"),
        row(sku="F-4", description="=1+1"),
        row(sku="F-5"),
        string_cells=("B3",),  # typed as text, still refused
    )
    result = upload(owner, content)
    assert (result.created_count, result.failed_count) == (1, 4)
    assert list(Product.objects.values_list("sku", flat=True)) == ["F-5"]
    errors = report_errors(result)
    assert len(errors) == 4
    for error, header in zip(
        errors, ("Nama produk", "Nama produk", "Harga", "Deskripsi"), strict=True
    ):
        assert error.startswith(header)


def test_the_error_report_keeps_uploaded_formulas_as_inert_text(
    owner: User, vendor: Vendor
) -> None:
    result = upload(owner, workbook_bytes(row(name='=HYPERLINK("http://x","klik")')))
    assert result.error_report is not None
    sheet = load_workbook(io.BytesIO(file_read(result.error_report.path))).worksheets[0]
    cell = sheet.cell(row=2, column=INDEX["name"] + 1)
    assert cell.value == '=HYPERLINK("http://x","klik")'
    assert cell.data_type == "s"


# --- archives and sheets -----------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_opened(owner: User, vendor: Vendor) -> None:
    buffer = io.BytesIO(sample_rows(3).content)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024  # 60 MB inside less than 1 MB
    assert refused(owner, buffer.getvalue()).code == "unsafe_file"


@pytest.mark.parametrize(
    "limits",
    [
        ZipLimits(max_entries=3, max_total_bytes=10**9, max_entry_bytes=10**9),
        ZipLimits(max_entries=99, max_total_bytes=10**9, max_entry_bytes=1000),
        ZipLimits(max_entries=99, max_total_bytes=3000, max_entry_bytes=10**9),
        ZipLimits(
            max_entries=99,
            max_total_bytes=10**9,
            max_entry_bytes=10**9,
            max_ratio=2,
            ratio_floor_bytes=100,
        ),
    ],
)
def test_each_archive_limit_is_enforced(limits: ZipLimits) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(4):
            archive.writestr(f"part{number}.xml", b"<row/>" * 400)
    with pytest.raises(DomainError) as error:
        zip_inspect(buffer, limits=limits)
    assert error.value.code == "unsafe_file"


def _claim_a_million_columns(content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                claim = '<dimension ref="A1:XFD1048576"/>'
                if "<dimension" in text:
                    text = re.sub(r"<dimension [^>]*/>", claim, text)
                else:
                    text = re.sub(r"(<worksheet[^>]*>)", r"\1" + claim, text, count=1)
                data = text.encode()
            target.writestr(entry, data)
    return output.getvalue()


def test_a_sheet_claiming_a_million_columns_is_read_within_the_template(
    owner: User, vendor: Vendor
) -> None:
    content = _claim_a_million_columns(sample_rows(20).content)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b'ref="A1:XFD1048576"' in sheet_xml
    result = upload(owner, content)
    assert result.status == BulkUploadStatus.DONE
    assert (result.total_rows, result.created_count, result.failed_count) == (20, 20, 0)


def test_cells_right_of_the_template_are_ignored(owner: User, vendor: Vendor) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    sheet.append(GOOD_ROW)
    sheet["XFD2"] = "=cmd|' /C calc'!A0"
    sheet["XFD3"] = "only far right: not a product row"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = upload(owner, buffer.getvalue())
    assert (result.total_rows, result.created_count, result.failed_count) == (1, 1, 0)


def test_more_than_ten_thousand_rows_are_refused(owner: User, vendor: Vendor) -> None:
    assert refused(owner, sample_rows(10_001).content).code == "too_many_rows"


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read(
    owner: User, vendor: Vendor
) -> None:
    assert refused(owner, b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024)).code == "file_too_large"


def test_a_file_that_is_not_a_workbook_is_refused(owner: User, vendor: Vendor) -> None:
    assert refused(owner, b"MZ\x90\x00 not a spreadsheet").code == "invalid_file"


def test_a_workbook_that_is_not_the_template_is_refused(owner: User, vendor: Vendor) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nama", "Harga"])
    sheet.append(["Sabun", 5000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = refused(owner, buffer.getvalue())
    assert error.code == "invalid_file"
    assert "file" in error.fields


def test_a_header_without_rows_is_refused(owner: User, vendor: Vendor) -> None:
    assert refused(owner, workbook_bytes()).code == "empty_file"


# --- rows ---------------------------------------------------------------------------


def test_later_duplicate_skus_in_one_file_fail(owner: User, vendor: Vendor) -> None:
    content = workbook_bytes(
        row(sku="A-1"), row(sku="B-1"), row(sku="A-1", name="Kedua"), row(sku="A-1")
    )
    result = upload(owner, content)
    assert (result.created_count, result.failed_count) == (2, 2)
    assert Product.objects.get(sku="A-1").name == GOOD_ROW[INDEX["name"]]
    errors = report_errors(result)
    assert len(errors) == 2
    assert all(error.startswith("SKU:") and "A-1" in error and "2" in error for error in errors)


def test_html_in_text_cells_is_stored_as_given(owner: User, vendor: Vendor) -> None:
    name = '<script>alert("x")</script> Sabun <img src=x onerror=alert(1)>'
    result = upload(owner, workbook_bytes(row(name=name, description="<b>tebal</b>")))
    assert result.created_count == 1
    product = Product.objects.get(vendor=vendor)
    assert product.name == name
    assert product.description == "<b>tebal</b>"


@pytest.fixture
def lookups() -> Lookups:
    return Lookups.build(
        categories=[("atk", "Alat tulis kantor (ATK)")],
        category_units={"atk": frozenset({"dos", "pcs"})},
        units=[("dos", "dos/box"), ("pcs", "pcs"), ("kg", "kg")],
        regions=[
            ("33.10", "Kabupaten Klaten"),
            ("33.24", "Kabupaten Kendal"),
            ("33.25", "Kabupaten Batang"),
        ],
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_500_000, 1_500_000),
        ("1.500.000", 1_500_000),
        (1_500_000.0, 1_500_000),
        ("750", 750),
        ("Rp 1.500", 1_500),
        ("Rp45.000", 45_000),
        ("45.000,00", 45_000),
    ],
)
def test_whole_positive_prices_are_accepted(lookups: Lookups, value: object, expected: int) -> None:
    parsed = parse_row(2, row(price=value), lookups)
    assert parsed.errors == {}
    assert parsed.product is not None
    assert parsed.product.price == expected


@pytest.mark.parametrize(
    "value", [0, -5000, 1500.5, "1.500,50", "1,5", "1500.5", "45,000", True, "abc", "=1+1"]
)
def test_zero_negative_fractional_and_odd_prices_are_refused(
    lookups: Lookups, value: object
) -> None:
    parsed = parse_row(2, row(price=value), lookups)
    assert parsed.product is None
    assert list(parsed.errors) == [HEADERS[INDEX["price"]]]


def test_cells_are_read_leniently_where_it_is_unambiguous(lookups: Lookups) -> None:
    parsed = parse_row(
        2,
        row(
            sku=12345.0,
            category="Alat tulis kantor (ATK)",
            unit="DOS/BOX",
            coverage=33.1,  # "33.10" typed into a cell becomes a number
            is_pdn="Ya",
            tkdn_percent="42,5",
            specifications="isi: 12 batang; warna : hitam",
        ),
        lookups,
    )
    assert parsed.errors == {}
    product = parsed.product
    assert product is not None
    assert (product.sku, product.category_slug, product.unit_code) == ("12345", "atk", "dos")
    assert product.coverage_codes == ("33.10",)
    assert product.is_pdn is True
    assert product.tkdn_percent == Decimal("42.5")
    assert product.specifications == {"isi": "12 batang", "warna": "hitam"}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("coverage", "33.25, 99.01"),
        ("made_to_order", "mungkin"),
        ("specifications", "tanpa titik dua"),
        ("tkdn_percent", "120"),
        ("stock", -1),
        ("min_order_quantity", 0),
        ("sku", None),
        ("name", "Sabun\x00cair"),
        ("description", "baris\x1bsatu"),
    ],
)
def test_malformed_cells_are_named(lookups: Lookups, key: str, value: object) -> None:
    parsed = parse_row(2, row(**{key: value}), lookups)
    assert parsed.product is None
    assert HEADERS[INDEX[key]] in parsed.errors
