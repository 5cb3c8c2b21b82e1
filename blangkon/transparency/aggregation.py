"""Keeping DailyTotals: the counted set, each order's contribution, and the
two ways to write it (one order as it moves; every order from scratch).

Counted ("a transaction", docs/design/transparency.md § 2): an order the PPK
signed (orders.status.SIGNED: from MENUNGGU_KONFIRMASI on, disputes included)
that has not ended without delivery (cancelled, declined, timed out). Its day
is the day the PPK signed, in Asia/Jakarta; its value is `payable_total` (what
the inspection accepted, else the total as ordered, delivery included).

Both ways compute the contribution with `_contribution`, so the totals after
any series of moves equal a rebuild (a test checks it).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import SIGNED
from blangkon.transparency.models import Channel, CountedOrder, DailyTotals
from blangkon.transparency.sql import INAPROC_VENDOR_TOTALS, ROLLUP_TABLES
from blangkon.transparency.sql import REBUILD as ROLLUPS_REBUILD

CELL = ("day", "kab_kota_id", "opd_id", "vendor_kind", "vendor_scale", "channel")


@dataclass(frozen=True)
class Contribution:
    day: datetime.date
    kab_kota_id: str
    opd_id: int
    vendor_id: int
    vendor_kind: str
    vendor_scale: str
    channel: str
    parts: dict[int, int]  # category id -> its share of the value
    pdn_parts: dict[int, int]  # category id -> the part of it in domestic products
    primary_category_id: int  # the largest share; the order counts there
    value: int

    def rows(self, sign: int) -> list[tuple[Any, ...]]:
        """(cell..., category, orders, value, value_pdn) rows to add (sign 1)
        or take back (-1)."""
        cell = tuple(getattr(self, name) for name in CELL)
        return [
            (
                *cell,
                category,
                sign if category == self.primary_category_id else 0,
                sign * value,
                sign * self.pdn_parts.get(category, 0),
            )
            for category, value in sorted(self.parts.items())
        ]


def is_counted(status: str, approved_at: datetime.datetime | None) -> bool:
    return status in SIGNED and approved_at is not None


def _contribution(order: Mapping[str, Any], lines: Iterable[Mapping[str, Any]]) -> Contribution:
    """What a counted order adds. Each category gets its lines' value (the
    accepted quantities once the inspection set a value); what is left of the
    order's value (the delivery cost) goes to its largest category. The
    domestic-product (PDN) part is the value of the lines whose snapshot says
    PDN; the delivery cost is no product and is not part of it."""
    accepted = order["accepted_total"] is not None
    parts: dict[int, int] = defaultdict(int)
    pdn_parts: dict[int, int] = {}
    for line in lines:
        quantity = line["quantity"]
        if accepted and line["accepted_quantity"] is not None:
            quantity = line["accepted_quantity"]
        parts[line["category_id"]] += line["unit_price"] * quantity
        if line["is_pdn"]:
            category = line["category_id"]
            pdn_parts[category] = pdn_parts.get(category, 0) + line["unit_price"] * quantity
    value = order["accepted_total"] if accepted else order["total"]
    primary = max(parts, key=lambda category: (parts[category], -category))
    parts[primary] += value - sum(parts.values())
    return Contribution(
        day=timezone.localdate(order["approved_at"]),
        kab_kota_id=order["opd__region_id"],
        opd_id=order["opd_id"],
        vendor_id=order["vendor_id"],
        vendor_kind=order["vendor__kind"],
        vendor_scale=order["vendor__scale"],
        channel=Channel.BLANGKON,
        parts=dict(parts),
        pdn_parts=pdn_parts,
        primary_category_id=primary,
        value=value,
    )


ORDER_FIELDS = (
    "id",
    "status",
    "approved_at",
    "total",
    "accepted_total",
    "opd_id",
    "opd__region_id",
    "vendor_id",
    "vendor__kind",
    "vendor__scale",
)
LINE_FIELDS = (
    "order_id",
    "category_id",
    "unit_price",
    "quantity",
    "accepted_quantity",
    "is_pdn",
)


def order_recount(order_id: int) -> None:
    """Bring DailyTotals in line with one order as it is now: take back what
    it added before (if anything) and add what it adds now (if counted). Runs
    inside the moving transaction, after the order's row was locked; without a
    savepoint of its own, so a failure fails the move (the totals never miss one)."""
    with transaction.atomic(savepoint=False):
        before = CountedOrder.objects.select_for_update().filter(order_id=order_id).first()
        order = Order.objects.filter(pk=order_id).values(*ORDER_FIELDS).first()
        now = None
        if order and is_counted(order["status"], order["approved_at"]):
            lines = OrderLine.objects.filter(order_id=order_id).values(*LINE_FIELDS)
            now = _contribution(order, lines)
        old = _from_row(before) if before else None
        if old == now:
            return
        rows = (old.rows(-1) if old else []) + (now.rows(1) if now else [])
        _add(rows)
        # The row (or its absence) is ours: the order's row is locked.
        if now is None:
            CountedOrder.objects.filter(order_id=order_id).delete()
        elif before is None:
            CountedOrder.objects.create(order_id=order_id, **_fields(now))
        else:
            CountedOrder.objects.filter(order_id=order_id).update(**_fields(now))


def _from_row(row: CountedOrder) -> Contribution:
    return Contribution(
        day=row.day,
        kab_kota_id=row.kab_kota_id,
        opd_id=row.opd_id,
        vendor_id=row.vendor_id,
        vendor_kind=row.vendor_kind,
        vendor_scale=row.vendor_scale,
        channel=row.channel,
        parts={int(category): value for category, value in row.parts.items()},
        pdn_parts={int(category): value for category, value in row.pdn_parts.items()},
        primary_category_id=row.primary_category_id,
        value=row.value,
    )


def _fields(c: Contribution) -> dict[str, Any]:
    return {
        "day": c.day,
        "kab_kota_id": c.kab_kota_id,
        "opd_id": c.opd_id,
        "vendor_id": c.vendor_id,
        "vendor_kind": c.vendor_kind,
        "vendor_scale": c.vendor_scale,
        "channel": c.channel,
        "parts": {str(category): value for category, value in c.parts.items()},
        "pdn_parts": {str(category): value for category, value in c.pdn_parts.items()},
        "primary_category_id": c.primary_category_id,
        "value": c.value,
    }


_COLUMNS = (
    "day, kab_kota_id, opd_id, vendor_kind, vendor_scale, channel, category_id, "
    "orders, value, value_pdn"
)
_UPSERT = f"""
INSERT INTO transparency_dailytotals ({_COLUMNS})
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (day, kab_kota_id, opd_id, category_id, vendor_kind, vendor_scale, channel)
DO UPDATE SET orders = transparency_dailytotals.orders + EXCLUDED.orders,
              value = transparency_dailytotals.value + EXCLUDED.value,
              value_pdn = transparency_dailytotals.value_pdn + EXCLUDED.value_pdn
