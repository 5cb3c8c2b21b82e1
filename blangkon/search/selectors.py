"""Catalog search: the one selector the catalog page and GET /api/v1/products use.

How a search runs (docs/adr/0011-search-in-postgresql.md):
1. The words are normalised and capped (search.query), each unknown word is
   corrected against the catalog's own vocabulary (search_word, trigram
   index, then edit distance), and synonym phrases become alternatives.
2. Counts and facets. A search for one stemmed word (or none: browsing) with
   price limits on bucket edges is counted from search_facet_count: a few
   hundred pre-summed cells instead of visiting 100,000+ rows for "kertas".
   Anything else is counted over the matching rows, grouped by the same cell.
3. The page. Relevance is: the words in the name first, then the buyer's own
   kab/kota, then the buyer's province, then micro/small vendors and PDN
   products (boost), then the day's tie key. A one-word search walks these
   tiers with their sizes known from the counts, each tier read in index
   order, so page 1 of "kertas" reads about twenty rows. Within a tier one
   vendor gets at most VENDOR_RUN results before every other vendor has had
   its turn, so no vendor fills a page when others match.
"""

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.catalog.models import Category, Product
from blangkon.core.money import format_number, format_rupiah
from blangkon.regions.models import Region, RegionKind
from blangkon.search.models import Synonym
from blangkon.search.params import (
    KINDS,
    PAGE_SIZE,
    SCALES,
    SearchParams,
    aligned_buckets,
    price_buckets,
)
from blangkon.search.query import (
    Alternatives,
    best_correction,
    expand_synonyms,
    is_correctable,
    tsquery_text,
    words_of,
)
from blangkon.search.sql import CELL

VENDOR_RUN = 4  # results of one vendor in a row before others get a turn
EXACT_LIMIT = 10_000  # counts above this may be shown as "10.000+"
TYPO_SIMILARITY = 0.25  # trigram similarity for correction candidates


# --- reference data ---------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    categories: dict[str, Category]  # by slug
    leaves_of: dict[int, list[int]]  # group id -> leaf ids
    group_of: dict[int, int]  # leaf id -> group id
    regions: dict[str, Region]  # kab/kota by code

    @classmethod
    def load(cls) -> "Reference":
        categories = {c.slug: c for c in Category.objects.order_by("position", "name")}
        leaves_of: dict[int, list[int]] = defaultdict(list)
        group_of: dict[int, int] = {}
        for c in categories.values():
            if c.parent_id is not None:
                leaves_of[c.parent_id].append(c.pk)
                group_of[c.pk] = c.parent_id
        regions = {
            r.code: r
            for r in Region.objects.filter(kind__in=(RegionKind.KABUPATEN, RegionKind.KOTA))
        }
        return cls(categories, dict(leaves_of), group_of, regions)


def search_reference() -> Reference:
    return Reference.load()


def buyer_region(user: User | Any) -> Region | None:
    """The kab/kota (or province) of a signed-in government user, for the
    local-first boost; None for vendors and the public."""
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return None
    organisation = user.organisation
    if organisation is None or organisation.kind not in ("pemda", "opd"):
        return None
    return organisation.region


# --- understanding the words ------------------------------------------------


@dataclass(frozen=True)
class TextQuery:
    typed: list[str]
    corrected: list[str]  # the words searched for, after typo correction
    parts: list[Alternatives]
    tsquery: str  # to_tsquery('blangkon', ...) input; "" when nothing to match
    lexeme: str | None  # the one stemmed lexeme, when the query is one word
    # One word with one-word synonyms ("snack", "kudapan", "camilan"): the
    # words, each one lexeme; their union is counted from the cells.
    either: tuple[str, ...] = ()

    @property
    def was_corrected(self) -> bool:
        return self.typed != self.corrected


def _synonym_groups() -> list[list[list[str]]]:
    return [[words_of(term) for term in s.terms] for s in Synonym.objects.all()]


