"""A vendor's products as XLSX and CSV, in the template's columns (so an export
can be edited and uploaded again) plus the status and the product id.

Formula injection ("CSV injection"): a product name such as
`=HYPERLINK("http://x","klik")` or `=cmd|' /C calc'!A0` would run when the file
is opened in a spreadsheet. Every text cell that starts with = + - @ or a tab or
carriage return is neutralised: in CSV it gets a leading apostrophe (OWASP's
advice), in XLSX it is written with the string data type, which spreadsheets
never evaluate.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from blangkon.catalog.bulk.columns import (
    COLUMNS,
    DATA_SHEET_TITLE,
    HEADERS,
    PRODUCT_ID_HEADER,
    STATUS_HEADER,
)
from blangkon.catalog.models import Product

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML (and so XLSX) cannot hold; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_safe(value: object) -> object:
    """A CSV field that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A cell whose text is always text: a string starting with "=" is stored
    with the string data type, never as a formula."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return WriteOnlyCell(sheet, value=value)
    text = ILLEGAL_XML.sub("", str(value))[:32767]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _yes_no(value: bool) -> str:
    return "ya" if value else "tidak"


def product_row(product: Product) -> list[object]:
    """One product in the template's column order, then status and id."""
    specifications = "; ".join(f"{key}: {value}" for key, value in product.specifications.items())
    coverage = ", ".join(sorted(region.code for region in product.coverage.all()))
    return [
        product.sku,
        product.name,
        product.category.slug,
        product.unit_id,
        product.price,
        product.description,
        specifications,
        product.min_order_quantity,
        product.stock,
        _yes_no(product.made_to_order),
        product.lead_time_days,
        coverage,
        _yes_no(product.is_pdn),
        product.tkdn_percent,
        product.status,
        product.pk,
    ]


EXPORT_HEADERS: tuple[str, ...] = (*HEADERS, STATUS_HEADER, PRODUCT_ID_HEADER)


def export_xlsx(products: Iterable[Product]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.append(list(EXPORT_HEADERS))
    for product in products:
        sheet.append([xlsx_cell(sheet, value) for value in product_row(product)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(products: Iterable[Product]) -> Iterator[str]:
    """CSV lines, streamed; starts with a byte-order mark so Excel reads UTF-8."""
    writer: Any = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_HEADERS)
    for product in products:
        yield writer.writerow([csv_safe(value) for value in product_row(product)])
