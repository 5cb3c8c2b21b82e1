"""The rollups' cells that drop to zero are deleted by the ids their upsert
returns, and the partial indexes that found them are dropped: their condition
(orders = 0 AND value = 0, payments = 0) names the sums every update changes,
so no update of a rollup cell could be a HOT update (transparency/sql.py,
`_emptied`). The rollups are derived again."""

from django.db import migrations

# transparency/sql.py's FORWARD and BACKWARD at this migration, copied so that
# later changes to that module cannot change what this migration does.
FORWARD = """
CREATE OR REPLACE FUNCTION transparency_daily_rollups() RETURNS trigger
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
  EXECUTE format($q$WITH up AS (
INSERT INTO transparency_monthlytotals AS t (month, kab_kota_id, vendor_scale, channel, orders, value, value_pdn)
SELECT month, kab_kota_id, vendor_scale, channel, sum(orders)::int, sum(value)::bigint, sum(value_pdn)::bigint FROM (
  SELECT date_trunc('month', d.day)::date AS month, d.kab_kota_id AS kab_kota_id, d.vendor_scale AS vendor_scale, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value, d.sign * d.value_pdn AS value_pdn FROM (%s) d
) g GROUP BY month, kab_kota_id, vendor_scale, channel ORDER BY month, kab_kota_id, vendor_scale, channel
ON CONFLICT (month, kab_kota_id, vendor_scale, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value, value_pdn = t.value_pdn + EXCLUDED.value_pdn
RETURNING id, orders, value)
SELECT array_agg(id) FROM up WHERE orders = 0 AND value = 0$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_monthlytotals WHERE id = ANY(emptied); END IF;
  EXECUTE format($q$WITH up AS (
INSERT INTO transparency_categorytotals AS t (year, kab_kota_id, category_id, channel, orders, value)
SELECT year, kab_kota_id, category_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.category_id AS category_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, kab_kota_id, category_id, channel ORDER BY year, kab_kota_id, category_id, channel
ON CONFLICT (year, kab_kota_id, category_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value
RETURNING id, orders, value)
SELECT array_agg(id) FROM up WHERE orders = 0 AND value = 0$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_categorytotals WHERE id = ANY(emptied); END IF;
  EXECUTE format($q$WITH up AS (
INSERT INTO transparency_opdtotals AS t (year, kab_kota_id, opd_id, channel, orders, value)
SELECT year, kab_kota_id, opd_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.opd_id AS opd_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, kab_kota_id, opd_id, channel ORDER BY year, kab_kota_id, opd_id, channel
ON CONFLICT (year, kab_kota_id, opd_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value
RETURNING id, orders, value)
SELECT array_agg(id) FROM up WHERE orders = 0 AND value = 0$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_opdtotals WHERE id = ANY(emptied); END IF;
  RETURN NULL;
END
$fn$;


CREATE TRIGGER transparency_daily_insert AFTER INSERT ON transparency_dailytotals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_daily_rollups();
CREATE TRIGGER transparency_daily_update AFTER UPDATE ON transparency_dailytotals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_daily_rollups();
CREATE TRIGGER transparency_daily_delete AFTER DELETE ON transparency_dailytotals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_daily_rollups();


CREATE OR REPLACE FUNCTION transparency_vendor_rollups() RETURNS trigger
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
  EXECUTE format($q$WITH up AS (
INSERT INTO transparency_vendortotals AS t (year, kab_kota_id, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, kab_kota_id, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, kab_kota_id, vendor_id, inaproc_vendor, channel ORDER BY year, kab_kota_id, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, kab_kota_id, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value
RETURNING id, orders, value)
SELECT array_agg(id) FROM up WHERE orders = 0 AND value = 0$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_vendortotals WHERE id = ANY(emptied); END IF;
  EXECUTE format($q$WITH up AS (
INSERT INTO transparency_vendoryeartotals AS t (year, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, vendor_id, inaproc_vendor, channel ORDER BY year, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value
RETURNING id, orders, value)
SELECT array_agg(id) FROM up WHERE orders = 0 AND value = 0$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_vendoryeartotals WHERE id = ANY(emptied); END IF;
  RETURN NULL;
END
$fn$;


CREATE TRIGGER transparency_counted_insert AFTER INSERT ON transparency_countedorder
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_vendor_rollups();
CREATE TRIGGER transparency_counted_update AFTER UPDATE ON transparency_countedorder
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_vendor_rollups();
CREATE TRIGGER transparency_counted_delete AFTER DELETE ON transparency_countedorder
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_vendor_rollups();


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
  EXECUTE format($q$WITH up AS (
INSERT INTO transparency_paymentdays AS t (year, kab_kota_id, opd_id, days, payments)
SELECT extract(year FROM p.paid_on)::int AS year, opd.region_id, o.opd_id, p.days_from_bast,
       sum(p.sign)::int
FROM (%s) p
JOIN orders_order o ON o.id = p.order_id
JOIN accounts_organisation opd ON opd.id = o.opd_id
GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
ON CONFLICT (year, opd_id, days) DO UPDATE SET payments = t.payments + EXCLUDED.payments
RETURNING id, payments)
SELECT array_agg(id) FROM up WHERE payments = 0$q$, source) INTO emptied;
  IF emptied IS NOT NULL THEN DELETE FROM transparency_paymentdays WHERE id = ANY(emptied); END IF;
  RETURN NULL;
END
$fn$;


CREATE TRIGGER transparency_payment_insert AFTER INSERT ON payments_payment
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_payment_days();
CREATE TRIGGER transparency_payment_update AFTER UPDATE ON payments_payment
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_payment_days();
CREATE TRIGGER transparency_payment_delete AFTER DELETE ON payments_payment
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_payment_days();

DELETE FROM transparency_monthlytotals;
DELETE FROM transparency_categorytotals;
DELETE FROM transparency_opdtotals;
DELETE FROM transparency_paymentdays;
DELETE FROM transparency_vendortotals;
DELETE FROM transparency_vendoryeartotals;

INSERT INTO transparency_monthlytotals AS t (month, kab_kota_id, vendor_scale, channel, orders, value, value_pdn)
SELECT month, kab_kota_id, vendor_scale, channel, sum(orders)::int, sum(value)::bigint, sum(value_pdn)::bigint FROM (
  SELECT date_trunc('month', d.day)::date AS month, d.kab_kota_id AS kab_kota_id, d.vendor_scale AS vendor_scale, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value, d.sign * d.value_pdn AS value_pdn FROM (SELECT *, 1 AS sign FROM transparency_dailytotals) d
) g GROUP BY month, kab_kota_id, vendor_scale, channel ORDER BY month, kab_kota_id, vendor_scale, channel
ON CONFLICT (month, kab_kota_id, vendor_scale, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value, value_pdn = t.value_pdn + EXCLUDED.value_pdn;

INSERT INTO transparency_categorytotals AS t (year, kab_kota_id, category_id, channel, orders, value)
SELECT year, kab_kota_id, category_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.category_id AS category_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_dailytotals) d
) g GROUP BY year, kab_kota_id, category_id, channel ORDER BY year, kab_kota_id, category_id, channel
ON CONFLICT (year, kab_kota_id, category_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

INSERT INTO transparency_opdtotals AS t (year, kab_kota_id, opd_id, channel, orders, value)
SELECT year, kab_kota_id, opd_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.opd_id AS opd_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_dailytotals) d
) g GROUP BY year, kab_kota_id, opd_id, channel ORDER BY year, kab_kota_id, opd_id, channel
ON CONFLICT (year, kab_kota_id, opd_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

INSERT INTO transparency_vendortotals AS t (year, kab_kota_id, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, kab_kota_id, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_countedorder) d
) g GROUP BY year, kab_kota_id, vendor_id, inaproc_vendor, channel ORDER BY year, kab_kota_id, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, kab_kota_id, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

INSERT INTO transparency_vendoryeartotals AS t (year, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_countedorder) d
) g GROUP BY year, vendor_id, inaproc_vendor, channel ORDER BY year, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

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


INSERT INTO transparency_paymentdays AS t (year, kab_kota_id, opd_id, days, payments)
SELECT extract(year FROM p.paid_on)::int AS year, opd.region_id, o.opd_id, p.days_from_bast,
       sum(p.sign)::int
FROM (SELECT order_id, paid_on, days_from_bast, 1 AS sign FROM payments_payment) p
JOIN orders_order o ON o.id = p.order_id
JOIN accounts_organisation opd ON opd.id = o.opd_id
GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
ON CONFLICT (year, opd_id, days) DO UPDATE SET payments = t.payments + EXCLUDED.payments;"""

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

