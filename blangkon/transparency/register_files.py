"""The register's rows as files: CSV and XLSX (one line per order, the items
in one cell) and JSON (the items as a list), for the page's downloads and the
open-data files. Every writer takes rows one at a time, so memory stays
constant however many there are: CSV as lines, JSON as one object per row,
XLSX through openpyxl's write-only mode (it keeps rows in a temporary file).

Text is made safe to open (core.spreadsheets: no cell runs as a formula).
"""

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from blangkon.core.spreadsheets import csv_lines, xlsx_cell

# The sheet limit of Excel is 1,048,576 rows; a file with more rows
# continues on a second sheet, so the bulk file of a large year still opens.
XLSX_ROWS_PER_SHEET = 1_000_000
# A download from the page (not the bulk files) stops here: one request
# builds it, and past this the open-data files are the way.
XLSX_DOWNLOAD_CAP = 100_000
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def columns() -> list[str]:
    return [
        _("Order number"),
        _("Date signed"),
        _("OPD"),
        _("Kabupaten/kota"),
        _("Vendor"),
        _("Vendor kind"),
        _("Vendor scale"),
        _("Vendor kabupaten/kota"),
        _("Category"),
        _("Items"),
        _("Value (Rp)"),
        _("Status"),
        _("Days from BAST to payment"),
    ]


def items_text(row: dict[str, Any]) -> str:
    """The items in one cell: "Ballpoint 4 pcs × 25000; Nasi kotak 2 box × 35000"."""
    return "; ".join(
        f"{item['product']} {item['quantity']} {item['unit']} × {item['unit_price']}"
        for item in row["items"]
    )


def flat(row: dict[str, Any]) -> list[Any]:
    return [
        row["number"],
        row["signed_on"].isoformat(),
        row["opd"]["name"],
        row["kab_kota"],
        row["vendor"]["name"],
        row["vendor"]["kind_label"],
        row["vendor"]["scale_label"],
        row["vendor"]["kab_kota"],
        row["category"],
        items_text(row),
        row["total"],
        row["status_label"],
        row["days_from_bast_to_payment"],
    ]


def csv_stream(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    return csv_lines(columns(), (flat(row) for row in rows))


def xlsx_write(target: IO[bytes], rows: Iterable[dict[str, Any]], *, cap: int | None = None) -> int:
    """Write the rows (at most `cap`) as XLSX; how many were written."""
    workbook = Workbook(write_only=True)
    headers = columns()
    widths = [16, 12, 36, 22, 32, 18, 12, 22, 24, 60, 14, 20, 10]
    written = 0
    sheet = None
    for row in rows:
        if cap is not None and written >= cap:
            break
        if written % XLSX_ROWS_PER_SHEET == 0:
            sheet = workbook.create_sheet(
                _("Transactions")[:24] + f" {written // XLSX_ROWS_PER_SHEET + 1}"
            )
            sheet.freeze_panes = "A2"
            for position, width in enumerate(widths):
                sheet.column_dimensions[chr(ord("A") + position)].width = width
            sheet.append(headers)
        assert sheet is not None
        sheet.append([xlsx_cell(sheet, value) for value in flat(row)])
        written += 1
    if sheet is None:
        sheet = workbook.create_sheet(_("Transactions"))
        sheet.append(headers)
    workbook.save(target)
    return written


def json_row(row: dict[str, Any]) -> dict[str, Any]:
    """The row as published: its internal id is left out (the number is public)."""
    return {
        **{k: v for k, v in row.items() if k != "id"},
        "signed_on": row["signed_on"].isoformat(),
    }


def json_chunks(rows: Iterable[dict[str, Any]], *, header: dict[str, Any]) -> Iterator[str]:
    """A JSON document {…header, "license": …, "transactions": [row, …]}, as
    text chunks: the header's fields, then one row at a time."""
    head = {**header, "license": LICENCE, "license_url": LICENCE_URL}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "transactions": ['
    for position, row in enumerate(rows):
        yield ("," if position else "") + "\n" + json.dumps(json_row(row), ensure_ascii=False)
    yield "\n]}\n"
