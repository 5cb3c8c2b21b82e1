# ruff: noqa: S608  (DDL built from this module's own constants; no user input)
"""The search index in SQL: configuration, tables, the refresh function and
the triggers that call it, readable in one place. The migrations apply
frozen copies of this text (0001, 0003, 0004, 0006: each the text of its
day), so a change here needs a new migration that applies it
(search/tests/test_sql.py checks the newest copy against FORWARD and
BACKWARD).

Why triggers (ADR 0011): the index is derived data, like a materialized view.
Products, vendors, organisations and training attendance change through many
services (curation, sanctions, certificate expiry, profile edits, bulk
approve, the demo seeder). A trigger sees every one of them, in the writing
transaction, so search can never show a product that is no longer live and a
take-down is visible the moment it commits.
"""

from blangkon.catalog.live import live_sql, product_status_sql

# Which products are live comes from catalog.live, rendered for the aliases
# below: the rule is written once (search_fresh_documents uses all of it; the
# triggers choose what to refresh by the product's half).

# Price buckets in rupiah (upper bounds, exclusive); bucket i is
# [BOUNDS[i-1], BOUNDS[i]). The price facet's labels come from these bounds
# (search.params.price_buckets).
PRICE_BOUNDS = (50_000, 200_000, 1_000_000, 5_000_000, 15_000_000, 50_000_000)
_BOUNDS_SQL = "ARRAY[" + ",".join(str(b) for b in PRICE_BOUNDS) + "]::bigint[]"

# Word combinations (two or three words common together in names, synonym phrases)
# get counts of their own once this many live products are estimated to
# have them: below it, counting their rows costs a few milliseconds.
COMBINATION_MIN_ROWS = 5_000
COMBINATION_SAMPLE = 100_000  # names read (at random) to find the common pairs
COMBINATION_MAX = 2_000

# The facet cell: the columns facet counts are kept for, in key order.
CELL = (
    "category_id",
    "kab_kota_id",
    "vendor_kind",
    "scale",
    "is_pdn",
    "is_trained",
    "price_bucket",
)
_CELL = ", ".join(CELL)
_CELL_COLUMNS = """\
    category_id bigint NOT NULL,
    kab_kota_id varchar(13) NOT NULL,
    vendor_kind varchar(12) NOT NULL,
    scale varchar(10) NOT NULL,
    is_pdn boolean NOT NULL,
    is_trained boolean NOT NULL,
    price_bucket smallint NOT NULL,"""
_D_CELL = ", ".join(f"d.{c}" for c in CELL)
_F_CELL = ", ".join(f"f.{c}" for c in CELL)
_C_CELL = ", ".join(f"c.{c}" for c in CELL)
# search_document's columns after product_id and cell_id, in table order.
DOCUMENT_REST = (
    "vendor_id", "category_id", "category_group_id", "unit_id", "kab_kota_id",
    "province_id", "vendor_kind", "scale", "is_pdn", "is_trained", "price",
    "price_bucket", "rating", "sold_count", "published_at", "boost", "tie_key",
    "name", "name_vector", "vector",
)  # fmt: skip
_DOCUMENT_REST = ", ".join(f"d.{c}" for c in DOCUMENT_REST)

# search_document's indexes: created by the migration, dropped and rebuilt
# around search_rebuild()'s bulk insert (building an index once is far
# cheaper than updating it a million times).
DOCUMENT_INDEXES = (
    # With the price bucket (btree_gin): a price order reads only the
    # matches in the buckets its page lies in (search.paging.sorted_page);
    # a condition on the text alone uses it like a plain text index.
    ("search_document_vector", "USING gin (price_bucket, vector)"),
    ("search_document_name_vector", "USING gin (name_vector)"),
    ("search_document_relevance", "(boost DESC, tie_key, product_id)"),
    ("search_document_local", "(kab_kota_id, boost DESC, tie_key, product_id)"),
    ("search_document_price", "(price, tie_key, product_id)"),
    ("search_document_newest", "(published_at DESC, tie_key, product_id)"),
    ("search_document_sold", "(sold_count DESC, tie_key, product_id)"),
    ("search_document_rating", "(rating DESC NULLS LAST, tie_key, product_id)"),
    # Each category's slice of the orders: a word common in a few categories
    # is read densely there (search.planning.plan_read).
    ("search_document_category_relevance", "(category_id, boost DESC, tie_key, product_id)"),
    ("search_document_category_price", "(category_id, price, tie_key, product_id)"),
    ("search_document_category_newest", "(category_id, published_at DESC, tie_key, product_id)"),
    ("search_document_group", "(category_group_id)"),
    ("search_document_vendor", "(vendor_id)"),
)
_DOCUMENT_INDEXES = "\n".join(
    f"CREATE INDEX {name} ON search_document {body};" for name, body in DOCUMENT_INDEXES
)
_DROP_DOCUMENT_INDEXES = "\n".join(f"    DROP INDEX {name};" for name, _ in DOCUMENT_INDEXES)
_CREATE_DOCUMENT_INDEXES = "\n".join(
    f"    CREATE INDEX {name} ON search_document {body};" for name, body in DOCUMENT_INDEXES
)


