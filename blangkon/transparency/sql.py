# ruff: noqa: S608  (SQL built from this module's own constants; no user input)
"""The rollups of the public figures in SQL: the triggers that keep them and
the statements that derive them from scratch (models.py names the tables).
The latest migration that has them applies a frozen copy of FORWARD and
BACKWARD, so a change here needs a new migration (transparency/tests/
test_rollups.py checks the copy).

Why triggers: DailyTotals is written by order_recount as orders move, by
stats_rebuild and by anything else that adds a channel's rows; a statement
trigger (with its transition tables) sees every one of them, in the writing
transaction, and applies one grouped delta per statement, so a bulk write of a
million rows costs a few grouped upserts, not a million. Rows are upserted in
key order (the same lock order for every writer) and cells that drop to zero
are deleted, so the rollups after any series of writes equal a rebuild.
stats_rebuild pauses the DailyTotals trigger for its own transaction
(`SET LOCAL transparency.rollups_paused`) and derives the rollups once at the
end: updating each rollup row once per batch of a million-row rebuild left
them a hundred times their size in dead rows (docs/performance.md).
"""

# (table, its key columns and their expressions over the source rows (alias
# d), the sums it keeps and theirs).
Sums = tuple[tuple[str, str], ...]
Rollup = tuple[str, tuple[str, ...], tuple[str, ...], Sums]
SUMS: Sums = (("orders", "d.orders"), ("value", "d.value"))
# A cell whose orders and value are zero is deleted (a rebuild writes none).
ZERO = ("orders", "value")
DAILY_ROLLUPS: tuple[Rollup, ...] = (
    (
        "transparency_monthlytotals",
        ("month", "kab_kota_id", "vendor_scale", "channel"),
        ("date_trunc('month', d.day)::date", "d.kab_kota_id", "d.vendor_scale", "d.channel"),
        (*SUMS, ("value_pdn", "d.value_pdn")),  # the domestic-product share
    ),
    (
        "transparency_categorytotals",
        ("year", "kab_kota_id", "category_id", "channel"),
        ("extract(year FROM d.day)::int", "d.kab_kota_id", "d.category_id", "d.channel"),
        SUMS,
    ),
    (
        "transparency_opdtotals",
        ("year", "kab_kota_id", "opd_id", "channel"),
        ("extract(year FROM d.day)::int", "d.kab_kota_id", "d.opd_id", "d.channel"),
        SUMS,
    ),
)

# VendorTotals from CountedOrder rows (each counted order's contribution, one
# order a row): the vendor concentration. INAPROC's rows are written with that
# channel (INAPROC_VENDOR_TOTALS), by INAPROC's vendor code.
VENDOR_ROLLUPS: tuple[Rollup, ...] = (
    (
        "transparency_vendortotals",
        ("year", "kab_kota_id", "vendor_id", "inaproc_vendor", "channel"),
        ("extract(year FROM d.day)::int", "d.kab_kota_id", "d.vendor_id", "''", "d.channel"),
        (("orders", "1"), ("value", "d.value")),
    ),
    (  # the same without the kab/kota: the province-wide concentration
        "transparency_vendoryeartotals",
        ("year", "vendor_id", "inaproc_vendor", "channel"),
        ("extract(year FROM d.day)::int", "d.vendor_id", "''", "d.channel"),
        (("orders", "1"), ("value", "d.value")),
    ),
)