def _corrections(words: Sequence[str], known_extra: set[str]) -> dict[str, str]:
    candidates = [w for w in words if is_correctable(w) and w not in known_extra]
    if not candidates:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM search_word WHERE word = ANY(%s) AND df > 0", [candidates])
        known = {row[0] for row in cursor.fetchall()}
        # Words that are stop words or stem to a known lexeme need no fixing.
        unknown = [w for w in candidates if w not in known]
        fixes: dict[str, str] = {}
        if not unknown:
            return fixes
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(TYPO_SIMILARITY)]
        )
        for word in unknown:
            cursor.execute(
                "SELECT word, df FROM search_word WHERE word %% %s AND df > 0"
                " ORDER BY similarity(word, %s) DESC, df DESC LIMIT 30",
                [word, word],
            )
            fix = best_correction(word, cursor.fetchall())
            if fix:
                fixes[word] = fix
    return fixes


def understand(q: str) -> TextQuery:
    typed = words_of(q)
    if not typed:
        return TextQuery([], [], [], "", None)
    groups = _synonym_groups()
    synonym_words = {w for group in groups for phrase in group for w in phrase}
    fixes = _corrections(typed, synonym_words)
    corrected = [fixes.get(w, w) for w in typed]
    parts = expand_synonyms(corrected, groups)
    text = tsquery_text(parts)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT querytree(to_tsquery('blangkon', %s)),"
            " tsvector_to_array(to_tsvector('blangkon', %s))",
            [text, " ".join(corrected)],
        )
        tree, lexemes = cursor.fetchone()
    if tree in ("", "T"):  # only stop words: nothing to match on
        return TextQuery(typed, corrected, parts, "", None)
    single = len(parts) == 1 and len(parts[0].phrases) == 1 and len(lexemes) == 1
    return TextQuery(
        typed,
        corrected,
        parts,
        text,
        lexemes[0] if single else None,
        _one_word_alternatives(parts),
    )


MAX_EITHER = 4  # inclusion-exclusion over n words takes 2^n - 1 counts


def _one_word_alternatives(parts: list[Alternatives]) -> tuple[str, ...]:
    if len(parts) != 1 or not 1 < len(parts[0].phrases) <= MAX_EITHER:
        return ()
    words = [phrase[0] for phrase in parts[0].phrases if len(phrase) == 1]
    if len(words) != len(parts[0].phrases):
        return ()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(cardinality(tsvector_to_array(to_tsvector('blangkon', w))) = 1)"
            " AND count(DISTINCT tsvector_to_array(to_tsvector('blangkon', w))) = count(*)"
            " FROM unnest(%s::text[]) AS w",
            [words],
        )
        row = cursor.fetchone()
    return tuple(words) if row and row[0] else ()


# --- the search ---------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0

    @property
    def count_label(self) -> str:
        return approximate(self.count)


@dataclass
class SearchResult:
    params: SearchParams
    text: TextQuery
    count: int
    products: list[Product]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    counted_from: str = "rows"  # "cells" when counts came from search_facet_count

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def count_label(self) -> str:
        return approximate(self.count)


def approximate(count: int) -> str:
    return f"{format_number(EXACT_LIMIT)}+" if count > EXACT_LIMIT else format_number(count)


@dataclass
class _Where:
    sql: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, sql: str, *args: Any) -> None:
        self.sql.append(sql)
        self.args.extend(args)

    def render(self) -> str:
        return " AND ".join(self.sql) if self.sql else "TRUE"


def _filters(params: SearchParams, ref: Reference, *, cells: bool) -> _Where:
    """The filters as SQL over search_document (or, with cells=True, over
    search_facet_count, which has the same cell columns but no price)."""
    where = _Where()
    if params.category:
        category = ref.categories[params.category]
        leaves = ref.leaves_of.get(category.pk, [category.pk])
        where.add("category_id = ANY(%s)", leaves)
    if params.kab_kota:
        where.add("kab_kota_id = %s", params.kab_kota)
    if params.vendor_kind:
        where.add("vendor_kind = %s", params.vendor_kind)
    if params.scale:
        where.add("scale = %s", params.scale)
    if params.pdn is not None:
        where.add("is_pdn = %s", params.pdn)
    if params.trained is not None:
        where.add("is_trained = %s", params.trained)
    if params.price_min is not None or params.price_max is not None:
        if cells:
            where.add("price_bucket = ANY(%s)", aligned_buckets(params.price_min, params.price_max))
        else:
            if params.price_min is not None:
                where.add("price >= %s", params.price_min)
            if params.price_max is not None:
                where.add("price <= %s", params.price_max)
    return where


