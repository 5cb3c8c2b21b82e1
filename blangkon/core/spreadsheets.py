"""Spreadsheets people download (a vendor's products, the audit log): CSV
streamed line by line and XLSX built in memory, both safe to open.

Formula injection ("CSV injection"): a text such as `=HYPERLINK("http://x","klik")`
or `=cmd|' /C calc'!A0` would run when the file is opened in a spreadsheet.
Every text cell that starts with = + - @ or a tab or carriage return is
neutralised: in CSV it gets a leading apostrophe (OWASP's advice), in XLSX it
is written with the string data type, which spreadsheets never evaluate.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML (and so XLSX) cannot hold; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
XLSX_SHEET_TITLE_MAX = 31
# Characters a sheet's title may not hold ("Nilai per kab/kota" would be refused).
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")

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


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can
    feed a streaming response instead of a buffer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """CSV lines, streamed; a byte-order mark first so Excel reads UTF-8."""
    writer: Any = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([csv_safe(value) for value in row])


def xlsx_bytes(
    *,
    title: str,
    widths: Sequence[float],
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> bytes:
    """One sheet with a frozen header row and the given column widths."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", title)[:XLSX_SHEET_TITLE_MAX])
    sheet.freeze_panes = "A2"
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.append(list(headers))
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