RETURNING id
"""  # noqa: S608 (no value is formatted in: the columns are constants)


def _add(rows: list[tuple[Any, ...]]) -> None:
    """Add rows to their cells; a cell that drops to nothing goes (so the
    table after any moves is the table a rebuild writes)."""
    touched = []
    with connection.cursor() as cursor:
        for row in rows:
            cursor.execute(_UPSERT, row)
            touched.append(cursor.fetchone()[0])
        # The cells written, by id, once all rows are in (a cell taken back and
        # added again stays): an index on the emptied cells would keep every
        # update from being a HOT update (transparency/sql.py, `_emptied`).
        cursor.execute(
            "DELETE FROM transparency_dailytotals WHERE id = ANY(%s) AND orders = 0 AND value = 0",
            [touched],
        )


# INAPROC packages (ADR 0034): every imported package counts (the feed has no
# cancelled status), on its order day, at its total_harga, under its satker's
# kab/kota and OPD when they are ours (else empty), with no category and no
# vendor kind or scale. Thousands of rows, not millions: recounted whole.
_INAPROC_TOTALS = """
INSERT INTO transparency_dailytotals
    (day, kab_kota_id, opd_id, category_id, vendor_kind, vendor_scale, channel, orders, value)
SELECT p.tgl_order, s.region_id, s.opd_id, NULL, '', '', %s, count(*), sum(p.total_harga)
FROM inaproc_package p JOIN inaproc_satker s ON s.id = p.satker_id
GROUP BY p.tgl_order, s.region_id, s.opd_id
"""
# Imports and mappings recount one at a time (the transaction's end frees it).
_INAPROC_LOCK = 0x1A_0C  # any constant of this app's own


def inaproc_recount() -> int:
    """Rewrite the INAPROC channel of DailyTotals from the packages; the number
    of packages counted. Runs inside the import's (or mapping's) transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INAPROC_LOCK])
        DailyTotals.objects.filter(channel=Channel.INAPROC).delete()
        cursor.execute(_INAPROC_TOTALS, [Channel.INAPROC])
        cursor.execute(INAPROC_VENDOR_TOTALS)
        cursor.execute("SELECT count(*) FROM inaproc_package")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def stats_rebuild() -> int:
    """Recompute DailyTotals and CountedOrder from every order (and the INAPROC
    channel from the packages); the number of orders counted. One transaction;
    the tables are locked against the moves that would otherwise add to them
    meanwhile."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE transparency_countedorder, transparency_dailytotals "
                "IN SHARE ROW EXCLUSIVE MODE"
            )
            # The rollups are derived once at the end (transparency/sql.py).
            cursor.execute("SET LOCAL transparency.rollups_paused = 'on'")
        orders = list(
            Order.objects.filter(status__in=SIGNED, approved_at__isnull=False)
            .order_by("id")
            .values(*ORDER_FIELDS)
        )
        lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for line in (
            OrderLine.objects.filter(order__status__in=SIGNED, order__approved_at__isnull=False)
            .order_by("id")
            .values(*LINE_FIELDS)
        ):
            lines[line["order_id"]].append(line)
        contributions = {o["id"]: _contribution(o, lines[o["id"]]) for o in orders}
        cells: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
        for c in contributions.values():
            for *key, count, value, value_pdn in c.rows(1):
                cells[tuple(key)][0] += count
                cells[tuple(key)][1] += value
                cells[tuple(key)][2] += value_pdn
        CountedOrder.objects.all().delete()
        DailyTotals.objects.filter(channel=Channel.BLANGKON).delete()
        CountedOrder.objects.bulk_create(
            (CountedOrder(order_id=pk, **_fields(c)) for pk, c in contributions.items()),
            batch_size=2_000,
        )
        DailyTotals.objects.bulk_create(
            (
                DailyTotals(
                    **dict(zip((*CELL, "category_id"), key, strict=True)),
                    orders=n,
                    value=v,
                    value_pdn=pdn,
                )
                for key, (n, v, pdn) in cells.items()
            ),
            batch_size=2_000,
        )
        inaproc_recount()
        # Derived from what was just written (PaymentDays from the payments).
        with connection.cursor() as cursor:
            cursor.execute(ROLLUPS_REBUILD)
            cursor.execute("SET LOCAL transparency.rollups_paused = 'off'")
            # Every row is new: without fresh statistics the planner took the
            # rollups for a few dozen rows and sorted the vendors on disk
            # until autovacuum came by (ANALYZE, unlike VACUUM, runs here).
            cursor.execute(f"ANALYZE {', '.join(ROLLUP_TABLES)}")
    return len(contributions)
