"""The search index is rebuilt in new tables (schema search_build) and
swapped in, so searches wait only for the swap and product writes made during
the build are applied to the new tables before it (ADR 0042): refreshes note
their ids in search_rebuild_log while search_state.rebuilding_since is set."""

from django.db import migrations

# search/sql.py's REBUILD_FUNCTIONS at this migration, copied so that later
# changes to that module cannot change what this migration does.
REBUILD_FUNCTIONS = """
CREATE SCHEMA search_build;
ALTER TABLE search_state ADD COLUMN rebuilding_since timestamptz;
-- The products refreshed while a rebuild runs (repeats allowed).
CREATE TABLE search_rebuild_log (product_id bigint NOT NULL);

-- Empty copies of the live tables in search_build, with the same grants
-- (the application's role writes them through the triggers) and the same
-- statistics targets; keys and indexes come once they are filled.
CREATE FUNCTION search_build_tables() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t text;
    g record;
BEGIN
    FOREACH t IN ARRAY ARRAY['search_document', 'search_facet_count', 'search_facet_total', 'search_word', 'search_phrase', 'search_combination'] LOOP
        EXECUTE format('CREATE TABLE search_build.%1$I (LIKE public.%1$I'
                       ' INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)', t);
        FOR g IN
            SELECT a.privilege_type,
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
                       AS grantee
            FROM pg_class c CROSS JOIN aclexplode(c.relacl) a
            LEFT JOIN pg_roles r ON r.oid = a.grantee
            WHERE c.oid = format('public.%I', t)::regclass AND a.grantee <> c.relowner
        LOOP
            EXECUTE format('GRANT %s ON search_build.%I TO %s', g.privilege_type, t, g.grantee);
        END LOOP;
        FOR g IN
            SELECT attname, attstattarget FROM pg_attribute
            WHERE attrelid = format('public.%I', t)::regclass AND attnum > 0
              AND NOT attisdropped AND attstattarget >= 0
        LOOP
            EXECUTE format('ALTER TABLE search_build.%I ALTER COLUMN %I SET STATISTICS %s',
                           t, g.attname, g.attstattarget);
        END LOOP;
    END LOOP;
END
$$;

-- The new tables in, the old ones out. A function typed by a table's rows
-- (search_fresh_documents returns search_document's) would go with the old
-- table: it is dropped and created again, as it was, on the new one.
CREATE FUNCTION search_swap_tables() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    tables text[] := ARRAY['search_document', 'search_facet_count', 'search_facet_total', 'search_word', 'search_phrase', 'search_combination'];
    dependent text[];
    definitions text[];
    t text;
BEGIN
    SELECT array_agg(p.oid::regprocedure::text), array_agg(pg_get_functiondef(p.oid))
    INTO dependent, definitions
    FROM pg_proc p
    WHERE EXISTS (
        SELECT 1 FROM pg_depend d JOIN pg_class c ON c.reltype = d.refobjid
        WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
          AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY (tables));
    FOREACH t IN ARRAY coalesce(dependent, '{}') LOOP
        EXECUTE 'DROP FUNCTION ' || t;
    END LOOP;
    EXECUTE 'DROP TABLE '
        || (SELECT string_agg(format('public.%I', n), ', ') FROM unnest(tables) AS n);
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE search_build.%I SET SCHEMA public', t);
    END LOOP;
    FOREACH t IN ARRAY coalesce(definitions, '{}') LOOP
        EXECUTE t;
    END LOOP;
END
$$;

-- The first step of a rebuild that blocks nothing (search.services): from
-- its commit on, refreshes note their ids. It takes the refresh lock, so a
-- refresh that read "no rebuild" has committed before the build starts.
CREATE FUNCTION search_rebuild_begin() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));
    DELETE FROM search_rebuild_log;
    UPDATE search_state SET rebuilding_since = now();
END
$$;

CREATE OR REPLACE FUNCTION search_refresh(ids bigint[]) RETURNS void
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
    IF (SELECT rebuilding_since FROM search_state) IS NOT NULL THEN
        INSERT INTO search_rebuild_log SELECT unnest(ids);
    END IF;
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

CREATE OR REPLACE FUNCTION search_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    logged boolean := (SELECT rebuilding_since IS NOT NULL FROM search_state);
    path text := current_setting('search_path');
BEGIN
    IF NOT logged THEN
        -- Called alone (a bulk load, a migration, the benchmark): nothing
        -- notes the products written meanwhile, so everything waits, as it
        -- did when the rebuild refilled the live tables. The old
        -- search_document first, then the refresh lock: the order of the
        -- catch-up below (a refresh reads search_document, then waits for
        -- the lock; the other order would deadlock with it).
        LOCK TABLE public.search_document IN ACCESS EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));
        PERFORM search_add_cells(NULL);
    END IF;
    -- Aggregating ~40 terms per product in memory instead of spilling to disk.
    PERFORM set_config('work_mem', '512MB', true);
    PERFORM set_config('maintenance_work_mem', '512MB', true);
    -- After a bulk load the planner's figures for the sources are stale
    -- (a table of 5M products taken for one of 50 rows: nested loops).
    ANALYZE catalog_product, vendors_vendor, accounts_organisation,
        vendors_trainingevent_attendees;
    PERFORM search_build_tables();
    -- From here the index's names are the new tables.
    PERFORM set_config('search_path', 'search_build, ' || path, true);
    ALTER TABLE search_combination ADD PRIMARY KEY (term);
    CREATE INDEX search_combination_first ON search_combination ((lexemes[1]));
    -- The ratings the rows get, to find the ones changed meanwhile.
    CREATE TEMP TABLE search_rebuild_ratings ON COMMIT DROP AS
        SELECT id, rating_average FROM vendors_vendor;
    INSERT INTO search_document SELECT * FROM search_fresh_documents(NULL)
        ORDER BY category_id, name;
    -- A cell unknown when search.services added the cells belongs to a
    -- product written since (its refresh noted it): the catch-up indexes it.
    WITH later AS (DELETE FROM search_document WHERE cell_id = 0 RETURNING product_id)
    INSERT INTO search_rebuild_log SELECT product_id FROM later;
    ALTER TABLE search_document ADD PRIMARY KEY (product_id);
    CREATE INDEX search_document_vector ON search_document USING gin (price_bucket, vector);
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
    PERFORM search_sum_totals(NULL);
    ALTER TABLE search_facet_total ADD PRIMARY KEY (term, facet, value);
    INSERT INTO search_word (word, df)
    SELECT word, count(*) FROM search_document d, search_words(d.name) AS word GROUP BY word;
    ALTER TABLE search_word ADD PRIMARY KEY (word);
    INSERT INTO search_word (word, df)
    SELECT word, 1 FROM catalog_category c, search_words(c.name) AS word
    ON CONFLICT (word) DO NOTHING;
    INSERT INTO search_phrase (phrase, df)
    SELECT search_phrase_of(d.name) AS phrase, count(*) FROM search_document d
    WHERE search_phrase_of(d.name) IS NOT NULL GROUP BY 1;
    CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops);
    ALTER TABLE search_phrase ADD PRIMARY KEY (phrase);
    CREATE INDEX search_phrase_trgm ON search_phrase USING gin (phrase gin_trgm_ops);
    ANALYZE search_document, search_facet_count, search_facet_total, search_word,
        search_phrase;
    -- The combinations, as search_track_combinations chooses and counts them
    -- (without its lock: nobody else writes these tables).
    INSERT INTO search_combination (term, lexemes, query)
    SELECT DISTINCT ON (w.term) w.term, w.lexemes, array_to_string(w.lexemes, ' & ')::tsquery
    FROM search_wanted_combinations(5000) w;
    PERFORM search_count_combinations(ARRAY(SELECT term FROM search_combination));
    ANALYZE search_combination;

    -- Catch up. Every refresh reads the old search_document before it
    -- notes its ids, and so does every rating copy (search_on_vendor writes
    -- the rows in place, without a refresh): once the old table is ours,
    -- those that began have committed and the next ones wait. Searches wait
    -- from here to the commit. A writer slow to commit would make them wait
    -- too: the lock is asked for a moment at a time until it is had.
    PERFORM set_config('lock_timeout', '200ms', true);
    LOOP
        BEGIN
            LOCK TABLE public.search_document IN ACCESS EXCLUSIVE MODE;
            EXIT;
        EXCEPTION WHEN lock_not_available THEN
            PERFORM pg_sleep(0.3);
        END;
    END LOOP;
    PERFORM set_config('lock_timeout', '0', true);
    UPDATE search_state SET rebuilding_since = NULL;
    PERFORM search_refresh(ARRAY(SELECT DISTINCT product_id FROM search_rebuild_log));
    DELETE FROM search_rebuild_log;
    UPDATE search_document d SET rating = v.rating_average
    FROM vendors_vendor v JOIN search_rebuild_ratings r ON r.id = v.id
    WHERE v.rating_average IS DISTINCT FROM r.rating_average AND d.vendor_id = v.id;

    PERFORM set_config('search_path', path, true);
    PERFORM search_swap_tables();
    UPDATE search_state SET seed = search_day_seed();
    RETURN (SELECT coalesce(sum(n), 0) FROM search_facet_total WHERE term = '' AND facet = 0);
END
$$;
"""
REBUILD_FUNCTIONS_BACKWARD = """
CREATE OR REPLACE FUNCTION search_refresh(ids bigint[]) RETURNS void
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

CREATE OR REPLACE FUNCTION search_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));
    -- Aggregating ~40 terms per product in memory instead of spilling to disk.
    PERFORM set_config('work_mem', '512MB', true);
    PERFORM set_config('maintenance_work_mem', '512MB', true);
    TRUNCATE search_document, search_facet_count, search_facet_total, search_word, search_phrase,
        search_combination;
    -- After a bulk load the planner's figures for the sources are stale
    -- (a table of 5M products taken for one of 50 rows: nested loops).
    ANALYZE catalog_product, vendors_vendor, accounts_organisation,
        vendors_trainingevent_attendees;
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
    CREATE INDEX search_document_vector ON search_document USING gin (price_bucket, vector);
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
    PERFORM search_sum_totals(NULL);
    INSERT INTO search_word (word, df)
    SELECT word, count(*) FROM search_document d, search_words(d.name) AS word GROUP BY word;
    INSERT INTO search_word (word, df)
    SELECT word, 1 FROM catalog_category c, search_words(c.name) AS word
    ON CONFLICT (word) DO NOTHING;
    INSERT INTO search_phrase (phrase, df)
    SELECT search_phrase_of(d.name) AS phrase, count(*) FROM search_document d
    WHERE search_phrase_of(d.name) IS NOT NULL GROUP BY 1;
    ANALYZE search_document;
    PERFORM search_track_combinations(5000);
    UPDATE search_state SET seed = search_day_seed();
    RETURN total;
END
$$;

DROP FUNCTION IF EXISTS search_rebuild_begin();
DROP FUNCTION IF EXISTS search_swap_tables();
DROP FUNCTION IF EXISTS search_build_tables();
DROP TABLE IF EXISTS search_rebuild_log;
ALTER TABLE search_state DROP COLUMN IF EXISTS rebuilding_since;
DROP SCHEMA IF EXISTS search_build;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0012_product_text_without_vendor_and_category")]
    operations = [migrations.RunSQL(REBUILD_FUNCTIONS, REBUILD_FUNCTIONS_BACKWARD)]