def _rollup_upsert(rollup: Rollup, source: str) -> str:
    """Add the grouped rows of `source` (alias d, with a `sign`) to the rollup."""
    table, keys, exprs, sums = rollup
    columns = ", ".join(keys)
    select = ", ".join(f"{e} AS {k}" for e, k in zip(exprs, keys, strict=True))
    signed = ", ".join(f"d.sign * {e} AS {k}" for k, e in sums)
    summed = ", ".join(f"sum({k})::{'int' if k == 'orders' else 'bigint'}" for k, _e in sums)
    updates = ", ".join(f"{k} = t.{k} + EXCLUDED.{k}" for k, _e in sums)
    return f"""
INSERT INTO {table} AS t ({columns}, {", ".join(k for k, _e in sums)})
SELECT {columns}, {summed} FROM (
  SELECT {select}, {signed} FROM ({source}) d
) g GROUP BY {columns} ORDER BY {columns}
ON CONFLICT ({columns}) DO UPDATE
SET {updates}"""


def _emptied(upsert: str, sums: tuple[str, ...]) -> str:
    """The upsert, returning the ids of the cells it left with every one of
    `sums` at zero: they are deleted by id. A partial index on the emptied
    cells would find them without the ids, but its condition names the sums
    every update changes, so no update of a cell could be a HOT update (a new
    entry in every index per update, and bloat until autovacuum passes)."""
    zero = " AND ".join(f"{name} = 0" for name in sums)
    return (
        f"WITH up AS ({upsert}\nRETURNING id, {', '.join(sums)})\n"
        f"SELECT array_agg(id) FROM up WHERE {zero}"
    )


def _rollup_function(name: str, rollups: tuple[Rollup, ...]) -> str:
    statements = "\n".join(
        f"  EXECUTE format($q${_emptied(_rollup_upsert(rollup, '%s'), ZERO)}$q$, source)"
        " INTO emptied;\n"
        f"  IF emptied IS NOT NULL THEN DELETE FROM {rollup[0]} WHERE id = ANY(emptied); END IF;"
        for rollup in rollups
    )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  source text;
  emptied bigint[];
