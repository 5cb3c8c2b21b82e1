"""The downloadable XLSX template of one leaf category.

Sheet "Produk": the header row (frozen), one realistic example row, dropdowns
(data validation) and column widths. The category, unit and delivery-area
dropdowns offer names ("Kertas & bahan cetak", "rim", "Kabupaten Batang"),
listed on the hidden sheet "Daftar"; the importer reads a name or a code
(`lookups.py`). The delivery-area dropdown lets the vendor type several kab/kota
separated by commas, or "Seluruh Jawa Tengah". Sheet "Referensi": the leaf
categories, this category's units and the kab/kota, each with its code.

The example row is marked as one (SKU CONTOH-001, shaded, a comment) and the
importer passes over every row whose SKU starts with CONTOH, so leaving it in
imports nothing.
"""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from blangkon.catalog.bulk.columns import (
    COLUMNS,
    DATA_SHEET_TITLE,
    EXAMPLE_SKU,
    HEADERS,
    INDEX,
    LISTS_SHEET_TITLE,
    REFERENCE_SHEET_TITLE,
)
from blangkon.catalog.bulk.examples import Example, example_for
from blangkon.catalog.bulk.lookups import ALL_AREAS_LABEL
from blangkon.catalog.models import Category, Unit

# Rows that get the dropdowns: the data validation covers a fixed range.
VALIDATED_ROWS = 10_001
HEADER_FILL = PatternFill("solid", fgColor="1E5631")
HEADER_FONT = Font(bold=True, color="FFFFFF")
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
EXAMPLE_FONT = Font(italic=True, color="7F6000")


def _example_row(
    category: Category, example: Example, unit_names: dict[str, str], area: str
) -> list[object]:
    made_to_order = example.stock is None
    return [
        EXAMPLE_SKU,
        example.name,
        category.name,
        unit_names.get(example.unit, example.unit),
        example.price,
        example.description,
        "; ".join(f"{key}: {value}" for key, value in example.specifications.items()),
        1,
        example.stock,
        "ya" if made_to_order else "tidak",
        example.lead_time_days,
        area,
        "ya" if example.tkdn_percent else "tidak",
        example.tkdn_percent,
    ]


def _mark_example(sheet: Worksheet) -> None:
    for cell in sheet[2]:
        cell.fill = EXAMPLE_FILL
        cell.font = EXAMPLE_FONT
    sheet.cell(row=2, column=INDEX["price"] + 1).number_format = '"Rp"#,##0'
    sheet.cell(row=2, column=1).comment = Comment(
        f"CONTOH: baris ini tidak pernah diimpor (SKU {EXAMPLE_SKU}). Isi produk Anda di "
        "baris 3 dan seterusnya, satu baris = satu produk, masing-masing dengan SKU Anda "
        "sendiri; SKU yang sudah ada akan diperbarui.",
        "Blangkon",
    )


def _column_range(key: str) -> str:
    letter = get_column_letter(INDEX[key] + 1)
    return f"{letter}2:{letter}{VALIDATED_ROWS}"


