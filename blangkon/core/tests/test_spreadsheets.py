"""XLSX files get a sheet title a spreadsheet accepts, whatever the table is called."""

import io

import openpyxl

from blangkon.core.spreadsheets import xlsx_bytes


def test_a_title_with_a_slash_names_the_sheet_with_a_dash() -> None:
    content = xlsx_bytes(
        title="Nilai per kabupaten/kota [2026]: semua?",
        widths=[30, 12],
        headers=["Kabupaten/kota", "Nilai"],
        rows=[["Kabupaten Batang", 170_000]],
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Nilai per kabupaten-kota -2026-"]
    assert [c.value for c in workbook.active["A"]] == ["Kabupaten/kota", "Kabupaten Batang"]