BEGIN
  -- stats_rebuild writes its tables in batches, then derives the rollups once.
  IF current_setting('transparency.rollups_paused', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    source := 'SELECT n.*, 1 AS sign FROM new_rows n';
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    source := 'SELECT o.*, -1 AS sign FROM old_rows o';
  ELSE
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    source := 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o';
  END IF;
{statements}
  RETURN NULL;
END
$fn$;
"""


# INAPROC's packages by year, satker's kab/kota and INAPROC vendor code: that
# channel is rewritten whole (aggregation.inaproc_recount, and a rebuild), and
# VendorYearTotals' from those rows.
INAPROC_VENDOR_TOTALS = """
DELETE FROM transparency_vendortotals WHERE channel = 'inaproc';
INSERT INTO transparency_vendortotals
    (year, kab_kota_id, vendor_id, inaproc_vendor, channel, orders, value)
SELECT extract(year FROM p.tgl_order)::int, s.region_id, NULL, p.kd_penyedia_v6, 'inaproc',
       count(*), sum(p.total_harga)
FROM inaproc_package p JOIN inaproc_satker s ON s.id = p.satker_id
GROUP BY 1, 2, 4 ORDER BY 1, 2, 4;
DELETE FROM transparency_vendoryeartotals WHERE channel = 'inaproc';
INSERT INTO transparency_vendoryeartotals (year, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, NULL, inaproc_vendor, 'inaproc', sum(orders)::int, sum(value)::bigint
FROM transparency_vendortotals WHERE channel = 'inaproc'
GROUP BY 1, 3 ORDER BY 1, 3;
"""

_PAYMENT_UPSERT = """
INSERT INTO transparency_paymentdays AS t (year, kab_kota_id, opd_id, days, payments)
SELECT extract(year FROM p.paid_on)::int AS year, opd.region_id, o.opd_id, p.days_from_bast,
       sum(p.sign)::int
FROM (%s) p
JOIN orders_order o ON o.id = p.order_id
JOIN accounts_organisation opd ON opd.id = o.opd_id
GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
ON CONFLICT (year, opd_id, days) DO UPDATE SET payments = t.payments + EXCLUDED.payments"""

_PAYMENT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION transparency_payment_days() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  source text;
  emptied bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    source := 'SELECT n.order_id, n.paid_on, n.days_from_bast, 1 AS sign FROM new_rows n';
  ELSIF TG_OP = 'DELETE' THEN
    source := 'SELECT o.order_id, o.paid_on, o.days_from_bast, -1 AS sign FROM old_rows o';
  ELSE
    source := 'SELECT n.order_id, n.paid_on, n.days_from_bast, 1 AS sign FROM new_rows n'
      ' UNION ALL SELECT o.order_id, o.paid_on, o.days_from_bast, -1 FROM old_rows o';
  END IF;
  EXECUTE format($q${_emptied(_PAYMENT_UPSERT, ("payments",))}$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_paymentdays WHERE id = ANY(emptied); END IF;
  RETURN NULL;
END
$fn$;
"""


def _triggers(table: str, function: str, prefix: str) -> str:
    return f"""
CREATE TRIGGER {prefix}_insert AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {prefix}_update AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {prefix}_delete AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""


# The tables REBUILD rewrites whole.
ROLLUP_TABLES = (
    *(rollup[0] for rollup in DAILY_ROLLUPS),
    *(rollup[0] for rollup in VENDOR_ROLLUPS),
    "transparency_paymentdays",
)

# Every rollup from its source, from scratch (stats_rebuild; the migration).
REBUILD = "\n".join(
    [
        "DELETE FROM transparency_monthlytotals;",
        "DELETE FROM transparency_categorytotals;",
        "DELETE FROM transparency_opdtotals;",
        "DELETE FROM transparency_paymentdays;",
        "DELETE FROM transparency_vendortotals;",
        "DELETE FROM transparency_vendoryeartotals;",
        *(
            _rollup_upsert(rollup, "SELECT *, 1 AS sign FROM transparency_dailytotals") + ";"
            for rollup in DAILY_ROLLUPS
        ),
        *(
            _rollup_upsert(rollup, "SELECT *, 1 AS sign FROM transparency_countedorder") + ";"
            for rollup in VENDOR_ROLLUPS
        ),
        INAPROC_VENDOR_TOTALS,
        _PAYMENT_UPSERT
        % "SELECT order_id, paid_on, days_from_bast, 1 AS sign FROM payments_payment"
        + ";",
    ]
)

FORWARD = "\n".join(
    [
        _rollup_function("transparency_daily_rollups", DAILY_ROLLUPS),
        _triggers("transparency_dailytotals", "transparency_daily_rollups", "transparency_daily"),
        _rollup_function("transparency_vendor_rollups", VENDOR_ROLLUPS),
        _triggers(
            "transparency_countedorder", "transparency_vendor_rollups", "transparency_counted"
        ),
        _PAYMENT_FUNCTION,
        _triggers("payments_payment", "transparency_payment_days", "transparency_payment"),
        REBUILD,
    ]
)

BACKWARD = """
DROP TRIGGER IF EXISTS transparency_daily_insert ON transparency_dailytotals;
DROP TRIGGER IF EXISTS transparency_daily_update ON transparency_dailytotals;
DROP TRIGGER IF EXISTS transparency_daily_delete ON transparency_dailytotals;
DROP TRIGGER IF EXISTS transparency_payment_insert ON payments_payment;
DROP TRIGGER IF EXISTS transparency_payment_update ON payments_payment;
DROP TRIGGER IF EXISTS transparency_payment_delete ON payments_payment;
DROP TRIGGER IF EXISTS transparency_counted_insert ON transparency_countedorder;
DROP TRIGGER IF EXISTS transparency_counted_update ON transparency_countedorder;
DROP TRIGGER IF EXISTS transparency_counted_delete ON transparency_countedorder;
DROP FUNCTION IF EXISTS transparency_daily_rollups();
DROP FUNCTION IF EXISTS transparency_vendor_rollups();
DROP FUNCTION IF EXISTS transparency_payment_days();
"""
