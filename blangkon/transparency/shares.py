"""Two figures of the public summary read from the rollups (docs/design/
transparency.md § 1): the share of the value in domestic products (PDN) and
how concentrated the value is among vendors. The caller passes the rollup rows
already filtered (selectors._totals), so both follow the dashboard's filters.

Vendors appear by the name their public storefront shows (the register's
rule: for a perorangan that is its business name, never the owner's KTP
name), INAPROC's by INAPROC's vendor code (its feed has no names).
"""

from typing import Any

from django.db import connection
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from blangkon.transparency.models import Channel
from blangkon.vendors.models import Vendor, VendorKind

# A market whose HHI (the sum of the squared percent shares, 0–10,000) is at
# least this is "highly concentrated", from 1,500 "moderately": the bands
# competition authorities use (the red flags' concentration indicator uses the
# same upper one).
HHI_HIGH = 2_500
HHI_MODERATE = 1_500
TOP_VENDORS = 10
# Jawa Tengah's target for the share of domestic products in its purchasing
# (2024, docs/domain/rules.md § 3; the national rule, Perpres 12/2021 Pasal
# 66, sets no percentage): shown beside the share, as the 40 % beside UMK's.
PDN_TARGET_PERCENT = 97


def percent(part: int, whole: int) -> float:
    # A share for display (one decimal), not money.
    return round(100 * part / whole, 1) if whole else 0.0


def kab_kota_sums(rows: QuerySet[Any], **sums: Any) -> QuerySet[Any]:
    """The rows' value (`v`) and `sums` per kab/kota that has some. INAPROC
    packages of an instansi outside this deployment have no kab/kota: they
    count in the totals and the months, not per kab/kota."""
    grouped = rows.filter(kab_kota__isnull=False).values("kab_kota_id")
    return grouped.annotate(v=Sum("value"), **sums).filter(v__gt=0)


def pdn_share(rows: QuerySet[Any], regions: dict[str, str]) -> dict[str, Any]:
    """The PDN part of the value, over Blangkon's orders only: INAPROC's
    packages carry no PDN information, so their value is "not known"
    (`unknown_value`), never counted as 0 % PDN. `percent` is None when no
    value under the filters has PDN information."""
    known = rows.filter(channel=Channel.BLANGKON)
    sums = known.aggregate(value=Sum("value", default=0), pdn=Sum("value_pdn", default=0))
    unknown = rows.exclude(channel=Channel.BLANGKON).aggregate(v=Sum("value", default=0))["v"]
    by_region = kab_kota_sums(known, pdn=Sum("value_pdn"))
    by_kab_kota = [
        {
            "code": s["kab_kota_id"],
            "name": regions[s["kab_kota_id"]],
            "value": s["v"],
            "value_pdn": s["pdn"],
            "percent": percent(s["pdn"], s["v"]),
        }
        for s in by_region
    ]
    return {
        "value": sums["pdn"],
        "known_value": sums["value"],
        "unknown_value": unknown,
        "percent": percent(sums["pdn"], sums["value"]) if sums["value"] else None,
        "target_percent": PDN_TARGET_PERCENT,
        # Lowest share first: where domestic products are used least.
        "by_kab_kota": sorted(by_kab_kota, key=lambda i: (i["percent"], -i["value"], i["code"])),
    }


def vendor_concentration(rows: QuerySet[Any]) -> dict[str, Any]:
    """Rows with `vendor_id`, `inaproc_vendor`, `orders` and `value` (the
    vendor totals, or an OPD's counted orders): the top vendors' shares, the
    HHI and the largest vendors."""
    grouped = rows.values("vendor_id", "inaproc_vendor").annotate(v=Sum("value"), n=Sum("orders"))
    vendors, total, hhi, top = _top_and_hhi(grouped.filter(v__gt=0))
    top_values = [row["v"] for row in top]
    return {
        "vendors": vendors,
        "value": total,
        "top1_percent": percent(sum(top_values[:1]), total),
        "top5_percent": percent(sum(top_values[:5]), total),
        "top10_percent": percent(sum(top_values[:10]), total),
        "hhi": hhi,
        "hhi_level": _hhi_level(hhi) if vendors else "",
        "top_vendors": _named(top, total),
    }


def _top_and_hhi(grouped: QuerySet[Any]) -> tuple[int, int, int, list[dict[str, Any]]]:
    """(vendors, value, HHI, the TOP_VENDORS largest) from one grouping of the
    rows, in the database: a province has thousands of vendors, and grouping
    twice (once for the HHI, once for the top) doubled the dashboard's
    largest cost."""
    inner, params = grouped.query.sql_with_params()
    # The ORM's own query and parameters, wrapped: no user text is formatted in.
    query = (
        "SELECT g.vendor_id, g.inaproc_vendor, g.v, g.n, count(*) OVER (),"  # noqa: S608
        " sum(g.v) OVER (), sum(g.v::numeric * g.v) OVER ()"
        f" FROM ({inner}) g ORDER BY g.v DESC, g.vendor_id, g.inaproc_vendor LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, TOP_VENDORS])
        rows = cursor.fetchall()
    if not rows:
        return 0, 0, 0, []
    count, total, squares = rows[0][4:]
    top = [
        {"vendor_id": r[0], "inaproc_vendor": r[1], "v": int(r[2]), "n": int(r[3])} for r in rows
    ]
    hhi = round(10_000 * squares / (total * total)) if total else 0
    return int(count), int(total), int(hhi), top


def _hhi_level(hhi: int) -> str:
    if hhi >= HHI_HIGH:
        return "high"
    return "moderate" if hhi >= HHI_MODERATE else "low"


def _named(top: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    ids = [row["vendor_id"] for row in top if row["vendor_id"] is not None]
    vendors = {
        v["id"]: v
        for v in Vendor.objects.filter(id__in=ids).values(
            "id", "kind", "organisation__name", "organisation__region__name"
        )
    }
    result = []
    for row in top:
        vendor = vendors.get(row["vendor_id"])
        result.append(
            {
                "id": vendor["id"] if vendor else None,
                "name": vendor["organisation__name"]
                if vendor
                else gettext("INAPROC vendor %(code)s") % {"code": row["inaproc_vendor"]},
                "kind": vendor["kind"] if vendor else "",
                "kind_label": str(VendorKind(vendor["kind"]).label) if vendor else "",
                "kab_kota": vendor["organisation__region__name"] if vendor else "",
                "channel": Channel.BLANGKON if vendor else Channel.INAPROC,
                "count": row["n"],
                "value": row["v"],
                "percent": percent(row["v"], total),
            }
        )
    return result
