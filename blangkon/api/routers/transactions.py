"""GET /transactions: the public register of transactions (no login), the
same selector as the page /transparansi/transaksi/. Paged by a cursor (the
`next` and `previous` links), never by an offset, so the millionth row costs
what the first does. Bad or unknown query fields are 400 naming the field."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Router, Schema

from blangkon.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from blangkon.transparency.register import (
    COUNT_CAP,
    register_categories,
    register_count,
    register_page,
)
from blangkon.transparency.register_files import LICENCE, LICENCE_URL, json_row
from blangkon.transparency.register_params import (
    FIRST_YEAR,
    LAST_YEAR,
    Q_MAX_LENGTH,
    REGISTER_STATUSES,
    SORTS,
    VALUE_MAX,
    cursor_token,
    parse_register_params,
)
from blangkon.transparency.selectors import stats_reference

router = Router(tags=["statistics"])


class OpdOut(Schema):
    id: int
    name: str


class VendorOut(Schema):
    id: int = Field(description="The vendor's public storefront id.")
    name: str = Field(description="The business name, as on the public storefront.")
    kind: str = Field(description="perorangan or badan_usaha")
    kind_label: str
    scale: str = Field(description="mikro, kecil, menengah, or empty when not declared")
    scale_label: str
    kab_kota: str


class ItemOut(Schema):
    product: str
    quantity: int
    accepted_quantity: int | None = Field(description="Accepted at the inspection; null before.")
    unit: str
    unit_price: int = Field(description="Whole rupiah, tax included.")


class TransactionOut(Schema):
    number: str = Field(description="The order's public number, BLK/<year>/<number>.")
    signed_on: datetime.date = Field(description="The day the PPK signed (Asia/Jakarta).")
    opd: OpdOut
    kab_kota: str = Field(description="The OPD's kabupaten/kota.")
    vendor: VendorOut
    category: str = Field(description="The category with the largest share of the value.")
    items: list[ItemOut]
    total: int = Field(description="payable_total: whole rupiah, tax and delivery included.")
    status: str
    status_label: str
    days_from_bast_to_payment: int | None


class TransactionsOut(Schema):
    count: int = Field(description=f"Rows under the filters, counted up to {COUNT_CAP:,}.")
    count_capped: bool = Field(description=f"True when there are more than {COUNT_CAP:,}.")
    next: str | None = Field(description="The next page's URL; null on the last.")
    previous: str | None = Field(description="The previous page's URL; null on the first.")
    license: str
    license_url: str
    results: list[TransactionOut]


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "in": "query",
        "name": name,
        "required": False,
        "description": description,
        "schema": schema,
    }


PARAMETERS = [
    _query("q", "Text in the order number, the vendor's or OPD's name or an item's name.",
           {"type": "string", "maxLength": Q_MAX_LENGTH}),
    _query("year", "Fiscal year of the PPK's signature.",
           {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}),
    _query("date_from", "Signed on or after (YYYY-MM-DD, Asia/Jakarta).",
           {"type": "string", "format": "date"}),
    _query("date_to", "Signed on or before (YYYY-MM-DD).", {"type": "string", "format": "date"}),
    _query("kab_kota", "The OPD's region code (GET /regions).", {"type": "string"}),
    _query("opd", "The OPD's id (opd.id of a row).", {"type": "integer", "minimum": 1}),
    _query("category", "A category slug (GET /categories): orders with an item in it.",
           {"type": "string"}),
    _query("vendor", "The vendor's id (vendor.id of a row).", {"type": "integer", "minimum": 1}),
    _query("status", "The order's status now.",
           {"type": "string", "enum": list(REGISTER_STATUSES)}),
    _query("min_value", "Lowest value, whole rupiah.",
           {"type": "integer", "minimum": 0, "maximum": VALUE_MAX}),
    _query("max_value", "Highest value, whole rupiah.",
           {"type": "integer", "minimum": 0, "maximum": VALUE_MAX}),
    _query("sort", "date or value, ascending; -date (default) or -value, descending.",
           {"type": "string", "enum": list(SORTS), "default": "-date"}),
    _query("limit", f"Rows per page, 1 to {MAX_LIMIT}.",
           {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
    _query("cursor", "Where a page starts: take it from a next or previous link.",
           {"type": "string"}),
]  # fmt: skip


@router.get(
    "/transactions",
    response=TransactionsOut,
    auth=None,
    summary="Public register of transactions",
    openapi_extra={"parameters": PARAMETERS},
)
def transactions_list(request: HttpRequest) -> dict[str, Any]:
    """Every order from the moment the PPK signed it, newest first by default,
    with its status now (an order cancelled after the signature stays, with
    that status). No personal data: vendors by business name, kind, scale and
    kab/kota; no official's name. Licensed CC BY 4.0."""
    ref = stats_reference()
    params = parse_register_params(
        request.GET, regions=ref.regions, categories=register_categories()
    )
    page = register_page(params)
    count, capped = register_count(params)
    base = {**params.query(), "limit": str(params.limit)}

    def link(cursor: Any) -> str | None:
        if cursor is None:
            return None
        query = urlencode({**base, "cursor": cursor_token(cursor)})
        return request.build_absolute_uri(f"{request.path}?{query}")

    return {
        "count": count,
        "count_capped": capped,
        "next": link(page.next),
        "previous": link(page.previous),
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "results": [json_row(row) for row in page.rows],
    }
