"""Paging: which products fill one page of a result, in order.

Relevance is the text tiers first (search.relevance), then the buyer's own
kab/kota, the rest of the province, the rest, then the boost (micro/small
vendors, PDN products) and the day's tie key. page_by_tiers walks the tiers
with their sizes known from the counts, reading only the rows the page needs
from each (search.planning); within the first DIVERSE_PREFIX results one
vendor gets at most VENDOR_RUN in a row before the others have had their
turn. Other orders (price, date, rating, sales) read one planned order.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection

from blangkon.regions.models import Region, RegionKind
from blangkon.search.counting import Totals, Where, count_rows, document_where
from blangkon.search.params import PAGE_SIZE, SearchParams, price_buckets
from blangkon.search.planning import (
    ORDERS,
    RELEVANCE,
    Known,
    ReadPlan,
    Spread,
    plan_read,
    read_in_order,
)
from blangkon.search.reference import Reference
from blangkon.search.relevance import Split, first_of_split, splits, tier_columns
from blangkon.search.understanding import NO_TEXT, TextQuery

VENDOR_RUN = 4  # results of one vendor in a row before others get a turn

# The first DIVERSE_PREFIX results of a relevance order get the vendor-run
# rule; later pages (rarely reached) keep the plain order. The prefix is
# always re-ordered as a whole, so pages never lose or repeat a product.
DIVERSE_PREFIX = 100


@dataclass(frozen=True)
class Local:
    kab_kota: str | None
    province: str | None

    @classmethod
    def of(cls, region: Region | None) -> "Local":
        if region is None:
            return cls(None, None)
        if region.kind == RegionKind.PROVINSI:
            return cls(None, region.code)
        return cls(region.code, region.parent_id)


def _tier_columns(text: TextQuery, local: Local) -> tuple[list[str], list[Any]]:
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
class Hit:
    product_id: int
    vendor_id: int
    tier: tuple[Any, ...]  # smaller is better, compared position by position


def diversify(hits: Sequence[Hit], run: int = VENDOR_RUN) -> list[Hit]:
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


def _page_of(hits: list[Hit], offset: int, diverse: bool) -> list[int]:
    if diverse:
        hits = diversify(hits)[offset : offset + PAGE_SIZE]
    return [h.product_id for h in hits]


def deep_relevance_page(
    text: TextQuery, params: SearchParams, ref: Reference, local: Local, offset: int
) -> list[int]:
    """A relevance page past the diverse prefix when the tier sizes are not
    known: one ordered pass over the matches."""
    where = document_where(text, params, ref)
    tiers, tier_args = _tier_columns(text, local)
    order = "".join(f"{t} DESC, " for t in tiers) + RELEVANCE.sql()
    sql = (
        f"SELECT product_id FROM {where.source()} WHERE {where.render()}"  # noqa: S608
        f" ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*where.source_args(), *where.args, *tier_args, PAGE_SIZE, offset])
        return [row[0] for row in cursor.fetchall()]


def sorted_page(
    text: TextQuery,
    params: SearchParams,
    ref: Reference,
    offset: int,
    totals: Totals,
    known: Known,
) -> list[int]:
    """A page in price, date, rating or sales order."""
    order = ORDERS[params.sort]
    matches = totals["category_id"]
    rows = known.rows_by_category()
    if text.lexeme:
        read = known.totals(text.lexeme)["category_id"]
    elif not text.tsquery and not params.kab_kota:
        read = rows
    else:
        read = matches
    plan = plan_read(Spread(matches, rows, read), offset + PAGE_SIZE, known.live(), order)
    where = document_where(text, params, ref)
    if order.column == "price":
        # Buckets are price ranges, so the order goes bucket by bucket and
        # the counts say which buckets hold the page: only their rows are
        # read (7,500 instead of 121,000 for "nasi" by price, highest
        # first, page 100). The prices of the buckets are a hint for walks
        # (counting.Where.hint): along a price index they start at the page.
        lo, hi, before = buckets_of_page(
            totals["price_bucket"], offset, PAGE_SIZE, descending=order.descending
        )
        if lo == hi:  # the usual case: the text index finds that bucket's matches alone
            where.add("price_bucket = %s::smallint", lo)
        else:  # a range is read by the same index, less tightly
            where.add("price_bucket BETWEEN %s::smallint AND %s::smallint", lo, hi)
        low, high = price_buckets()[lo][0], price_buckets()[hi][1]
        if low > 0:
            where.hint("price >= %s", low)
        if high is not None:
            where.hint("price <= %s", high)
        offset -= before
    return [pid for pid, _ in read_in_order(where, order, plan, PAGE_SIZE, offset)]


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


def page_by_tiers(
    text: TextQuery,
    params: SearchParams,
    ref: Reference,
    local: Local,
    offset: int,
    totals: Totals,
    named: Totals | None,
    known: Known,
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
        elif walk.skip == 0 or _reading_is_cheaper(walk.skip + wanted, base_size):
            full = walk.read_split(in_name, base, name, split, name_index)
        else:
            full = walk.read_counted(in_name, base, name, split, name_index)
        if full:
            break
    return _page_of(walk.hits, offset, diverse)


# What telling a tier's halves apart costs per row (measured at 5M
# products): counting the better half reads every row of the tier and
# tests it (`kertas hvs`, 140,000 names: 121 ms); reading the tier in order
# from its first row tests only the rows up to the page, as walks do
# (planning.WALK_ROW_US), plus the flag.
COUNT_SPLIT_ROW_US = 0.8
READ_SPLIT_ROW_US = 6.0


def _reading_is_cheaper(rows_to_page: int, tier_size: int) -> bool:
    """Whether a page `rows_to_page` rows into a split tier is reached more
    cheaply by reading the tier from its first row (read_split) than by
    counting its better half first (read_counted): page 50 of `kertas hvs`
    reads 1,000 rows instead of counting 140,000."""
    return rows_to_page * READ_SPLIT_ROW_US < tier_size * COUNT_SPLIT_ROW_US


_LocalTier = tuple[str, list[Any], Any, str | None]  # SQL, args, test of a kab/kota, its code


def _local_tiers(local: Local, ref: Reference) -> list[_LocalTier]:
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
    known: Known
    local_tiers: list[_LocalTier]
    wanted: int
    skip: int
    sure: bool = True
    hits: list[Hit] = field(default_factory=list)

    def cell(
        self, in_name: bool, base: Totals, conditions: list[_Condition], local_index: int
    ) -> tuple[Where, ReadPlan, int]:
        """What one tier in one local tier reads, how, and its size in `base`."""
        local_sql, local_args, local_test, kab = self.local_tiers[local_index]
        base_size = sum(base["kab_kota_id"].values())
        size = sum(n for k, n in base["kab_kota_id"].items() if local_test(k))
        share = _share(size, base_size)
        matches = {c: round(n * share) for c, n in base["category_id"].items()}
        known = self.known
        spread = Spread(
            matches,
            known.rows_by_category(),
            _tier_read(self.text, self.params, in_name, matches, known),
        )
        slice_kab = self.params.kab_kota or kab
        walk_slice = known.rows_in(slice_kab) if slice_kab else known.live()
        needed = self.skip + self.wanted - len(self.hits)
        plan = plan_read(spread, needed, walk_slice, RELEVANCE, sure=self.sure)
        # A name match implies a text match: the name index alone serves.
        where = document_where(NO_TEXT if in_name else self.text, self.params, self.ref)
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
                Hit(row[0], row[1], (*tier, local_index))
                for row in read_in_order(where, RELEVANCE, plan, limit, self.skip)
            )
            self.skip = 0
            if len(self.hits) >= self.wanted:
                return True
        return False

    def read_split(
        self, in_name: bool, base: Totals, name: _Condition, split: Split, name_index: int
    ) -> bool:
        """Read a tier from its first row in two halves, `split` first: one
        ordered read per local tier tells the halves apart. The first `skip`
        rows are read and passed (a deep page inside the tier)."""
        skip, self.skip = self.skip, 0
        self.wanted += skip  # the rows up to the page are read like the page
        needed = self.wanted - len(self.hits)
        first: list[Hit] = []
        rests: list[list[Hit]] = []
        for local_index in range(len(self.local_tiers)):
            if len(first) >= needed:
                break
            where, plan, size = self.cell(in_name, base, [name], local_index)
            if self.sure and size == 0:
                continue
            better = where.plus(split.sql, *split.args)
            flagged, rest = first_of_split(
                partial(read_in_order, where, RELEVANCE, plan, flag=split),
                partial(read_in_order, better, RELEVANCE, ReadPlan("sort"), offset=0),
                needed,
            )
            first += [Hit(r[0], r[1], (name_index, 0, local_index)) for r in flagged]
            rests.append([Hit(r[0], r[1], (name_index, 1, local_index)) for r in rest])
        self.hits += (first + [hit for rest in rests for hit in rest])[:needed]
        self.wanted -= skip
        self.hits = self.hits[skip:]
        return len(self.hits) >= self.wanted

    def read_counted(
        self, in_name: bool, base: Totals, name: _Condition, split: Split, name_index: int
    ) -> bool:
        """A deep page inside a tier of known size: the better half is
        counted (one pass over the tier's rows), then the halves are skipped
        or read like tiers of their own."""
        counted = document_where(NO_TEXT if in_name else self.text, self.params, self.ref)
        counted.add(name[0], *name[1])
        counted.add(split.sql, *split.args)
        half = count_rows(counted)[0]
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
    text: TextQuery, params: SearchParams, in_name: bool, matches: dict[int, int], known: Known
) -> dict[int, int]:
    """What a read-and-sort of a tier reads per category: the word's rows the
    text index finds (name or anywhere), a category's rows when browsing
    (not one kab/kota's: an index finds those alone), else the matches."""
    if text.lexeme:
        return known.totals(("=" if in_name else "") + text.lexeme)["category_id"]
    if not text.tsquery and not params.kab_kota:
        return known.rows_by_category()
    return matches
