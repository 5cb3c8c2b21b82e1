"""The product text of the search index is what the product says of itself:
its name (A), specifications (B) and description (C). The vendor's business
name and the category's names leave it, so a vendor called "Batik ..." no
longer makes its masks match "batik", and ink in "Kertas & bahan cetak" no
longer matches "kertas" (search.relevance reads the weights as tiers).
search_fresh_documents is replaced and the index rebuilt, so the counts
(search_facet_count, search_combination) follow the new text."""

from django.db import migrations

# search/sql.py's DOCUMENT_FUNCTIONS and DOCUMENT_FUNCTIONS_BACKWARD at this
# migration, copied so that later changes to that module cannot change what
# this migration does.
DOCUMENT_FUNCTIONS = """
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
           || setweight(to_tsvector('blangkon', coalesce((SELECT string_agg(value, ' ')
                             FROM jsonb_each_text(p.specifications)), '')), 'B')
           || setweight(to_tsvector('blangkon', p.description), 'C')
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
DOCUMENT_FUNCTIONS_BACKWARD = """
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
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0011_starter_vocabulary")]
    operations = [
        migrations.RunSQL(
            DOCUMENT_FUNCTIONS + "SELECT search_rebuild();",
            DOCUMENT_FUNCTIONS_BACKWARD + "SELECT search_rebuild();",
        )
    ]