# 0010_vendor_year_triggers.FORWARD, copied: what undoing this migration restores.
PREVIOUS_FORWARD = """
CREATE OR REPLACE FUNCTION transparency_daily_rollups() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  source text;
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
  EXECUTE format($q$
INSERT INTO transparency_monthlytotals AS t (month, kab_kota_id, vendor_scale, channel, orders, value, value_pdn)
SELECT month, kab_kota_id, vendor_scale, channel, sum(orders)::int, sum(value)::bigint, sum(value_pdn)::bigint FROM (
  SELECT date_trunc('month', d.day)::date AS month, d.kab_kota_id AS kab_kota_id, d.vendor_scale AS vendor_scale, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value, d.sign * d.value_pdn AS value_pdn FROM (%s) d
) g GROUP BY month, kab_kota_id, vendor_scale, channel ORDER BY month, kab_kota_id, vendor_scale, channel
ON CONFLICT (month, kab_kota_id, vendor_scale, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value, value_pdn = t.value_pdn + EXCLUDED.value_pdn$q$, source);
  DELETE FROM transparency_monthlytotals WHERE orders = 0 AND value = 0;
  EXECUTE format($q$
INSERT INTO transparency_categorytotals AS t (year, kab_kota_id, category_id, channel, orders, value)
SELECT year, kab_kota_id, category_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.category_id AS category_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, kab_kota_id, category_id, channel ORDER BY year, kab_kota_id, category_id, channel
ON CONFLICT (year, kab_kota_id, category_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value$q$, source);
  DELETE FROM transparency_categorytotals WHERE orders = 0 AND value = 0;
  EXECUTE format($q$
INSERT INTO transparency_opdtotals AS t (year, kab_kota_id, opd_id, channel, orders, value)
SELECT year, kab_kota_id, opd_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.opd_id AS opd_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, kab_kota_id, opd_id, channel ORDER BY year, kab_kota_id, opd_id, channel
ON CONFLICT (year, kab_kota_id, opd_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value$q$, source);
  DELETE FROM transparency_opdtotals WHERE orders = 0 AND value = 0;
  RETURN NULL;
END
$fn$;


CREATE TRIGGER transparency_daily_insert AFTER INSERT ON transparency_dailytotals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_daily_rollups();
CREATE TRIGGER transparency_daily_update AFTER UPDATE ON transparency_dailytotals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_daily_rollups();
CREATE TRIGGER transparency_daily_delete AFTER DELETE ON transparency_dailytotals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_daily_rollups();


CREATE OR REPLACE FUNCTION transparency_vendor_rollups() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  source text;
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
  EXECUTE format($q$
INSERT INTO transparency_vendortotals AS t (year, kab_kota_id, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, kab_kota_id, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, kab_kota_id, vendor_id, inaproc_vendor, channel ORDER BY year, kab_kota_id, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, kab_kota_id, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value$q$, source);
  DELETE FROM transparency_vendortotals WHERE orders = 0 AND value = 0;
  EXECUTE format($q$
INSERT INTO transparency_vendoryeartotals AS t (year, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (%s) d
) g GROUP BY year, vendor_id, inaproc_vendor, channel ORDER BY year, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value$q$, source);
  DELETE FROM transparency_vendoryeartotals WHERE orders = 0 AND value = 0;
  RETURN NULL;
END
$fn$;


CREATE TRIGGER transparency_counted_insert AFTER INSERT ON transparency_countedorder
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_vendor_rollups();
CREATE TRIGGER transparency_counted_update AFTER UPDATE ON transparency_countedorder
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_vendor_rollups();
CREATE TRIGGER transparency_counted_delete AFTER DELETE ON transparency_countedorder
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_vendor_rollups();


CREATE OR REPLACE FUNCTION transparency_payment_days() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  source text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    source := 'SELECT n.order_id, n.paid_on, n.days_from_bast, 1 AS sign FROM new_rows n';
  ELSIF TG_OP = 'DELETE' THEN
    source := 'SELECT o.order_id, o.paid_on, o.days_from_bast, -1 AS sign FROM old_rows o';
  ELSE
    source := 'SELECT n.order_id, n.paid_on, n.days_from_bast, 1 AS sign FROM new_rows n'
      ' UNION ALL SELECT o.order_id, o.paid_on, o.days_from_bast, -1 FROM old_rows o';
  END IF;
  EXECUTE format($q$
INSERT INTO transparency_paymentdays AS t (year, kab_kota_id, opd_id, days, payments)
SELECT extract(year FROM p.paid_on)::int AS year, opd.region_id, o.opd_id, p.days_from_bast,
       sum(p.sign)::int
FROM (%s) p
JOIN orders_order o ON o.id = p.order_id
JOIN accounts_organisation opd ON opd.id = o.opd_id
GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
ON CONFLICT (year, opd_id, days) DO UPDATE SET payments = t.payments + EXCLUDED.payments$q$, source);
  DELETE FROM transparency_paymentdays WHERE payments = 0;
  RETURN NULL;
END
$fn$;


CREATE TRIGGER transparency_payment_insert AFTER INSERT ON payments_payment
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_payment_days();
CREATE TRIGGER transparency_payment_update AFTER UPDATE ON payments_payment
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_payment_days();
CREATE TRIGGER transparency_payment_delete AFTER DELETE ON payments_payment
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_payment_days();

DELETE FROM transparency_monthlytotals;
DELETE FROM transparency_categorytotals;
DELETE FROM transparency_opdtotals;
DELETE FROM transparency_paymentdays;
DELETE FROM transparency_vendortotals;
DELETE FROM transparency_vendoryeartotals;

INSERT INTO transparency_monthlytotals AS t (month, kab_kota_id, vendor_scale, channel, orders, value, value_pdn)
SELECT month, kab_kota_id, vendor_scale, channel, sum(orders)::int, sum(value)::bigint, sum(value_pdn)::bigint FROM (
  SELECT date_trunc('month', d.day)::date AS month, d.kab_kota_id AS kab_kota_id, d.vendor_scale AS vendor_scale, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value, d.sign * d.value_pdn AS value_pdn FROM (SELECT *, 1 AS sign FROM transparency_dailytotals) d
) g GROUP BY month, kab_kota_id, vendor_scale, channel ORDER BY month, kab_kota_id, vendor_scale, channel
ON CONFLICT (month, kab_kota_id, vendor_scale, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value, value_pdn = t.value_pdn + EXCLUDED.value_pdn;

INSERT INTO transparency_categorytotals AS t (year, kab_kota_id, category_id, channel, orders, value)
SELECT year, kab_kota_id, category_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.category_id AS category_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_dailytotals) d
) g GROUP BY year, kab_kota_id, category_id, channel ORDER BY year, kab_kota_id, category_id, channel
ON CONFLICT (year, kab_kota_id, category_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

INSERT INTO transparency_opdtotals AS t (year, kab_kota_id, opd_id, channel, orders, value)
SELECT year, kab_kota_id, opd_id, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.opd_id AS opd_id, d.channel AS channel, d.sign * d.orders AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_dailytotals) d
) g GROUP BY year, kab_kota_id, opd_id, channel ORDER BY year, kab_kota_id, opd_id, channel
ON CONFLICT (year, kab_kota_id, opd_id, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

INSERT INTO transparency_vendortotals AS t (year, kab_kota_id, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, kab_kota_id, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.kab_kota_id AS kab_kota_id, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_countedorder) d
) g GROUP BY year, kab_kota_id, vendor_id, inaproc_vendor, channel ORDER BY year, kab_kota_id, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, kab_kota_id, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

INSERT INTO transparency_vendoryeartotals AS t (year, vendor_id, inaproc_vendor, channel, orders, value)
SELECT year, vendor_id, inaproc_vendor, channel, sum(orders)::int, sum(value)::bigint FROM (
  SELECT extract(year FROM d.day)::int AS year, d.vendor_id AS vendor_id, '' AS inaproc_vendor, d.channel AS channel, d.sign * 1 AS orders, d.sign * d.value AS value FROM (SELECT *, 1 AS sign FROM transparency_countedorder) d
) g GROUP BY year, vendor_id, inaproc_vendor, channel ORDER BY year, vendor_id, inaproc_vendor, channel
ON CONFLICT (year, vendor_id, inaproc_vendor, channel) DO UPDATE
SET orders = t.orders + EXCLUDED.orders, value = t.value + EXCLUDED.value;

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


INSERT INTO transparency_paymentdays AS t (year, kab_kota_id, opd_id, days, payments)
SELECT extract(year FROM p.paid_on)::int AS year, opd.region_id, o.opd_id, p.days_from_bast,
       sum(p.sign)::int
FROM (SELECT order_id, paid_on, days_from_bast, 1 AS sign FROM payments_payment) p
JOIN orders_order o ON o.id = p.order_id
JOIN accounts_organisation opd ON opd.id = o.opd_id
GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
ON CONFLICT (year, opd_id, days) DO UPDATE SET payments = t.payments + EXCLUDED.payments;"""


class Migration(migrations.Migration):
    dependencies = [("transparency", "0010_vendor_year_triggers")]

    operations = [
        migrations.RunSQL(BACKWARD + FORWARD, BACKWARD + PREVIOUS_FORWARD),
        migrations.RemoveIndex(
            model_name='categorytotals',
            name='category_totals_emptied',
        ),
        migrations.RemoveIndex(
            model_name='dailytotals',
            name='daily_totals_emptied',
        ),
        migrations.RemoveIndex(
            model_name='monthlytotals',
            name='monthly_totals_emptied',
        ),
        migrations.RemoveIndex(
            model_name='opdtotals',
            name='opd_totals_emptied',
        ),
        migrations.RemoveIndex(
            model_name='paymentdays',
            name='payment_days_emptied',
        ),
        migrations.RemoveIndex(
            model_name='vendortotals',
            name='vendor_totals_emptied',
        ),
        migrations.RemoveIndex(
            model_name='vendoryeartotals',
            name='vendor_year_totals_emptied',
        ),
    ]