# search_document.vector until DOCUMENT_FUNCTIONS: the category's and its
# group's names with the specifications (B), the vendor's business name with
# the description (C).
_TEXT_WITH_VENDOR_AND_CATEGORY = """\
           setweight(to_tsvector('blangkon', p.name), 'A')
           || setweight(to_tsvector('blangkon', c.name || ' ' || coalesce(g.name, '') || ' '
                || coalesce((SELECT string_agg(value, ' ')
                             FROM jsonb_each_text(p.specifications)), '')), 'B')
           || setweight(to_tsvector('blangkon', p.description || ' ' || o.name), 'C')
"""
# search_document.vector since DOCUMENT_FUNCTIONS: what the product says of
# itself only, its name (A), specifications (B) and description (C); the
# weights are the relevance tiers (search.relevance). The vendor's name left
# it: "batik" found every mask of a vendor called "Batik ...". So did the
# category's name: every product of "Kertas & bahan cetak", ink and toner
# included, matched "kertas"; the category is chosen with its facet.
_PRODUCT_TEXT = """\
           setweight(to_tsvector('blangkon', p.name), 'A')
           || setweight(to_tsvector('blangkon', coalesce((SELECT string_agg(value, ' ')
                             FROM jsonb_each_text(p.specifications)), '')), 'B')
           || setweight(to_tsvector('blangkon', p.description), 'C')
"""


# search_sum_totals as FORWARD creates it ("Counting faster" below replaces it).
_SUM_TOTALS_BY_ANY = f"""FUNCTION search_sum_totals(terms text[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO search_facet_total (term, facet, value, n)
    SELECT f.term, v.facet, v.value, sum(f.n)
    FROM search_facet_count f, search_facet_values({_F_CELL}) v
    WHERE terms IS NULL OR f.term = ANY (terms)
    GROUP BY f.term, v.facet, v.value;
$$;"""


def _fresh_documents(create: str, *, rating: str, text: str = "") -> str:
    """search_fresh_documents, the index rows of live products. `rating` is
    the SQL of the rating column: NULL before ratings existed, the vendor's
    published average since (RATING_FUNCTIONS). `text` is the SQL of the
    vector column: by default as it was until DOCUMENT_FUNCTIONS."""
    text = text or _TEXT_WITH_VENDOR_AND_CATEGORY
    return f"""{create} FUNCTION search_fresh_documents(ids bigint[]) RETURNS SETOF search_document
LANGUAGE sql STABLE AS $$
    SELECT d.product_id, coalesce(c.cell_id, 0), {_DOCUMENT_REST}
    FROM (
    SELECT p.id AS product_id, p.vendor_id, p.category_id,
           coalesce(c.parent_id, c.id) AS category_group_id, p.unit_id,
           o.region_id AS kab_kota_id, coalesce(r.parent_id, r.code) AS province_id,
           v.kind AS vendor_kind, coalesce(nullif(v.scale, ''), 'unknown') AS scale,
           p.is_pdn,
           EXISTS (SELECT 1 FROM vendors_trainingevent_attendees a WHERE a.vendor_id = v.id)
               AS is_trained,
           p.price, width_bucket(p.price, {_BOUNDS_SQL})::smallint AS price_bucket,
           {rating} AS rating, 0 AS sold_count,
           coalesce(p.published_at, p.updated_at) AS published_at,
           ((v.scale IN ('mikro', 'kecil'))::int * 2 + p.is_pdn::int)::smallint AS boost,
           hashint8(p.id # search_day_seed()) AS tie_key,
           p.name,
           to_tsvector('blangkon', p.name) AS name_vector,
{text}               AS vector
    FROM catalog_product p
    JOIN vendors_vendor v ON v.id = p.vendor_id
    JOIN accounts_organisation o ON o.id = v.organisation_id
    JOIN regions_region r ON r.code = o.region_id
    JOIN catalog_category c ON c.id = p.category_id
    LEFT JOIN catalog_category g ON g.id = c.parent_id
    WHERE (ids IS NULL OR p.id = ANY (ids))
      AND {live_sql("p", "v")}
    OFFSET 0  -- computed once per product, then joined: not flattened into the
              -- join, where the training EXISTS ran once per candidate cell
    ) d
    LEFT JOIN search_cell c USING ({_CELL})
$$;
"""


def _on_vendor(create: str, *, with_rating: bool = False) -> str:
    """search_on_vendor, the vendors' trigger function: refresh the live
    products of vendors whose indexed facts changed. With `with_rating`, a
    changed rating (ratings/services.py keeps Vendor.rating_average) is
    copied onto the vendor's rows in place: the rating is in no facet cell
    and no vocabulary, so it needs no refresh and not the refresh's lock."""
    rating = (
        """
    UPDATE search_document d SET rating = n.rating_average
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE d.vendor_id = n.id
      AND n.rating_average IS DISTINCT FROM o.rating_average
      AND d.rating IS DISTINCT FROM n.rating_average;"""
        if with_rating
        else ""
    )
    return f"""{create} FUNCTION search_on_vendor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_refresh(ARRAY(
        SELECT p.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN catalog_product p ON p.vendor_id = n.id
        WHERE {product_status_sql("p")}
          AND (n.status, n.scale, n.kind, n.organisation_id)
              IS DISTINCT FROM (o.status, o.scale, o.kind, o.organisation_id)));{rating}
    RETURN NULL;
END
$$;
"""


