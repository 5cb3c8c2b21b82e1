"""A vendor's products as XLSX and CSV, in the template's columns (so an export
can be edited and uploaded again) plus the status and the product id. Cells
are written by `core.spreadsheets`, which neutralises formulas.
"""

from collections.abc import Iterable, Iterator

from blangkon.catalog.bulk.columns import (
    COLUMNS,
    DATA_SHEET_TITLE,
    HEADERS,
    PRODUCT_ID_HEADER,
    STATUS_HEADER,
)
from blangkon.catalog.models import Product
from blangkon.core.spreadsheets import csv_lines, xlsx_bytes


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
    return xlsx_bytes(
        title=DATA_SHEET_TITLE,
        widths=[column.width for column in COLUMNS],
        headers=EXPORT_HEADERS,
        rows=(product_row(product) for product in products),
    )


def export_csv(products: Iterable[Product]) -> Iterator[str]:
    """CSV lines, streamed."""
    return csv_lines(EXPORT_HEADERS, (product_row(product) for product in products))
