# ruff: noqa: S608  (SQL built from this module's and its imports' constants; values are parameters)
"""The detectors: each finds one kind of red flag in set-based SQL and returns
its findings; `refresh.py` writes them. Definitions, thresholds and their
basis: docs/design/transparency.md § Red flags.

The purchases of both channels are read as one set (`PURCHASES`): Blangkon's
counted orders (signed by the PPK and not ended without delivery, as the
public statistics count them) and the imported INAPROC packages. A purchase's
day is the day the PPK signed (Asia/Jakarta) or INAPROC's tgl_order; the
ceiling-based kinds judge the total as signed (the figure the ceiling was
checked against), the concentration the value as counted (`payable_total`).
The procurement rules in force on each purchase's day decide the ceiling,
the splitting window and the near-ceiling band.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection

from blangkon.accounts.roles import Role
from blangkon.catalog.live import live_sql
from blangkon.catalog.status import ProductStatus
from blangkon.core.masking import masked
from blangkon.orders.status import SIGNED
from blangkon.procurement.models import ProcurementRule
from blangkon.procurement.selectors import near_ceiling_sql, rule_in_force_sql
from blangkon.red_flags.models import FlagChannel, FlagKind

# Thresholds that are ours, not the procurement rules' (documented in
# docs/design/transparency.md § Red flags).
QUICK_LISTING_HOURS = 24
PRICE_MIN_SAMPLE = 8  # comparable live products (same category and unit)
CONCENTRATION_MIN_ORDERS = 10  # a year's purchases of one buyer
CONCENTRATION_HHI = 2_500  # a highly concentrated market
LATE_MIN_COUNT = 3  # late payments of one OPD in a year
LATE_MIN_PERCENT = 25  # of its payments due that year
# Officials of a buyer whose phone is compared with the vendors'.
BUYER_OFFICIALS = (Role.PP, Role.PPK, Role.BENDAHARA)


@dataclass
class Finding:
    """One red flag as a detector found it: `key` names it across runs."""

    key: str
    kind: str
    channel: str
    value: int
    evidence: dict[str, Any]
    opd_id: int | None = None
    satker_id: int | None = None
    region_id: str | None = None
    vendor_id: int | None = None
    vendor_code: str = ""


@dataclass(frozen=True)
class Scope:
    """Limits a run to one buyer and vendor of Blangkon (an order moved):
    only their purchases are read and only their flags can disappear."""

    opd_id: int
    vendor_id: int


def _purchases(scope: Scope | None) -> tuple[str, dict[str, Any]]:
    """The purchases of both channels as one SQL set, with the rule in force
    on each one's day (alias r in the columns ceiling, window_days, low, high
    via `rule_in_force_sql`)."""
    params: dict[str, Any] = {"signed": sorted(SIGNED), "tz": settings.TIME_ZONE}
    blangkon_where = ""
    inaproc = """
        UNION ALL
        SELECT 'inaproc', p.id, p.kd_paket, NULL::bigint, p.satker_id, s.region_id,
               NULL::bigint, p.kd_penyedia_v6, p.tgl_order, p.total_harga, p.total_harga
        FROM inaproc_package p JOIN inaproc_satker s ON s.id = p.satker_id"""
    if scope is not None:
        blangkon_where = " AND o.opd_id = %(opd)s AND o.vendor_id = %(vendor)s"
        params |= {"opd": scope.opd_id, "vendor": scope.vendor_id}
        inaproc = ""
    sql = f"""
        SELECT pu.*, ('x' || COALESCE(pu.opd_id, pu.satker_id)::text) AS buyer_key,
               COALESCE(pu.vendor_id::text, pu.vendor_code) AS vendor_key,
               r.ceiling_rupiah, r.splitting_window_days, r.near_ceiling_low_percent,
               r.near_ceiling_high_percent
        FROM (
            SELECT 'blangkon' AS channel, o.id AS ref_id, o.number AS ref, o.opd_id,
                   NULL::bigint AS satker_id, opd.region_id, o.vendor_id,
                   ''::varchar AS vendor_code,
                   (o.approved_at AT TIME ZONE %(tz)s)::date AS day,
                   o.total AS signed_total, COALESCE(o.accepted_total, o.total) AS value
            FROM orders_order o JOIN accounts_organisation opd ON opd.id = o.opd_id
            WHERE o.status = ANY(%(signed)s) AND o.approved_at IS NOT NULL{blangkon_where}
            {inaproc}
        ) pu CROSS JOIN {rule_in_force_sql("pu.day")} r"""
    return sql, params


def _rows(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _party(row: dict[str, Any]) -> dict[str, Any]:
    """The buyer and vendor columns of a finding from a purchases row."""
    return {
        "opd_id": row["opd_id"],
        "satker_id": row["satker_id"],
        "region_id": row["region_id"],
        "vendor_id": row["vendor_id"],
        "vendor_code": row["vendor_code"] or "",
    }


def _party_key(row: dict[str, Any]) -> str:
    return f"{row['buyer_key']}:{row['vendor_key']}"


# --- split purchases -------------------------------------------------------------


def split_purchases(scope: Scope | None = None) -> list[Finding]:
    """The same buyer and vendor, purchases each at most the ceiling, within
    the splitting window of the first, adding up to more than the ceiling.
    Each purchase anchors a window (its day to its day plus the window of the
    rules in force then); windows over the ceiling that share a purchase are
    one finding, named by its earliest purchase."""
    purchases, params = _purchases(scope)
    windows = []
    # A window frame's length is a constant of the statement: one statement
    # per splitting window the rules have ever had (there are few), each
    # keeping the anchors whose rules have that window. Linear in the
    # purchases of a buyer and vendor, where a self-join was quadratic.
    for days in sorted(
        set(ProcurementRule.objects.values_list("splitting_window_days", flat=True))
    ):
        sql = f"""
            WITH pu AS ({purchases}), framed AS (
                SELECT pu.*, count(*) OVER w AS n, sum(signed_total) OVER w AS total,
                       json_agg(json_build_array(ref_id, ref, day, signed_total)) OVER w
                           AS members
                FROM pu WHERE signed_total <= ceiling_rupiah
                WINDOW w AS (PARTITION BY channel, buyer_key, vendor_key ORDER BY day
                             RANGE BETWEEN CURRENT ROW AND INTERVAL '{int(days)} days' FOLLOWING)
            )
            SELECT * FROM framed
            WHERE splitting_window_days = {int(days)} AND n >= 2 AND total > ceiling_rupiah"""
        windows += _rows(sql, params)
    by_party: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for window in windows:
        by_party[(window["channel"], _party_key(window))].append(window)
    findings = []
    for (channel, party), party_windows in by_party.items():
        for cluster in _merged(party_windows):
            members = sorted(cluster["members"].values(), key=lambda m: (m[2], m[0]))
            first = members[0]
            findings.append(
                Finding(
                    key=f"split_purchase:{channel}:{party}:{first[0]}",
                    kind=FlagKind.SPLIT_PURCHASE,
                    channel=channel,
                    value=sum(m[3] for m in members),
                    evidence={
                        "orders": [m[1] for m in members],
                        "order_ids": [m[0] for m in members] if channel == "blangkon" else [],
                        "days": [m[2] for m in members],
                        "totals": [m[3] for m in members],
                        "ceiling": cluster["ceiling"],
                        "window_days": cluster["window_days"],
                    },
                    **_party(cluster["row"]),
                )
            )
    return findings


def _merged(windows: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Windows sharing a purchase, merged (the smallest ceiling and longest
    window among them are reported)."""
    clusters: list[dict[str, Any]] = []
    for window in sorted(windows, key=lambda w: (w["members"][0][2], w["members"][0][0])):
        members = {m[0]: m for m in window["members"]}
        overlapping = [c for c in clusters if c["members"].keys() & members.keys()]
        merged = {
            "row": window,
            "members": members,
            "ceiling": window["ceiling_rupiah"],
            "window_days": window["splitting_window_days"],
        }
        for cluster in overlapping:
            clusters.remove(cluster)
            merged["members"] |= cluster["members"]
            merged["ceiling"] = min(merged["ceiling"], cluster["ceiling"])
            merged["window_days"] = max(merged["window_days"], cluster["window_days"])
            merged["row"] = cluster["row"]
        clusters.append(merged)
    return clusters


