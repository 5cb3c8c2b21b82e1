"""Planning a read: the cheapest way to read the first rows of an order.

An order (relevance's boost, price, date, rating, sales) is served either by
walking its index until enough matches are passed, by reading every match
and sorting, or by splitting per category: walking where the matches are
dense in the order and sorting the rest. plan_read weighs them with cost
constants measured on this machine kind (docs/design/search.md, "How to
recalibrate the cost constants"); read_in_order carries the plan out.
"""

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    # Ties in the tie key's order backwards: an index ordered (column,
    # tie_key, product_id) read backwards gives exactly this order, so a
    # walk needs no sort (price, highest first: a walk that sorted each
    # price's rows cost 7.6 µs a row against 0.5).
    ties_backwards: bool = False
    # A split's sorted part may be bounded by the last row its walked parts
    # give the page (see read_in_order): true where a category index
    # (category_id, column, tie_key) finds the rows before that bound
    # alone. Not for prices: shown a price range, PostgreSQL reads the
    # whole range by the price index instead of the words' rows (57 → 218 ms).
    bounds_sorted_part: bool = False

    @property
    def descending(self) -> bool:
        return self.direction.startswith(" DESC")

    def sql(self, *, indexed: bool = True) -> str:
        key = self.column if indexed else f"{self.column} + {self.zero}"
        ties = " DESC" if self.ties_backwards else ""
        return f"{key}{self.direction}, tie_key{ties}, product_id{ties}"

    def key(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """The same order in Python, for rows (product id, vendor id, column,
        tie key): to merge the parts of a split read."""
        value, tie, product = row[2], row[3], row[0]
        if self.ties_backwards:
            tie, product = -tie, -product
        if value is None:  # NULLS LAST
            return (1, 0, tie, product)
        if self.descending:
            value = -(value.timestamp() if hasattr(value, "timestamp") else value)
        return (0, value, tie, product)

    def no_later_than(self, row: Sequence[Any]) -> tuple[str, list[Any]]:
        """A condition that holds for every row that comes before `row` (a
        row as for key(), its column not null), and for some after it."""
        value, tie = row[2], row[3]
        before = ">" if self.descending else "<"
        ties = ">=" if self.ties_backwards else "<="
        sql = f"{self.column} {before} %s OR ({self.column} = %s AND tie_key {ties} %s)"
        return sql, [value, value, tie]


# After the relevance tiers (words in the name, local first): the boost.
RELEVANCE = Order("boost", " DESC", bounds_sorted_part=True)
ORDERS = {
    "relevance": RELEVANCE,
    "price_asc": Order("price", "", even=False),
    "price_desc": Order("price", " DESC", even=False, ties_backwards=True),
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
# Where an order is not sure to be walkable (prices: see DENSE_SHARE), a
# walk may be tried: within a budget of TRY_FACTOR times the rows it should
# pass (so a clustering that quadruples them still finds the page), the
# matches then read and sorted if the budget held too few. "box" in
# catering (20 % of its rows) by price: 0.1 ms for its first 100 rows
# instead of sorting its 205,000 matches (80 ms). It is tried when that is
# cheaper than sorting at once even if it fails one time in four
# (TRIAL_SUCCESS), each failure costing its budget and the sort. Along the
# whole order a trial succeeds less often where the matches lie in a few
# categories: the cheapest rows of the catalog are another kind of product.
# Its chance is taken as TRIAL_SUCCESS times the share of the rows that lie
# in categories with matches: "solo" (a city, in every category) is tried
# along the whole order, "kertas" in paper and office supplies only.
TRY_FACTOR = 4
TRIAL_SUCCESS = 0.75
MIN_TRY_BUDGET = 500
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
    how: str  # "walk", "sort", "split" or "try" (a walk on trial, else a sort)
    walk: tuple[int, ...] = ()  # split: categories walked one by one
    sort: tuple[int, ...] = ()  # split: categories read and sorted together
    # The counts behind the plan are exact, so a walk is forced; otherwise
    # (estimates) PostgreSQL may still choose to read and sort.
    sure: bool = True
    # Split: the sorted part names its categories (few rows: a category
    # index narrows the text index's rows) rather than excluding the walked
    # ones (many: the text index alone finds them).
    name_sorted: bool = True
    # Split: categories walked on trial, each with its budget of rows (see
    # TRIAL_SUCCESS), then read and sorted if the budget holds too few matches.
    tried: tuple[tuple[int, int], ...] = ()
    # "try": the whole order walked on trial within this many rows.
    budget: int = 0
    # Split: the live rows of each category sorted or tried, and the rows
    # the text index finds, to choose how a failed trial is read.
    rows: tuple[tuple[int, int], ...] = ()
    read_rows: int = 0
    cost: float = 0.0  # as estimated, in µs


def plan_read(
    spread: Spread, needed: int, walk_slice: float, order: Order, *, sure: bool = True
) -> ReadPlan:
    """The cheapest way to read the first `needed` matches in `order`: walk
    the whole order (passing about needed × walk_slice / matches rows), read
    all matches and sort them, walk the whole order on trial (see
    TRIAL_SUCCESS), or split by category (_by_category). "kertas" by price:
    every paper product matches, 5 % of office supplies do; the whole price
    order would pass cheap non-paper rows by the thousand, the split reads
    about twenty. Pure, so it is tested without a database."""
    total = sum(spread.matches.values())
    if total <= 0:
        return ReadPlan("walk", sure=sure)

    costs = {"sort": sum(spread.read.get(c, m) for c, m in spread.matches.items()) * SORT_ROW_US}
    passed = needed * walk_slice / total
    whole_budget = max(MIN_TRY_BUDGET, round(passed * TRY_FACTOR))
    if order.even or total >= DENSE_SHARE * walk_slice:
        costs["walk"] = passed * WALK_ROW_US
    else:
        covered = sum(spread.rows.get(c, m) for c, m in spread.matches.items() if m > 0)
        success = TRIAL_SUCCESS * min(1.0, covered / max(walk_slice, 1))
        costs["try"] = _trial_cost(passed * WALK_ROW_US, whole_budget, costs["sort"], success)
    parts = _by_category(spread, needed, order)
    if (parts.walk or parts.tried) and order.by_category:
        costs["split"] = parts.cost
    how = min(costs, key=lambda k: costs[k])
    if how == "split":
        return replace(parts, sure=sure)
    if how == "try":
        return ReadPlan("try", sure=sure, budget=whole_budget)
    return ReadPlan(how, sure=sure)


def _by_category(spread: Spread, needed: int, order: Order) -> "ReadPlan":
    """The split by category for plan_read, its estimated cost in `cost`:
    walk each category where the matches are dense in its slice, walk on
    trial where that risks little beside sorting, sort the rest together."""
    walked: list[int] = []
    tried: list[tuple[int, int]] = []
    sorted_: list[int] = []
    cost = 0.0
    for category, matches in sorted(spread.matches.items()):
        if matches <= 0:
            continue
        rows = max(spread.rows.get(category, matches), matches)
        passed = min(needed, matches) * rows / matches
        walk = passed * WALK_ROW_US + BRANCH_US
        sort = spread.read.get(category, matches) * SORT_ROW_US
        budget = max(MIN_TRY_BUDGET, round(passed * TRY_FACTOR))
        if walk < sort and (order.even or matches >= CATEGORY_DENSE_SHARE * rows):
            walked.append(category)
            cost += walk
        elif (trial := _trial_cost(walk, budget, sort)) < sort:
            tried.append((category, budget))
            cost += trial
        else:
            sorted_.append(category)
            cost += sort
    # The sorted part names its categories when they hold few rows beside
    # the word's: PostgreSQL then intersects the text index with a category
    # index. With many (a dozen categories, 600,000 rows) it would walk a
    # category index instead, so the walked ones are excluded and the text
    # index alone finds the rows: all the word's rows are then read.
    all_read = sum(spread.read.values())
    name_sorted = _worth_naming(sum(spread.rows.get(c, 0) for c in sorted_), all_read)
    if sorted_ and not name_sorted:
        cost += (all_read - sum(spread.read.get(c, 0) for c in sorted_)) * SORT_ROW_US
    cost += BRANCH_US if sorted_ else 0.0
    sizes = tuple((c, spread.rows.get(c, 0)) for c in [*sorted_, *(c for c, _ in tried)])
    return ReadPlan(
        "split",
        walk=tuple(walked),
        sort=tuple(sorted_),
        name_sorted=name_sorted,
        tried=tuple(tried),
        rows=sizes,
        read_rows=all_read,
        cost=cost,
    )


def _worth_naming(rows: int, read: int) -> bool:
    """Whether the sorted part of a split names its categories (see
    _by_category): they hold few rows beside the text index's."""
    return rows <= NAMED_ROWS_FACTOR * read


def _trial_cost(
    walk_us: float, budget: int, sort_us: float, success: float = TRIAL_SUCCESS
) -> float:
    """The expected cost of a walk on trial (see TRIAL_SUCCESS): the walk,
    and when it fails, its budget and the sort."""
    return walk_us + (1 - success) * (budget * WALK_ROW_US + sort_us)


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
    if plan.how == "try":
        rows = _walk_within_budget(where, order, limit, offset, flag, plan.budget)
        if rows is None:
            rows = _read(where, order, limit, offset, flag, how="sort")
        return [(row[0], row[1], *row[4:]) for row in rows]
    if plan.how != "split":
        how = "sort" if plan.how == "sort" else walked
        rows = _read(where, order, limit, offset, flag, how=how)
        return [(row[0], row[1], *row[4:]) for row in rows]
    # Split: each part gives its first offset + limit in order; merged here.
    parts: list[list[tuple[Any, ...]]] = []
    for category in plan.walk:
        part = where.plus("category_id = %s", category)
        parts.append(_read(part, order, offset + limit, 0, flag, how=walked))
    failed: list[int] = []  # trials whose budget held too few: sorted with the rest
    for category, budget in plan.tried:
        part = where.plus("category_id = %s", category)
        rows = _walk_within_budget(part, order, offset + limit, 0, flag, budget)
        if rows is None:
            failed.append(category)
        else:
            parts.append(rows)
    merged = sorted((row for part in parts for row in part), key=order.key)
    if plan.sort or failed:
        rest = _bounded(_sorted_part(where, plan, failed), order, merged, offset + limit)
        rows = _read(rest, order, offset + limit, 0, flag, how="sort")  # in order already
        merged = list(heapq.merge(merged, rows, key=order.key))
    return [(row[0], row[1], *row[4:]) for row in merged[offset : offset + limit]]


def _bounded(rest: Where, order: Order, read: list[tuple[Any, ...]], needed: int) -> Where:
    """The sorted part of a split (`rest`) limited to the rows that may be
    among the first `needed`: those no later than the needed-th of the rows
    already `read` (in order). "kotak" page 100 walks catering for its first
    2,000 rows; the other categories' sorted part then reads the 400 of
    theirs that come before the 2,000th instead of all 42,000 (47 → 13 ms)."""
    if not order.bounds_sorted_part or len(read) < needed:
        return rest
    bound, args = order.no_later_than(read[needed - 1])
    return rest.plus(bound, *args)


def _sorted_part(where: Where, plan: ReadPlan, failed: list[int]) -> Where:
    """The rows of a split's sorted categories and failed trials: one read
    for all of them, since each read of its own would scan the words' rows
    in the text index again. Named or not by the rule of _by_category, the
    failed trials counted in: naming a million rows makes PostgreSQL
    intersect them by a category index ("kertas" by price: 146 ms against 55
    for all the word's rows)."""
    named = [*plan.sort, *failed]
    name = plan.name_sorted
    if failed:
        sizes = dict(plan.rows)
        name = _worth_naming(sum(sizes.get(c, 0) for c in named), plan.read_rows)
    if name:
        return where.plus("category_id = ANY(%s)", named)
    walked = [*plan.walk, *(category for category, _ in plan.tried if category not in failed)]
    return where.plus("category_id <> ALL(%s)", walked)


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
    _ordered), an unsure walk ("either") within WALK_BUDGET rows first."""
    if how == "either":
        rows = _walk_within_budget(where, order, limit, offset, flag, WALK_BUDGET)
        if rows is not None:
            return rows
    if how == "walk":
        where = where.walking()
    sql = f"{_select(where, order, flag, walked=how == 'walk')} WHERE {where.render()}"
    return _ordered(sql, [*where.source_args(), *where.args], order, limit, offset, flag, how=how)


def _walk_within_budget(
    where: Where, order: Order, limit: int, offset: int, flag: Split | None, budget: int
) -> list[tuple[Any, ...]] | None:
    """The rows, when the first `budget` rows along `order` that meet the
    conditions other than the words hold them; else None. The matches among
    the first rows of an order are the first matches, so what is found is
    exact."""
    text, rest = where.walking().split_text()
    inner = (
        f"SELECT * FROM {where.source()} WHERE {rest.render()}"  # noqa: S608
        f" ORDER BY {order.sql()} LIMIT %s"
    )
    select = _select(where, order, flag, walked=False, source=f"({inner}) search_document")
    sql = f"{select} WHERE {text.render()}"
    args = [*where.source_args(), *rest.args, budget, *text.args]
    # A walk, never a bitmap scan and a sort: for a budget of thousands of
    # rows PostgreSQL would otherwise read the whole range and sort it
    # (nasi by price, highest first, page 50: 114 ms against 4).
    with local_settings(enable_bitmapscan="off", enable_sort="off"):
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