def _on_product(create: str, *, skip_stock_only: bool = False) -> str:
    """search_on_product, the products' trigger function: refresh the live
    products a statement touched. With `skip_stock_only`, an UPDATE that
    changes only the stock refreshes nothing (see PRODUCT_TRIGGER)."""
    touched = f"{product_status_sql('n')} OR {product_status_sql('o')}"
    if skip_stock_only:
        touched = f"({touched})\n              AND {_INDEXED_COLUMNS_CHANGED}"
    return f"""{create} FUNCTION search_on_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM search_refresh(ARRAY(SELECT id FROM new_rows WHERE {product_status_sql()}));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM search_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE {touched}));
    ELSE
        PERFORM search_refresh(ARRAY(SELECT id FROM old_rows WHERE {product_status_sql()}));
    END IF;
    RETURN NULL;
END
$$;
"""


# The search index reads no stock (see PRODUCT_TRIGGER).
_INDEXED_COLUMNS_CHANGED = "(to_jsonb(n) - 'stock') IS DISTINCT FROM (to_jsonb(o) - 'stock')"


# search_refresh's note for a running rebuild (REBUILD_FUNCTIONS).
_REFRESH_LOG = """
    IF (SELECT rebuilding_since FROM search_state) IS NOT NULL THEN
        INSERT INTO search_rebuild_log SELECT unnest(ids);
    END IF;"""


def _refresh(create: str, *, logged: bool = False) -> str:
    """search_refresh. With `logged`, it notes the ids it refreshes while a
    rebuild runs (REBUILD_FUNCTIONS): the rebuild applies them again to the
    tables it builds. The note is taken under the refresh lock, so a refresh
    that began before the rebuild began has committed before it reads."""
    log = _REFRESH_LOG if logged else ""
    return f"""{create} FUNCTION search_refresh(ids bigint[]) RETURNS void
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
    PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));{log}
    IF EXISTS (SELECT 1 FROM search_fresh WHERE cell_id = 0) THEN
        INSERT INTO search_cell ({_CELL})
        SELECT DISTINCT {_CELL} FROM search_fresh WHERE cell_id = 0 ORDER BY {_CELL}
        ON CONFLICT DO NOTHING;
        UPDATE search_fresh f SET cell_id = c.cell_id FROM search_cell c
        WHERE f.cell_id = 0 AND ({_F_CELL}) = ({_C_CELL});
    END IF;

    CREATE TEMP TABLE IF NOT EXISTS search_delta
        (LIKE search_facet_count) ON COMMIT DELETE ROWS;
    TRUNCATE search_delta;
    INSERT INTO search_delta (term, {_CELL}, n)
    SELECT t, {_CELL}, sum(delta)::integer FROM (
        SELECT t, {_D_CELL}, -1 AS delta
        FROM search_document d, search_terms(d.vector, d.name_vector) AS t
        WHERE d.product_id = ANY (ids)
        UNION ALL
        SELECT t, {_D_CELL}, 1
        FROM search_fresh d, search_terms(d.vector, d.name_vector) AS t
    ) changes
    GROUP BY t, {_CELL} HAVING sum(delta) <> 0;

    INSERT INTO search_facet_count AS f (term, {_CELL}, n)
    SELECT term, {_CELL}, n FROM search_delta ORDER BY term, {_CELL}
    ON CONFLICT (term, {_CELL}) DO UPDATE SET n = f.n + excluded.n;

    INSERT INTO search_facet_total AS f (term, facet, value, n)
    SELECT term, facet, value, sum(n)::integer FROM search_delta, search_facet_values({_CELL}) v
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
$$;"""


# search_rebuild as FORWARD creates it: empties and refills the live tables,
# blocking searches until it commits. REBUILD_FUNCTIONS replaces it.
_REBUILD_IN_PLACE = f"""CREATE FUNCTION search_rebuild() RETURNS bigint
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
{_DROP_DOCUMENT_INDEXES}
    ALTER TABLE search_facet_count DROP CONSTRAINT search_facet_count_pkey;
    PERFORM search_add_cells(NULL);
    INSERT INTO search_document SELECT * FROM search_fresh_documents(NULL)
        ORDER BY category_id, name;
    GET DIAGNOSTICS total = ROW_COUNT;
{_CREATE_DOCUMENT_INDEXES}
    INSERT INTO search_facet_count (term, {_CELL}, n)
    SELECT t, {_D_CELL}, count(*)
    FROM search_document d, search_terms(d.vector, d.name_vector) AS t
    GROUP BY t, {_CELL};
    ALTER TABLE search_facet_count ADD PRIMARY KEY (term, {_CELL});
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
    PERFORM search_track_combinations({COMBINATION_MIN_ROWS});
    UPDATE search_state SET seed = search_day_seed();
    RETURN total;
END
$$;"""


