"""Catalog search: the one selector the catalog page and GET /api/v1/products use.

How a search runs (docs/adr/0011-search-in-postgresql.md):
1. The words are normalised and capped (search.query), each unknown word is
   corrected against the catalog's own vocabulary (search_word, trigram
   index, then edit distance), and synonym phrases become alternatives.
2. Counts and facets. With price limits on bucket edges, a search for one
   stemmed word (or none: browsing) or for a tracked combination of words
   ("air mineral") is counted from search_facet_count: a few hundred
   pre-summed cells instead of visiting 100,000+ rows for "kertas". Synonym
   alternatives are added up from those counts (inclusion-exclusion, the
   overlaps from their rows). Anything else is counted over the matching
   rows, grouped by the same cell.
3. The page. Relevance is: the text tiers first (search.relevance: the
   words as a phrase in the name, in the name, in the name or
   specifications, the rest), then the buyer's own kab/kota, then the
   buyer's province, then micro/small vendors and PDN products (boost), then
   the day's tie key. A one-word search walks these
   tiers with their sizes known from the counts, each tier read in index
   order, so page 1 of "kertas" reads about twenty rows. Within a tier one
   vendor gets at most VENDOR_RUN results before every other vendor has had
   its turn, so no vendor fills a page when others match.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from itertools import combinations
from typing import Any

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import OrganisationKind
from blangkon.catalog.models import Category, Product, ProductImage
from blangkon.core.money import format_number, format_rupiah
from blangkon.regions.models import Region, RegionKind
from blangkon.search import corrections
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
    Rule,
    expand_synonyms,
    tsquery_text,
    words_of,
)
from blangkon.search.relevance import (
    Split,
    categories_named,
    first_of_split,
    splits,
    tier_columns,
)
from blangkon.search.sql import CELL
from blangkon.search.units import query_words, unit_groups
from blangkon.search.unmatched import search_without_unmatched
from blangkon.search.vocabulary import live_alternatives, synonym_rules

VENDOR_RUN = 4  # results of one vendor in a row before others get a turn
EXACT_LIMIT = 10_000  # counts above this may be shown as "10.000+"
# Organisations whose users buy: their kab/kota gets the local-first boost.
GOVERNMENT_KINDS = frozenset({OrganisationKind.PEMDA, OrganisationKind.OPD})


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
    if organisation is None or organisation.kind not in GOVERNMENT_KINDS:
        return None
    return organisation.region


# --- understanding the words ------------------------------------------------


@dataclass(frozen=True)
class TextQuery:
    typed: list[str]
    corrected: list[str]  # the words searched for, after typo correction
    parts: list[Alternatives]
    tsquery: str  # to_tsquery('blangkon', ...) input; "" when nothing to match
    # The same query as "any of these sets of stemmed lexemes" ("nasi box":
    # {box, nasi} or {kotak, nasi}), when that takes at most MAX_EITHER sets;
    # its counts are made of the sets' counts (see _totals_of_union).
    conjunctions: tuple[tuple[str, ...], ...] = ()

    @property
    def was_corrected(self) -> bool:
        return self.typed != self.corrected

    @property
    def lexeme(self) -> str | None:
        """The one stemmed lexeme, when the query is one word."""
        if len(self.conjunctions) == 1 and len(self.conjunctions[0]) == 1:
            return self.conjunctions[0][0]
        return None


def _synonym_groups() -> list[Rule]:
    return synonym_rules()  # two-way groups and one-way rules (search.vocabulary)


def _corrections(words: Sequence[str], known_extra: set[str]) -> dict[str, str]:
    return corrections.corrections(words, keep=known_extra)


def understand(q: str, *, exact: bool = False) -> TextQuery:
    """The words of `q`, corrected (unless `exact`) and with their synonyms."""
    typed = query_words(q)  # numbers and units as one token each (search.units)
    if not typed:
        return TextQuery([], [], [], "")
    # Synonyms, and each number with its unit however it is written.
    groups: list[Iterable[Sequence[str]]] = [*_synonym_groups(), *unit_groups(typed)]
    synonym_words = {w for group in groups for phrase in group for w in phrase}
    fixes = {} if exact else _corrections(typed, synonym_words)
    corrected = [fixes.get(w, w) for w in typed]
    parts = expand_synonyms(corrected, groups)
    text = tsquery_text(parts)
    phrases = [" ".join(phrase) for part in parts for phrase in part.phrases]
    with connection.cursor() as cursor:
        # Each phrase's lexemes as to_tsquery() finds them (stop words go),
        # sorted the way search_combination's terms are.
        cursor.execute(
            "SELECT querytree(to_tsquery('blangkon', %s)), ARRAY("
            " SELECT array_to_string(ARRAY(SELECT l FROM"
            "  unnest(tsvector_to_array(to_tsvector('blangkon', p))) AS l"
            "  GROUP BY l ORDER BY l COLLATE \"C\"), ' ')"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS x(p, i) ORDER BY i)",
            [text, phrases],
        )
        tree, lexemes = cursor.fetchone()
    if tree in ("", "T"):  # only stop words: nothing to match on
        return TextQuery(typed, corrected, parts, "")
    lexemes_of = {p: tuple(found.split()) for p, found in zip(phrases, lexemes, strict=True)}
    # Alternatives no live product has are left out of the counting.
    countable = live_alternatives(parts, lexemes_of)
    return TextQuery(typed, corrected, parts, text, _conjunctions(countable, lexemes_of))


MAX_EITHER = 4  # inclusion-exclusion over n sets takes 2^n - 1 counts


def _conjunctions(
    parts: list[Alternatives], lexemes_of: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, ...], ...]:
    """AND over the positions of OR over their phrases, multiplied out into
    sets of lexemes, each sorted; () when that takes more than MAX_EITHER
    sets. A phrase of stop words only drops out, as it does in to_tsquery(),
    and a set containing another adds nothing to their union."""
    sets: list[frozenset[str]] = [frozenset()]
    for part in parts:
        options = {frozenset(lexemes_of[" ".join(p)]) for p in part.phrases} - {frozenset()}
        if not options:
            continue
        sets = list({known | option for known in sets for option in options})
        if len(sets) > MAX_EITHER:
            return ()
    minimal = [s for s in sets if s and not any(other < s for other in sets)]
    return tuple(sorted(tuple(sorted(s)) for s in minimal))


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
    suggested_categories: list[Category] = field(default_factory=list)
    # The category shown because no product's own text has the words but
    # the category's name does (search.relevance.categories_named).
    category_instead: Category | None = None
    dropped_words: list[str] = field(default_factory=list)  # left out: matched nothing

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
        return " AND ".join(f"({part})" for part in self.sql) if self.sql else "TRUE"


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
    _add_price_filter(where, params, cells=cells)
    return where


def _add_price_filter(where: _Where, params: SearchParams, *, cells: bool) -> None:
    """The cells (search_facet_count) keep only the price bucket, so there the
    range is the buckets it covers; callers read the cells only for a range
    that falls on bucket edges."""
    if params.price_min is None and params.price_max is None:
        return
    if cells:
        where.add("price_bucket = ANY(%s)", aligned_buckets(params.price_min, params.price_max))
        return
    if params.price_min is not None:
        where.add("price >= %s", params.price_min)
    if params.price_max is not None:
        where.add("price <= %s", params.price_max)


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


_NO_TEXT = TextQuery([], [], [], "")


def live_product_count(kab_kota: str = "") -> int:
    """Live products (catalog.live's rule), of one kab/kota's vendors or of
    all, from the index's pre-summed counts: a few rows at any catalog size
    (the public statistics show it)."""
    facet = CELL.index("kab_kota_id" if kab_kota else "category_id")
    sql = "SELECT coalesce(sum(n), 0) FROM search_facet_total WHERE term = '' AND facet = %s"
    args: list[Any] = [facet]
    if kab_kota:
        sql += " AND value = %s"
        args.append(kab_kota)
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return int(cursor.fetchone()[0])


def _document_where(text: TextQuery, params: SearchParams, ref: Reference) -> _Where:
    where = _filters(params, ref, cells=False)
    if text.tsquery:
        where.sql.insert(0, "vector @@ to_tsquery('blangkon', %s)")
        where.args.insert(0, text.tsquery)
    return where


def _tracked(terms: Iterable[str]) -> set[str]:
    """Those of `terms` (lexemes joined by '&') search_combination counts."""
    wanted = [t for t in terms if "&" in t]
    if not wanted:
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_combination WHERE term = ANY(%s)", [wanted])
        return {row[0] for row in cursor.fetchall()}


def _union_terms(conjunctions: Sequence[tuple[str, ...]]) -> list[tuple[int, str]]:
    """Inclusion-exclusion: |A ∪ B| = |A| + |B| - |A ∩ B|, and so on. Each
    intersection of lexeme sets is the set of all their lexemes; returns
    (sign, term) pairs."""
    out = []
    for size in range(1, len(conjunctions) + 1):
        for combo in combinations(conjunctions, size):
            lexemes = sorted(set().union(*combo))
            out.append((1 if size % 2 else -1, "&".join(lexemes)))
    return out


def _terms_in_cells(text: TextQuery) -> set[str] | None:
    """The inclusion-exclusion terms of the query that the cells count (one
    lexeme, or a tracked combination); None when no set of the query itself
    is among them: then one pass over the rows is cheaper."""
    terms = [t for _, t in _union_terms(text.conjunctions)]
    tracked = _tracked(terms)
    in_cells = {t for t in terms if "&" not in t or t in tracked}
    if not any("&".join(c) in in_cells for c in text.conjunctions):
        return None
    return in_cells


def _totals_of_union(
    text: TextQuery,
    params: SearchParams,
    ref: Reference,
    in_cells: set[str],
    *,
    in_name: bool = False,
) -> Totals:
    """Counts of the query's sets of lexemes (`in_name`: all in the name) by
    inclusion-exclusion, each term from the cells when it is `in_cells`, else
    from its rows (overlaps are usually few, and a combination nobody tracks
    is not common in names)."""
    terms = _union_terms(text.conjunctions)
    prefix = "=" if in_name else ""
    total: Totals = {c: defaultdict(int) for c in CELL}
    for sign, term in terms:
        if term in in_cells:
            part = _totals_from_counts(prefix + term, params, ref)
        else:
            part = _totals_of_lexemes(term.split("&"), params, ref, in_name=in_name)
        for column, values in part.items():
            for value, n in values.items():
                total[column][value] += sign * n
    return {c: {v: n for v, n in values.items() if n} for c, values in total.items()}


def _totals_of_lexemes(
    lexemes: list[str], params: SearchParams, ref: Reference, *, in_name: bool
) -> Totals:
    """Counts over the rows with all of `lexemes` (already stemmed: cast to
    a tsquery, not stemmed again)."""
    where = _filters(params, ref, cells=False)
    column = "name_vector" if in_name else "vector"
    where.sql.insert(0, f"{column} @@ %s::tsquery")
    where.args.insert(0, " & ".join(f"'{lexeme}'" for lexeme in lexemes))
    return _count_rows(where)[0]


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


@dataclass(frozen=True)
class _Order:
    """A result order: `column` then the day's tie key. `zero` added to the
    column hides it from every index, so PostgreSQL reads the matches and
    sorts them instead of walking an index (the planner cannot tell which is
    cheaper: it does not know where along the index the matches lie)."""

    column: str
    direction: str
    zero: str = "0"
    # An index (category_id, column, tie_key, product_id) exists.
    by_category: bool = True
    # Matches lie evenly along the order: true of the boost and tie key, of
    # dates, of sales; not of prices, which cluster by kind of product (air
    # mineral is among the cheapest catering items, so a walk of catering by
    # price, highest first, passes 70,000 rows before the first "air").
    even: bool = True

    def sql(self, *, indexed: bool = True) -> str:
        key = self.column if indexed else f"{self.column} + {self.zero}"
        return f"{key}{self.direction}, tie_key, product_id"

    def key(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """The same order in Python, for rows (product id, vendor id, column,
        tie key): to merge the parts of a split read."""
        value = row[2]
        if value is None:  # NULLS LAST
            return (1, 0, row[3], row[0])
        if self.direction.startswith(" DESC"):
            value = -(value.timestamp() if hasattr(value, "timestamp") else value)
        return (0, value, row[3], row[0])


# After the relevance tiers (words in the name, local first): the boost.
RELEVANCE = _Order("boost", " DESC")
_ORDERS = {
    "relevance": RELEVANCE,
    "price_asc": _Order("price", "", even=False),
    "price_desc": _Order("price", " DESC", even=False),
    "newest": _Order("published_at", " DESC", zero="interval '0'"),
    # The vendor's published average (Vendor.rating_average, kept by the
    # ratings app, copied by the vendors' trigger): the rated first, unrated
    # vendors' products last in the tie key's order. No sales yet: every row
    # ties and the order is the tie key's, which the global index walks densely.
    "rating": _Order("rating", " DESC NULLS LAST", by_category=False),
    "sold": _Order("sold_count", " DESC", by_category=False),
}
# The first DIVERSE_PREFIX results of a relevance order get the vendor-run
# rule; later pages (rarely reached) keep the plain order. The prefix is
# always re-ordered as a whole, so pages never lose or repeat a product.
DIVERSE_PREFIX = 100

# What reading costs, in microseconds per row (measured at 1M products,
# docs/performance.md): a walk along an ordered index fetches each row
# alone; a read-and-sort reads the matches in page order, then sorts them.
WALK_ROW_US = 4.0
SORT_ROW_US = 1.05
BRANCH_US = 300.0  # planning and starting one more part of a split read
# Along an uneven order only a slice where a large share of the rows match
# is walked: then it matters little where the others lie. "cetak", in 35 %
# of the catalog across most categories, walks the whole price order in a
# few ms. Inside one category a word in most but not all rows names a kind
# of product ("air" in 30 % of a catering slice: air mineral), and kinds
# cluster by price, so a category's price slice is walked only when nearly
# every row matches ("kertas" in paper).
DENSE_SHARE = 0.3
CATEGORY_DENSE_SHARE = 0.9
NAMED_ROWS_FACTOR = 1.5  # see plan_read


@dataclass(frozen=True)
class _Spread:
    """Where the matches of one ordered read lie, per leaf category:
    `matches` (estimated where not known), `rows` (what a walk of that
    category's slice of the order passes: all its live rows) and `read` (what
    a read-and-sort must read: the rows an index finds before the filters no
    index serves are applied)."""

    matches: dict[int, int]
    rows: dict[int, int]
    read: dict[int, int]


@dataclass(frozen=True)
class _ReadPlan:
    how: str  # "walk", "sort" or "split"
    walk: tuple[int, ...] = ()  # split: categories walked one by one
    sort: tuple[int, ...] = ()  # split: categories read and sorted together
    # The counts behind the plan are exact, so a walk is forced; otherwise
    # (estimates) PostgreSQL may still choose to read and sort.
    sure: bool = True
    # Split: the sorted part names its categories (few rows: a category
    # index narrows the text index's rows) rather than excluding the walked
    # ones (many: the text index alone finds them).
    name_sorted: bool = True


def plan_read(
    spread: _Spread, needed: int, walk_slice: float, order: _Order, *, sure: bool = True
) -> _ReadPlan:
    """The cheapest way to read the first `needed` matches in `order`: walk
    the whole order (passing about needed × walk_slice / matches rows), read
    all matches and sort them, or split by category: walk each category
    where the matches are dense in its slice and sort the sparse ones
    together. "kertas" by price: every paper product matches, 5 % of office
    supplies do; the whole price order would pass cheap non-paper rows by the
    thousand, the split reads about twenty. Pure, so it is tested without a
    database."""
    total = sum(spread.matches.values())
    if total <= 0:
        return _ReadPlan("walk", sure=sure)

    def walkable(matches: float, rows: float, share: float = DENSE_SHARE) -> bool:
        return order.even or matches >= share * rows

    costs = {"sort": sum(spread.read.get(c, m) for c, m in spread.matches.items()) * SORT_ROW_US}
    if walkable(total, walk_slice):
        costs["walk"] = needed * walk_slice / total * WALK_ROW_US
    walked: list[int] = []
    sorted_: list[int] = []
    split = 0.0
    for category, matches in sorted(spread.matches.items()):
        if matches <= 0:
            continue
        rows = max(spread.rows.get(category, matches), matches)
        walk = min(needed, matches) * rows / matches * WALK_ROW_US + BRANCH_US
        sort = spread.read.get(category, matches) * SORT_ROW_US
        if walk < sort and walkable(matches, rows, CATEGORY_DENSE_SHARE):
            walked.append(category)
            split += walk
        else:
            sorted_.append(category)
            split += sort
    # The sorted part names its categories when they hold few rows beside
    # the word's: PostgreSQL then intersects the text index with a category
    # index. With many (a dozen categories, 600,000 rows) it would walk a
    # category index instead, so the walked ones are excluded and the text
    # index alone finds the rows: all the word's rows are then read.
    all_read = sum(spread.read.values())
    name_sorted = sum(spread.rows.get(c, 0) for c in sorted_) <= NAMED_ROWS_FACTOR * all_read
    if walked and order.by_category:
        if sorted_ and not name_sorted:
            split += (all_read - sum(spread.read.get(c, 0) for c in sorted_)) * SORT_ROW_US
        costs["split"] = split + (BRANCH_US if sorted_ else 0.0)
    how = min(costs, key=lambda k: costs[k])
    if how == "split":
        return _ReadPlan("split", tuple(walked), tuple(sorted_), sure, name_sorted)
    return _ReadPlan(how, sure=sure)


def _read_in_order(
    where: _Where,
    order: _Order,
    plan: _ReadPlan,
    limit: int,
    offset: int,
    flag: Split | None = None,
) -> list[tuple[Any, ...]]:
    """(product id, vendor id) of `limit` matches from `offset`, in order;
    with `flag`, each row also says whether the flag's condition holds
    (search.relevance.first_of_split)."""
    extra, pre = (f", ({flag.sql})", list(flag.args)) if flag else ("", [])
    select = f"SELECT product_id, vendor_id, {order.column}, tie_key{extra} FROM search_document"  # noqa: S608
    if plan.how == "sort":
        rows = _rows(
            f"{select} WHERE {where.render()} ORDER BY {order.sql(indexed=False)}"  # noqa: S608
            " LIMIT %s OFFSET %s",
            [*pre, *where.args, limit, offset],
            keys=True,
        )
        return [(row[0], row[1], *row[4:]) for row in rows]
    walk = _walk if plan.sure else _limited
    if plan.how == "walk":
        rows = walk(
            f"{select} WHERE {where.render()} ORDER BY {order.sql()}",
            [*pre, *where.args],
            limit,
            offset,
            keys=True,
        )
        return [(row[0], row[1], *row[4:]) for row in rows]
    # Split: each part gives its first offset + limit in order; merged here.
    parts: list[list[tuple[Any, ...]]] = []
    for category in plan.walk:
        sql = f"{select} WHERE category_id = %s AND {where.render()} ORDER BY {order.sql()}"
        parts.append(walk(sql, [*pre, category, *where.args], offset + limit, 0, keys=True))
    if plan.sort:
        which = "category_id = ANY(%s)" if plan.name_sorted else "category_id <> ALL(%s)"
        parts.append(
            _rows(
                f"{select} WHERE {which} AND {where.render()}"  # noqa: S608
                f" ORDER BY {order.sql(indexed=False)} LIMIT %s",
                [
                    *pre,
                    list(plan.sort if plan.name_sorted else plan.walk),
                    *where.args,
                    offset + limit,
                ],
                keys=True,
            )
        )
    merged = sorted((row for part in parts for row in part), key=order.key)
    return [(row[0], row[1], *row[4:]) for row in merged[offset : offset + limit]]


def _rows(sql: str, args: list[Any], *, keys: bool = False) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [tuple(row) if keys else (row[0], row[1]) for row in cursor.fetchall()]


def _limited(
    sql: str, args: list[Any], limit: int, offset: int, *, keys: bool = False
) -> list[tuple[Any, ...]]:
    """The rows of an ordered query, the plan left to PostgreSQL."""
    return _rows(f"{sql} LIMIT %s OFFSET %s", [*args, limit, offset], keys=keys)


def _walk(
    sql: str, args: list[Any], limit: int, offset: int, *, keys: bool = False
) -> list[tuple[Any, ...]]:
    """The rows of an ordered query read by walking its index: through a
    cursor planned for a fast start (cursor_tuple_fraction), so PostgreSQL
    walks the ordered index and stops when the rows are found, even where it
    underestimates how many rows match (it cannot know that every paper
    product says "kertas")."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL cursor_tuple_fraction = 0.0001")
        cursor.execute(f"DECLARE search_walk NO SCROLL CURSOR FOR {sql}", args)
        if offset:
            cursor.execute(f"MOVE FORWARD {int(offset)} IN search_walk")
        cursor.execute(f"FETCH FORWARD {int(limit)} FROM search_walk")
        rows = cursor.fetchall()
        cursor.execute("CLOSE search_walk")
        # Inside a caller's transaction the setting would outlive this walk.
        cursor.execute("SET LOCAL cursor_tuple_fraction TO DEFAULT")
    return [tuple(row) if keys else (row[0], row[1]) for row in rows]


