# ruff: noqa: S608  (SQL built from this module's own constants; no user input)
"""The transparency benchmark's data: the small demo world grown to the whole
province, then `orders` past orders written in bulk SQL (bench/stats.py).

Everything after `seed_demo --scale small` is INSERT … SELECT over
generate_series in the database, with `session_replication_role = replica`
(no per-row triggers or foreign-key checks, as bench/search.py loads its
catalog), from `random()` after `setseed()` with parallel plans off, so a seed
gives the same rows every time. The rows keep the schema's CHECK and UNIQUE
constraints (those still apply) and what the services guarantee where the
statistics, the register or OCDS read it:

- every pemda of the 35 kab/kota has joined (the first 25 on the demo's
  joining dates, the others in 2024–2025) and has `OPDS_PER_PEMDA` OPDs,
  each with a delivery address; the province's own OPDs buy too;
- `vendors` verified vendors in all, the new ones copied from the demo's
  verified vendors that sell (kind, scale, products: each copy lists its
  template's products) and spread over the 35 kab/kota;
- the search index rebuilt over them (`search_rebuild()`);
- each order: an OPD of a kab/kota that had joined by its day (weekdays of
  2021–2026, more each year, the December peak), a vendor of the same
  kab/kota four times in five (else any), one to three lines of that vendor's
  products (a snapshot: name, SKU, unit, category, tax class, price), totals
  = lines + delivery cost, a status by age (old orders mostly SELESAI, some
  cancelled, declined or timed out, a few in dispute; the last weeks spread
  over every state), the stamps of each step reached, a number once
  submitted, the PPK's rules version once signed, a partial acceptance now
  and then, an invoice from DITAGIH on and a payment from DIBAYAR on (with
  its days from the BAST).

Not written: the status history, flags, BAST signatures and audit rows (no
statistic reads them); the officials are the demo's PP and PPK of each OPD,
else Batang's.
"""

import datetime
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from blangkon.demo.scales import JOINING_ORDER
from blangkon.regions.jateng import KAB_KOTA

JAKARTA = ZoneInfo("Asia/Jakarta")
OPDS_PER_PEMDA = 12
OPD_NAMES = [
    "Sekretariat Daerah",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Dinas Koperasi dan UKM",
    "Dinas Lingkungan Hidup",
    "Dinas Pertanian dan Pangan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan Daerah",
    "Satuan Polisi Pamong Praja",
    "RSUD",
    "Dinas Komunikasi dan Informatika",
]
FIRST_DAY = datetime.date(2021, 3, 1)
# Orders grow as kab/kota join and buyers get used to the catalog.
YEAR_WEIGHTS = {2021: 2, 2022: 5, 2023: 8, 2024: 11, 2025: 13, 2026: 14}
# The fiscal year ends in December: buying peaks before it and is slow in January.
MONTH_WEIGHTS = {1: 6, 2: 8, 10: 12, 11: 17, 12: 32}
DEFAULT_MONTH_WEIGHT = 10
LATE_JOINERS = [
    datetime.date(2024, 1, 15) + datetime.timedelta(days=45 * n) for n in range(len(KAB_KOTA))
]


def joining_dates() -> dict[str, datetime.date]:
    """Every kab/kota's joining day: the demo's order, then the rest."""
    dates = dict(JOINING_ORDER)
    rest = [code for code, _ in KAB_KOTA if code not in dates]
    dates.update(zip(rest, LATE_JOINERS, strict=False))
    return dates


def day_weight(day: datetime.date) -> int:
    """How likely an order is on `day` (0 on weekends)."""
    if day.weekday() >= 5:
        return 0
    return YEAR_WEIGHTS.get(day.year, 1) * MONTH_WEIGHTS.get(day.month, DEFAULT_MONTH_WEIGHT)