FORWARD = f"""
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
{_CELL_COLUMNS}
    UNIQUE ({_CELL})
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
{_DOCUMENT_INDEXES}

-- How many live products each term has in each facet cell. term '' is every
-- live product, 'kertas' a lexeme anywhere in the text, '=kertas' a lexeme
-- in the name. Broad one-word searches count and page from here instead of
-- visiting 100,000+ rows.
CREATE TABLE search_facet_count (
    term text NOT NULL,
{_CELL_COLUMNS}
    n integer NOT NULL,
    PRIMARY KEY (term, {_CELL})
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

-- Word combinations counted like single words (ADR 0011): term 'air&mineral'
-- in search_facet_count is the products with both lexemes anywhere,
-- '=air&mineral' with both in the name. Chosen by search_track_combinations:
-- the pairs common in names and the phrases of synonym groups, which a
-- search would otherwise count row by row (98,000 rows for "air mineral").
CREATE TABLE search_combination (
    term text PRIMARY KEY,  -- the lexemes, sorted, joined by '&'
    lexemes text[] NOT NULL,
    query tsquery NOT NULL
);
-- A document's combinations are found by its lexemes: each combination is
-- looked up by its first (a GIN "contained by" search took 0.5 ms a row).
CREATE INDEX search_combination_first ON search_combination ((lexemes[1]));

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
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ''
    UNION ALL SELECT unnest(tsvector_to_array(vector))
    UNION ALL SELECT '=' || unnest(tsvector_to_array(name_vector))
    UNION ALL SELECT c.term FROM unnest(tsvector_to_array(vector)) AS l
        JOIN search_combination c ON c.lexemes[1] = l
        WHERE c.lexemes <@ tsvector_to_array(vector)
    UNION ALL SELECT '=' || c.term FROM unnest(tsvector_to_array(name_vector)) AS l
        JOIN search_combination c ON c.lexemes[1] = l
        WHERE c.lexemes <@ tsvector_to_array(name_vector)
$$;

-- The combinations worth counting: sets of two or three lexemes in at least
-- min_rows live names (estimated from a random sample of names), the
-- commonest first ("tumpeng nasi kuning" is a kind of product), and
-- every synonym group's phrases and pairs of phrases, whatever their size
-- (their union is counted term by term: "atk" | "alat tulis kantor").
-- Only lexemes of letters and digits: they go into a tsquery as they are.
CREATE FUNCTION search_wanted_combinations(min_rows integer)
RETURNS TABLE (term text, lexemes text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    live bigint := (SELECT coalesce(sum(n), 0) FROM search_facet_total
                    WHERE search_facet_total.term = '' AND facet = 0);
    percent float8 := least(100, 100.0 * {COMBINATION_SAMPLE} / greatest(live, 1));
BEGIN
    RETURN QUERY
    WITH names AS MATERIALIZED (
        SELECT ARRAY(SELECT l FROM unnest(tsvector_to_array(d.name_vector)) AS l
                     WHERE l ~ '^[a-z0-9]+$' ORDER BY l COLLATE "C") AS l
        FROM search_document d TABLESAMPLE BERNOULLI (percent) REPEATABLE (0)
    ), sets AS (
        SELECT ARRAY[n.l[i], n.l[j]] AS lexemes
        FROM names n, generate_subscripts(n.l, 1) AS i, generate_subscripts(n.l, 1) AS j
        WHERE i < j
        UNION ALL
        SELECT ARRAY[n.l[i], n.l[j], n.l[k]]
        FROM names n, generate_subscripts(n.l, 1) AS i, generate_subscripts(n.l, 1) AS j,
            generate_subscripts(n.l, 1) AS k
        WHERE i < j AND j < k
    )
    SELECT array_to_string(s.lexemes, '&'), s.lexemes FROM sets s
    GROUP BY s.lexemes HAVING count(*) * 100.0 / percent >= min_rows
    ORDER BY count(*) DESC, 1 LIMIT {COMBINATION_MAX};
    RETURN QUERY
    SELECT array_to_string(l.lexemes, '&'), l.lexemes FROM (
        SELECT ARRAY(SELECT w FROM unnest(tsvector_to_array(
                   to_tsvector('blangkon', one.t || ' ' || two.t))) AS w
                   GROUP BY w ORDER BY w COLLATE "C") AS lexemes
        FROM search_synonym s,
            unnest(s.terms) WITH ORDINALITY AS one(t, i),
            unnest(s.terms) WITH ORDINALITY AS two(t, j)
        WHERE one.i <= two.j
    ) l
    WHERE cardinality(l.lexemes) >= 2
      AND array_to_string(l.lexemes, ' ') ~ '^[a-z0-9 ]+$';
END
$$;

-- A combination's two terms: anywhere ('a&b') and in the name ('=a&b').
CREATE FUNCTION search_combination_terms(terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT terms || ARRAY(SELECT '=' || t FROM unnest(terms) AS t)
$$;

-- search_facet_total for `terms` (every term when NULL), summed from their
-- cells in search_facet_count.
CREATE {_SUM_TOTALS_BY_ANY}

-- Count `terms` (rows of search_combination) in every cell, from the rows.
CREATE FUNCTION search_count_combinations(terms text[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO search_facet_count (term, {_CELL}, n)
    SELECT c.term, {_D_CELL}, count(*)
    FROM search_combination c JOIN search_document d ON d.vector @@ c.query
    WHERE c.term = ANY (terms) GROUP BY c.term, {_D_CELL}
    UNION ALL
    SELECT '=' || c.term, {_D_CELL}, count(*)
    FROM search_combination c JOIN search_document d ON d.name_vector @@ c.query
    WHERE c.term = ANY (terms) GROUP BY c.term, {_D_CELL};
    SELECT search_sum_totals(search_combination_terms(terms));
$$;

-- Bring search_combination in line with search_wanted_combinations(): the
-- counts of combinations no longer wanted go, new ones are counted from the
-- rows. Under the refresh lock, so no product changes meanwhile. Run daily,
-- after a rebuild and when synonyms change. Returns how many are tracked.
CREATE FUNCTION search_track_combinations(min_rows integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    gone text[];
    added text[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('blangkon.search_refresh'));
    CREATE TEMP TABLE search_wanted ON COMMIT DROP AS
        SELECT DISTINCT ON (w.term) w.term, w.lexemes
        FROM search_wanted_combinations(min_rows) w;
    gone := ARRAY(SELECT c.term FROM search_combination c
                  WHERE c.term NOT IN (SELECT w.term FROM search_wanted w));
    added := ARRAY(SELECT w.term FROM search_wanted w
                   WHERE w.term NOT IN (SELECT c.term FROM search_combination c));
    DELETE FROM search_facet_count f WHERE f.term = ANY (search_combination_terms(gone));
    DELETE FROM search_facet_total f WHERE f.term = ANY (search_combination_terms(gone));
    DELETE FROM search_combination c WHERE c.term = ANY (gone);
    INSERT INTO search_combination (term, lexemes, query)
    SELECT w.term, w.lexemes, array_to_string(w.lexemes, ' & ')::tsquery
    FROM search_wanted w WHERE w.term = ANY (added);
    PERFORM search_count_combinations(added);
    DROP TABLE search_wanted;
    RETURN (SELECT count(*) FROM search_combination);
END
$$;

-- The index rows the live products among `ids` should have (all products
-- when ids is NULL). The one place that decides what "live" means in SQL:
-- keep it in step with catalog.product_selectors.live_products().
{_fresh_documents("CREATE", rating="NULL::numeric(3, 2)")}
-- The cells of `ids` (all live products when NULL) that are not yet known.
-- PostgreSQL inlines search_fresh_documents here and skips the text columns.
CREATE FUNCTION search_add_cells(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO search_cell ({_CELL})
    SELECT DISTINCT {_CELL} FROM search_fresh_documents(ids) WHERE cell_id = 0
    ORDER BY {_CELL}
    ON CONFLICT DO NOTHING
$$;

-- Bring the index rows of `ids` in line with the products: counts and
-- vocabulary get (new - old) in one sorted upsert each, then the rows are
-- replaced. One transaction-scoped lock serialises refreshes: the counter
-- rows are shared by every product, and two refreshes updating them in
-- different orders could deadlock.
{_refresh("CREATE")}

-- Everything from scratch (after a bulk load with triggers off, or to repair).
{_REBUILD_IN_PLACE}

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

{_on_product("CREATE")}CREATE TRIGGER search_product_insert AFTER INSERT ON catalog_product
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
    -- The tracked combinations stay: with no products their counts are 0.
    TRUNCATE search_document, search_facet_count, search_facet_total, search_word, search_phrase;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_product_truncate AFTER TRUNCATE ON catalog_product
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_truncate();

{_on_vendor("CREATE")}CREATE TRIGGER search_vendor_update AFTER UPDATE ON vendors_vendor
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_vendor();

CREATE FUNCTION search_on_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_refresh(ARRAY(
        SELECT p.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN vendors_vendor v ON v.organisation_id = n.id
        JOIN catalog_product p ON p.vendor_id = v.id
        WHERE {product_status_sql("p")}
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
            WHERE {product_status_sql("p")}));
    ELSE
        PERFORM search_refresh(ARRAY(
            SELECT p.id FROM old_rows a JOIN catalog_product p ON p.vendor_id = a.vendor_id
            WHERE {product_status_sql("p")}));
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
        WHERE {product_status_sql("p")}
          AND (n.name, n.parent_id) IS DISTINCT FROM (o.name, o.parent_id)));
    RETURN NULL;
END
$$;
CREATE TRIGGER search_category_update AFTER UPDATE ON catalog_category
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_category();
"""

