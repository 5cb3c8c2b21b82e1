"""Counting a search: how many products match, per facet value.

Two sources give the same numbers (docs/design/search.md, "Counting"):
- the cells (search_facet_count, search_facet_total): pre-summed counts per
  stemmed word (or tracked combination of words) and cell of facet values,
  a few hundred rows instead of the 100,000+ matches of "kertas". They serve
  one word, browsing, and a query of at most MAX_EITHER sets of words by
  inclusion-exclusion, when the price limits fall on bucket edges;
- the rows (search_document), grouped by the same cell, for anything else.

SQL here is assembled from fixed column names and expressions; every value
from a request travels as a query parameter (hence the S608 exemptions).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db import connection, transaction

from blangkon.search.params import SearchParams, aligned_buckets
from blangkon.search.reference import Reference
from blangkon.search.sql import CELL
from blangkon.search.understanding import TextQuery


@dataclass
class Where:
    sql: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)
    # Only the rows of these cells are read, through the cell index
    # (search.narrowing); None: any row.
    cells: list[int] | None = None
    # Conditions the others imply, for walks only (walking()): the prices of
    # a price page's buckets let a walk along a price index start at the
    # page, while a read-and-sort shown them reads the whole range by that
    # index instead of the words' rows by the text index (57 → 218 ms).
    hints: list[tuple[str, list[Any]]] = field(default_factory=list)

    def add(self, sql: str, *args: Any) -> None:
        self.sql.append(sql)
        self.args.extend(args)

    def hint(self, sql: str, *args: Any) -> None:
        self.hints.append((sql, list(args)))

    def plus(self, sql: str, *args: Any) -> "Where":
        """A copy with one more condition."""
        return Where([*self.sql, sql], [*self.args, *args], self.cells, list(self.hints))

    def walking(self) -> "Where":
        """The conditions with the hints, for a walk along an ordered index."""
        walked = Where(list(self.sql), list(self.args), self.cells)
        for sql, args in self.hints:
            walked.add(sql, *args)
        return walked

    def render(self) -> str:
        return " AND ".join(f"({part})" for part in self.sql) if self.sql else "TRUE"

    def split_text(self) -> tuple["Where", "Where"]:
        """The full-text conditions (`@@`), and the rest: an ordered index
        serves the rest, the words are tested on the rows it finds."""
        text, rest = Where(), Where(cells=self.cells)
        args = iter(self.args)
        for sql in self.sql:
            (text if "@@" in sql else rest).add(sql, *[next(args) for _ in range(sql.count("%s"))])
        return text, rest

    def source(self) -> str:
        """What FROM reads, named search_document either way. The cells'
        rows are fenced (OFFSET 0) so that PostgreSQL reads them by the cell
        index and tests the rest on them, never intersecting other indexes."""
        if self.cells is None:
            return "search_document"
        return (
            "(SELECT * FROM search_document WHERE cell_id = ANY(%s::integer[]) OFFSET 0)"
            " search_document"
        )

    def source_args(self) -> list[Any]:
        return [] if self.cells is None else [self.cells]


def cell_filters(params: SearchParams, ref: Reference) -> list[tuple[str, list[Any]]]:
    """The filters on the cell columns (all but the price): each column with
    the values it may take (a category group: its leaves)."""
    chosen: list[tuple[str, list[Any]]] = []
    if params.category:
        category = ref.categories[params.category]
        chosen.append(("category_id", ref.leaves_of.get(category.pk, [category.pk])))
    for column, value in (
        ("kab_kota_id", params.kab_kota or None),
        ("vendor_kind", params.vendor_kind or None),
        ("scale", params.scale or None),
        ("is_pdn", params.pdn),
        ("is_trained", params.trained),
    ):
        if value is not None:
            chosen.append((column, [value]))
    return chosen


def filters(params: SearchParams, ref: Reference, *, cells: bool) -> Where:
    """The filters as SQL over search_document (or, with cells=True, over
    search_facet_count, which has the same cell columns but no price)."""
    where = Where(cells=None if cells or params.within is None else list(params.within))
    for column, values in cell_filters(params, ref):
        if column == "category_id":
            where.add("category_id = ANY(%s)", values)
        else:
            where.add(f"{column} = %s", *values)
    _add_price_filter(where, params, cells=cells)
    return where


@contextmanager
def local_settings(**settings: str) -> Iterator[Any]:
    """A cursor in a transaction of its own with planner settings for its
    statements only, put back before the end: inside a caller's transaction
    SET LOCAL would outlive the statement."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in settings.items()))
        yield cursor
        cursor.execute("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in settings))


def _add_price_filter(where: Where, params: SearchParams, *, cells: bool) -> None:
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


def count_of(totals: Totals) -> int:
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


def totals_from_counts(term: str, params: SearchParams, ref: Reference) -> Totals:
    where = filters(params, ref, cells=True)
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


def document_where(text: TextQuery, params: SearchParams, ref: Reference) -> Where:
    where = filters(params, ref, cells=False)
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


# Overlaps of the query's sets counted from their rows, at most; past this,
# one pass over the query's rows is cheaper ("map plastik folio": 4 sets, 11
# of their 15 overlaps untracked, each counted twice, 140 statements).
MAX_OVERLAPS_FROM_ROWS = 2


def _terms_in_cells(text: TextQuery) -> set[str] | None:
    """The inclusion-exclusion terms of the query that the cells count (one
    lexeme, or a tracked combination); None when no set of the query itself
    is among them, or when more than MAX_OVERLAPS_FROM_ROWS of the terms are
    not: then one pass over the rows is cheaper."""
    terms = [t for _, t in _union_terms(text.conjunctions)]
    tracked = _tracked(terms)
    in_cells = {t for t in terms if "&" not in t or t in tracked}
    if not any("&".join(c) in in_cells for c in text.conjunctions):
        return None
    if len(set(terms) - in_cells) > MAX_OVERLAPS_FROM_ROWS:
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
            part = totals_from_counts(prefix + term, params, ref)
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
    where = filters(params, ref, cells=False)
    column = "name_vector" if in_name else "vector"
    where.sql.insert(0, f"{column} @@ %s::tsquery")
    where.args.insert(0, " & ".join(f"'{lexeme}'" for lexeme in lexemes))
    return count_rows(where)[0]


def _totals_from_rows(
    text: TextQuery, params: SearchParams, ref: Reference, *, with_named: bool = False
) -> tuple[Totals, Totals | None]:
    """Counts over the matching rows themselves; `with_named`, the same for
    the rows with the words in the name (the first relevance tier), which a
    page past the first tier needs to skip it (it costs about as much again)."""
    where = document_where(text, params, ref)
    return count_rows(where, text.tsquery if with_named and text.tsquery else None)


def count_rows(where: Where, named_tsquery: str | None = None) -> tuple[Totals, Totals | None]:
    """Counts of the rows `where` selects, summed per cell (one integer)
    first, then per facet value; with `named_tsquery`, also of those whose
    name matches it."""
    named = "count(*) FILTER (WHERE name_vector @@ to_tsquery('blangkon', %s))"
    columns = ", ".join(f"c.{column}" for column in CELL)
    # PostgreSQL takes a query of several words for a few rows (it
    # multiplies the words' shares) and sorts the matches by cell to group
    # them; hashing them is 15 % faster (30 against 35 ms for 68,000
    # matches at 5M products), and no faster plan needs a sort.
    with local_settings(enable_sort="off") as cursor:
        cursor.execute(
            f"SELECT {columns}, sum(n), sum(named) FROM"  # noqa: S608
            f" (SELECT cell_id, count(*) AS n, {named if named_tsquery else '0'} AS named"
            f"  FROM {where.source()} WHERE {where.render()} GROUP BY cell_id) cells"
            f" JOIN search_cell c USING (cell_id) {_MARGINALS}",
            [*([named_tsquery] if named_tsquery else []), *where.source_args(), *where.args],
        )
        rows = cursor.fetchall()
    totals = _totals(row[:-1] for row in rows)
    if not named_tsquery:
        return totals, None
    return totals, _totals([*row[:-2], row[-1]] for row in rows)


def count_matches(
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
            return totals_from_counts("", params, ref), None, "cells"
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