class _Known:
    """Unfiltered counts from the cells (search_facet_total), read at most
    once per search: the catalog's ('') and a word's, per facet value. They
    say where rows lie, which is what choosing a read plan needs."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self._totals: dict[str, Totals] = {}

    def totals(self, term: str) -> Totals:
        if term not in self._totals:
            self._totals[term] = _totals_from_counts(term, SearchParams(), self.ref)
        return self._totals[term]

    def live(self) -> int:
        return max(_count(self.totals("")), 1)

    def rows_by_category(self) -> dict[int, int]:
        return self.totals("")["category_id"]

    def rows_in(self, kab_kota: str) -> int:
        return self.totals("")["kab_kota_id"].get(kab_kota, 0)


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
    """The relevance tiers as boolean SQL expressions, best first: the text
    tiers (search.relevance), then the buyer's kab/kota and province."""
    columns, args = tier_columns(text.parts, text.tsquery)
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


def _totals_from_rows(
    text: TextQuery, params: SearchParams, ref: Reference, *, with_named: bool = False
) -> tuple[Totals, Totals | None]:
    """Counts over the matching rows themselves; `with_named`, the same for
    the rows with the words in the name (the first relevance tier), which a
    page past the first tier needs to skip it (it costs about as much again)."""
    where = _document_where(text, params, ref)
    return _count_rows(where, text.tsquery if with_named and text.tsquery else None)