TRIGGERS = (
    ("search_product_insert", "catalog_product"),
    ("search_product_update", "catalog_product"),
    ("search_product_delete", "catalog_product"),
    ("search_product_truncate", "catalog_product"),
    ("search_vendor_update", "vendors_vendor"),
    ("search_organisation_update", "accounts_organisation"),
    ("search_training_insert", "vendors_trainingevent_attendees"),
    ("search_training_delete", "vendors_trainingevent_attendees"),
    ("search_category_update", "catalog_category"),
)

FUNCTIONS = (
    "search_on_category()",
    "search_on_training()",
    "search_on_organisation()",
    "search_on_vendor()",
    "search_on_truncate()",
    "search_on_product()",
    "search_reshuffle()",
    "search_rebuild()",
    "search_refresh(bigint[])",
    "search_track_combinations(integer)",
    "search_count_combinations(text[])",
    "search_sum_totals(text[])",
    "search_combination_terms(text[])",
    "search_wanted_combinations(integer)",
    "search_add_cells(bigint[])",
    "search_fresh_documents(bigint[])",
    "search_terms(tsvector, tsvector)",
    "search_facet_values(bigint, varchar, varchar, varchar, boolean, boolean, smallint)",
    "search_phrase_of(text)",
    "search_words(text)",
    "search_day_seed()",
    "search_norm(text)",
)

