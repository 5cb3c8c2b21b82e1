"""Narrowing: a search whose filters leave few products reads them by cell.

Every row of search_document lies in one cell (one value of each filter
column, search_cell), and the cells' counts (search_facet_count, term '')
say how many live products each holds. When the filters leave cells that
hold few products in all (NARROW_MAX_ROWS), the rows are read through the
cell index and tested there, instead of letting PostgreSQL intersect the
text index with an index per filter: "nasi" among food in one kab/kota,
medium-sized, by business entities, PDN or not, by trained vendors, up to
Rp75.000 found its 44 products in 5 ms instead of 425 ms at 5M products
(a BitmapAnd of 623,000 "nasi" rows, 137,000 of the kab/kota and 1.1
million of the categories' prices).

The cells only choose what is read: every filter and the words are still
tested on the rows (counting.filters), so the results are the same.
"""

from typing import Any

from django.db import connection

from blangkon.search.counting import cell_filters, filters
from blangkon.search.params import SearchParams, covering_buckets
from blangkon.search.reference import Reference
from blangkon.search.sql import CELL
from blangkon.search.understanding import TextQuery

# Reading this many rows by cell and sorting them costs about 10 ms.
NARROW_MAX_ROWS = 8_000


def narrowed(text: TextQuery, params: SearchParams, ref: Reference) -> SearchParams:
    """`params` with the cells to read (`within`) when its filters leave few
    products; as they are otherwise. One word narrows to the cells where it
    occurs. The per-filter totals first say whether that can be: each
    filter's share of the word's products, as if the filters were
    independent, must leave few (so a category browsed alone, or one kab/kota,
    costs one lookup of a few totals)."""
    term = text.lexeme or ""
    fewest, expected = _left_by_each_filter(term, params, ref)
    if fewest is None or (fewest > NARROW_MAX_ROWS and expected > 2 * NARROW_MAX_ROWS):
        return params
    where = filters(params.with_(price_min=None, price_max=None), ref, cells=True)
    if params.price_min is not None or params.price_max is not None:
        where.add("price_bucket = ANY(%s)", covering_buckets(params.price_min, params.price_max))
    columns = ", ".join(CELL)
    sql = (
        f"WITH left_cells AS (SELECT {columns}, f.n FROM search_facet_count f"  # noqa: S608
        f" WHERE f.term = '' AND f.n > 0 AND {where.render()}"
    )
    args: list[Any] = list(where.args)
    if term:
        sql += (
            " AND EXISTS (SELECT 1 FROM search_facet_count w WHERE w.term = %s AND w.n > 0"  # noqa: S608
            f" AND ({', '.join(f'w.{c}' for c in CELL)}) = ({', '.join(f'f.{c}' for c in CELL)}))"
        )
        args.append(term)
    # Past NARROW_MAX_ROWS cells there are more rows than that; the cells'
    # ids are looked up only when they hold few.
    sql += (
        " LIMIT %s), total AS (SELECT coalesce(sum(n), 0) AS n FROM left_cells)"  # noqa: S608
        " SELECT total.n, CASE WHEN total.n <= %s THEN ARRAY("
        f" SELECT c.cell_id FROM left_cells JOIN search_cell c USING ({columns})"
        " ORDER BY c.cell_id) END FROM total"
    )
    args += [NARROW_MAX_ROWS + 1, NARROW_MAX_ROWS]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        _, cells = cursor.fetchone()
    return params if cells is None else params.with_(within=tuple(cells))


def _left_by_each_filter(
    term: str, params: SearchParams, ref: Reference
) -> tuple[int | None, float]:
    """The fewest live products (with `term`) any one filter leaves (None when
    no filter but the price is set), and how many all of them would leave
    were they independent."""
    wanted = [
        (CELL.index(column), str(value).lower() if isinstance(value, bool) else str(value))
        for column, values in cell_filters(params, ref)
        for value in values
    ]
    if not wanted:
        return None, 0.0
    facets = sorted({facet for facet, _ in wanted})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT facet, coalesce(sum(n) FILTER (WHERE (facet, value) IN"
            " (SELECT * FROM unnest(%s::integer[], %s::text[]))), 0), sum(n)"
            " FROM search_facet_total WHERE term = %s AND facet = ANY(%s) GROUP BY facet",
            [[f for f, _ in wanted], [v for _, v in wanted], term, facets],
        )
        found = {facet: (int(left), int(total)) for facet, left, total in cursor.fetchall()}
    if len(found) < len(facets):  # the word is nowhere
        return 0, 0.0
    total = max(t for _, t in found.values())
    expected = float(total)
    for left, facet_total in found.values():
        expected *= left / facet_total if facet_total else 0.0
    return min(left for left, _ in found.values()), expected