def _reference_sheet(
    sheet: Worksheet,
    leaves: Sequence[Category],
    units: Sequence[Unit],
    regions: Sequence[tuple[str, str]],
) -> None:
    sheet.append(
        [
            "Kategori",
            "Nama kategori",
            "",
            "Satuan",
            "Nama satuan",
            "Keterangan",
            "",
            "Kode kab/kota",
            "Nama kab/kota",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = max(len(leaves), len(units), len(regions))
    for index in range(rows):
        leaf = leaves[index] if index < len(leaves) else None
        unit = units[index] if index < len(units) else None
        region = regions[index] if index < len(regions) else None
        sheet.append(
            [
                leaf.slug if leaf else None,
                leaf.name if leaf else None,
                None,
                unit.code if unit else None,
                unit.name if unit else None,
                unit.note if unit else None,
                None,
                region[0] if region else None,
                region[1] if region else None,
            ]
        )
    for letter, width in {"A": 26, "B": 48, "D": 12, "E": 14, "F": 16, "H": 14, "I": 28}.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _lists_sheet(
    sheet: Worksheet,
    leaves: Sequence[Category],
    units: Sequence[Unit],
    regions: Sequence[tuple[str, str]],
) -> dict[str, str]:
    """The dropdowns' names, one column per list; returns each list's range."""
    lists = {
        "category": [leaf.name for leaf in leaves],
        "unit": [unit.name for unit in units],
        "coverage": [ALL_AREAS_LABEL, *(name for _code, name in regions)],
    }
    ranges: dict[str, str] = {}
    for position, (key, names) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        sheet.cell(row=1, column=position, value=COLUMNS[INDEX[key]].header)
        for row, name in enumerate(names, start=2):
            sheet.cell(row=row, column=position, value=name)
        ranges[key] = f"{LISTS_SHEET_TITLE}!${letter}$2:${letter}${len(names) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _warning_dropdown(names: str, title: str, error: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=names,
        allow_blank=False,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=title,
        error=error,
    )


def _validations(ranges: dict[str, str]) -> list[DataValidation]:
    """Dropdowns by name. Category and unit warn (not refuse) on anything else,
    so a code typed or pasted in stays possible; the delivery area takes
    several names separated by commas, so it never complains."""
    category = _warning_dropdown(
        ranges["category"], "Kategori", "Pilih kategori dari daftar (lihat lembar Referensi)."
    )
    category.add(_column_range("category"))
    unit = _warning_dropdown(
        ranges["unit"], "Satuan", "Pilih satuan dari daftar: satuan yang dipakai kategori ini."
    )
    unit.add(_column_range("unit"))
    coverage = DataValidation(
        type="list",
        formula1=ranges["coverage"],
        allow_blank=True,
        showErrorMessage=False,
        showInputMessage=True,
        promptTitle="Wilayah pengiriman",
        prompt=(
            "Pilih satu kab/kota, atau ketik beberapa dipisah koma (Kabupaten Batang, "
            "Kota Pekalongan), atau 'Seluruh Jawa Tengah'. Kosong = kab/kota Anda sendiri."
        ),
    )
    coverage.add(_column_range("coverage"))
    price = DataValidation(
        showInputMessage=True,
        promptTitle="Harga",
        prompt="Rupiah bulat tanpa sen, termasuk pajak: 45000, 45.000 atau Rp 45.000.",
    )
    price.add(_column_range("price"))
    yes_no = DataValidation(type="list", formula1='"ya,tidak"', allow_blank=True)
    for key in ("made_to_order", "is_pdn"):
        yes_no.add(_column_range(key))
    return [category, unit, coverage, price, yes_no]


def template_build(
    *,
    category: Category,
    leaves: Sequence[Category],
    units: Sequence[Unit],
    regions: Sequence[tuple[str, str]],
    kab_kota_code: str = "33.25",
) -> bytes:
    """The template of `category` (a leaf with its units) as XLSX bytes.

    `leaves` are all leaf categories, `units` the category's units and `regions`
    (code, name) of every kab/kota, as listed on the reference sheet.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = DATA_SHEET_TITLE
    sheet.append(list(HEADERS))
    example = example_for(category.slug, [unit.code for unit in units])
    area = dict(regions).get(kab_kota_code, kab_kota_code)
    unit_names = {unit.code: unit.name for unit in units}
    sheet.append(_example_row(category, example, unit_names, area))
    _mark_example(sheet)

    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=position)
        header.font = HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"

    reference = workbook.create_sheet(REFERENCE_SHEET_TITLE)
    _reference_sheet(reference, leaves, units, regions)
    ranges = _lists_sheet(workbook.create_sheet(LISTS_SHEET_TITLE), leaves, units, regions)
    for validation in _validations(ranges):
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
