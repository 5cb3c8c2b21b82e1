"""GET /stats/summary: the public statistics (no login), the same selector as
the dashboard /transparansi/. Bad filter values are 400 naming the field."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from blangkon.transparency.params import CHANNELS, FIRST_YEAR, LAST_YEAR, parse_stats_params
from blangkon.transparency.selectors import stats_reference, stats_summary

router = Router(tags=["statistics"])


class FiltersOut(Schema):
    channel: str
    year: int | None
    kab_kota: str


class VendorsOut(Schema):
    total: int = Field(description="Registered vendors, in any verification state.")
    perorangan: int
    badan_usaha: int
    mikro: int
    kecil: int
    menengah: int
    verified: int = Field(description="Verified: may sell today.")
    trained: int = Field(description="Attended at least one training.")


class ProductsOut(Schema):
    tayang: int = Field(description="Live products (tayang, of a vendor that may sell).")


class RegionsOut(Schema):
    total: int = Field(description="Kabupaten/kota of the province.")
    joined: int
    transacting: int = Field(description="With at least one transaction under the filters.")


class SumOut(Schema):
    count: int
    value: int = Field(description="Whole rupiah.")


class YearSumOut(SumOut):
    year: int


class MicroSmallOut(Schema):
    value: int
    percent: float
    target_percent: int


class CategoryValueOut(Schema):
    category: str
    slug: str
    value: int


class KabKotaValueOut(Schema):
    code: str
    name: str
    value: int
    count: int


class OpdValueOut(Schema):
    opd: str
    kab_kota: str
    value: int
    count: int


class MonthValueOut(Schema):
    month: str = Field(description="YYYY-MM")
    value: int
    count: int


class PaymentDaysOut(Schema):
    opd: str
    kab_kota: str
    payments: int
    median_days: float


class PdnKabKotaOut(Schema):
    code: str
    name: str
    value: int = Field(description="Blangkon's value in the kab/kota, whole rupiah.")
    value_pdn: int = Field(description="Of it, the order lines of domestic products.")
    percent: float


class PdnOut(Schema):
    value: int = Field(
        description="The value of the order lines of domestic products (PDN, as the "
        "product said when ordered), whole rupiah; delivery costs are no product."
    )
    known_value: int = Field(description="The value with PDN information: Blangkon's.")
    unknown_value: int = Field(
        description="INAPROC's value: its packages carry no PDN information."
    )
    percent: float | None = Field(
        description="value / known_value in percent; null when no value has PDN information."
    )
    target_percent: int = Field(description="Jawa Tengah's target for the share (2024).")
    by_kab_kota: list[PdnKabKotaOut] = Field(description="Lowest share first.")


class TopVendorOut(Schema):
    id: int | None = Field(description="The vendor's public storefront id; null for INAPROC.")
    name: str = Field(
        description="As the public storefront shows it; INAPROC's by their INAPROC code."
    )
    kind: str
    kind_label: str
    kab_kota: str = Field(description="The vendor's kab/kota.")
    channel: str
    count: int
    value: int
    percent: float


class ConcentrationOut(Schema):
    vendors: int = Field(description="Vendors with a transaction under the filters.")
    value: int
    top1_percent: float
    top5_percent: float
    top10_percent: float
    hhi: int = Field(
        description="Herfindahl-Hirschman index: the sum of the squared percent shares of "
        "the vendors (0 to 10,000); from 2,500 highly concentrated."
    )
    hhi_level: str = Field(description="high, moderate (from 1,500), low; empty: no vendor.")
    top_vendors: list[TopVendorOut] = Field(description="The 10 largest, largest first.")


class SummaryOut(Schema):
    filters: FiltersOut
    as_of: datetime.datetime
    vendors: VendorsOut
    products: ProductsOut
    regions: RegionsOut
    transactions: SumOut
    fiscal_year_to_date: YearSumOut
    average_order_value: int
    micro_small: MicroSmallOut
    by_category: list[CategoryValueOut]
    by_kab_kota: list[KabKotaValueOut]
    by_opd: list[OpdValueOut]
    by_month: list[MonthValueOut]
    payment_days_by_opd: list[PaymentDaysOut]
    pdn: PdnOut
    concentration: ConcentrationOut


PARAMETERS = [
    {
        "in": "query",
        "name": "channel",
        "required": False,
        "description": "blangkon (default): Blangkon's own orders; inaproc: purchases "
        "imported from INAPROC (LKPP open data); all: both.",
        "schema": {"type": "string", "enum": list(CHANNELS), "default": "blangkon"},
    },
    {
        "in": "query",
        "name": "year",
        "required": False,
        "description": "Fiscal year (the calendar year) of the PPK's signature; all time "
        "when absent.",
        "schema": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    },
    {
        "in": "query",
        "name": "kab_kota",
        "required": False,
        "description": "A region code (GET /regions): that kab/kota's OPDs and vendors.",
        "schema": {"type": "string"},
    },
]


@router.get(
    "/stats/summary",
    response=SummaryOut,
    auth=None,
    summary="Public statistics",
    openapi_extra={"parameters": PARAMETERS},
)
def stats_summary_get(request: HttpRequest) -> dict[str, Any]:
    """Vendors, live products, kab/kota joined and transacting, and the
    transactions (orders the PPK signed that were not cancelled) with their
    value in whole rupiah by category, kab/kota, OPD and month; the share of
    micro and small vendors against the national 40 % target; the median days
    from the BAST to the payment per OPD; the share of domestic products (PDN)
    and the vendor concentration (top vendors' shares, HHI)."""
    ref = stats_reference()
    params = parse_stats_params(request.GET, regions=ref.regions)
    return stats_summary(params=params, ref=ref)