def _count_rows(where: _Where, named_tsquery: str | None = None) -> tuple[Totals, Totals | None]:
    """Counts of the rows `where` selects, summed per cell (one integer)
    first, then per facet value; with `named_tsquery`, also of those whose
    name matches it."""
    named = "count(*) FILTER (WHERE name_vector @@ to_tsquery('blangkon', %s))"
    columns = ", ".join(f"c.{column}" for column in CELL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, sum(n), sum(named) FROM"  # noqa: S608
            f" (SELECT cell_id, count(*) AS n, {named if named_tsquery else '0'} AS named"
            f"  FROM search_document WHERE {where.render()} GROUP BY cell_id) cells"
            f" JOIN search_cell c USING (cell_id) {_MARGINALS}",
            [named_tsquery, *where.args] if named_tsquery else where.args,
        )
        rows = cursor.fetchall()
    totals = _totals(row[:-1] for row in rows)
    if not named_tsquery:
        return totals, None
    return totals, _totals([*row[:-2], row[-1]] for row in rows)


def _deep_relevance_page(
    text: TextQuery, params: SearchParams, ref: Reference, local: _Local, offset: int
) -> list[int]:
    """A relevance page past the diverse prefix when the tier sizes are not
    known: one ordered pass over the matches."""
    where = _document_where(text, params, ref)
    tiers, tier_args = _tier_columns(text, local)
    order = "".join(f"{t} DESC, " for t in tiers) + RELEVANCE.sql()
    sql = (
        f"SELECT product_id FROM search_document WHERE {where.render()}"  # noqa: S608
        f" ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*where.args, *tier_args, PAGE_SIZE, offset])
        return [row[0] for row in cursor.fetchall()]


def _sorted_page(
    text: TextQuery,
    params: SearchParams,
    ref: Reference,
    offset: int,
    totals: Totals,
    known: _Known,
) -> list[int]:
    """A page in price, date, rating or sales order."""
    order = _ORDERS[params.sort]
    matches = totals["category_id"]
    rows = known.rows_by_category()
    if text.lexeme:
        read = known.totals(text.lexeme)["category_id"]
    elif not text.tsquery and not params.kab_kota:
        read = rows
    else:
        read = matches
    plan = plan_read(_Spread(matches, rows, read), offset + PAGE_SIZE, known.live(), order)
    where = _document_where(text, params, ref)
    if plan.how == "sort" and order.column == "price":
        # Buckets are price ranges, so the order goes bucket by bucket and
        # the counts say which buckets hold the page: only their matches
        # are read and sorted (7,500 instead of 121,000 for "nasi" by price,
        # highest first, page 100).
        lo, hi, before = buckets_of_page(
            totals["price_bucket"], offset, PAGE_SIZE, descending="DESC" in order.direction
        )
        if lo == hi:  # the usual case: the text index finds that bucket's matches alone
            where.add("price_bucket = %s::smallint", lo)
        else:  # a range is read by the same index, less tightly
            where.add("price_bucket BETWEEN %s::smallint AND %s::smallint", lo, hi)
        offset -= before
    return [pid for pid, _ in _read_in_order(where, order, plan, PAGE_SIZE, offset)]


def buckets_of_page(
    per_bucket: dict[int, int], offset: int, limit: int, *, descending: bool
) -> tuple[int, int, int]:
    """The price buckets holding results offset .. offset + limit - 1 of a
    price order (lowest, highest) and how many results the buckets before
    them hold. Pure, so it is tested without a database."""
    seen = before = 0
    first = last = None
    for bucket in sorted(per_bucket, reverse=descending):
        count = per_bucket[bucket]
        if count <= 0:
            continue
        if first is None and seen + count > offset:
            first, before = bucket, seen
        seen += count
        if first is not None:
            last = bucket
            if seen >= offset + limit:
                break
    if first is None or last is None:  # past the end: every bucket, nothing skipped
        return min(per_bucket, default=0), max(per_bucket, default=0), 0
    return min(first, last), max(first, last), before


def _share(part: int, whole: int) -> float:
    return part / whole if whole > 0 else 0.0


def _page_by_tiers(
    text: TextQuery,
    params: SearchParams,
    ref: Reference,
    local: _Local,
    offset: int,
    totals: Totals,
    named: Totals | None,
    known: _Known,
) -> list[int]:
    """Relevance: walk the tiers, best first, reading only the rows the page
    needs from each, in order. For one word (or none) the cells give the
    tiers' sizes (`named`: the word in the name), so any page can skip whole
    tiers; for several words only the result's counts are known (`totals`),
    and the walk starts at the first result, which is all the diverse prefix
    needs. The text tiers the counts do not know (search.relevance: the
    phrase inside the name tier, the name or specifications inside the rest)
    are told apart while reading."""
    name_tiers: list[tuple[str, list[Any], bool]] = [("TRUE", [], False)]
    if text.tsquery:
        name_tiers = [
            ("name_vector @@ to_tsquery('blangkon', %s)", [text.tsquery], True),
            ("NOT name_vector @@ to_tsquery('blangkon', %s)", [text.tsquery], False),
        ]
    phrase, specified = splits(text.parts, text.tsquery)
    wanted, skip, diverse = _window(offset)
    sure = named is not None or not text.tsquery
    walk = _TierWalk(text, params, ref, known, _local_tiers(local, ref), wanted, skip, sure)
    for name_index, (name_sql, name_args, in_name) in enumerate(name_tiers):
        base = _name_tier_totals(totals, named, in_name)
        base_size = sum(base["kab_kota_id"].values())
        if walk.sure and walk.skip >= base_size:
            walk.skip -= base_size
            continue
        name = (name_sql, name_args)
        split = (phrase if in_name else specified) if text.tsquery else None
        if split is None:
            full = walk.read(in_name, base, [name], (name_index, 0))
        elif walk.skip == 0:
            full = walk.read_split(in_name, base, name, split, name_index)
        else:
            full = walk.read_counted(in_name, base, name, split, name_index)
        if full:
            break
    return _page_of(walk.hits, offset, diverse)


_LocalTier = tuple[str, list[Any], Any, str | None]  # SQL, args, test of a kab/kota, its code


def _local_tiers(local: _Local, ref: Reference) -> list[_LocalTier]:
    """The buyer's kab/kota, the rest of the province, the rest: best first."""
    province_of = {code: r.parent_id for code, r in ref.regions.items()}
    local_tiers: list[_LocalTier] = []
    if local.kab_kota:
        local_tiers.append(
            ("kab_kota_id = %s", [local.kab_kota], lambda k: k == local.kab_kota, local.kab_kota)
        )
    if local.province:
        local_tiers.append(
            (
                "kab_kota_id <> %s AND province_id = %s",
                [local.kab_kota or "", local.province],
                lambda k: k != local.kab_kota and province_of.get(k) == local.province,
                None,
            )
        )
        local_tiers.append(
            (
                "province_id <> %s",
                [local.province],
                lambda k: province_of.get(k) != local.province,
                None,
            )
        )
    if not local_tiers:
        local_tiers.append(("TRUE", [], lambda k: True, None))
    return local_tiers


_Condition = tuple[str, list[Any]]


@dataclass
class _TierWalk:
    """The reading of one relevance page, tier by tier: `skip` results still
    to pass, `hits` those found, `sure` whether the tier sizes are exact."""

    text: TextQuery
    params: SearchParams
    ref: Reference
    known: _Known
    local_tiers: list[_LocalTier]
    wanted: int
    skip: int
    sure: bool = True
    hits: list[_Hit] = field(default_factory=list)

    def cell(
        self, in_name: bool, base: Totals, conditions: list[_Condition], local_index: int
    ) -> tuple[_Where, _ReadPlan, int]:
        """What one tier in one local tier reads, how, and its size in `base`."""
        local_sql, local_args, local_test, kab = self.local_tiers[local_index]
        base_size = sum(base["kab_kota_id"].values())
        size = sum(n for k, n in base["kab_kota_id"].items() if local_test(k))
        share = _share(size, base_size)
        matches = {c: round(n * share) for c, n in base["category_id"].items()}
        known = self.known
        spread = _Spread(
            matches,
            known.rows_by_category(),
            _tier_read(self.text, self.params, in_name, matches, known),
        )
        slice_kab = self.params.kab_kota or kab
        walk_slice = known.rows_in(slice_kab) if slice_kab else known.live()
        needed = self.skip + self.wanted - len(self.hits)
        plan = plan_read(spread, needed, walk_slice, RELEVANCE, sure=self.sure)
        # A name match implies a text match: the name index alone serves.
        where = _document_where(_NO_TEXT if in_name else self.text, self.params, self.ref)
        for sql, args in conditions:
            where.add(sql, *args)
        where.add(local_sql, *local_args)
        return where, plan, size

    def read(
        self, in_name: bool, base: Totals, conditions: list[_Condition], tier: tuple[int, int]
    ) -> bool:
        """Read one tier, local tier by local tier, from `skip`; whether the
        page is full."""
        for local_index in range(len(self.local_tiers)):
            where, plan, size = self.cell(in_name, base, conditions, local_index)
            if self.sure and self.skip >= size:
                self.skip -= size
                continue
            limit = self.wanted - len(self.hits)
            self.hits.extend(
                _Hit(row[0], row[1], (*tier, local_index))
                for row in _read_in_order(where, RELEVANCE, plan, limit, self.skip)
            )
            self.skip = 0
            if len(self.hits) >= self.wanted:
                return True
        return False

    def read_split(
        self, in_name: bool, base: Totals, name: _Condition, split: Split, name_index: int
    ) -> bool:
        """Read a tier from its first row in two halves, `split` first: one
        ordered read per local tier tells the halves apart."""
        needed = self.wanted - len(self.hits)
        first: list[_Hit] = []
        rests: list[list[_Hit]] = []
        for local_index in range(len(self.local_tiers)):
            if len(first) >= needed:
                break
            where, plan, size = self.cell(in_name, base, [name], local_index)
            if self.sure and size == 0:
                continue
            better = _Where([*where.sql, split.sql], [*where.args, *split.args])
            flagged, rest = first_of_split(
                partial(_read_in_order, where, RELEVANCE, plan, flag=split),
                partial(_read_in_order, better, RELEVANCE, _ReadPlan("sort"), offset=0),
                needed,
            )
            first += [_Hit(r[0], r[1], (name_index, 0, local_index)) for r in flagged]
            rests.append([_Hit(r[0], r[1], (name_index, 1, local_index)) for r in rest])
        self.hits += (first + [hit for rest in rests for hit in rest])[:needed]
        return len(self.hits) >= self.wanted

    def read_counted(
        self, in_name: bool, base: Totals, name: _Condition, split: Split, name_index: int
    ) -> bool:
        """A deep page inside a tier of known size: the better half is
        counted (one pass over the tier's rows), then the halves are skipped
        or read like tiers of their own."""
        counted = _document_where(_NO_TEXT if in_name else self.text, self.params, self.ref)
        counted.add(name[0], *name[1])
        counted.add(split.sql, *split.args)
        half = _count_rows(counted)[0]
        rest = {c: {v: n - half[c].get(v, 0) for v, n in vs.items()} for c, vs in base.items()}
        better = (split.sql, split.args)
        worse = (f"NOT ({split.sql})", split.args)
        return self.read(in_name, half, [name, better], (name_index, 0)) or self.read(
            in_name, rest, [name, worse], (name_index, 1)
        )


def _name_tier_totals(totals: Totals, named: Totals | None, in_name: bool) -> Totals:
    """The counts of one name tier: the word in the name (`named`), or the
    rest. Without `named` (several words) the result's counts stand for both,
    as an upper bound: they only steer the read plan."""
    if named is None:
        return totals
    if in_name:
        return named
    return {
        column: {v: n - named[column].get(v, 0) for v, n in values.items()}
        for column, values in totals.items()
    }


def _tier_read(
    text: TextQuery, params: SearchParams, in_name: bool, matches: dict[int, int], known: _Known
) -> dict[int, int]:
    """What a read-and-sort of a tier reads per category: the word's rows the
    text index finds (name or anywhere), a category's rows when browsing
    (not one kab/kota's: an index finds those alone), else the matches."""
    if text.lexeme:
        return known.totals(("=" if in_name else "") + text.lexeme)["category_id"]
    if not text.tsquery and not params.kab_kota:
        return known.rows_by_category()
    return matches


def _load(ids: list[int]) -> list[Product]:
    products = (
        Product.objects.filter(pk__in=ids)
        .order_by()  # the page's order is the ids' order
        .select_related("category", "unit", "vendor__organisation__region")
        # Buyers see only reviewed photos (a photo added to a live product waits).
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.filter(awaiting_review=False))
        )
    )
    by_id = {p.pk: p for p in products}
    return [by_id[i] for i in ids if i in by_id]