# SQL in this module is assembled from fixed column names and expressions;
# every value from a request travels as a query parameter (hence the S608
# exemptions below).


# One row per facet value: grouping sets over the cell columns, so the
# marginals are summed in PostgreSQL, not in Python.
_MARGINALS = "GROUP BY GROUPING SETS (" + ", ".join(f"({c})" for c in CELL) + ")"

Totals = dict[str, dict[Any, int]]  # per cell column: value -> count


def _totals(rows: Iterable[Sequence[Any]]) -> Totals:
    """Marginal rows (one non-null cell column, then the count) as Totals."""
    totals: Totals = {c: {} for c in CELL}
    for row in rows:
        for column, value in zip(CELL, row[:-1], strict=True):
            if value is not None:
                totals[column][value] = int(row[-1])
                break
    return totals


def _count(totals: Totals) -> int:
    return sum(totals["category_id"].values())


_FROM_TEXT: dict[str, Any] = {
    "category_id": int,
    "kab_kota_id": str,
    "vendor_kind": str,
    "scale": str,
    "is_pdn": lambda v: v == "true",
    "is_trained": lambda v: v == "true",
    "price_bucket": int,
}


def _totals_from_counts(term: str, params: SearchParams, ref: Reference) -> Totals:
    where = _filters(params, ref, cells=True)
    if not where.sql:  # no filter: the pre-summed totals serve
        totals: Totals = {c: {} for c in CELL}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT facet, value, n FROM search_facet_total WHERE term = %s AND n > 0", [term]
            )
            for facet, value, n in cursor.fetchall():
                column = CELL[facet]
                totals[column][_FROM_TEXT[column](value)] = n
        return totals
    columns = ", ".join(CELL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, sum(n) FROM search_facet_count"  # noqa: S608
            f" WHERE term = %s AND n > 0 AND {where.render()} {_MARGINALS}",
            [term, *where.args],
        )
        return _totals(cursor.fetchall())


_NO_TEXT = TextQuery([], [], [], "", None)


def _document_where(text: TextQuery, params: SearchParams, ref: Reference) -> _Where:
    where = _filters(params, ref, cells=False)
    if text.tsquery:
        where.sql.insert(0, "vector @@ to_tsquery('blangkon', %s)")
        where.args.insert(0, text.tsquery)
    return where


def _totals_of_either(words: tuple[str, ...], params: SearchParams, ref: Reference) -> Totals:
    """Counts for "any of these words" by inclusion-exclusion: the words' own
    counts come from the cells, the overlaps (products with two of them,
    usually few) from their rows. |A ∪ B| = |A| + |B| - |A ∩ B|, per facet
    value."""
    lexemes: dict[str, str] = {}
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute("SELECT (tsvector_to_array(to_tsvector('blangkon', %s)))[1]", [word])
            lexemes[word] = cursor.fetchone()[0]
    total: Totals = {c: defaultdict(int) for c in CELL}
    for size in range(1, len(words) + 1):
        sign = 1 if size % 2 else -1
        for combo in combinations(words, size):
            if size == 1:
                part = _totals_from_counts(lexemes[combo[0]], params, ref)
            else:
                both = " & ".join(combo)
                part = _totals_from_rows(
                    TextQuery(list(combo), list(combo), [], both, None), params, ref
                )
            for column, values in part.items():
                for value, n in values.items():
                    total[column][value] += sign * n
    return {c: {v: n for v, n in values.items() if n} for c, values in total.items()}