# --- near the ceiling ------------------------------------------------------------


def near_ceiling(scope: Scope | None = None) -> list[Finding]:
    """A purchase whose total falls in the near-ceiling band of the rules in
    force on its day (90–100 % of the ceiling by default)."""
    purchases, params = _purchases(scope)
    sql = f"""
        WITH pu AS ({purchases})
        SELECT * FROM pu r WHERE {near_ceiling_sql("r.signed_total", "r")}"""
    findings = []
    for row in _rows(sql, params):
        ceiling = row["ceiling_rupiah"]
        findings.append(
            Finding(
                key=f"near_ceiling:{row['channel']}:{row['ref_id']}",
                kind=FlagKind.NEAR_CEILING,
                channel=row["channel"],
                value=row["signed_total"],
                evidence={
                    "orders": [row["ref"]],
                    "order_ids": [row["ref_id"]] if row["channel"] == "blangkon" else [],
                    "days": [row["day"].isoformat()],
                    "ceiling": ceiling,
                    "percent": _percent(row["signed_total"], ceiling),
                    "band": [row["near_ceiling_low_percent"], row["near_ceiling_high_percent"]],
                },
                **_party(row),
            )
        )
    return findings


def _percent(part: int, whole: int) -> str:
    """A share as text with one decimal, from integers (no float)."""
    tenths = (part * 1000 + whole // 2) // whole if whole else 0
    return f"{tenths // 10}.{tenths % 10}"


# --- concentration ---------------------------------------------------------------


def concentration(scope: Scope | None = None) -> list[Finding]:
    """Per buyer and year (of the purchase's day): the top vendor's share of
    the value and the Herfindahl-Hirschman index (the sum of the squared
    percent shares, 0–10,000), flagged at CONCENTRATION_HHI or more with at
    least CONCENTRATION_MIN_ORDERS purchases."""
    purchases, params = _purchases(None)
    params |= {"min_orders": CONCENTRATION_MIN_ORDERS, "hhi": CONCENTRATION_HHI}
    sql = f"""
        WITH pu AS ({purchases}), per_vendor AS (
            SELECT channel, buyer_key, opd_id, satker_id, region_id,
                   extract(year FROM day)::int AS year, vendor_key, vendor_id, vendor_code,
                   sum(value)::numeric AS value, count(*) AS orders
            FROM pu GROUP BY channel, buyer_key, opd_id, satker_id, region_id, year,
                             vendor_key, vendor_id, vendor_code
        ), per_buyer AS (
            SELECT channel, buyer_key, year, sum(value) AS total, sum(orders) AS orders,
                   count(*) AS vendors,
                   round(10000 * sum(value * value) / NULLIF(sum(value) ^ 2, 0))::int AS hhi
            FROM per_vendor GROUP BY channel, buyer_key, year
        ), top AS (
            SELECT DISTINCT ON (channel, buyer_key, year) *
            FROM per_vendor ORDER BY channel, buyer_key, year, value DESC, vendor_key
        )
        SELECT top.*, b.total, b.orders AS buyer_orders, b.vendors, b.hhi
        FROM top JOIN per_buyer b USING (channel, buyer_key, year)
        WHERE b.orders >= %(min_orders)s AND b.hhi >= %(hhi)s"""
    findings = []
    for row in _rows(sql, params):
        total = int(row["total"])
        findings.append(
            Finding(
                key=f"concentration:{row['channel']}:{row['buyer_key']}:{row['year']}",
                kind=FlagKind.CONCENTRATION,
                channel=row["channel"],
                value=total,
                evidence={
                    "orders": [],
                    "year": row["year"],
                    "buyer_orders": int(row["buyer_orders"]),
                    "vendors": int(row["vendors"]),
                    "hhi": row["hhi"],
                    "top_vendor_value": int(row["value"]),
                    "top_vendor_orders": int(row["orders"]),
                    "top_share": _percent(int(row["value"]), total),
                    "threshold_hhi": CONCENTRATION_HHI,
                },
                **_party(row),
            )
        )
    return findings


# --- quick listing ---------------------------------------------------------------


def quick_listings(scope: Scope | None = None) -> list[Finding]:
    """A product bought (an order for it submitted, which the PPK signed)
    within QUICK_LISTING_HOURS of its first going live, and taken down after
    that order. Blangkon only: INAPROC's feed has no product history."""
    params: dict[str, Any] = {
        "signed": sorted(SIGNED),
        "live": ProductStatus.TAYANG,
        "down": ProductStatus.TURUN_TAYANG,
        "hours": QUICK_LISTING_HOURS,
    }
    sql = """
        WITH first_live AS (
            SELECT product_id, min(at) AS at FROM catalog_productstatuschange
            WHERE to_status = %(live)s GROUP BY product_id
        ), quick AS (
            SELECT l.product_id, o.id AS order_id, o.number, o.opd_id, opd.region_id,
                   o.submitted_at, l.line_total, f.at AS live_at
            FROM orders_orderline l
            JOIN orders_order o ON o.id = l.order_id
            JOIN accounts_organisation opd ON opd.id = o.opd_id
            JOIN first_live f ON f.product_id = l.product_id
            WHERE o.status = ANY(%(signed)s) AND o.approved_at IS NOT NULL
              AND o.submitted_at >= f.at
              AND o.submitted_at <= f.at + make_interval(hours => %(hours)s)
        )
        SELECT q.product_id, p.vendor_id, p.name, min(q.live_at) AS live_at,
               min(d.at) AS taken_down_at, sum(q.line_total) AS value,
               json_agg(json_build_array(q.order_id, q.number, q.opd_id, q.region_id,
                                         q.submitted_at) ORDER BY q.submitted_at, q.order_id)
                   AS orders
        FROM quick q
        JOIN catalog_product p ON p.id = q.product_id
        JOIN LATERAL (
            SELECT min(at) AS at FROM catalog_productstatuschange d
            WHERE d.product_id = q.product_id AND d.to_status = %(down)s
              AND d.at > q.submitted_at
        ) d ON d.at IS NOT NULL
        GROUP BY q.product_id, p.vendor_id, p.name"""
    findings = []
    for row in _rows(sql, params):
        first = row["orders"][0]
        findings.append(
            Finding(
                key=f"quick_listing:blangkon:{row['product_id']}",
                kind=FlagKind.QUICK_LISTING,
                channel=FlagChannel.BLANGKON,
                value=int(row["value"]),
                evidence={
                    "orders": [o[1] for o in row["orders"]],
                    "order_ids": [o[0] for o in row["orders"]],
                    "products": [row["product_id"]],
                    "product_name": row["name"],
                    "live_at": row["live_at"].isoformat(),
                    "ordered_at": [o[4] for o in row["orders"]],
                    "taken_down_at": row["taken_down_at"].isoformat(),
                    "hours": QUICK_LISTING_HOURS,
                },
                opd_id=first[2],
                region_id=first[3],
                vendor_id=row["vendor_id"],
            )
        )
    return findings


# --- price outliers --------------------------------------------------------------


def price_outliers(scope: Scope | None = None) -> list[Finding]:
    """An order line whose unit price is above the upper fence (Q3 + 1.5 ×
    IQR) of the prices of the live products of the same category and unit,
    when there are at least PRICE_MIN_SAMPLE of them. Quartiles are prices of
    the sample (percentile_disc), so every figure stays whole rupiah; the
    comparison 2 × price > 2 × Q3 + 3 × IQR stays in integers."""
    params: dict[str, Any] = {"signed": sorted(SIGNED), "min_sample": PRICE_MIN_SAMPLE}
    sql = f"""
        WITH comparable AS (
            SELECT p.category_id, p.unit_id, count(*) AS sample,
                   percentile_disc(0.25) WITHIN GROUP (ORDER BY p.price) AS q1,
                   percentile_disc(0.75) WITHIN GROUP (ORDER BY p.price) AS q3
            FROM catalog_product p JOIN vendors_vendor v ON v.id = p.vendor_id
            WHERE {live_sql("p", "v")}
            GROUP BY p.category_id, p.unit_id HAVING count(*) >= %(min_sample)s
        )
        SELECT l.id AS line_id, l.unit_price, l.line_total, l.name, l.product_id,
               o.id AS order_id, o.number, o.opd_id, opd.region_id, o.vendor_id,
               c.sample, c.q1, c.q3
        FROM orders_orderline l
        JOIN orders_order o ON o.id = l.order_id
        JOIN accounts_organisation opd ON opd.id = o.opd_id
        JOIN catalog_product p ON p.id = l.product_id
        JOIN comparable c ON c.category_id = l.category_id AND c.unit_id = p.unit_id
        WHERE o.status = ANY(%(signed)s) AND o.approved_at IS NOT NULL
          AND 2 * l.unit_price > 2 * c.q3 + 3 * (c.q3 - c.q1)"""
    findings = []
    for row in _rows(sql, params):
        q1, q3 = row["q1"], row["q3"]
        findings.append(
            Finding(
                key=f"price_outlier:blangkon:{row['line_id']}",
                kind=FlagKind.PRICE_OUTLIER,
                channel=FlagChannel.BLANGKON,
                value=row["line_total"],
                evidence={
                    "orders": [row["number"]],
                    "order_ids": [row["order_id"]],
                    "products": [row["product_id"]],
                    "product_name": row["name"],
                    "unit_price": row["unit_price"],
                    "q1": q1,
                    "q3": q3,
                    "fence": q3 + (3 * (q3 - q1)) // 2,
                    "sample": row["sample"],
                },
                opd_id=row["opd_id"],
                region_id=row["region_id"],
                vendor_id=row["vendor_id"],
            )
        )
    return findings


# --- shared contact details ------------------------------------------------------


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return "0" + digits[2:] if digits.startswith("62") else digits


def _words(value: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", value.lower()).split())


def _contacts(vendor: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A vendor's contacts as (what, normalised value, what may be shown)."""
    found = []
    if account := _digits(vendor["bank_account_number"]):
        found.append(("bank_account", f"{_words(vendor['bank_name'])}|{account}", masked(account)))
    if phone := _digits(vendor["phone"]):
        found.append(("phone", phone, masked(phone)))
    if street := _words(vendor["street"]):
        # Shown by its postal code only: a perorangan's address is personal data.
        found.append(("address", f"{street}|{vendor['postal_code']}", vendor["postal_code"]))
    return found


@dataclass
class _Holders:
    vendors: dict[int, dict[str, Any]] = field(default_factory=dict)
    officials: dict[int, dict[str, Any]] = field(default_factory=dict)


def shared_contacts(scope: Scope | None = None) -> list[Finding]:
    """The same bank account (bank and number), phone number or street
    address (with postal code) held by two or more vendors, or a phone number
    held by a vendor and a buyer's official (PP, PPK, bendahara). Compared
    after normalising (digits only, +62 as 0; words in lower case). The
    evidence holds the last four characters only, and never the names of
    officials: their role and OPD."""
    vendors = _rows(
        """SELECT v.id, v.bank_name, v.bank_account_number, v.phone, v.street, v.postal_code,
                  org.name, org.region_id
           FROM vendors_vendor v JOIN accounts_organisation org ON org.id = v.organisation_id""",
        {},
    )
    officials = _rows(
        """SELECT u.id, u.role, u.phone, u.organisation_id, org.region_id
           FROM accounts_user u JOIN accounts_organisation org ON org.id = u.organisation_id
           WHERE u.is_active AND u.role = ANY(%(roles)s) AND u.phone <> ''""",
        {"roles": list(BUYER_OFFICIALS)},
    )
    groups: dict[tuple[str, str], _Holders] = defaultdict(_Holders)
    shown: dict[tuple[str, str], str] = {}
    for v in vendors:
        entry = {"id": v["id"], "name": v["name"], "region_id": v["region_id"]}
        for what, normal, shown_value in _contacts(v):
            groups[(what, normal)].vendors.setdefault(v["id"], entry)
            shown[(what, normal)] = shown_value
    for u in officials:
        entry = {
            "id": u["id"],
            "role": u["role"],
            "opd_id": u["organisation_id"],
            "region_id": u["region_id"],
        }
        phone = _digits(u["phone"])
        if phone and ("phone", phone) in groups:
            groups[("phone", phone)].officials.setdefault(u["id"], entry)
    findings = []
    for (what, normal), holders in groups.items():
        vendor_list = sorted(holders.vendors.values(), key=lambda e: e["id"])
        officials_list = sorted(holders.officials.values(), key=lambda e: e["id"])
        if not vendor_list or len(vendor_list) + len(officials_list) < 2:
            continue
        digest = hashlib.sha256(f"{what}|{normal}".encode()).hexdigest()[:20]
        official = officials_list[0] if officials_list else None
        findings.append(
            Finding(
                key=f"shared_contact:blangkon:{what}:{digest}",
                kind=FlagKind.SHARED_CONTACT,
                channel=FlagChannel.BLANGKON,
                value=0,
                evidence={
                    "orders": [],
                    "what": what,
                    "masked": shown[(what, normal)],
                    "vendors": [{"id": e["id"], "name": e["name"]} for e in vendor_list],
                    "officials": [
                        {"id": e["id"], "role": e["role"], "opd_id": e["opd_id"]}
                        for e in officials_list
                    ],
                },
                opd_id=official["opd_id"] if official else None,
                region_id=official["region_id"] if official else vendor_list[0]["region_id"],
                vendor_id=vendor_list[0]["id"],
            )
        )
    return findings


# --- late payers -----------------------------------------------------------------


def late_payers(scope: Scope | None = None) -> list[Finding]:
    """Per OPD and year of the BAST: the orders paid after their deadline
    (Payment.late) or still unpaid after it (the payment clock's overdue
    notice), flagged at LATE_MIN_COUNT or more that are at least
    LATE_MIN_PERCENT of the orders whose payment fell due."""
    params = {"tz": settings.TIME_ZONE, "count": LATE_MIN_COUNT, "percent": LATE_MIN_PERCENT}
    sql = """
        WITH due AS (
            SELECT o.id, o.number, o.opd_id, opd.region_id,
                   extract(year FROM o.bast_signed_at AT TIME ZONE %(tz)s)::int AS year,
                   COALESCE(o.accepted_total, o.total) AS value,
                   (pay.late OR (pay.id IS NULL AND n.id IS NOT NULL)) AS late
            FROM orders_order o
            JOIN accounts_organisation opd ON opd.id = o.opd_id
            LEFT JOIN payments_payment pay ON pay.order_id = o.id
            LEFT JOIN LATERAL (
                SELECT id FROM payments_paymentclocknotice n
                WHERE n.order_id = o.id AND n.kind = 'overdue' LIMIT 1
            ) n ON true
            WHERE o.bast_signed_at IS NOT NULL AND (pay.id IS NOT NULL OR n.id IS NOT NULL)
        )
        SELECT opd_id, region_id, year, count(*) AS due,
               count(*) FILTER (WHERE late) AS late,
               COALESCE(sum(value) FILTER (WHERE late), 0) AS value,
               json_agg(json_build_array(id, number) ORDER BY id) FILTER (WHERE late) AS orders
        FROM due GROUP BY opd_id, region_id, year
        HAVING count(*) FILTER (WHERE late) >= %(count)s
           AND 100 * count(*) FILTER (WHERE late) >= %(percent)s * count(*)"""
    findings = []
    for row in _rows(sql, params):
        findings.append(
            Finding(
                key=f"late_payer:blangkon:{row['opd_id']}:{row['year']}",
                kind=FlagKind.LATE_PAYER,
                channel=FlagChannel.BLANGKON,
                value=int(row["value"]),
                evidence={
                    "orders": [o[1] for o in row["orders"]],
                    "order_ids": [o[0] for o in row["orders"]],
                    "year": row["year"],
                    "due": row["due"],
                    "late": row["late"],
                    "percent": _percent(row["late"], row["due"]),
                },
                opd_id=row["opd_id"],
                region_id=row["region_id"],
            )
        )
    return findings


DETECTORS: dict[str, Callable[[Scope | None], list[Finding]]] = {
    FlagKind.SPLIT_PURCHASE: split_purchases,
    FlagKind.NEAR_CEILING: near_ceiling,
    FlagKind.QUICK_LISTING: quick_listings,
    FlagKind.PRICE_OUTLIER: price_outliers,
    FlagKind.CONCENTRATION: concentration,
    FlagKind.SHARED_CONTACT: shared_contacts,
    FlagKind.LATE_PAYER: late_payers,
}
# The kinds cheap enough to refresh for one buyer and vendor as an order moves.
SCOPED_KINDS = (FlagKind.SPLIT_PURCHASE, FlagKind.NEAR_CEILING)
