"""The downloadable XLSX template of one leaf category.

Sheet "Produk": the header row (frozen), one realistic example row, dropdowns
(data validation) for the category, the unit and the ya/tidak columns, and
column widths. Sheet "Referensi": the leaf categories, this category's units and
the kab/kota codes the dropdowns and the coverage column use.
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
    HEADERS,
    INDEX,
    REFERENCE_SHEET_TITLE,
)
from blangkon.catalog.bulk.examples import Example, example_for
from blangkon.catalog.models import Category, Unit

# Rows that get the dropdowns: the data validation covers a fixed range.
VALIDATED_ROWS = 10_001
HEADER_FILL = PatternFill("solid", fgColor="1E5631")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _example_row(category: Category, example: Example, kab_kota_code: str) -> list[object]:
    made_to_order = example.stock is None
    return [
        "CONTOH-001",
        example.name,
        category.slug,
        example.unit,
        example.price,
        example.description,
        "; ".join(f"{key}: {value}" for key, value in example.specifications.items()),
        1,
        example.stock,
        "ya" if made_to_order else "tidak",
        example.lead_time_days,
        kab_kota_code,
        "ya" if example.tkdn_percent else "tidak",
        example.tkdn_percent,
    ]


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
    sheet.append(_example_row(category, example, kab_kota_code))

    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=position)
        header.font = HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"
    sheet.cell(row=2, column=1).comment = Comment(
        "Contoh: ganti atau hapus baris ini. Satu baris = satu produk; SKU yang sudah ada "
        "akan diperbarui.",
        "Blangkon",
    )

    reference = workbook.create_sheet(REFERENCE_SHEET_TITLE)
    _reference_sheet(reference, leaves, units, regions)

    categories = DataValidation(
        type="list",
        formula1=f"={REFERENCE_SHEET_TITLE}!$A$2:$A${len(leaves) + 1}",
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Kategori",
        error="Pilih kategori dari daftar (lembar Referensi).",
    )
    categories.add(_column_range("category"))
    unit_list = ",".join(unit.code for unit in units)
    unit_validation = DataValidation(
        type="list",
        formula1=f'"{unit_list}"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Satuan",
        error="Pilih satuan dari daftar untuk kategori ini.",
    )
    unit_validation.add(_column_range("unit"))
    yes_no = DataValidation(type="list", formula1='"ya,tidak"', allow_blank=True)
    for key in ("made_to_order", "is_pdn"):
        yes_no.add(_column_range(key))
    whole = DataValidation(
        type="whole",
        operator="greaterThan",
        formula1="0",
        showErrorMessage=True,
        errorTitle="Harga",
        error="Harga dalam rupiah bulat, lebih dari 0, tanpa desimal.",
    )
    whole.add(_column_range("price"))
    for validation in (categories, unit_validation, yes_no, whole):
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