def search_products(
    *, params: SearchParams, region: Region | None = None, ref: Reference | None = None
) -> SearchResult:
    """Live products matching `params`, one page, with counts and facets.
    `region` is the buyer's kab/kota (or province) for the local-first boost;
    `ref` the reference data the caller already loaded to check the params.
    When nothing matches, the words no live product has are left out
    (search.unmatched) and reported in `dropped_words`; not with `exact`,
    which searches the words as typed, every one of them."""
    ref = ref or search_reference()
    result = _search_products(params, region, ref)
    if result.count == 0 and result.text.tsquery and not params.exact:
        retried = search_without_unmatched(
            params,
            result.text.corrected,
            result.text.parts,
            lambda kept: _search_products(kept, region, ref),
        )
        if retried:
            return replace(retried[0], params=params, dropped_words=retried[1])
    return result


def _search_products(params: SearchParams, region: Region | None, ref: Reference) -> SearchResult:
    text = understand(params.q, exact=params.exact)
    local = _Local.of(region)
    offset = (params.page - 1) * PAGE_SIZE
    known = _Known(ref)
    deep = params.sort == "relevance" and offset >= DIVERSE_PREFIX
    totals, named, counted_from = _count_matches(text, params, ref, deep=deep)
    count = _count(totals)
    if count == 0 and text.was_corrected:  # the correction did not help: take the words as typed
        text = understand(params.q, exact=True)
        totals, named, counted_from = _count_matches(text, params, ref, deep=deep)
        count = _count(totals)
    if count == 0 and text.tsquery and not params.category:
        # A category's name is no product's text; when the words find no
        # product but name a category ("alat tulis", "apd"), it answers,
        # counted and paged like browsing it.
        instead = next(iter(categories_named(text.tsquery)), None)
        if instead is not None:
            browse = params.with_(q="", category=instead.slug)
            found = search_products(params=browse, region=region, ref=ref)
            return replace(found, text=text, category_instead=instead)
    if offset >= count:
        ids: list[int] = []
    elif params.sort != "relevance":
        ids = _sorted_page(text, params, ref, offset, totals, known)
    elif named is not None or not text.tsquery or not deep:
        ids = _page_by_tiers(text, params, ref, local, offset, totals, named, known)
    else:
        ids = _deep_relevance_page(text, params, ref, local, offset)
    return SearchResult(
        params=params,
        text=text,
        count=count,
        products=_load(ids),
        facets=_facets(totals, params, ref),
        counted_from=counted_from,
        # Nothing found for the words: say so and offer categories instead.
        suggested_categories=corrections.suggested_categories(text.corrected)
        if count == 0 and text.typed
        else [],
    )


