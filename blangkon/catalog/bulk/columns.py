"""The spreadsheet layout: one list of columns shared by the template, the
importer, the error report and the export.

The headers are Indonesian and fixed (not translated with the interface): a file
downloaded in English must still upload for a colleague who uses Indonesian.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # a ProductInput field name (or close to it)
    header: str
    width: int  # characters, for the template and the exports
    # Headers of earlier templates, still accepted on upload.
    former_headers: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("sku", "SKU", 16),
    Column("name", "Nama produk", 36),
    Column("category", "Kategori", 24),
    Column("unit", "Satuan", 12),
    Column("price", "Harga per satuan (termasuk pajak)", 20),
    Column("description", "Deskripsi", 40),
    Column("specifications", "Spesifikasi (kunci: nilai; …)", 40),
    Column("min_order_quantity", "Minimal pesan", 10),
    Column("stock", "Stok", 10),
    Column("made_to_order", "Dibuat sesuai pesanan (ya/tidak)", 14),
    Column("lead_time_days", "Lama pengerjaan (hari)", 12),
    Column(
        "coverage",
        "Wilayah pengiriman (kab/kota, pisahkan dengan koma)",
        32,
        former_headers=("Wilayah pengiriman (kode kab/kota, koma)",),
    ),
    Column("is_pdn", "PDN (ya/tidak)", 10),
    Column("tkdn_percent", "TKDN %", 10),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
COLUMN_COUNT = len(COLUMNS)
INDEX: dict[str, int] = {column.key: position for position, column in enumerate(COLUMNS)}

# Added after the template's columns by the error report; the importer reads
# only the first COLUMN_COUNT columns, so a corrected report can be uploaded again.
ERROR_HEADER = "Kesalahan"
ROW_NUMBER_HEADER = "Baris"
# Added by the export (read-only information, ignored on upload).
STATUS_HEADER = "Status"
PRODUCT_ID_HEADER = "ID produk"

DATA_SHEET_TITLE = "Produk"
REFERENCE_SHEET_TITLE = "Referensi"
# Hidden: the names the template's dropdowns offer, one list per column.
LISTS_SHEET_TITLE = "Daftar"

# The template's example row carries this SKU, and a row whose SKU starts with
# "CONTOH" (Indonesian for "example") is never imported, even when the vendor
# leaves it in or copies it: it is the template's, not a product.
EXAMPLE_SKU = "CONTOH-001"
_EXAMPLE_SKU = re.compile(r"contoh(?:[\W_].*)?", re.IGNORECASE | re.DOTALL)


def is_example_sku(value: object) -> bool:
    return _EXAMPLE_SKU.fullmatch(str(value or "").strip()) is not None


# How the ProductInput field names in a service's DomainError map to columns.
FIELD_TO_KEY: dict[str, str] = {
    "category_slug": "category",
    "unit_code": "unit",
    "coverage_codes": "coverage",
    "min_order": "min_order_quantity",
    "lead_time": "lead_time_days",
    "tkdn": "tkdn_percent",
}


def header_for_field(field: str) -> str:
    """The column header a service's field error belongs to (the field itself
    when it has no column, e.g. a rule about the vendor)."""
    key = FIELD_TO_KEY.get(field, field)
    if key in INDEX:
        return COLUMNS[INDEX[key]].header
    return field


def normalise_header(value: object) -> str:
    return " ".join(str(value or "").split()).casefold()


def header_matches(column: Column, value: object) -> bool:
    found = normalise_header(value)
    return any(
        found == normalise_header(header) for header in (column.header, *column.former_headers)
    )


def ordered_errors(errors: dict[str, str]) -> list[tuple[str, str]]:
    """A row's problems in the order of the columns (a problem of the whole row,
    under "", first): stored as JSON, their order is not kept."""
    position = {column.header: index for index, column in enumerate(COLUMNS)}
    return sorted(errors.items(), key=lambda item: position.get(item[0], -1 if not item[0] else 99))