def _facets(totals: Totals, params: SearchParams, ref: Reference) -> dict[str, list[FacetValue]]:
    """The facets from the marginal counts. A facet that is filtered on shows
    its chosen value only (its count is the result's)."""
    by_id = {c.pk: c for c in ref.categories.values()}

    categories: list[FacetValue] = []
    group_totals: dict[int, int] = defaultdict(int)
    for leaf_id, n in totals["category_id"].items():
        group_totals[ref.group_of.get(leaf_id) or leaf_id] += n
    chosen = ref.categories.get(params.category)
    for group_id, n in sorted(group_totals.items(), key=lambda kv: by_id[kv[0]].position):
        group = by_id[group_id]
        if chosen is not None and chosen.parent_id is not None:
            # A leaf is chosen: only it is shown (its group would widen the search).
            leaf_count = totals["category_id"].get(chosen.pk, 0)
            categories.append(FacetValue(chosen.slug, chosen.name, leaf_count, True, depth=1))
            break
        categories.append(
            FacetValue(group.slug, group.name, n, params.category == group.slug, depth=0)
        )
        for leaf_id in ref.leaves_of.get(group_id, []):
            if totals["category_id"].get(leaf_id):
                leaf = by_id[leaf_id]
                categories.append(
                    FacetValue(
                        leaf.slug,
                        leaf.name,
                        totals["category_id"][leaf_id],
                        params.category == leaf.slug,
                        depth=1,
                    )
                )

    def simple(column: str, labels: dict[Any, Any], selected: Any) -> list[FacetValue]:
        values = [
            FacetValue(str(v), str(labels.get(v, v)), n, selected == v)
            for v, n in totals[column].items()
            if v in labels
        ]
        return sorted(values, key=lambda f: (-f.count, f.label))

    regions = {code: r.name for code, r in ref.regions.items()}
    yes_no = {True: "1", False: "0"}
    return {
        "category": categories,
        "kab_kota": simple("kab_kota_id", regions, params.kab_kota),
        "vendor_kind": simple("vendor_kind", KINDS, params.vendor_kind),
        "scale": simple("scale", SCALES, params.scale),
        "pdn": [
            FacetValue(
                yes_no[v], _("Domestic product (PDN)") if v else _("Not PDN"), n, params.pdn is v
            )
            for v, n in sorted(totals["is_pdn"].items(), reverse=True)
        ],
        "trained": [
            FacetValue(
                yes_no[v],
                _("Trained vendor") if v else _("Not yet trained"),
                n,
                params.trained is v,
            )
            for v, n in sorted(totals["is_trained"].items(), reverse=True)
        ],
        "price": _price_facet(totals["price_bucket"], params),
    }


def _price_facet(totals: dict[Any, int], params: SearchParams) -> list[FacetValue]:
    values = []
    for i, (low, high) in enumerate(price_buckets()):
        if not totals.get(i):
            continue
        if high is None:
            label = _("%(low)s and above") % {"low": format_rupiah(low)}
        elif low == 0:
            label = _("Below %(high)s") % {"high": format_rupiah(high + 1)}
        else:
            label = f"{format_rupiah(low)} – {format_rupiah(high)}"
        selected = params.price_min == (low or None) and params.price_max == high
        values.append(
            FacetValue(f"{low}-{high if high is not None else ''}", label, totals[i], selected)
        )
    return values


# --- ordering and paging -----------------------------------------------------

_SORT_ORDER = {
    "price_asc": "price, tie_key, product_id",
    "price_desc": "price DESC, tie_key, product_id",
    "newest": "published_at DESC, tie_key, product_id",
    "rating": "rating DESC NULLS LAST, tie_key, product_id",
    "sold": "sold_count DESC, tie_key, product_id",
}
_RELEVANCE_TAIL = "boost DESC, tie_key, product_id"
# The first DIVERSE_PREFIX results of a relevance order get the vendor-run
# rule; later pages (rarely reached) keep the plain order. The prefix is
# always re-ordered as a whole, so pages never lose or repeat a product.
DIVERSE_PREFIX = 100


@dataclass(frozen=True)
class _Local:
    kab_kota: str | None
    province: str | None

    @classmethod
    def of(cls, region: Region | None) -> "_Local":
        if region is None:
            return cls(None, None)
        if region.kind == RegionKind.PROVINSI:
            return cls(None, region.code)
        return cls(region.code, region.parent_id)


