"""search_document rows carry their facet cell as one integer (search_cell),
and each category has its own slice of the relevance, price and date orders.
The index is derived data: it is dropped, created anew from the SQL below
(search.sql as of this migration) and rebuilt from the products (minutes at
a million products)."""

from django.db import migrations

# The search SQL as blangkon/search/sql.py wrote it at eca5d80 (the commit
# that added this migration), copied here so that later changes to that
# module cannot change what this migration does (CONTRIBUTING.md, Migrations).
FORWARD = """
CREATE TEXT SEARCH CONFIGURATION blangkon (COPY = pg_catalog.indonesian);
ALTER TEXT SEARCH CONFIGURATION blangkon
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, indonesian_stem;

-- unaccent() is STABLE; wrapping it with the dictionary named makes it safe
-- to use in indexes.
CREATE FUNCTION search_norm(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, coalesce(t, ''))) $$;

CREATE FUNCTION search_day_seed() RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT to_char(current_date, 'YYYYMMDD')::bigint $$;

-- Every combination of facet values live products have: counting a result
-- groups its rows by one integer (cell_id) instead of seven columns.
CREATE TABLE search_cell (
    cell_id serial PRIMARY KEY,
    category_id bigint NOT NULL,
    kab_kota_id varchar(13) NOT NULL,
    vendor_kind varchar(12) NOT NULL,
    scale varchar(10) NOT NULL,
    is_pdn boolean NOT NULL,
    is_trained boolean NOT NULL,
    price_bucket smallint NOT NULL,
    UNIQUE (category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
);

CREATE TABLE search_document (
    product_id bigint PRIMARY KEY,
    cell_id integer NOT NULL,  -- fixed width and early in the row: cheap to group by
    vendor_id bigint NOT NULL,
    category_id bigint NOT NULL,
    category_group_id bigint NOT NULL,
    unit_id varchar(20) NOT NULL,
    kab_kota_id varchar(13) NOT NULL,
    province_id varchar(13) NOT NULL,
    vendor_kind varchar(12) NOT NULL,
    scale varchar(10) NOT NULL,
    is_pdn boolean NOT NULL,
    is_trained boolean NOT NULL,
    price bigint NOT NULL,
    price_bucket smallint NOT NULL,
    rating numeric(3, 2),
    sold_count integer NOT NULL DEFAULT 0,
    published_at timestamptz NOT NULL,
    boost smallint NOT NULL,
    tie_key integer NOT NULL,
    name varchar(200) NOT NULL,
    name_vector tsvector NOT NULL,
    vector tsvector NOT NULL
);
-- Broad words ("kertas" in 7 % of names) must be in the planner's
-- most-common-elements list, or it estimates 60,000 matches as 4,000 and
-- sorts them all where walking the relevance index would stop after twenty.
ALTER TABLE search_document
    ALTER COLUMN vector SET STATISTICS 1000,
    ALTER COLUMN name_vector SET STATISTICS 1000;
CREATE INDEX search_document_vector ON search_document USING gin (vector);
CREATE INDEX search_document_name_vector ON search_document USING gin (name_vector);
CREATE INDEX search_document_relevance ON search_document (boost DESC, tie_key, product_id);
CREATE INDEX search_document_local ON search_document (kab_kota_id, boost DESC, tie_key, product_id);
CREATE INDEX search_document_price ON search_document (price, tie_key, product_id);
CREATE INDEX search_document_newest ON search_document (published_at DESC, tie_key, product_id);
CREATE INDEX search_document_sold ON search_document (sold_count DESC, tie_key, product_id);
CREATE INDEX search_document_rating ON search_document (rating DESC NULLS LAST, tie_key, product_id);
CREATE INDEX search_document_category_relevance ON search_document (category_id, boost DESC, tie_key, product_id);
CREATE INDEX search_document_category_price ON search_document (category_id, price, tie_key, product_id);
CREATE INDEX search_document_category_newest ON search_document (category_id, published_at DESC, tie_key, product_id);
CREATE INDEX search_document_group ON search_document (category_group_id);
CREATE INDEX search_document_vendor ON search_document (vendor_id);

-- How many live products each term has in each facet cell. term '' is every
-- live product, 'kertas' a lexeme anywhere in the text, '=kertas' a lexeme
-- in the name. Broad one-word searches count and page from here instead of
-- visiting 100,000+ rows.
CREATE TABLE search_facet_count (
    term text NOT NULL,
    category_id bigint NOT NULL,
    kab_kota_id varchar(13) NOT NULL,
    vendor_kind varchar(12) NOT NULL,
    scale varchar(10) NOT NULL,
    is_pdn boolean NOT NULL,
    is_trained boolean NOT NULL,
    price_bucket smallint NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
);

-- The same counts summed per facet value (facet = the cell column's
-- position in CELL, value as text): a search without filters reads its
-- facets from ~80 rows here instead of summing thousands of cells.
CREATE TABLE search_facet_total (
    term text NOT NULL,
    facet smallint NOT NULL,
    value text NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (term, facet, value)
);

-- The catalog's vocabulary (words of live product and category names) for
-- typo correction, and the first three words of names for suggestions.
CREATE TABLE search_word (word text PRIMARY KEY, df integer NOT NULL);
CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops);
CREATE TABLE search_phrase (phrase text PRIMARY KEY, df integer NOT NULL);
CREATE INDEX search_phrase_trgm ON search_phrase USING gin (phrase gin_trgm_ops);

CREATE TABLE search_state (id integer PRIMARY KEY CHECK (id = 1), seed bigint NOT NULL);
INSERT INTO search_state VALUES (1, 0);

CREATE FUNCTION search_words(t text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(search_norm(t), '[^a-z0-9]+') AS w
    WHERE length(w) >= 2
$$;

CREATE FUNCTION search_phrase_of(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(array_to_string(
        (regexp_split_to_array(
            trim(regexp_replace(search_norm(t), '[^a-z0-9]+', ' ', 'g')), ' '))[1:3],
        ' '), '')
$$;

CREATE FUNCTION search_facet_values(
    category_id bigint, kab_kota_id varchar, vendor_kind varchar, scale varchar,
    is_pdn boolean, is_trained boolean, price_bucket smallint
) RETURNS TABLE (facet smallint, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    VALUES (0::smallint, category_id::text), (1::smallint, kab_kota_id::text),
           (2::smallint, vendor_kind::text), (3::smallint, scale::text),
           (4::smallint, is_pdn::text), (5::smallint, is_trained::text),
           (6::smallint, price_bucket::text)
$$;

CREATE FUNCTION search_terms(vector tsvector, name_vector tsvector) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ''
    UNION ALL SELECT unnest(tsvector_to_array(vector))
    UNION ALL SELECT '=' || unnest(tsvector_to_array(name_vector))
$$;

-- The index rows the live products among `ids` should have (all products
-- when ids is NULL). The one place that decides what "live" means in SQL:
-- keep it in step with catalog.product_selectors.live_products().
CREATE FUNCTION search_fresh_documents(ids bigint[]) RETURNS SETOF search_document
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
           NULL::numeric(3, 2) AS rating, 0 AS sold_count,
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
    ) d
    LEFT JOIN search_cell c USING (category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
$$;

-- The cells of `ids` (all live products when NULL) that are not yet known.
-- PostgreSQL inlines search_fresh_documents here and skips the text columns.
CREATE FUNCTION search_add_cells(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO search_cell (category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
    SELECT DISTINCT category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket FROM search_fresh_documents(ids) WHERE cell_id = 0
    ORDER BY category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket
    ON CONFLICT DO NOTHING
$$;

-- Bring the index rows of `ids` in line with the products: counts and
-- vocabulary get (new - old) in one sorted upsert each, then the rows are
-- replaced. One transaction-scoped lock serialises refreshes: the counter
-- rows are shared by every product, and two refreshes updating them in
-- different orders could deadlock.
CREATE FUNCTION search_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS search_fresh
        (LIKE search_document) ON COMMIT DELETE ROWS;
    TRUNCATE search_fresh;
    INSERT INTO search_fresh SELECT * FROM search_fresh_documents(ids);
    IF NOT EXISTS (SELECT 1 FROM search_fresh)
       AND NOT EXISTS (SELECT 1 FROM search_document WHERE product_id = ANY (ids)) THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));
    IF EXISTS (SELECT 1 FROM search_fresh WHERE cell_id = 0) THEN
        INSERT INTO search_cell (category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket)
        SELECT DISTINCT category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket FROM search_fresh WHERE cell_id = 0 ORDER BY category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket
        ON CONFLICT DO NOTHING;
        UPDATE search_fresh f SET cell_id = c.cell_id FROM search_cell c
        WHERE f.cell_id = 0 AND (f.category_id, f.kab_kota_id, f.vendor_kind, f.scale, f.is_pdn, f.is_trained, f.price_bucket) = (c.category_id, c.kab_kota_id, c.vendor_kind, c.scale, c.is_pdn, c.is_trained, c.price_bucket);
    END IF;

    CREATE TEMP TABLE IF NOT EXISTS search_delta
        (LIKE search_facet_count) ON COMMIT DELETE ROWS;
    TRUNCATE search_delta;
    INSERT INTO search_delta (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket, n)
    SELECT t, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket, sum(delta)::integer FROM (
        SELECT t, d.category_id, d.kab_kota_id, d.vendor_kind, d.scale, d.is_pdn, d.is_trained, d.price_bucket, -1 AS delta
        FROM search_document d, search_terms(d.vector, d.name_vector) AS t
        WHERE d.product_id = ANY (ids)
        UNION ALL
        SELECT t, d.category_id, d.kab_kota_id, d.vendor_kind, d.scale, d.is_pdn, d.is_trained, d.price_bucket, 1
        FROM search_fresh d, search_terms(d.vector, d.name_vector) AS t
    ) changes
    GROUP BY t, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket HAVING sum(delta) <> 0;

    INSERT INTO search_facet_count AS f (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket, n)
    SELECT term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket, n FROM search_delta ORDER BY term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket
    ON CONFLICT (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket) DO UPDATE SET n = f.n + excluded.n;

    INSERT INTO search_facet_total AS f (term, facet, value, n)
    SELECT term, facet, value, sum(n)::integer FROM search_delta, search_facet_values(category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket) v
    GROUP BY term, facet, value HAVING sum(n) <> 0 ORDER BY term, facet, value
    ON CONFLICT (term, facet, value) DO UPDATE SET n = f.n + excluded.n;

    INSERT INTO search_word AS w (word, df)
    SELECT word, sum(delta)::integer FROM (
        SELECT search_words(d.name) AS word, -1 AS delta FROM search_document d
        WHERE d.product_id = ANY (ids)
        UNION ALL
        SELECT search_words(d.name), 1 FROM search_fresh d
    ) changes
    GROUP BY word HAVING sum(delta) <> 0 ORDER BY word
    ON CONFLICT (word) DO UPDATE SET df = w.df + excluded.df;

    INSERT INTO search_phrase AS ph (phrase, df)
    SELECT phrase, sum(delta)::integer FROM (
        SELECT search_phrase_of(d.name) AS phrase, -1 AS delta FROM search_document d
        WHERE d.product_id = ANY (ids)
        UNION ALL
        SELECT search_phrase_of(d.name), 1 FROM search_fresh d
    ) changes
    WHERE phrase IS NOT NULL
    GROUP BY phrase HAVING sum(delta) <> 0 ORDER BY phrase
    ON CONFLICT (phrase) DO UPDATE SET df = ph.df + excluded.df;

    DELETE FROM search_document WHERE product_id = ANY (ids);
    INSERT INTO search_document SELECT * FROM search_fresh;
END
$$;

-- Everything from scratch (after a bulk load with triggers off, or to repair).
CREATE FUNCTION search_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));
    -- Aggregating ~40 terms per product in memory instead of spilling to disk.
    PERFORM set_config('work_mem', '512MB', true);
    PERFORM set_config('maintenance_work_mem', '512MB', true);
    TRUNCATE search_document, search_facet_count, search_facet_total, search_word, search_phrase;
    DROP INDEX search_document_vector;
    DROP INDEX search_document_name_vector;
    DROP INDEX search_document_relevance;
    DROP INDEX search_document_local;
    DROP INDEX search_document_price;
    DROP INDEX search_document_newest;
    DROP INDEX search_document_sold;
    DROP INDEX search_document_rating;
    DROP INDEX search_document_category_relevance;
    DROP INDEX search_document_category_price;
    DROP INDEX search_document_category_newest;
    DROP INDEX search_document_group;
    DROP INDEX search_document_vendor;
    ALTER TABLE search_facet_count DROP CONSTRAINT search_facet_count_pkey;
    PERFORM search_add_cells(NULL);
    INSERT INTO search_document SELECT * FROM search_fresh_documents(NULL)
        ORDER BY category_id, name;
    GET DIAGNOSTICS total = ROW_COUNT;
    CREATE INDEX search_document_vector ON search_document USING gin (vector);
    CREATE INDEX search_document_name_vector ON search_document USING gin (name_vector);
    CREATE INDEX search_document_relevance ON search_document (boost DESC, tie_key, product_id);
    CREATE INDEX search_document_local ON search_document (kab_kota_id, boost DESC, tie_key, product_id);
    CREATE INDEX search_document_price ON search_document (price, tie_key, product_id);
    CREATE INDEX search_document_newest ON search_document (published_at DESC, tie_key, product_id);
    CREATE INDEX search_document_sold ON search_document (sold_count DESC, tie_key, product_id);
    CREATE INDEX search_document_rating ON search_document (rating DESC NULLS LAST, tie_key, product_id);
    CREATE INDEX search_document_category_relevance ON search_document (category_id, boost DESC, tie_key, product_id);
    CREATE INDEX search_document_category_price ON search_document (category_id, price, tie_key, product_id);
    CREATE INDEX search_document_category_newest ON search_document (category_id, published_at DESC, tie_key, product_id);
    CREATE INDEX search_document_group ON search_document (category_group_id);
    CREATE INDEX search_document_vendor ON search_document (vendor_id);
    INSERT INTO search_facet_count (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket, n)
    SELECT t, d.category_id, d.kab_kota_id, d.vendor_kind, d.scale, d.is_pdn, d.is_trained, d.price_bucket, count(*)
    FROM search_document d, search_terms(d.vector, d.name_vector) AS t
    GROUP BY t, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket;
    ALTER TABLE search_facet_count ADD PRIMARY KEY (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket);
    INSERT INTO search_facet_total (term, facet, value, n)
    SELECT c.term, v.facet, v.value, sum(c.n)
    FROM search_facet_count c, search_facet_values(category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket) v
    GROUP BY c.term, v.facet, v.value;
    INSERT INTO search_word (word, df)
    SELECT word, count(*) FROM search_document d, search_words(d.name) AS word GROUP BY word;
    INSERT INTO search_word (word, df)
    SELECT word, 1 FROM catalog_category c, search_words(c.name) AS word
    ON CONFLICT (word) DO NOTHING;
    INSERT INTO search_phrase (phrase, df)
    SELECT search_phrase_of(d.name) AS phrase, count(*) FROM search_document d
    WHERE search_phrase_of(d.name) IS NOT NULL GROUP BY 1;
    UPDATE search_state SET seed = search_day_seed();
    RETURN total;
END
$$;

-- A new day, a new order among equals (run by search.tasks once a day).
CREATE FUNCTION search_reshuffle() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_document SET tie_key = hashint8(product_id # search_day_seed())
    WHERE tie_key IS DISTINCT FROM hashint8(product_id # search_day_seed());
    UPDATE search_state SET seed = search_day_seed();
END
$$;

-- Triggers ---------------------------------------------------------------

CREATE FUNCTION search_on_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM search_refresh(ARRAY(SELECT id FROM new_rows WHERE status = 'tayang'));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM search_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.status = 'tayang' OR o.status = 'tayang'));
    ELSE
        PERFORM search_refresh(ARRAY(SELECT id FROM old_rows WHERE status = 'tayang'));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_product_insert AFTER INSERT ON catalog_product
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_on_product();
CREATE TRIGGER search_product_update AFTER UPDATE ON catalog_product
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_product();
CREATE TRIGGER search_product_delete AFTER DELETE ON catalog_product
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_on_product();

-- Django's test flush (and any TRUNCATE) empties products without row
-- triggers; the index goes with them.
CREATE FUNCTION search_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE search_document, search_facet_count, search_facet_total, search_word, search_phrase;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_product_truncate AFTER TRUNCATE ON catalog_product
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_truncate();

CREATE FUNCTION search_on_vendor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_refresh(ARRAY(
        SELECT p.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN catalog_product p ON p.vendor_id = n.id
        WHERE p.status = 'tayang'
          AND (n.status, n.scale, n.kind, n.organisation_id)
              IS DISTINCT FROM (o.status, o.scale, o.kind, o.organisation_id)));
    RETURN NULL;
END
$$;
CREATE TRIGGER search_vendor_update AFTER UPDATE ON vendors_vendor
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_vendor();

CREATE FUNCTION search_on_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_refresh(ARRAY(
        SELECT p.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN vendors_vendor v ON v.organisation_id = n.id
        JOIN catalog_product p ON p.vendor_id = v.id
        WHERE p.status = 'tayang'
          AND (n.name, n.region_id) IS DISTINCT FROM (o.name, o.region_id)));
    RETURN NULL;
END
$$;
CREATE TRIGGER search_organisation_update AFTER UPDATE ON accounts_organisation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_organisation();

CREATE FUNCTION search_on_training() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM search_refresh(ARRAY(
            SELECT p.id FROM new_rows a JOIN catalog_product p ON p.vendor_id = a.vendor_id
            WHERE p.status = 'tayang'));
    ELSE
        PERFORM search_refresh(ARRAY(
            SELECT p.id FROM old_rows a JOIN catalog_product p ON p.vendor_id = a.vendor_id
            WHERE p.status = 'tayang'));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_training_insert AFTER INSERT ON vendors_trainingevent_attendees
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_on_training();
CREATE TRIGGER search_training_delete AFTER DELETE ON vendors_trainingevent_attendees
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_on_training();

CREATE FUNCTION search_on_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_refresh(ARRAY(
        SELECT p.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN catalog_category c ON c.id = n.id OR c.parent_id = n.id
        JOIN catalog_product p ON p.category_id = c.id
        WHERE p.status = 'tayang'
          AND (n.name, n.parent_id) IS DISTINCT FROM (o.name, o.parent_id)));
    RETURN NULL;
END
$$;
CREATE TRIGGER search_category_update AFTER UPDATE ON catalog_category
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_category();
"""

