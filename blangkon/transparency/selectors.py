"""The public statistics (docs/design/transparency.md): the summary the API
and the dashboard both show.

Transactions come from the rollups of the running totals (MonthlyTotals,
CategoryTotals, OpdTotals, PaymentDays: their size grows with the years,
kab/kota and categories, never with the orders), never the orders; vendors and
products are counted directly (the state now, whatever the year or channel).
Nothing personal is read: OPDs and kab/kota by name, vendors only as counts.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import CharField, Count, DateField, Min, Model, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from blangkon.accounts.models import Organisation
from blangkon.accounts.roles import OrganisationKind
from blangkon.catalog.models import Category
from blangkon.regions.models import Region, RegionKind
from blangkon.search.selectors import live_product_count
from blangkon.transparency.models import (
    CategoryTotals,
    CountedOrder,
    DailyTotals,
    MonthlyTotals,
    OpdTotals,
    VendorTotals,
    VendorYearTotals,
)
from blangkon.transparency.params import StatsParams
from blangkon.transparency.shares import (
    kab_kota_sums,
    pdn_share,
    percent,
    vendor_concentration,
)
from blangkon.vendors.models import TrainingEvent, UmkmScale, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus

# The national target: 40 % of government purchasing goes to micro and small
# enterprises and cooperatives (PP 7/2021, Pasal 53; Perpres 12/2021).
UMKM_TARGET_PERCENT = 40
MICRO_SMALL = (UmkmScale.MIKRO, UmkmScale.KECIL)
RANKING_SIZE = 10


@dataclass(frozen=True)
class StatsReference:
    regions: dict[str, str]  # code -> name: the kab/kota and the province (its own OPDs)
    kab_kota_count: int


def stats_reference() -> StatsReference:
    regions = Region.objects.filter(Q(kind=RegionKind.PROVINSI) | Q(parent__isnull=False))
    names = dict(regions.order_by("code").values_list("code", "name"))
    kab_kota = Region.objects.exclude(kind=RegionKind.PROVINSI).count()
    return StatsReference(regions=names, kab_kota_count=kab_kota)


def _totals(model: type[Model], params: StatsParams, *, year: int | None = None) -> QuerySet[Any]:
    """The rollup's rows under the filters (MonthlyTotals by its months, the
    others by their fiscal year). An OPD's dashboard reads the running totals
    themselves, which the rollups do not break down by OPD: one OPD's daily
    rows are few, and they carry the same columns (`month` annotated)."""
    if params.opd_id is not None:
        rows: QuerySet[Any] = DailyTotals.objects.filter(opd_id=params.opd_id).annotate(
            month=TruncMonth("day", output_field=DateField())
        )
        period = "day"
    else:
        rows = model._default_manager.all()
        period = "month" if model is MonthlyTotals else "year"
    if params.channel != "all":
        rows = rows.filter(channel=params.channel)
    if year := year or params.year:
        if period == "year":
            rows = rows.filter(year=year)
        else:
            first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
            rows = rows.filter(**{f"{period}__gte": first, f"{period}__lt": after})
    if params.kab_kota:
        rows = rows.filter(kab_kota_id=params.kab_kota)
    return rows


def _sums(rows: QuerySet[Any]) -> dict[str, int]:
    sums = rows.aggregate(count=Sum("orders", default=0), value=Sum("value", default=0))
    return {"count": sums["count"], "value": sums["value"]}


def stats_summary(*, params: StatsParams, ref: StatsReference) -> dict[str, Any]:
    """Everything the dashboard shows, as plain JSON-ready values (whole rupiah)."""
    rows = _totals(MonthlyTotals, params)
    transactions = _sums(rows)
    this_year = timezone.localdate().year
    micro_small = rows.filter(vendor_scale__in=MICRO_SMALL).aggregate(v=Sum("value", default=0))
    return {
        "filters": {"channel": params.channel, "year": params.year, "kab_kota": params.kab_kota},
        "as_of": timezone.now(),
        "vendors": _vendors(params),
        "products": {"tayang": _products_live(params)},
        "regions": _regions(rows, ref),
        "transactions": transactions,
        "fiscal_year_to_date": {
            "year": this_year,
            **_sums(_totals(MonthlyTotals, params, year=this_year)),
        },
        "average_order_value": (
            transactions["value"] // transactions["count"] if transactions["count"] else 0
        ),
        "micro_small": {
            "value": micro_small["v"],
            "percent": percent(micro_small["v"], transactions["value"]),
            "target_percent": UMKM_TARGET_PERCENT,
        },
        "by_category": _by_category(_totals(CategoryTotals, params)),
        "by_kab_kota": _by_kab_kota(rows, ref),
        "by_opd": _by_opd(_totals(OpdTotals, params), ref),
        "by_month": _by_month(rows),
        "payment_days_by_opd": _payment_days(params, ref),
        "pdn": pdn_share(rows, ref.regions),
        "concentration": vendor_concentration(_vendor_rows(params)),
    }


def _vendor_rows(params: StatsParams) -> QuerySet[Any]:
    """The vendor totals under the filters (VendorYearTotals when no kab/kota
    is chosen: a row per year and vendor, not per kab/kota too); for an OPD's
    dashboard, its counted orders (the totals do not break down by OPD; one
    OPD's orders are few)."""
    if params.opd_id is None:
        return _totals(VendorTotals if params.kab_kota else VendorYearTotals, params)
    rows = CountedOrder.objects.filter(opd_id=params.opd_id).annotate(
        orders=Value(1), inaproc_vendor=Value("", output_field=CharField())
    )
    if params.channel != "all":
        rows = rows.filter(channel=params.channel)
    if params.year:
        rows = rows.filter(day__year=params.year)
    if params.kab_kota:
        rows = rows.filter(kab_kota_id=params.kab_kota)
    return rows


def _vendors(params: StatsParams) -> dict[str, int]:
    """Registered vendors (any verification state), as the province reports
    them; `verified` may sell today, `trained` attended a training."""
    vendors = Vendor.objects.all()
    attendances = TrainingEvent.attendees.through.objects.all()
    if params.kab_kota:
        vendors = vendors.filter(organisation__region_id=params.kab_kota)
        attendances = attendances.filter(vendor__organisation__region_id=params.kab_kota)
    counts = vendors.aggregate(
        total=Count("id"),
        perorangan=Count("id", filter=Q(kind=VendorKind.PERORANGAN)),
        badan_usaha=Count("id", filter=Q(kind=VendorKind.BADAN_USAHA)),
        mikro=Count("id", filter=Q(scale=UmkmScale.MIKRO)),
        kecil=Count("id", filter=Q(scale=UmkmScale.KECIL)),
        menengah=Count("id", filter=Q(scale=UmkmScale.MENENGAH)),
        verified=Count("id", filter=Q(status=VendorStatus.VERIFIED)),
    )
    # Counted from the attendances, not by a subquery per vendor (a quarter
    # of the unfiltered summary's time at 10,000 vendors).
    counts["trained"] = attendances.values("vendor_id").distinct().count()
    return dict(counts)


def _products_live(params: StatsParams) -> int:
    # From the search index's counts, kept by its triggers: counting the
    # products themselves took 200 ms at 300,000 of them (docs/performance.md).
    return live_product_count(params.kab_kota)


def _regions(rows: QuerySet[Any], ref: StatsReference) -> dict[str, int]:
    joined = Organisation.objects.filter(
        kind=OrganisationKind.PEMDA, joined_on__isnull=False, region__parent__isnull=False
    ).count()
    transacting = (
        rows.filter(kab_kota__parent__isnull=False).values("kab_kota_id").distinct().count()
    )
    return {"total": ref.kab_kota_count, "joined": joined, "transacting": transacting}


def _by_category(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    """The value per category; INAPROC packages have none and make one bucket
    of their own (slug ""), so the categories still add up to the total."""
    sums = rows.values("category_id").annotate(v=Sum("value")).filter(v__gt=0)
    names: dict[int | None, str] = dict(Category.objects.values_list("id", "name"))
    names[None] = gettext("Uncategorised (INAPROC)")
    slugs: dict[int | None, str] = dict(Category.objects.values_list("id", "slug"))
    slugs[None] = ""
    result = [
        {"category": names[s["category_id"]], "slug": slugs[s["category_id"]], "value": s["v"]}
        for s in sums
    ]
    return sorted(result, key=lambda item: (-item["value"], item["category"]))


def _by_kab_kota(rows: QuerySet[Any], ref: StatsReference) -> list[dict[str, Any]]:
    sums = kab_kota_sums(rows, n=Sum("orders"))
    result = [
        {
            "code": s["kab_kota_id"],
            "name": ref.regions[s["kab_kota_id"]],
            "value": s["v"],
            "count": s["n"],
        }
        for s in sums
    ]
    return sorted(result, key=lambda item: (-item["value"], item["code"]))


def _by_opd(rows: QuerySet[Any], ref: StatsReference) -> list[dict[str, Any]]:
    """The OPDs that bought most, largest first (the top RANKING_SIZE)."""
    sums = (
        rows.filter(opd__isnull=False)
        .values("opd_id", "opd__name", "kab_kota_id")
        .annotate(v=Sum("value"), n=Sum("orders"))
        .filter(v__gt=0)
        .order_by("-v", "opd_id")[:RANKING_SIZE]
    )
    return [
        {
            "opd": s["opd__name"],
            "kab_kota": ref.regions[s["kab_kota_id"]],
            "value": s["v"],
            "count": s["n"],
        }
        for s in sums
    ]


def _by_month(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    sums = (
        rows.values("month")
        .annotate(v=Sum("value"), n=Sum("orders"))
        .filter(v__gt=0)
        .order_by("month")
    )
    return [{"month": s["month"].strftime("%Y-%m"), "value": s["v"], "count": s["n"]} for s in sums]


# The median of each OPD's payments from their histogram (PaymentDays), as
# percentile_cont(0.5) takes it: the mean of the two middle values (one when
# the count is odd), found by the running count per OPD.
_PAYMENT_DAYS = """
WITH h AS (
  SELECT opd_id, days, sum(payments)::bigint AS n FROM transparency_paymentdays
  WHERE year >= %s AND year <= %s AND (%s = '' OR kab_kota_id = %s)
    AND (%s::bigint IS NULL OR opd_id = %s)
  GROUP BY opd_id, days
), c AS (
  SELECT opd_id, days, (sum(n) OVER (PARTITION BY opd_id ORDER BY days))::bigint AS upto,
         (sum(n) OVER (PARTITION BY opd_id))::bigint AS total
  FROM h
), m AS (
  -- The middle positions, 1-based: floor((total - 1) / 2) + 1 and
  -- ceil((total - 1) / 2) + 1, in integers (numeric made this a third slower).
  SELECT opd_id, max(total) AS total,
         min(days) FILTER (WHERE upto >= (total - 1) / 2 + 1) AS low,
         min(days) FILTER (WHERE upto >= total / 2 + 1) AS high
  FROM c GROUP BY opd_id
)
SELECT m.opd_id, opd.name, opd.region_id, m.total, (m.low + m.high) / 2.0
FROM m JOIN accounts_organisation opd ON opd.id = m.opd_id
ORDER BY 5, 2
"""


def _payment_days(params: StatsParams, ref: StatsReference) -> list[dict[str, Any]]:
    """Median days from the BAST to the payment, per OPD (fastest first):
    Blangkon's own payments, by the year they were paid."""
    if params.channel == "inaproc":
        return []
    first, last = (params.year, params.year) if params.year else (0, 9999)
    with connection.cursor() as cursor:
        cursor.execute(
            _PAYMENT_DAYS,
            [first, last, params.kab_kota, params.kab_kota, params.opd_id, params.opd_id],
        )
        rows = cursor.fetchall()
    return [
        {
            "opd": name,
            "kab_kota": ref.regions.get(region, ""),
            "payments": int(count),
            "median_days": float(median),
        }
        for _opd, name, region, count, median in rows
    ]


def stats_years() -> list[int]:
    """The fiscal years with transactions, and this one; newest first."""
    days = MonthlyTotals.objects.aggregate(first=Min("month"))
    this_year = timezone.localdate().year
    first = days["first"].year if days["first"] else this_year
    return list(range(this_year, first - 1, -1))


def joined_kab_kota_codes() -> set[str]:
    """The kab/kota whose pemda joined Blangkon."""
    return set(
        Organisation.objects.filter(
            kind=OrganisationKind.PEMDA, joined_on__isnull=False, region__parent__isnull=False
        ).values_list("region_id", flat=True)
    )