# Maintenance that needs the tables' owner, for the application's role
# (ADR 0018): the rebuild TRUNCATEs, ALTERs and ANALYZEs the index tables, and
# the demo seeder pauses the triggers during its bulk load. They run as their
# owner (SECURITY DEFINER, with a fixed search_path); PUBLIC may not call them,
# the application role may (granted after each migrate, core/db_roles.py).
# Applied by their own migrations (0007), apart from FORWARD: they call the
# functions above by name, so recreating those leaves them working.
_SWITCH_TRIGGERS = "\n".join(
    f"        ALTER TABLE {table} %s TRIGGER {name};" for name, table in TRIGGERS
)
# search_on_product as migration 0008 replaced it: the search index reads no
# stock, so an UPDATE that changes only the stock (an order's signature takes
# it, a cancellation gives it back) leaves the index as it is, instead of a
# refresh that takes the one global refresh lock and holds it until the
# order's transaction commits. A migration that applies FORWARD again must
# apply this after it.
PRODUCT_TRIGGER = "\n" + _on_product("CREATE OR REPLACE", skip_stock_only=True)
PRODUCT_TRIGGER_BACKWARD = "\n" + _on_product("CREATE OR REPLACE")

# The rating sort reads the vendors' published ratings (ratings/services.py
# keeps Vendor.rating_average): search_fresh_documents and search_on_vendor
# as the migration that added the ratings replaced them. FORWARD keeps the
# functions of its day (NULL ratings); a migration that applies FORWARD again
# must apply this after it, and rebuild.
RATING_FUNCTIONS = (
    "\n"
    + _fresh_documents("CREATE OR REPLACE", rating="v.rating_average")
    + "\n"
    + _on_vendor("CREATE OR REPLACE", with_rating=True)
)
RATING_FUNCTIONS_BACKWARD = (
    "\n"
    + _fresh_documents("CREATE OR REPLACE", rating="NULL::numeric(3, 2)")
    + "\n"
    + _on_vendor("CREATE OR REPLACE")
)

# search_fresh_documents as the migration that took the vendor's and the
# category's names out of the product text replaced it (see _PRODUCT_TEXT).
# A migration that applies FORWARD or RATING_FUNCTIONS again must apply this
# after them, and rebuild.
DOCUMENT_FUNCTIONS = "\n" + _fresh_documents(
    "CREATE OR REPLACE", rating="v.rating_average", text=_PRODUCT_TEXT
)
DOCUMENT_FUNCTIONS_BACKWARD = "\n" + _fresh_documents(
    "CREATE OR REPLACE", rating="v.rating_average"
)

OWNER_FUNCTIONS = f"""
CREATE FUNCTION search_rebuild_as_owner() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT search_rebuild() $$;
REVOKE ALL ON FUNCTION search_rebuild_as_owner() FROM PUBLIC;

CREATE FUNCTION search_triggers_enable(enabled boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF enabled THEN
{_SWITCH_TRIGGERS.replace("%s", "ENABLE")}
    ELSE
{_SWITCH_TRIGGERS.replace("%s", "DISABLE")}
    END IF;
END
$$;
REVOKE ALL ON FUNCTION search_triggers_enable(boolean) FROM PUBLIC;
"""
OWNER_FUNCTIONS_BACKWARD = """
DROP FUNCTION IF EXISTS search_triggers_enable(boolean);
DROP FUNCTION IF EXISTS search_rebuild_as_owner();
"""

BACKWARD = (
    "".join(f"DROP TRIGGER IF EXISTS {name} ON {table};\n" for name, table in TRIGGERS)
    + "DROP TABLE IF EXISTS search_state, search_phrase, search_word, search_facet_total,"
    " search_facet_count,"
    " search_document, search_cell, search_combination CASCADE;\n"
    + "".join(f"DROP FUNCTION IF EXISTS {f};\n" for f in FUNCTIONS)
    + "DROP TEXT SEARCH CONFIGURATION IF EXISTS blangkon;\n"
)

# Rebuild without blocking -------------------------------------------------
#
# search_rebuild as REBUILD_FUNCTIONS replaces it builds the index in new
# tables in the schema search_build (same names, so the functions above work
# on them when search_build comes first in the search_path) while searches
# read the live tables and product writes refresh them, then swaps them in.
# Writes during the build are not lost: search_rebuild_begin() sets
# search_state.rebuilding_since, search_refresh notes every id it refreshes
# in search_rebuild_log while it is set, and at the end, holding the old
# search_document, the rebuild refreshes those ids in the new tables before
# the swap. Searches and writes wait only for that catch-up and the swap
# (dropping the old tables, moving the new ones to public).
# docs/design/search.md, "Rebuilding without blocking"; ADR 0042. A
# migration that applies FORWARD again must apply this after it.