# The status of an order by age: (status, share) for orders older than
# RECENT_DAYS (mostly done), and for the recent ones (every state).
RECENT_DAYS = 45
OLD_STATUSES = [
    ("selesai", 840),
    ("dibayar", 30),
    ("ditagih", 20),
    ("dibatalkan", 40),
    ("ditolak", 30),
    ("batal_otomatis", 25),
    ("sengketa", 5),
    ("draft", 10),
]
RECENT_STATUSES = [
    ("draft", 30),
    ("menunggu_persetujuan", 70),
    ("menunggu_konfirmasi", 80),
    ("diproses", 120),
    ("dikirim", 120),
    ("diterima", 80),
    ("bast_ditandatangani", 80),
    ("ditagih", 100),
    ("dibayar", 100),
    ("selesai", 120),
    ("dibatalkan", 40),
    ("ditolak", 30),
    ("batal_otomatis", 20),
    ("sengketa", 10),
]
# How far each status got: 0 draft, 1 submitted, 2 signed by the PPK,
# 3 accepted by the vendor, 4 shipped, 5 received, 6 BAST, 7 invoiced, 8 paid, 9 done.
REACHED = {
    "draft": 0,
    "menunggu_persetujuan": 1,
    "menunggu_konfirmasi": 2,
    "diproses": 3,
    "dikirim": 4,
    "diterima": 5,
    "bast_ditandatangani": 6,
    "ditagih": 7,
    "dibayar": 8,
    "selesai": 9,
    "dibatalkan": 2,  # cancelled after the PPK signed
    "ditolak": 2,  # declined by the vendor
    "batal_otomatis": 1,  # the PPK never signed
    "sengketa": 4,  # disputed at the delivery
}


def status_case(column: str, shares: list[tuple[str, int]]) -> str:
    """A CASE picking a status from `column` (uniform in [0, 1)) by shares."""
    total = sum(share for _, share in shares)
    parts, running = [], 0
    for status, share in shares[:-1]:
        running += share
        parts.append(f"WHEN {column} < {running / total:.6f} THEN '{status}'")
    return f"CASE {' '.join(parts)} ELSE '{shares[-1][0]}' END"


def reached_case(column: str) -> str:
    whens = " ".join(f"WHEN '{status}' THEN {rank}" for status, rank in REACHED.items())
    return f"CASE {column} {whens} END"


Step = Callable[..., None]  # step(name, sql, args=None)


