"""Units and numbers written one way in the index and in queries: each
text the index reads is read with a canonical token appended for every number
and unit in it ("Kertas HVS A4 80 gsm" also has "80g", "Beras 5 kg" "5kg"),
made by search_units() with search/units.py's pattern and table of units; a
query's "80 gram" becomes "80g" in Python by the same rules. The words stay
as written. Every index row's vectors change, so the index is rebuilt (both
ways)."""

from django.db import migrations

# search/sql.py's UNIT_FUNCTIONS at this migration, copied so that later
# changes to that module (or to search/units.py) cannot change what this
# migration does.
UNIT_FUNCTIONS = """
CREATE FUNCTION search_unit_number(n text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n ~ '^[0-9]*[1-9][0-9]*[.][0-9]{3}$'
        THEN regexp_replace(replace(n, '.', ''), '^0+(?=[0-9])', '')
        ELSE regexp_replace(split_part(translate(n, ',', '.'), '.', 1),
                '^0+(?=[0-9])', '')
            || coalesce('d' || nullif(rtrim(split_part(translate(n, ',', '.'), '.', 2), '0'),
                ''), '')
    END
$$;

CREATE FUNCTION search_unit_tokens(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(token, ' ' ORDER BY i) FROM (
    SELECT x.i, CASE
        WHEN m[5] IS NOT NULL THEN CASE m[5] WHEN 'folio' THEN 'f4' END
        WHEN u.multiple > 1 THEN
            CASE WHEN m[3] IS NULL AND m[2] ~ '^[0-9]+$'
                THEN (m[2]::numeric * u.multiple)::text || u.unit END
        WHEN u.unit IS NOT NULL OR m[3] IS NOT NULL THEN search_unit_number(m[2])
            || coalesce('x' || search_unit_number(m[3]), '') || coalesce(u.unit, '')
        WHEN m[1] IS NOT NULL THEN search_unit_number(m[2]) || 'pcs'
    END AS token
    FROM regexp_matches(search_norm(t), '(?<![a-z0-9.,])(?:(isi[ ]*)?([0-9]+(?:[.,][0-9]+)?)(?:[ ]*[x*][ ]*([0-9]+(?:[.,][0-9]+)?))?(?:[ ]*(centimeter|milliliter|millilitre|millimeter|sentimeter|mililiter|milimeter|milligram|kilogram|miligram|lembar|butir|gr/m2|inchi|liter|litre|lusin|meter|metre|senti|sheet|biji|buah|g/m2|gram|inch|inci|kilo|kodi|mili|volt|watt|btr|grm|gsm|kgs|lbr|ltr|mah|mtr|pcs|rim|bh|cc|cm|gb|gr|in|kg|lt|mg|ml|mm|pc|pk|tb|"|g|l|m|v|w)(?![a-z0-9])|(?![a-z0-9]|[.,][0-9]))|(folio)(?![a-z0-9]))', 'g') WITH ORDINALITY AS x(m, i)
    LEFT JOIN (VALUES
        ('gram', 'g', 1),
        ('gr', 'g', 1),
        ('grm', 'g', 1),
        ('g', 'g', 1),
        ('gsm', 'g', 1),
        ('g/m2', 'g', 1),
        ('gr/m2', 'g', 1),
        ('kg', 'kg', 1),
        ('kgs', 'kg', 1),
        ('kilo', 'kg', 1),
        ('kilogram', 'kg', 1),
        ('mg', 'mg', 1),
        ('miligram', 'mg', 1),
        ('milligram', 'mg', 1),
        ('ml', 'ml', 1),
        ('cc', 'ml', 1),
        ('mili', 'ml', 1),
        ('mililiter', 'ml', 1),
        ('milliliter', 'ml', 1),
        ('millilitre', 'ml', 1),
        ('l', 'l', 1),
        ('lt', 'l', 1),
        ('ltr', 'l', 1),
        ('liter', 'l', 1),
        ('litre', 'l', 1),
        ('mm', 'mm', 1),
        ('milimeter', 'mm', 1),
        ('millimeter', 'mm', 1),
        ('cm', 'cm', 1),
        ('centimeter', 'cm', 1),
        ('sentimeter', 'cm', 1),
        ('senti', 'cm', 1),
        ('m', 'm', 1),
        ('mtr', 'm', 1),
        ('meter', 'm', 1),
        ('metre', 'm', 1),
        ('inch', 'inch', 1),
        ('inchi', 'inch', 1),
        ('inci', 'inch', 1),
        ('in', 'inch', 1),
        ('"', 'inch', 1),
        ('pcs', 'pcs', 1),
        ('pc', 'pcs', 1),
        ('buah', 'pcs', 1),
        ('bh', 'pcs', 1),
        ('biji', 'pcs', 1),
        ('butir', 'pcs', 1),
        ('btr', 'pcs', 1),
        ('lembar', 'pcs', 1),
        ('lbr', 'pcs', 1),
        ('sheet', 'pcs', 1),
        ('rim', 'rim', 1),
        ('gb', 'gb', 1),
        ('tb', 'tb', 1),
        ('w', 'w', 1),
        ('watt', 'w', 1),
        ('v', 'v', 1),
        ('volt', 'v', 1),
        ('mah', 'mah', 1),
        ('pk', 'pk', 1),
        ('lusin', 'pcs', 12),
        ('kodi', 'pcs', 20)
    ) AS u(alias, unit, multiple) ON u.alias = m[4]
    ) tokens
$$;

CREATE FUNCTION search_units(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(t, '') || coalesce(' ' || search_unit_tokens(t), '') $$;

CREATE OR REPLACE FUNCTION search_fresh_documents(ids bigint[]) RETURNS SETOF search_document
LANGUAGE sql STABLE AS $$
    SELECT d.product_id, coalesce(c.cell_id, 0), d.vendor_id, d.category_id, d.category_group_id, d.unit_id, d.kab_kota_id, d.province_id, d.vendor_kind, d.scale, d.is_pdn, d.is_trained, d.price, d.price_bucket, d.rating, d.sold_count, d.published_at, d.boost, d.tie_key, d.name, d.name_vector, d.vector
    FROM (
    SELECT p.id AS product_id, p.vendor_id, p.category_id,
           coalesce(c.parent_id, c.id) AS category_group_id, p.unit_id,
           o.region_id AS kab_kota_id, coalesce(r.parent_id, r.code) AS province_id,
           v.kind AS vendor_kind, coalesce(nullif(v.scale, ''), 'unknown') AS scale,
           p.is_pdn,
           EXISTS (SELECT 1 FROM vendors_trainingevent_attendees a WHERE a.vendor_id = v.id)
               AS is_trained,
           p.price, width_bucket(p.price, ARRAY[50000,200000,1000000,5000000,15000000,50000000]::bigint[])::smallint AS price_bucket,
           v.rating_average AS rating, 0 AS sold_count,
           coalesce(p.published_at, p.updated_at) AS published_at,
           ((v.scale IN ('mikro', 'kecil'))::int * 2 + p.is_pdn::int)::smallint AS boost,
           hashint8(p.id # search_day_seed()) AS tie_key,
           p.name,
           to_tsvector('blangkon', search_units(p.name)) AS name_vector,
           setweight(to_tsvector('blangkon', search_units(p.name)), 'A')
           || setweight(to_tsvector('blangkon', search_units(c.name || ' ' || coalesce(g.name, '') || ' '
                || coalesce((SELECT string_agg(value, ' ')
                             FROM jsonb_each_text(p.specifications)), ''))), 'B')
           || setweight(to_tsvector('blangkon', search_units(p.description || ' ' || o.name)), 'C')
               AS vector
    FROM catalog_product p
    JOIN vendors_vendor v ON v.id = p.vendor_id
    JOIN accounts_organisation o ON o.id = v.organisation_id
    JOIN regions_region r ON r.code = o.region_id
    JOIN catalog_category c ON c.id = p.category_id
    LEFT JOIN catalog_category g ON g.id = c.parent_id
    WHERE (ids IS NULL OR p.id = ANY (ids))
      AND p.status = 'tayang' AND v.status = 'verified'
    OFFSET 0  -- computed once per product, then joined: not flattened into the
              -- join, where the training EXISTS ran once per candidate cell
    ) d
    LEFT JOIN search_cell c USING (category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
$$;
"""
UNIT_FUNCTIONS_BACKWARD = """
CREATE OR REPLACE FUNCTION search_fresh_documents(ids bigint[]) RETURNS SETOF search_document
LANGUAGE sql STABLE AS $$
    SELECT d.product_id, coalesce(c.cell_id, 0), d.vendor_id, d.category_id, d.category_group_id, d.unit_id, d.kab_kota_id, d.province_id, d.vendor_kind, d.scale, d.is_pdn, d.is_trained, d.price, d.price_bucket, d.rating, d.sold_count, d.published_at, d.boost, d.tie_key, d.name, d.name_vector, d.vector
    FROM (
    SELECT p.id AS product_id, p.vendor_id, p.category_id,
           coalesce(c.parent_id, c.id) AS category_group_id, p.unit_id,
           o.region_id AS kab_kota_id, coalesce(r.parent_id, r.code) AS province_id,
           v.kind AS vendor_kind, coalesce(nullif(v.scale, ''), 'unknown') AS scale,
           p.is_pdn,
           EXISTS (SELECT 1 FROM vendors_trainingevent_attendees a WHERE a.vendor_id = v.id)
               AS is_trained,
           p.price, width_bucket(p.price, ARRAY[50000,200000,1000000,5000000,15000000,50000000]::bigint[])::smallint AS price_bucket,
           v.rating_average AS rating, 0 AS sold_count,
           coalesce(p.published_at, p.updated_at) AS published_at,
           ((v.scale IN ('mikro', 'kecil'))::int * 2 + p.is_pdn::int)::smallint AS boost,
           hashint8(p.id # search_day_seed()) AS tie_key,
           p.name,
           to_tsvector('blangkon', p.name) AS name_vector,
           setweight(to_tsvector('blangkon', p.name), 'A')
           || setweight(to_tsvector('blangkon', c.name || ' ' || coalesce(g.name, '') || ' '
                || coalesce((SELECT string_agg(value, ' ')
                             FROM jsonb_each_text(p.specifications)), '')), 'B')
           || setweight(to_tsvector('blangkon', p.description || ' ' || o.name), 'C')
               AS vector
    FROM catalog_product p
    JOIN vendors_vendor v ON v.id = p.vendor_id
    JOIN accounts_organisation o ON o.id = v.organisation_id
    JOIN regions_region r ON r.code = o.region_id
    JOIN catalog_category c ON c.id = p.category_id
    LEFT JOIN catalog_category g ON g.id = c.parent_id
    WHERE (ids IS NULL OR p.id = ANY (ids))
      AND p.status = 'tayang' AND v.status = 'verified'
    OFFSET 0  -- computed once per product, then joined: not flattened into the
              -- join, where the training EXISTS ran once per candidate cell
    ) d
    LEFT JOIN search_cell c USING (category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
$$;

DROP FUNCTION IF EXISTS search_units(text);
DROP FUNCTION IF EXISTS search_unit_tokens(text);
DROP FUNCTION IF EXISTS search_unit_number(text);
"""

# The index from scratch, so every product's vectors and the counts of their
# terms are those of the functions just applied.
REBUILD = "SELECT search_rebuild();"


class Migration(migrations.Migration):
    dependencies = [("search", "0009_vendor_ratings")]
    operations = [
        migrations.RunSQL(UNIT_FUNCTIONS + REBUILD, UNIT_FUNCTIONS_BACKWARD + REBUILD),
    ]
