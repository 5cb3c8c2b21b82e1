"""The search index gets an index on search_document.cell_id (search/sql.py,
"The cell index"): a search whose filters leave few products reads their
rows by cell (search.narrowing), and the rebuild builds the index in its new
tables too."""

from django.db import migrations

# search/sql.py's CELL_INDEX_FUNCTIONS at this migration, copied so that later
# changes to that module cannot change what this migration does.
CELL_INDEX_FUNCTIONS = """
CREATE INDEX search_document_cell ON search_document (cell_id);

CREATE OR REPLACE FUNCTION search_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    logged boolean := (SELECT rebuilding_since IS NOT NULL FROM search_state);
    path text := current_setting('search_path');
BEGIN
    -- After a bulk load the planner's figures for the sources are stale
    -- (a table of 5M products taken for one of 50 rows: nested loops).
    ANALYZE catalog_product, vendors_vendor, accounts_organisation,
        vendors_trainingevent_attendees;
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
    ANALYZE search_cell;
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
    CREATE INDEX search_document_cell ON search_document (cell_id);
    INSERT INTO search_facet_count (term, category_id, kab_kota_id, vendor_kind, scale, is_pdn, is_trained, price_bucket, n)
    SELECT t.term, c.category_id, c.kab_kota_id, c.vendor_kind, c.scale, c.is_pdn, c.is_trained, c.price_bucket, t.n
    FROM (SELECT t AS term, d.cell_id, count(*)::integer AS n
          FROM search_document d, search_terms(d.vector, d.name_vector) AS t
          GROUP BY t, d.cell_id) t
    JOIN public.search_cell c USING (cell_id)
    ORDER BY t.term, c.category_id, c.kab_kota_id, c.vendor_kind, c.scale, c.is_pdn, c.is_trained, c.price_bucket;
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
    SELECT phrase, count(*) FROM search_document d, search_phrase_of(d.name) AS phrase
    WHERE phrase IS NOT NULL GROUP BY phrase;
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

CELL_INDEX_FUNCTIONS_BACKWARD = """
DROP INDEX IF EXISTS search_document_cell;

CREATE OR REPLACE FUNCTION search_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    logged boolean := (SELECT rebuilding_since IS NOT NULL FROM search_state);
    path text := current_setting('search_path');
BEGIN
    -- After a bulk load the planner's figures for the sources are stale
    -- (a table of 5M products taken for one of 50 rows: nested loops).
    ANALYZE catalog_product, vendors_vendor, accounts_organisation,
        vendors_trainingevent_attendees;
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
    ANALYZE search_cell;
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
    SELECT t.term, c.category_id, c.kab_kota_id, c.vendor_kind, c.scale, c.is_pdn, c.is_trained, c.price_bucket, t.n
    FROM (SELECT t AS term, d.cell_id, count(*)::integer AS n
          FROM search_document d, search_terms(d.vector, d.name_vector) AS t
          GROUP BY t, d.cell_id) t
    JOIN public.search_cell c USING (cell_id)
    ORDER BY t.term, c.category_id, c.kab_kota_id, c.vendor_kind, c.scale, c.is_pdn, c.is_trained, c.price_bucket;
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
    SELECT phrase, count(*) FROM search_document d, search_phrase_of(d.name) AS phrase
    WHERE phrase IS NOT NULL GROUP BY phrase;
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


class Migration(migrations.Migration):
    dependencies = [("search", "0015_counting_faster")]
    operations = [migrations.RunSQL(CELL_INDEX_FUNCTIONS, CELL_INDEX_FUNCTIONS_BACKWARD)]
