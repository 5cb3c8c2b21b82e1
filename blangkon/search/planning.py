"""Planning a read: the cheapest way to read the first rows of an order.

An order (relevance's boost, price, date, rating, sales) is served either by
walking its index until enough matches are passed, by reading every match
and sorting, or by splitting per category: walking where the matches are
dense in the order and sorting the rest. plan_read weighs them with cost
constants measured on this machine kind (docs/design/search.md, "How to
recalibrate the cost constants"); read_in_order carries the plan out.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from blangkon.search.counting import Totals, Where, count_of, local_settings, totals_from_counts
from blangkon.search.params import SearchParams
from blangkon.search.reference import Reference
from blangkon.search.relevance import Split


@dataclass(frozen=True)
class Order:
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
RELEVANCE = Order("boost", " DESC")
ORDERS = {
    "relevance": RELEVANCE,
    "price_asc": Order("price", "", even=False),
    "price_desc": Order("price", " DESC", even=False),
    "newest": Order("published_at", " DESC", zero="interval '0'"),
    # The vendor's published average (Vendor.rating_average, kept by the
    # ratings app, copied by the vendors' trigger): the rated first, unrated
    # vendors' products last in the tie key's order. No sales yet: every row
    # ties and the order is the tie key's, which the global index walks densely.
    "rating": Order("rating", " DESC NULLS LAST", by_category=False),
    "sold": Order("sold_count", " DESC", by_category=False),
}


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
class Spread:
    """Where the matches of one ordered read lie, per leaf category:
    `matches` (estimated where not known), `rows` (what a walk of that
    category's slice of the order passes: all its live rows) and `read` (what
    a read-and-sort must read: the rows an index finds before the filters no
    index serves are applied)."""

    matches: dict[int, int]
    rows: dict[int, int]
    read: dict[int, int]


@dataclass(frozen=True)
class ReadPlan:
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
    spread: Spread, needed: int, walk_slice: float, order: Order, *, sure: bool = True
) -> ReadPlan:
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
        return ReadPlan("walk", sure=sure)

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
        return ReadPlan("split", tuple(walked), tuple(sorted_), sure, name_sorted)
    return ReadPlan(how, sure=sure)


def read_in_order(
    where: Where,
    order: Order,
    plan: ReadPlan,
    limit: int,
    offset: int,
    flag: Split | None = None,
) -> list[tuple[Any, ...]]:
    """(product id, vendor id) of `limit` matches from `offset`, in order;
    with `flag`, each row also says whether the flag's condition holds
    (search.relevance.first_of_split)."""
    if where.cells is not None:  # a few rows, fenced from the indexes: read and sorted
        plan = ReadPlan("sort")
    walked = "walk" if plan.sure else "either"
    if plan.how != "split":
        how = "sort" if plan.how == "sort" else walked
        rows = _read(where, order, limit, offset, flag, how=how)
        return [(row[0], row[1], *row[4:]) for row in rows]
    # Split: each part gives its first offset + limit in order; merged here.
    parts: list[list[tuple[Any, ...]]] = []
    for category in plan.walk:
        part = where.plus("category_id = %s", category)
        parts.append(_read(part, order, offset + limit, 0, flag, how=walked))
    if plan.sort:
        which = "category_id = ANY(%s)" if plan.name_sorted else "category_id <> ALL(%s)"
        part = where.plus(which, list(plan.sort if plan.name_sorted else plan.walk))
        parts.append(_read(part, order, offset + limit, 0, flag, how="sort"))
    merged = sorted((row for part in parts for row in part), key=order.key)
    return [(row[0], row[1], *row[4:]) for row in merged[offset : offset + limit]]


# An unsure walk (the counts behind the plan are estimates: a page of a
# query of several words) first reads this many rows along the order and
# tests the words on them; only when they hold too few matches is the read
# planned by PostgreSQL, which reads every match of the words and sorts
# them ("tumpeng nasi uduk 30 porsi": 68,000 matches, 45 ms, where the first
# 900 rows of catering hold the page).
WALK_BUDGET = 4_000


def _read(
    where: Where, order: Order, limit: int, offset: int, flag: Split | None, *, how: str
) -> list[tuple[Any, ...]]:
    """`limit` rows from `offset` of `where` in `order`, read `how` (see
    _ordered), an unsure walk ("either") within WALK_BUDGET first."""
    if how == "either":
        rows = _walk_within_budget(where, order, limit, offset, flag)
        if rows is not None:
            return rows
    sql = f"{_select(where, order, flag, walked=how == 'walk')} WHERE {where.render()}"
    return _ordered(sql, [*where.source_args(), *where.args], order, limit, offset, flag, how=how)


def _walk_within_budget(
    where: Where, order: Order, limit: int, offset: int, flag: Split | None
) -> list[tuple[Any, ...]] | None:
    """The rows, when the first WALK_BUDGET rows along `order` that meet the
    conditions other than the words hold them; else None. The matches among
    the first rows of an order are the first matches, so what is found is
    exact."""
    text, rest = where.split_text()
    inner = (
        f"SELECT * FROM {where.source()} WHERE {rest.render()}"  # noqa: S608
        f" ORDER BY {order.sql()} LIMIT %s"
    )
    select = _select(where, order, flag, walked=False, source=f"({inner}) search_document")
    sql = f"{select} WHERE {text.render()}"
    args = [*where.source_args(), *rest.args, WALK_BUDGET, *text.args]
    rows = _ordered(sql, args, order, limit, offset, flag, how="either")
    return rows if len(rows) == limit else None


def _select(
    where: Where, order: Order, flag: Split | None, *, walked: bool, source: str = ""
) -> str:
    """The SELECT of a read from `where`'s rows (or `source`): the product,
    its vendor, the order's keys and, with `flag`, the flag itself on a sure
    walk (computed row by row as the cursor goes) or the column it needs on
    other reads (see _ordered)."""
    columns = f"product_id, vendor_id, {order.column}, tie_key"
    if flag:
        columns += f", ({flag.sql})" if walked else f", {flag.column}"
    return f"SELECT {columns} FROM {source or where.source()}"  # noqa: S608


def _ordered(
    sql: str,
    args: list[Any],
    order: Order,
    limit: int,
    offset: int,
    flag: Split | None,
    *,
    how: str,
) -> list[tuple[Any, ...]]:
    """`limit` rows from `offset` of `sql` in `order`, read `how`:
    - "walk": along the order's index, through a cursor planned for a fast
      start (cursor_tuple_fraction), so PostgreSQL walks the index and stops
      when the rows are found, even where it underestimates how many rows
      match (it cannot know that every paper product says "kertas");
    - "sort": every match read and sorted (the order hidden from the indexes);
    - "either": the plan left to PostgreSQL.
    Except on a walk, the flag is computed on the rows kept only: asked in
    the same SELECT, PostgreSQL computes it for every match it sorts, and a
    phrase with a unit's dozen spellings costs about 3 µs a row (40 of 61 ms
    for the 14,000 matches of "air mineral 600 ml isi 24", for the 100 rows
    a page needs)."""
    if how == "walk":
        return _walk(
            f"{sql} ORDER BY {order.sql()}", [*(flag.args if flag else []), *args], limit, offset
        )
    sql = f"{sql} ORDER BY {order.sql(indexed=how != 'sort')} LIMIT %s OFFSET %s"
    args = [*args, limit, offset]
    if flag:
        sql = (
            f"SELECT product_id, vendor_id, {order.column}, tie_key, ({flag.sql})"  # noqa: S608
            f" FROM ({sql}) page ORDER BY {order.sql()}"
        )
        args = [*flag.args, *args]
    return _keyed_rows(sql, args)


def _walk(sql: str, args: list[Any], limit: int, offset: int) -> list[tuple[Any, ...]]:
    with local_settings(cursor_tuple_fraction="0.0001") as cursor:
        cursor.execute(f"DECLARE search_walk NO SCROLL CURSOR FOR {sql}", args)
        if offset:
            cursor.execute(f"MOVE FORWARD {int(offset)} IN search_walk")
        cursor.execute(f"FETCH FORWARD {int(limit)} FROM search_walk")
        rows = cursor.fetchall()
        cursor.execute("CLOSE search_walk")
    return [tuple(row) for row in rows]


def _keyed_rows(sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    """(product id, vendor id, order column, tie key[, flag]) of each row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [tuple(row) for row in cursor.fetchall()]


class Known:
    """Unfiltered counts from the cells (search_facet_total), read at most
    once per search: the catalog's ('') and a word's, per facet value. They
    say where rows lie, which is what choosing a read plan needs."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self._totals: dict[str, Totals] = {}

    def totals(self, term: str) -> Totals:
        if term not in self._totals:
            self._totals[term] = totals_from_counts(term, SearchParams(), self.ref)
        return self._totals[term]

    def live(self) -> int:
        return max(count_of(self.totals("")), 1)

    def rows_by_category(self) -> dict[int, int]:
        return self.totals("")["category_id"]

    def rows_in(self, kab_kota: str) -> int:
        return self.totals("")["kab_kota_id"].get(kab_kota, 0)