def _tier_columns(text: TextQuery, local: _Local) -> tuple[list[str], list[Any]]:
    """The relevance tiers as boolean SQL expressions, best first."""
    columns: list[str] = []
    args: list[Any] = []
    if text.tsquery:
        columns.append("(name_vector @@ to_tsquery('blangkon', %s))")
        args.append(text.tsquery)
    if local.kab_kota:
        columns.append("(kab_kota_id = %s)")
        args.append(local.kab_kota)
    if local.province:
        columns.append("(province_id = %s)")
        args.append(local.province)
    return columns, args


@dataclass(frozen=True)
class _Hit:
    product_id: int
    vendor_id: int
    tier: tuple[Any, ...]  # smaller is better, compared position by position


def diversify(hits: Sequence[_Hit], run: int = VENDOR_RUN) -> list[_Hit]:
    """Within each tier, a vendor's (run+1)-th result waits until every other
    vendor of the tier has had `run` of theirs, and so on; otherwise the order
    is kept. Pure, so it is tested without a database."""
    seen: dict[tuple[tuple[Any, ...], int], int] = defaultdict(int)
    keyed = []
    for position, hit in enumerate(hits):
        nth = seen[(hit.tier, hit.vendor_id)]
        seen[(hit.tier, hit.vendor_id)] += 1
        keyed.append(((hit.tier, nth // run, position), hit))
    return [hit for _, hit in sorted(keyed, key=lambda kv: kv[0])]


def _window(offset: int) -> tuple[int, int, bool]:
    """(rows to fetch, from which row, whether they are the diverse prefix)."""
    if offset < DIVERSE_PREFIX:
        return DIVERSE_PREFIX, 0, True
    return PAGE_SIZE, offset, False


def _page_of(hits: list[_Hit], offset: int, diverse: bool) -> list[int]:
    if diverse:
        hits = diversify(hits)[offset : offset + PAGE_SIZE]
    return [h.product_id for h in hits]


def _totals_from_rows(text: TextQuery, params: SearchParams, ref: Reference) -> Totals:
    """Counts over the matching rows themselves, summed per cell first (one
    hash table of a few thousand cells), then per facet value."""
    where = _document_where(text, params, ref)
    columns = ", ".join(CELL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, sum(n) FROM"  # noqa: S608
            f" (SELECT {columns}, count(*) AS n FROM search_document"
            f"  WHERE {where.render()} GROUP BY {columns}) cells {_MARGINALS}",
            where.args,
        )
        return _totals(cursor.fetchall())


def _deep_relevance_page(
    text: TextQuery, params: SearchParams, ref: Reference, local: _Local, offset: int
) -> list[int]:
    """A relevance page past the diverse prefix when the tier sizes are not
    known: one ordered pass over the matches."""
    where = _document_where(text, params, ref)
    tiers, tier_args = _tier_columns(text, local)
    order = "".join(f"{t} DESC, " for t in tiers) + _RELEVANCE_TAIL
    sql = (
        f"SELECT product_id FROM search_document WHERE {where.render()}"  # noqa: S608
        f" ORDER BY {order} LIMIT %s OFFSET %s"
    )
    return _ids(sql, [*where.args, *tier_args, PAGE_SIZE, offset])


def _ids(sql: str, args: Iterable[Any]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(args))
        return [row[0] for row in cursor.fetchall()]


# The same orders, written so that no index provides them ("+ 0"): then
# PostgreSQL reads the matches and sorts them instead of walking the index.
_UNINDEXED_SORT_ORDER = {
    "price_asc": "price + 0, tie_key, product_id",
    "price_desc": "price + 0 DESC, tie_key, product_id",
    "newest": "published_at + interval '0' DESC, tie_key, product_id",
    "rating": "rating + 0 DESC NULLS LAST, tie_key, product_id",
    "sold": "sold_count + 0 DESC, tie_key, product_id",
}


def _sorted_page(
    text: TextQuery, params: SearchParams, ref: Reference, offset: int, count: int
) -> list[int]:
    """A page in price, date, rating or sales order. Walking the sort index
    and skipping non-matches is cheap when matches are spread evenly along it
    (dates, sales) and common; prices are not spread evenly ("kertas" by
    price passes 70,000 cheaper non-paper rows first), so a price order walks
    only when the matches are a large share of the catalog."""
    where = _document_where(text, params, ref)
    if params.sort.startswith("price"):
        sort_matches = count < 0.3 * _live_estimate()
    else:
        one_word = text.lexeme is not None or not text.tsquery
        read = _readable_rows(text.lexeme or "", params, ref) if one_word else None
        sort_matches = _sort_beats_walk(count, offset + PAGE_SIZE, read)
    order = (_UNINDEXED_SORT_ORDER if sort_matches else _SORT_ORDER)[params.sort]
    sql = (
        f"SELECT product_id FROM search_document WHERE {where.render()}"  # noqa: S608
        f" ORDER BY {order} LIMIT %s OFFSET %s"
    )
    return _ids(sql, [*where.args, PAGE_SIZE, offset])


_live_seen: list[tuple[float, float]] = []  # (when read, estimate), per process


def _live_estimate() -> float:
    """About how many live products there are: the planner's own row estimate,
    read at most once a minute per process. It only steers plan choices
    (never results), so a minute-old figure is as good as a fresh one."""
    now = time.monotonic()
    if _live_seen and now - _live_seen[0][0] < 60:
        return _live_seen[0][1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_document'::regclass")
        row = cursor.fetchone()
    estimate = max(float(row[0]) if row else 0.0, 1.0)
    _live_seen[:] = [(now, estimate)]
    return estimate


# The same order, written so that no index provides it: PostgreSQL then
# reads the matches through the text index and sorts them.
_UNINDEXED_RELEVANCE = "boost + 0 DESC, tie_key, product_id"


def _sort_beats_walk(tier_size: int, rows_needed: int, read_rows: int | None = None) -> bool:
    """Whether reading a tier's rows and sorting them is cheaper than walking
    the relevance index and skipping rows of other tiers. The walk passes
    about rows_needed × live / tier_size rows, each fetched alone (~4 µs);
    the sort reads tier_size rows in page order (~0.7 µs). PostgreSQL cannot
    weigh this itself: it does not know how rare a tier is among the rows
    the index yields first. ("beras" in 8,500 names: the walk read 11,700
    rows for 100 results, 50 ms; the sort 6 ms.) `read_rows` is what the
    sort must read when filters no index serves apply after the read (the
    word's rows, not the tier's)."""
    if tier_size <= 0:
        return False
    walked = rows_needed * _live_estimate() / tier_size
    return walked * 4 > (read_rows if read_rows is not None else tier_size) * 0.7 * 1.5


def _readable_rows(term: str, params: SearchParams, ref: Reference) -> int:
    """The rows PostgreSQL reads to gather a tier it sorts: those an index
    finds (the word's, or else the category's or the kab/kota's), before the
    other filters are applied."""
    totals = _totals_from_counts(term, SearchParams(), ref)
    if term:
        return _count(totals)
    if params.category:
        category = ref.categories[params.category]
        leaves = ref.leaves_of.get(category.pk, [category.pk])
        return sum(totals["category_id"].get(leaf, 0) for leaf in leaves)
    if params.kab_kota:
        return totals["kab_kota_id"].get(params.kab_kota, 0)
    return _count(totals)


def _page_by_tiers(
    text: TextQuery,
    params: SearchParams,
    ref: Reference,
    local: _Local,
    offset: int,
    named: Totals | None,
    matching: Totals | None,
    known_total: int | None = None,
) -> list[int]:
    """Relevance: walk the tiers, best first, reading only the rows the page
    needs from each, in index order. For one word (or none) the cells give
    the tiers' sizes (`named`, `matching`), so any page can skip whole tiers;
    without sizes (None) the walk starts at the first result, which is all
    the diverse prefix needs."""
    province_of = {code: r.parent_id for code, r in ref.regions.items()}

    def size(totals: Totals | None, local_test: Any) -> int:
        by_kab = totals["kab_kota_id"] if totals else {}
        return sum(n for kab, n in by_kab.items() if local_test(kab))

    local_tiers: list[tuple[str, list[Any], Any]] = []
    if local.kab_kota:
        local_tiers.append(("kab_kota_id = %s", [local.kab_kota], lambda k: k == local.kab_kota))
    if local.province:
        local_tiers.append(
            (
                "kab_kota_id <> %s AND province_id = %s",
                [local.kab_kota or "", local.province],
                lambda k: k != local.kab_kota and province_of.get(k) == local.province,
            )
        )
        local_tiers.append(
            ("province_id <> %s", [local.province], lambda k: province_of.get(k) != local.province)
        )
    if not local_tiers:
        local_tiers.append(("TRUE", [], lambda k: True))

    name_tiers: list[tuple[str, list[Any], bool]] = [("TRUE", [], False)]
    if text.tsquery:
        name_tiers = [
            ("name_vector @@ to_tsquery('blangkon', %s)", [text.tsquery], True),
            ("NOT name_vector @@ to_tsquery('blangkon', %s)", [text.tsquery], False),
        ]

    wanted, skip, diverse = _window(offset)
    hits: list[_Hit] = []
    readable: dict[str, int] = {}  # per term, asked once per page
    for name_index, (name_sql, name_args, in_name) in enumerate(name_tiers):
        for local_index, (local_sql, local_args, local_test) in enumerate(local_tiers):
            if matching is None:
                tier_size = skip + 1  # unknown: never skipped (skip is 0 here)
            else:
                in_name_count = size(named, local_test)
                tier_size = in_name_count if in_name else size(matching, local_test) - in_name_count
            if skip >= tier_size:
                skip -= tier_size
                continue
            # A name match implies a text match: the name index alone serves.
            where = _document_where(_NO_TEXT if in_name else text, params, ref)
            where.add(name_sql, *name_args)
            where.add(local_sql, *local_args)
            limit = wanted - len(hits)
            # Tier sizes known: decide per tier. Unknown (several words): the
            # whole result's size bounds every tier's, so a small result is
            # read and sorted; a large one walked.
            rows = tier_size if matching is not None else known_total
            read = None
            if matching is not None:
                term = ("=" if in_name else "") + (text.lexeme or "")
                if term not in readable:
                    readable[term] = _readable_rows(term, params, ref)
                read = readable[term]
            order = _RELEVANCE_TAIL
            if rows is not None and _sort_beats_walk(rows, skip + limit, read):
                order = _UNINDEXED_RELEVANCE
            sql = (
                "SELECT product_id, vendor_id FROM search_document"  # noqa: S608
                f" WHERE {where.render()} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*where.args, limit, skip])
                tier = (name_index, local_index)
                hits += [_Hit(pid, vid, tier) for pid, vid in cursor.fetchall()]
            skip = 0
            if len(hits) >= wanted:
                return _page_of(hits, offset, diverse)
    return _page_of(hits, offset, diverse)


def _load(ids: list[int]) -> list[Product]:
    products = (
        Product.objects.filter(pk__in=ids)
        .order_by()  # the page's order is the ids' order
        .select_related("category", "unit", "vendor__organisation__region")
        .prefetch_related("images")
    )
    by_id = {p.pk: p for p in products}
    return [by_id[i] for i in ids if i in by_id]


def search_products(
    *, params: SearchParams, region: Region | None = None, ref: Reference | None = None
) -> SearchResult:
    """Live products matching `params`, one page, with counts and facets.
    `region` is the buyer's kab/kota (or province) for the local-first boost;
    `ref` the reference data the caller already loaded to check the params."""
    ref = ref or search_reference()
    text = understand(params.q)
    local = _Local.of(region)
    by_cells = (text.lexeme is not None or not text.tsquery) and (
        aligned_buckets(params.price_min, params.price_max) is not None
    )
    offset = (params.page - 1) * PAGE_SIZE
    either = False
    if by_cells:
        term = text.lexeme or ""
        totals = _totals_from_counts(term, params, ref)
        count = _count(totals)
        if offset >= count:
            ids: list[int] = []
        elif params.sort != "relevance":
            ids = _sorted_page(text, params, ref, offset, count)
        else:
            named = _totals_from_counts("=" + term, params, ref) if text.tsquery else None
            ids = _page_by_tiers(text, params, ref, local, offset, named, totals)
    else:
        either = (
            bool(text.either) and aligned_buckets(params.price_min, params.price_max) is not None
        )
        totals = (
            _totals_of_either(text.either, params, ref)
            if either
            else _totals_from_rows(text, params, ref)
        )
        count = _count(totals)
        if offset >= count:
            ids = []
        elif params.sort != "relevance":
            ids = _sorted_page(text, params, ref, offset, count)
        elif offset < DIVERSE_PREFIX:
            ids = _page_by_tiers(text, params, ref, local, offset, None, None, count)
        else:
            ids = _deep_relevance_page(text, params, ref, local, offset)
    return SearchResult(
        params=params,
        text=text,
        count=count,
        products=_load(ids),
        facets=_facets(totals, params, ref),
        counted_from="cells" if by_cells else ("cells and overlaps" if either else "rows"),
    )


# --- suggestions ----------------------------------------------------------------


def suggestions(*, prefix: str, limit: int = 10) -> list[str]:
    """Up to `limit` completions for what is being typed: category names and
    the commonest product-name beginnings that start with (or contain a word
    starting with) the text."""
    words = words_of(prefix)
    if not words:
        return []
    found = _suggestions_for(" ".join(words), limit)
    if not found:  # perhaps a typo: try again with the words corrected
        fixes = _corrections(words, set())
        if fixes:
            found = _suggestions_for(" ".join(fixes.get(w, w) for w in words), limit)
    return found


def _suggestions_for(text: str, limit: int) -> list[str]:
    found: list[str] = []
    for category in Category.objects.order_by("position", "name"):
        name = " ".join(words_of(category.name))
        if name.startswith(text) or f" {text}" in f" {name}":
            found.append(category.name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phrase FROM search_phrase WHERE df > 0"
            " AND (phrase LIKE %s OR phrase LIKE %s)"
            " ORDER BY phrase LIKE %s DESC, df DESC, phrase LIMIT %s",
            [f"{text}%", f"% {text}%", f"{text}%", limit],
        )
        found += [row[0] for row in cursor.fetchall()]
    seen: set[str] = set()
    unique = []
    for s in found:
        if s.lower() not in seen:
            seen.add(s.lower())
            unique.append(s)
    return unique[:limit]


# --- product page: price position ------------------------------------------------


@dataclass(frozen=True)
class PricePosition:
    count: int  # comparable live products, this one included
    minimum: int
    median: int
    maximum: int
    upper_fence: int  # Q3 + 1.5 x IQR
    is_high: bool  # this price is above the upper fence


def price_position(*, product: Product) -> PricePosition | None:
    """Where the price sits among comparable live products: same category and
    unit, and names sharing the first two name words (lexemes). None when
    fewer than three compare."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_literal(lexeme), ' & ') FROM ("
            " SELECT lexeme FROM unnest(to_tsvector('blangkon', %s))"
            " ORDER BY positions[1] LIMIT 2) first_words",
            [product.name],
        )
        name_query = cursor.fetchone()[0]
        if not name_query:
            return None
        cursor.execute(
            "SELECT count(*), min(price), percentile_disc(0.5) WITHIN GROUP (ORDER BY price),"
            " max(price), (percentile_cont(0.25) WITHIN GROUP (ORDER BY price))::numeric,"
            " (percentile_cont(0.75) WITHIN GROUP (ORDER BY price))::numeric"
            " FROM search_document WHERE category_id = %s AND unit_id = %s"
            " AND name_vector @@ to_tsquery('simple', %s)",
            [product.category_id, product.unit_id, name_query],
        )
        count, minimum, median, maximum, q1, q3 = cursor.fetchone()
    if not count or count < 3:
        return None
    fence = int(q3 + Decimal("1.5") * (q3 - q1))
    return PricePosition(count, minimum, median, maximum, fence, product.price > fence)


def products_to_compare(*, ids: Sequence[int]) -> list[Product]:
    """Up to four live products, in the order asked, for the compare page."""
    from blangkon.catalog.product_selectors import live_products

    wanted = list(dict.fromkeys(ids))[:4]
    products = (
        live_products()
        .filter(pk__in=wanted)
        .select_related("category", "unit", "vendor__organisation__region")
        .prefetch_related("coverage")
    )
    by_id = {p.pk: p for p in products}
    return [by_id[i] for i in wanted if i in by_id]