def _count_matches(
    text: TextQuery, params: SearchParams, ref: Reference, *, deep: bool
) -> tuple[Totals, Totals | None, str]:
    """The result's counts per facet value; for relevance, the first tier's
    (the words in the name) where they come cheap or a deep page needs them;
    and where the counts came from: "cells" (search_facet_count), "cells and
    overlaps" (sets of words from the cells, their overlaps from rows) or
    "rows". The cells serve when the price limits fall on bucket edges."""
    relevance = params.sort == "relevance"
    if aligned_buckets(params.price_min, params.price_max) is not None:
        if not text.tsquery:
            return _totals_from_counts("", params, ref), None, "cells"
        in_cells = _terms_in_cells(text) if text.conjunctions else None
        if in_cells is not None:
            totals = _totals_of_union(text, params, ref, in_cells)
            named = (
                _totals_of_union(text, params, ref, in_cells, in_name=True) if relevance else None
            )
            single = len(text.conjunctions) == 1
            return totals, named, "cells" if single else "cells and overlaps"
    totals, named = _totals_from_rows(text, params, ref, with_named=deep)
    return totals, named, "rows"


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
        .prefetch_related(
            "coverage",
            # The first reviewed photo heads each product's column.
            Prefetch("images", queryset=ProductImage.objects.filter(awaiting_review=False)),
        )
    )
    by_id = {p.pk: p for p in products}
    return [by_id[i] for i in wanted if i in by_id]