# The tables a rebuild replaces. Each gets its keys and indexes once it is
# filled (building an index once is far cheaper than updating it a million
# times). search_cell and search_state stay: cells only ever get added, and
# the cell ids of the live rows stay valid.
REBUILT_TABLES = (
    "search_document",
    "search_facet_count",
    "search_facet_total",
    "search_word",
    "search_phrase",
    "search_combination",
)
_REBUILT_TABLES = "ARRAY[" + ", ".join(f"'{t}'" for t in REBUILT_TABLES) + "]"
_BUILD_WORD_KEYS = """\
    CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops);
    ALTER TABLE search_phrase ADD PRIMARY KEY (phrase);
    CREATE INDEX search_phrase_trgm ON search_phrase USING gin (phrase gin_trgm_ops);"""


# The rebuild's counts of every term in every cell, grouped by the 7 columns
# of the cell (as REBUILD_FUNCTIONS did) or by its one integer id, joined to
# the columns afterwards (COUNTING_FUNCTIONS): the same groups, as each cell
# id is one set of columns, but 26 million rows at 1M products are sorted on
# a text and an integer instead of a text and 7 columns (115 s -> ~15 s).
# Written in key order, so that the cells of one term share pages (unordered,
# the 9,812 cells of a category group's browse lay on 8,328 pages: 22 ms).
_COUNT_BY_COLUMNS = f"""\
    INSERT INTO search_facet_count (term, {_CELL}, n)
    SELECT t, {_D_CELL}, count(*)
    FROM search_document d, search_terms(d.vector, d.name_vector) AS t
    GROUP BY t, {_CELL};"""
_COUNT_BY_CELL_ID = f"""\
    INSERT INTO search_facet_count (term, {_CELL}, n)
    SELECT t.term, {_C_CELL}, t.n
    FROM (SELECT t AS term, d.cell_id, count(*)::integer AS n
          FROM search_document d, search_terms(d.vector, d.name_vector) AS t
          GROUP BY t, d.cell_id) t
    JOIN public.search_cell c USING (cell_id)
    ORDER BY t.term, {_C_CELL};"""
# Each name's phrase, computed twice per name (REBUILD_FUNCTIONS) or once.
_PHRASES_TWICE = """\
    INSERT INTO search_phrase (phrase, df)
    SELECT search_phrase_of(d.name) AS phrase, count(*) FROM search_document d
    WHERE search_phrase_of(d.name) IS NOT NULL GROUP BY 1;"""
_PHRASES_ONCE = """\
    INSERT INTO search_phrase (phrase, df)
    SELECT phrase, count(*) FROM search_document d, search_phrase_of(d.name) AS phrase
    WHERE phrase IS NOT NULL GROUP BY phrase;"""


_ANALYZE_SOURCES = """\
    -- After a bulk load the planner's figures for the sources are stale
    -- (a table of 5M products taken for one of 50 rows: nested loops).
    ANALYZE catalog_product, vendors_vendor, accounts_organisation,
        vendors_trainingevent_attendees;
"""


def _rebuild_in_new_tables(*, count_by_cell_id: bool = False, cell_index: bool = False) -> str:
    """search_rebuild that builds in search_build and swaps (see above).
    With `count_by_cell_id`, as COUNTING_FUNCTIONS made it faster; with
    `cell_index`, it also builds CELL_INDEX (CELL_INDEX_FUNCTIONS)."""
    counts = _COUNT_BY_CELL_ID if count_by_cell_id else _COUNT_BY_COLUMNS
    indexes = _CREATE_DOCUMENT_INDEXES + (f"\n    {_CREATE_CELL_INDEX}" if cell_index else "")
    phrases = _PHRASES_ONCE if count_by_cell_id else _PHRASES_TWICE
    # The sources' statistics before the cells are added from them (a bulk
    # load's fresh tables were planned as nearly empty: the 1M benchmark's
    # rebuild took 746 s against 429 s on analysed tables), and the cells'.
    analyze_first, analyze_later = (
        (_ANALYZE_SOURCES, "    ANALYZE search_cell;\n")
        if count_by_cell_id
        else ("", _ANALYZE_SOURCES)
    )
    return f"""CREATE OR REPLACE FUNCTION search_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    logged boolean := (SELECT rebuilding_since IS NOT NULL FROM search_state);
    path text := current_setting('search_path');
BEGIN
{analyze_first}    IF NOT logged THEN
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
{analyze_later}    PERFORM search_build_tables();
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
{indexes}
{counts}
    ALTER TABLE search_facet_count ADD PRIMARY KEY (term, {_CELL});
    PERFORM search_sum_totals(NULL);
    ALTER TABLE search_facet_total ADD PRIMARY KEY (term, facet, value);
    INSERT INTO search_word (word, df)
    SELECT word, count(*) FROM search_document d, search_words(d.name) AS word GROUP BY word;
    ALTER TABLE search_word ADD PRIMARY KEY (word);
    INSERT INTO search_word (word, df)
    SELECT word, 1 FROM catalog_category c, search_words(c.name) AS word
    ON CONFLICT (word) DO NOTHING;
{phrases}
{_BUILD_WORD_KEYS}
    ANALYZE search_document, search_facet_count, search_facet_total, search_word,
        search_phrase;
    -- The combinations, as search_track_combinations chooses and counts them
    -- (without its lock: nobody else writes these tables).
    INSERT INTO search_combination (term, lexemes, query)
    SELECT DISTINCT ON (w.term) w.term, w.lexemes, array_to_string(w.lexemes, ' & ')::tsquery
    FROM search_wanted_combinations({COMBINATION_MIN_ROWS}) w;
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


REBUILD_FUNCTIONS = f"""
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
    FOREACH t IN ARRAY {_REBUILT_TABLES} LOOP
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
    tables text[] := {_REBUILT_TABLES};
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
    FOREACH t IN ARRAY coalesce(dependent, '{{}}') LOOP
        EXECUTE 'DROP FUNCTION ' || t;
    END LOOP;
    EXECUTE 'DROP TABLE '
        || (SELECT string_agg(format('public.%I', n), ', ') FROM unnest(tables) AS n);
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE search_build.%I SET SCHEMA public', t);
    END LOOP;
    FOREACH t IN ARRAY coalesce(definitions, '{{}}') LOOP
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