BACKWARD = """\
DROP TRIGGER IF EXISTS search_product_insert ON catalog_product;
DROP TRIGGER IF EXISTS search_product_update ON catalog_product;
DROP TRIGGER IF EXISTS search_product_delete ON catalog_product;
DROP TRIGGER IF EXISTS search_product_truncate ON catalog_product;
DROP TRIGGER IF EXISTS search_vendor_update ON vendors_vendor;
DROP TRIGGER IF EXISTS search_organisation_update ON accounts_organisation;
DROP TRIGGER IF EXISTS search_training_insert ON vendors_trainingevent_attendees;
DROP TRIGGER IF EXISTS search_training_delete ON vendors_trainingevent_attendees;
DROP TRIGGER IF EXISTS search_category_update ON catalog_category;
DROP TABLE IF EXISTS search_state, search_phrase, search_word, search_facet_total, search_facet_count, search_document, search_cell CASCADE;
DROP FUNCTION IF EXISTS search_on_category();
DROP FUNCTION IF EXISTS search_on_training();
DROP FUNCTION IF EXISTS search_on_organisation();
DROP FUNCTION IF EXISTS search_on_vendor();
DROP FUNCTION IF EXISTS search_on_truncate();
DROP FUNCTION IF EXISTS search_on_product();
DROP FUNCTION IF EXISTS search_reshuffle();
DROP FUNCTION IF EXISTS search_rebuild();
DROP FUNCTION IF EXISTS search_refresh(bigint[]);
DROP FUNCTION IF EXISTS search_add_cells(bigint[]);
DROP FUNCTION IF EXISTS search_fresh_documents(bigint[]);
DROP FUNCTION IF EXISTS search_terms(tsvector, tsvector);
DROP FUNCTION IF EXISTS search_facet_values(bigint, varchar, varchar, varchar, boolean, boolean, smallint);
DROP FUNCTION IF EXISTS search_phrase_of(text);
DROP FUNCTION IF EXISTS search_words(text);
DROP FUNCTION IF EXISTS search_day_seed();
DROP FUNCTION IF EXISTS search_norm(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS blangkon;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0002_synonyms")]
    operations = [
        migrations.RunSQL(
            BACKWARD + FORWARD + "SELECT search_rebuild();",
            migrations.RunSQL.noop,
        )
    ]