def _columns(connection: psycopg.Connection, table: str) -> list[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


def copy_rows_sql(
    connection: psycopg.Connection, table: str, source: str, overrides: dict[str, str | None]
) -> str:
    """INSERT INTO table SELECT … FROM source: every column of `table` taken
    from alias t of `source` unless `overrides` gives its expression (None
    leaves it to its default)."""
    columns = [c for c in _columns(connection, table) if overrides.get(c, "") is not None]
    values = [overrides.get(c) or f"t.{c}" for c in columns]
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"


def generate(url: str, orders: int, vendors: int, seed: int, say: Callable[[str], None]) -> dict:
    """Grow the seeded world and write `orders` orders; seconds per step and counts."""
    timings: dict[str, float] = {}
    with psycopg.connect(url) as connection:
        connection.execute("SET session_replication_role = replica")
        connection.execute("SET max_parallel_workers_per_gather = 0")  # one random() stream
        connection.execute("SET work_mem = '256MB'")
        connection.execute("SELECT setseed(%s)", [(seed % 1_000_003) / 1_000_003])

        def step(name: str, sql: str, args: Any = None) -> None:
            started = time.perf_counter()
            connection.execute(sql, args)
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

        _organisations(connection, step)
        say(f"  OPDs of every kab/kota: {timings['organisations']:.1f} s")
        _vendors(connection, step, vendors)
        say(f"  vendors and their products: {timings['vendors']:.1f} s")
        _orders(connection, step, orders)
        for table in ("orders_order", "accounts_organisation", "vendors_vendor"):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608 (constants)
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        connection.execute("SET session_replication_role = DEFAULT")
        connection.commit()
        # The copied products went in without the search triggers: index them
        # all at once (the public figures count live products from the index).
        step("search index (search_rebuild)", "SELECT search_rebuild()")
        connection.commit()
        counts = {
            name: connection.execute(sql).fetchone()[0]  # type: ignore[index]
            for name, sql in (
                ("orders", "SELECT count(*) FROM orders_order"),
                ("order_lines", "SELECT count(*) FROM orders_orderline"),
                ("invoices", "SELECT count(*) FROM payments_invoice"),
                ("payments", "SELECT count(*) FROM payments_payment"),
                ("vendors", "SELECT count(*) FROM vendors_vendor"),
                ("products", "SELECT count(*) FROM catalog_product"),
                ("opds", "SELECT count(*) FROM accounts_organisation WHERE kind = 'opd'"),
            )
        }
    return {"timings": timings, "counts": counts}


def _organisations(connection: psycopg.Connection, step: Step) -> None:
    joined = [(code, day) for code, day in joining_dates().items()]
    step(
        "organisations",
        "UPDATE accounts_organisation o SET joined_on = j.day"
        " FROM unnest(%s::text[], %s::date[]) AS j(code, day)"
        " WHERE o.kind = 'pemda' AND o.region_id = j.code AND o.joined_on IS NULL",
        [[c for c, _ in joined], [d for _, d in joined]],
    )
    names = OPD_NAMES[:OPDS_PER_PEMDA]
    # Each pemda's OPDs by name, "… Kabupaten X" (ON CONFLICT: the demo's own).
    step(
        "organisations",
        "INSERT INTO accounts_organisation"
        " (kind, name, region_id, parent_id, joined_on, is_active, created_at, updated_at)"
        " SELECT 'opd', n.name || ' ' || replace(p.name, 'Pemerintah ', ''), p.region_id, p.id,"
        "  NULL, true, now(), now()"
        " FROM accounts_organisation p CROSS JOIN unnest(%s::text[]) AS n(name)"
        " WHERE p.kind = 'pemda' ON CONFLICT DO NOTHING",
        [names],
    )
    step(
        "organisations",
        "INSERT INTO accounts_deliveryaddress"
        " (opd_id, label, street, kab_kota_id, postal_code, is_active, created_at)"
        " SELECT o.id, 'Kantor', 'Jl. Pemuda No. ' || (o.id % 200 + 1), o.region_id,"
        "  lpad((50000 + o.id % 9000)::text, 5, '0'), true, now()"
        " FROM accounts_organisation o WHERE o.kind = 'opd'"
        " AND NOT EXISTS (SELECT 1 FROM accounts_deliveryaddress a WHERE a.opd_id = o.id)",
    )


def _vendors(connection: psycopg.Connection, step: Step, wanted: int) -> None:
    """Copies of the verified vendors that sell, until `wanted` vendors exist."""
    existing = connection.execute("SELECT count(*) FROM vendors_vendor").fetchone()[0]  # type: ignore[index]
    new = max(0, wanted - existing)
    if not new:
        step("vendors", "SELECT 1")
        return
    step(
        "vendors",
        "CREATE TEMP TABLE bench_template AS"
        " SELECT row_number() OVER (ORDER BY v.id) - 1 AS k, v.id AS vendor_id, o.name"
        " FROM vendors_vendor v JOIN accounts_organisation o ON o.id = v.organisation_id"
        " WHERE v.status = 'verified' AND EXISTS"
        " (SELECT 1 FROM catalog_product p WHERE p.vendor_id = v.id AND p.status = 'tayang')",
    )
    templates = connection.execute("SELECT count(*) FROM bench_template").fetchone()[0]  # type: ignore[index]
    org_base = connection.execute("SELECT max(id) FROM accounts_organisation").fetchone()[0]  # type: ignore[index]
    vendor_base = connection.execute("SELECT max(id) FROM vendors_vendor").fetchone()[0]  # type: ignore[index]
    codes = [code for code, _ in KAB_KOTA]
    step(
        "vendors",
        "CREATE TEMP TABLE bench_new_vendor AS"
        " SELECT n, %s + n AS organisation_id, %s + n AS vendor_id, t.vendor_id AS template_id,"
        "  t.name, (%s::text[])[1 + floor(random() * %s)::int] AS region_id"
        " FROM generate_series(1, %s) n JOIN bench_template t ON t.k = n %% %s",
        [org_base, vendor_base, codes, len(codes), new, templates],
    )
    step(
        "vendors",
        "INSERT INTO accounts_organisation"
        " (id, kind, name, region_id, parent_id, joined_on, is_active, created_at, updated_at)"
        " SELECT organisation_id, 'vendor', name || ' ' || n, region_id, NULL, NULL, true,"
        "  now() - interval '2000 days' * random(), now() FROM bench_new_vendor",
    )
    step(
        "vendors",
        copy_rows_sql(
            connection,
            "vendors_vendor",
            "bench_new_vendor nv JOIN vendors_vendor t ON t.id = nv.template_id",
            {
                "id": "nv.vendor_id",
                "organisation_id": "nv.organisation_id",
                "email": "'penyedia' || nv.n || '@contoh.id'",
                "registered_by_id": "NULL",
            },
        ),
    )
    step(
        "vendors",
        copy_rows_sql(
            connection,
            "catalog_product",
            "bench_new_vendor nv JOIN catalog_product t ON t.vendor_id = nv.template_id",
            {"id": None, "vendor_id": "nv.vendor_id"},
        ),
    )


def _orders(connection: psycopg.Connection, step: Step, count: int) -> None:
    """The orders, their lines, invoices and payments (see the module's docstring)."""
    today = datetime.datetime.now(JAKARTA).date()
    dates = joining_dates()
    dates["33"] = FIRST_DAY  # the province's own OPDs
    # (kab/kota, day) slots with their cumulative weight: a uniform pick on
    # it is a weighted pick of a day among the kab/kota joined by then.
    slots: list[tuple[str, datetime.date, int]] = []
    day = FIRST_DAY
    while day < today:
        weight = day_weight(day)
        if weight:
            for code, joined in dates.items():
                if joined <= day:
                    # Kota Semarang and the big kabupaten buy more (a fixed, varied activity).
                    activity = 2 + (sum(map(ord, code)) % 5)
                    slots.append((code, day, weight * activity))
        day += datetime.timedelta(days=1)
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_slot AS"
        " SELECT s.code, s.day, sum(s.weight) OVER (ORDER BY s.day, s.code) AS cum"
        " FROM unnest(%s::text[], %s::date[], %s::int[]) AS s(code, day, weight)",
        [[s[0] for s in slots], [s[1] for s in slots], [s[2] for s in slots]],
    )
    total_slots = connection.execute("SELECT max(cum) FROM bench_slot").fetchone()[0]  # type: ignore[index]
    step("orders: plan", "CREATE INDEX ON bench_slot (cum)")
    # The buyers: every OPD by kab/kota, numbered, with its officials.
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_opd AS"
        " SELECT o.region_id AS code, row_number() OVER (PARTITION BY o.region_id ORDER BY o.id)"
        "  - 1 AS k, o.id AS opd_id,"
        "  coalesce((SELECT min(u.id) FROM accounts_user u WHERE u.organisation_id = o.id"
        "   AND u.role = 'pp'), (SELECT id FROM accounts_user WHERE username = 'pp.batang')) AS pp,"
        "  coalesce((SELECT min(u.id) FROM accounts_user u WHERE u.organisation_id = o.id"
        "   AND u.role = 'ppk'), (SELECT id FROM accounts_user WHERE username = 'ppk.batang'))"
        "  AS ppk,"
        "  (SELECT min(a.id) FROM accounts_deliveryaddress a WHERE a.opd_id = o.id) AS address"
        " FROM accounts_organisation o WHERE o.kind = 'opd'",
    )
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_opd_count AS"
        " SELECT code, count(*) AS n FROM bench_opd GROUP BY code",
    )
    # The sellers: verified vendors with live products, with a weight (a few
    # sell a lot), numbered by kab/kota and overall.
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_vendor AS"
        " SELECT v.id AS vendor_id, o.region_id AS code, 1 + floor(4 * random() ^ 4)::int AS w"
        " FROM vendors_vendor v JOIN accounts_organisation o ON o.id = v.organisation_id"
        " WHERE v.status = 'verified' AND EXISTS"
        " (SELECT 1 FROM catalog_product p WHERE p.vendor_id = v.id AND p.status = 'tayang')",
    )
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_vendor_slot AS"
        " SELECT code, row_number() OVER (PARTITION BY code ORDER BY vendor_id, g) - 1 AS k,"
        "  row_number() OVER (ORDER BY vendor_id, g) - 1 AS g_k, vendor_id"
        " FROM bench_vendor CROSS JOIN LATERAL generate_series(1, w) g",
    )
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_vendor_count AS"
        " SELECT code, count(*) AS n FROM bench_vendor_slot GROUP BY code",
    )
    all_vendor_slots = connection.execute("SELECT count(*) FROM bench_vendor_slot").fetchone()[0]  # type: ignore[index]
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_product AS"
        " SELECT p.vendor_id, row_number() OVER (PARTITION BY p.vendor_id ORDER BY p.id) - 1 AS k,"
        "  p.id, p.name, p.sku, u.name AS unit, p.category_id, c.tax_class, p.price"
        " FROM catalog_product p JOIN catalog_unit u ON u.code = p.unit_id"
        " JOIN catalog_category c ON c.id = p.category_id WHERE p.status = 'tayang'",
    )
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_product_count AS"
        " SELECT vendor_id, count(*) AS n FROM bench_product GROUP BY vendor_id",
    )
    step("orders: plan", "CREATE INDEX ON bench_vendor_slot (code, k)")
    step("orders: plan", "CREATE INDEX ON bench_vendor_slot (g_k)")
    step("orders: plan", "ANALYZE bench_slot, bench_opd, bench_vendor_slot, bench_product")
    order_base = connection.execute("SELECT coalesce(max(id), 0) FROM orders_order").fetchone()[0]  # type: ignore[index]
    # One row per order: where, when, who, what happened to it.
    step(
        "orders: plan",
        f"""
        CREATE TEMP TABLE bench_plan AS
        WITH drawn AS MATERIALIZED (
          SELECT i, floor(random() * %(slots)s)::bigint AS slot, random() AS r_opd,
                 random() AS r_local, random() AS r_vendor, random() AS r_status,
                 random() AS r_lines, random() AS r_minutes, random() AS r_extra
          FROM generate_series(1, %(count)s) i
        ), placed AS (
          SELECT d.*, s.code, s.day, o.opd_id, o.pp, o.ppk, o.address,
                 CASE WHEN %(today)s - s.day > {RECENT_DAYS}
                      THEN {status_case("d.r_status", OLD_STATUSES)}
                      ELSE {status_case("d.r_status", RECENT_STATUSES)} END AS status
          FROM drawn d
          CROSS JOIN LATERAL (SELECT b.code, b.day FROM bench_slot b WHERE b.cum > d.slot
                              ORDER BY b.cum LIMIT 1) s
          JOIN bench_opd_count oc ON oc.code = s.code
          JOIN bench_opd o ON o.code = s.code AND o.k = floor(d.r_opd * oc.n)::bigint
        )
        SELECT p.*, %(base)s + p.i AS order_id,
               CASE WHEN p.r_local < 0.8 AND vc.n IS NOT NULL
                    THEN (SELECT vs.vendor_id FROM bench_vendor_slot vs
                          WHERE vs.code = p.code AND vs.k = floor(p.r_vendor * vc.n)::bigint)
                    ELSE (SELECT vs.vendor_id FROM bench_vendor_slot vs
                          WHERE vs.g_k = floor(p.r_vendor * %(all_vendors)s)::bigint)
               END AS vendor_id,
               CASE WHEN p.r_lines < 0.55 THEN 1 WHEN p.r_lines < 0.85 THEN 2 ELSE 3 END AS n_lines,
               {reached_case("p.status")} AS reached,
               (p.day + time '08:00' + interval '1 minute' * floor(p.r_minutes * 420))
                 AT TIME ZONE 'Asia/Jakarta' AS created_at
        FROM placed p LEFT JOIN bench_vendor_count vc ON vc.code = p.code
        """,  # noqa: S608 (constants)
        {
            "slots": total_slots,
            "count": count,
            "today": today,
            "base": order_base,
            "all_vendors": all_vendor_slots,
        },
    )
    # The lines: products of the order's vendor, a quantity making a
    # log-normal line value (median about Rp2 juta), within Rp45 juta a line.
    step(
        "orders: lines",
        """
        CREATE TEMP TABLE bench_line AS
        WITH line AS MATERIALIZED (
          SELECT p.order_id, p.vendor_id, p.reached, p.status, p.r_extra, g AS position,
                 random() AS r_product, random() AS r_q1, random() AS r_q2
          FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.n_lines) g
        )
        SELECT l.order_id, l.position, bp.id AS product_id, bp.name, bp.sku, bp.unit,
               bp.category_id, bp.tax_class, bp.price,
               least(5000, greatest(1, floor(45000000.0 / bp.price)), greatest(1, round(
                 exp(ln(2000000) + sqrt(-2 * ln(1 - l.r_q1)) * cos(2 * pi() * l.r_q2))
                 / bp.price)))::int AS quantity,
               l.reached >= 5 AND l.status <> 'sengketa' AS received,
               l.r_extra < 0.03 AND l.position = 1 AS partial
        FROM line l
        JOIN bench_product_count pc ON pc.vendor_id = l.vendor_id
        JOIN bench_product bp ON bp.vendor_id = l.vendor_id
             AND bp.k = floor(l.r_product * pc.n)::bigint
        """,
    )
    step(
        "orders: plan",
        "CREATE TEMP TABLE bench_total AS"
        " SELECT order_id, sum(price * quantity) AS lines_total,"
        "  sum(price * CASE WHEN partial AND quantity >= 3 THEN quantity - quantity / 3"
        "   ELSE quantity END) AS accepted_lines"
        " FROM bench_line GROUP BY order_id",
    )
    # Each step's moment: a little after the one before it, never after now.
    step(
        "orders: plan",
        """
        CREATE TEMP TABLE bench_stamp AS
        SELECT p.order_id, s.*
        FROM bench_plan p CROSS JOIN LATERAL (
          SELECT least(now(), p.created_at + interval '1 minute' * (10 + 110 * p.r_extra))
                   AS submitted_at,
                 least(now(), p.created_at + interval '1 hour' * (2 + 30 * p.r_minutes))
                   AS approved_at,
                 least(now(), p.created_at + interval '1 hour' * (20 + 30 * p.r_minutes))
                   AS accepted_at,
                 least(now(), p.created_at + interval '1 hour' * (50 + 60 * p.r_lines))
                   AS shipped_at,
                 least(now(), p.created_at + interval '1 hour' * (120 + 80 * p.r_lines))
                   AS received_at,
                 least(now(), p.created_at + interval '1 hour' * (150 + 90 * p.r_vendor))
                   AS bast_signed_at,
                 least(now(), p.created_at + interval '1 hour' * (200 + 90 * p.r_vendor))
                   AS invoiced_at,
                 least(now(), p.created_at + interval '1 hour' * (260 + 500 * p.r_status))
                   AS paid_at,
                 least(now(), p.created_at + interval '1 hour' * (270 + 520 * p.r_status))
                   AS completed_at
        ) s
        """,
    )
    rule = connection.execute("SELECT min(id) FROM procurement_procurementrule").fetchone()[0]  # type: ignore[index]
    step(
        "orders: insert",
        """
        INSERT INTO orders_order (
          id, number, opd_id, vendor_id, created_by_id, approved_by_id, receiver_id, status,
          kode_rup, budget_line, funding_source, delivery_address_id, requested_arrival, note,
          decline_reason, cancel_reason, dispute_reason, receipt_note, total, accepted_total,
          received_on_time, delivery_cost, rules_version_id, vendor_tax_profile,
          split_justification, stock_held, courier, tracking_number, own_delivery,
          payment_channel, submitted_at, approved_at, accepted_at, shipped_at, received_at,
          bast_signed_at, cancelled_at, declined_at, timed_out_at, disputed_at, invoiced_at,
          paid_at, completed_at, created_at, updated_at)
        SELECT p.order_id,
          CASE WHEN p.reached >= 1 THEN 'BLK/' || extract(year FROM p.day) || '/'
               || lpad(p.i::text, 7, '0') ELSE '' END,
          p.opd_id, p.vendor_id, p.pp, CASE WHEN p.reached >= 2 THEN p.ppk END, NULL, p.status,
          (10000000 + p.i %% 89999999)::text, '5.1.02.01.01.0024',
          CASE WHEN extract(month FROM p.day) >= 10 AND p.r_extra < 0.3 THEN 'APBD-P'
               ELSE 'APBD' END,
          p.address, p.day + 14, '',
          CASE WHEN p.status = 'ditolak' THEN 'Stok habis.' ELSE '' END,
          CASE WHEN p.status = 'dibatalkan' THEN 'Kegiatan dibatalkan.' ELSE '' END,
          CASE WHEN p.status = 'sengketa' THEN 'Barang tidak sesuai pesanan.' ELSE '' END, '',
          t.lines_total + d.cost,
          CASE WHEN p.reached >= 5 AND p.status <> 'sengketa' THEN t.accepted_lines + d.cost END,
          CASE WHEN p.reached >= 5 AND p.status <> 'sengketa' THEN p.r_minutes < 0.9 END,
          d.cost, CASE WHEN p.reached >= 2 THEN %(rule)s END, '{}'::jsonb, '',
          p.reached >= 2 AND p.status NOT IN ('dibatalkan', 'ditolak'),
          CASE WHEN p.reached >= 4 AND p.r_lines >= 0.4 THEN 'JNE' ELSE '' END,
          CASE WHEN p.reached >= 4 AND p.r_lines >= 0.4 THEN (100000000000 + p.i)::text
               ELSE '' END,
          p.reached >= 4 AND p.r_lines < 0.4,
          CASE WHEN p.r_vendor < 0.5 THEN 'va' WHEN p.r_vendor < 0.75 THEN 'transfer'
               WHEN p.r_vendor < 0.9 THEN 'kkpd' ELSE 'ls_sp2d' END,
          CASE WHEN p.reached >= 1 THEN s.submitted_at END,
          CASE WHEN p.reached >= 2 THEN s.approved_at END,
          CASE WHEN p.reached >= 3 THEN s.accepted_at END,
          CASE WHEN p.reached >= 4 THEN s.shipped_at END,
          CASE WHEN p.reached >= 5 AND p.status <> 'sengketa' THEN s.received_at END,
          CASE WHEN p.reached >= 6 THEN s.bast_signed_at END,
          CASE WHEN p.status = 'dibatalkan' THEN s.accepted_at END,
          CASE WHEN p.status = 'ditolak' THEN s.accepted_at END,
          CASE WHEN p.status = 'batal_otomatis' THEN s.approved_at END,
          CASE WHEN p.status = 'sengketa' THEN s.received_at END,
          CASE WHEN p.reached >= 7 THEN s.invoiced_at END,
          CASE WHEN p.reached >= 8 THEN s.paid_at END,
          CASE WHEN p.reached >= 9 THEN s.completed_at END,
          p.created_at, greatest(p.created_at, s.submitted_at)
        FROM bench_plan p
        JOIN bench_total t ON t.order_id = p.order_id
        JOIN bench_stamp s ON s.order_id = p.order_id
        CROSS JOIN LATERAL (SELECT CASE WHEN p.r_extra > 0.9
          THEN 50000 * (1 + p.i %% 6) ELSE 0 END AS cost) d
        """,
        {"rule": rule},
    )
    step(
        "orders: insert",
        """
        INSERT INTO orders_orderline (
          order_id, product_id, name, sku, unit, category_id, tax_class, unit_price, quantity,
          line_total, stock_taken, received_quantity, condition_ok, accepted_quantity)
        SELECT l.order_id, l.product_id, l.name, l.sku, l.unit, l.category_id, l.tax_class,
          l.price, l.quantity, l.price * l.quantity, 0,
          CASE WHEN l.received THEN l.quantity END, CASE WHEN l.received THEN true END,
          CASE WHEN l.received THEN
            CASE WHEN l.partial AND l.quantity >= 3 THEN l.quantity - l.quantity / 3
                 ELSE l.quantity END END
        FROM bench_line l ORDER BY l.order_id, l.position
        """,
    )
    owner = connection.execute(
        "SELECT min(id) FROM accounts_user WHERE role = 'vendor_owner'"
    ).fetchone()[0]  # type: ignore[index]
    # Taxes as a bendahara collects them on goods: PPN inside the price
    # (11/111), PPh 22 of 1.5 % of the base withheld; a KKPD card withholds nothing.
    step(
        "orders: invoices and payments",
        """
        INSERT INTO payments_invoice (
          order_id, number, issued_by_id, issued_at, tax_date, collector, price, dpp, ppn,
          withheld, net_to_vendor, vendor_tax_profile, rules_version)
        SELECT o.id, 'INV/' || substr(o.number, 5), %(owner)s, o.invoiced_at,
          (o.invoiced_at AT TIME ZONE 'Asia/Jakarta')::date,
          CASE WHEN o.payment_channel = 'kkpd' THEN 'none_kkpd' ELSE 'bendahara' END,
          a.price, a.price * 100 / 111, a.price - a.price * 100 / 111, w.withheld,
          a.price - w.withheld, '{}'::jsonb, 'bench'
        FROM orders_order o
        CROSS JOIN LATERAL (SELECT coalesce(o.accepted_total, o.total) AS price) a
        CROSS JOIN LATERAL (SELECT CASE WHEN o.payment_channel = 'kkpd' THEN 0
          ELSE a.price * 100 / 111 * 15 / 1000 END AS withheld) w
        WHERE o.id > %(base)s AND o.invoiced_at IS NOT NULL
        """,
        {"owner": owner, "base": order_base},
    )
    step(
        "orders: invoices and payments",
        """
        INSERT INTO payments_payment (
          order_id, channel, amount, paid_on, recorded_by_id, recorded_at, reference, sp2d_date,
          proof_id, days_from_bast, late)
        SELECT o.id, o.payment_channel, i.net_to_vendor, d.paid_on, NULL, o.paid_at,
          'REF' || o.id, NULL, NULL, d.paid_on - d.bast_on, d.paid_on - d.bast_on > 20
        FROM orders_order o JOIN payments_invoice i ON i.order_id = o.id
        CROSS JOIN LATERAL (SELECT (o.paid_at AT TIME ZONE 'Asia/Jakarta')::date AS paid_on,
          (o.bast_signed_at AT TIME ZONE 'Asia/Jakarta')::date AS bast_on) d
        WHERE o.id > %(base)s AND o.paid_at IS NOT NULL
        """,
        {"base": order_base},
    )
    for table in ("bench_plan", "bench_line", "bench_total", "bench_stamp"):
        connection.execute(f"DROP TABLE {table}")