{_refresh("CREATE OR REPLACE", logged=True)}

{_rebuild_in_new_tables()}"""

REBUILD_FUNCTIONS_BACKWARD = f"""
{_refresh("CREATE OR REPLACE")}

{_REBUILD_IN_PLACE.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)}

DROP FUNCTION IF EXISTS search_rebuild_begin();
DROP FUNCTION IF EXISTS search_swap_tables();
DROP FUNCTION IF EXISTS search_build_tables();
DROP TABLE IF EXISTS search_rebuild_log;
ALTER TABLE search_state DROP COLUMN IF EXISTS rebuilding_since;
DROP SCHEMA IF EXISTS search_build;
"""

# Counting faster -----------------------------------------------------------
#
# search_sum_totals as FORWARD wrote it, "WHERE terms IS NULL OR f.term = ANY
# (terms)", is a SQL function's statement, planned once for any `terms`: it
# read every row of search_facet_count and compared it with every term of the
# array. A rebuild sums the totals of its 2,000 combinations (4,000 terms)
# that way: 178 of its 429 s at 1M products; the daily choice of the
# combinations did the same under the refresh lock. Two statements instead,
# one for every term and one that looks the terms up by the key.
_SUM_TOTALS = f"""CREATE OR REPLACE FUNCTION search_sum_totals(terms text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF terms IS NULL THEN
        INSERT INTO search_facet_total (term, facet, value, n)
        SELECT f.term, v.facet, v.value, sum(f.n)
        FROM search_facet_count f, search_facet_values({_F_CELL}) v
        GROUP BY f.term, v.facet, v.value
        ORDER BY f.term, v.facet, v.value;
    ELSE
        INSERT INTO search_facet_total (term, facet, value, n)
        SELECT f.term, v.facet, v.value, sum(f.n)
        FROM (SELECT DISTINCT unnest(terms) AS term) wanted
        JOIN search_facet_count f ON f.term = wanted.term,
        search_facet_values({_F_CELL}) v
        GROUP BY f.term, v.facet, v.value
        ORDER BY f.term, v.facet, v.value;
    END IF;
END
$$;"""
_SUM_TOTALS_BACKWARD = f"CREATE OR REPLACE {_SUM_TOTALS_BY_ANY}"
# The rebuild with _COUNT_BY_CELL_ID and _PHRASES_ONCE, and the sums above.
# A migration that applies FORWARD or REBUILD_FUNCTIONS again must apply this
# after them.
COUNTING_FUNCTIONS = f"""
{_SUM_TOTALS}

{_rebuild_in_new_tables(count_by_cell_id=True)}"""
COUNTING_FUNCTIONS_BACKWARD = f"""
{_SUM_TOTALS_BACKWARD}

{_rebuild_in_new_tables()}"""

# The cell index --------------------------------------------------------------
#
# search.narrowing reads the rows of a few cells when the filters leave few
# products: by this index, instead of intersecting the text index with one
# index per filter (425 ms for a 7-filter "nasi" search at 5M products, 5 ms
# by cell). With B-tree deduplication it is small: 32 MB at 5M products.
# Not in DOCUMENT_INDEXES, whose text earlier migrations hold.
_CREATE_CELL_INDEX = "CREATE INDEX search_document_cell ON search_document (cell_id);"
CELL_INDEX_FUNCTIONS = f"""
{_CREATE_CELL_INDEX}

{_rebuild_in_new_tables(count_by_cell_id=True, cell_index=True)}"""
CELL_INDEX_FUNCTIONS_BACKWARD = f"""
DROP INDEX IF EXISTS search_document_cell;

{_rebuild_in_new_tables(count_by_cell_id=True)}"""
