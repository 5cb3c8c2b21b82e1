"""Text relevance: which products match a search best, before any fairness.

A match has every query word (or one of its synonyms) somewhere in the
product's own text (search_document.vector: name A, specifications B,
description C; neither the vendor's nor the category's name, see
search/sql.py). Matches are ranked in text tiers, best first:

1. the words in the name as a phrase, in the order typed ("kertas a4" in
   "Kertas A4 80 gsm", not in "Kertas HVS A4");
2. all the words in the name;
3. all the words in the name or the specifications;
4. the rest (some word only in the description).

Within a tier come the buyer's kab/kota and province first, then the
micro/small vendor and PDN boost, then the day's tie key
(search.paging). The counts know only two tiers (the words in the name,
from the '=' cells, and the rest), so tiers 1 and 3 are found while reading:
a tier is read in order with a flag saying whether a row is in the better
half (first_of_split), which costs what reading the tier costs when the
better half is most of it, as it is for phrases typed the way products are
named.
"""

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from blangkon.catalog.models import Category
from blangkon.search.query import Alternatives, tsquery_text

# Weights of search_document.vector that count as "in the name or the
# specifications" (tier 3): the description is C.
NAME_AND_SPECIFICATIONS = "AB"
# A flagged half sparser than this in what was read is read on its own
# (read and sorted) instead of reading the tier further.
SPLIT_MIN_SHARE = 0.05
SPLIT_READ_ROUNDS = 3  # reads of the tier, each twice as long, before that


@dataclass(frozen=True)
class Split:
    """A count tier (the words in the name, or not) divided into a better
    half where `sql` holds and the rest."""

    sql: str
    args: list[Any]
    column: str  # the one column of search_document `sql` reads


def _has_phrase(parts: Sequence[Alternatives]) -> bool:
    return len(parts) > 1 or any(len(p) > 1 for part in parts for p in part.phrases)


# A phrase whose positions have alternatives of several lengths becomes one
# phrase per combination of lengths (see phrase_text), at most this many.
MAX_PHRASE_BRANCHES = 16


def phrase_text(parts: Sequence[Alternatives]) -> str:
    """to_tsquery() input for the words adjacent in the order typed, each
    position any of its alternatives ("nasi <-> (box | kotak)"); "" when the
    query is one word (then a phrase is the name tier itself).

    PostgreSQL's phrase test goes wrong when alternatives of different
    lengths both occur in a name and are followed by more of the phrase:
    "(pupuk <-> organik | kompos) <-> 25" is false for "pupuk organik
    kompos 25 kg". So the alternatives are grouped by length and the phrase
    is one branch per combination of lengths, each with alternatives of one
    length per position ("(pupuk <-> organik) <-> 25 | kompos <-> 25");
    past MAX_PHRASE_BRANCHES, one phrase as before, which can miss."""
    if not _has_phrase(parts):
        return ""
    if len(parts) == 1:  # no position follows another
        return _phrase_clause(parts[0].phrases)
    by_length = [_by_length(part.phrases) for part in parts]
    if math.prod(len(lengths) for lengths in by_length) > MAX_PHRASE_BRANCHES:
        return " <-> ".join(_phrase_clause(part.phrases) for part in parts)
    branches = [
        " <-> ".join(_phrase_clause(phrases) for phrases in combination)
        for combination in itertools.product(*by_length)
    ]
    return branches[0] if len(branches) == 1 else " | ".join(f"({b})" for b in branches)


def _by_length(phrases: Sequence[Sequence[str]]) -> list[list[Sequence[str]]]:
    """The non-empty phrases grouped by their number of words."""
    groups: dict[int, list[Sequence[str]]] = {}
    for phrase in phrases:
        if phrase:
            groups.setdefault(len(phrase), []).append(phrase)
    return list(groups.values())


def _phrase_clause(phrases: Sequence[Sequence[str]]) -> str:
    options = [" <-> ".join(phrase) for phrase in phrases if phrase]
    return "(" + " | ".join(f"({o})" for o in options) + ")"


def weighted_text(parts: Sequence[Alternatives], weights: str) -> str:
    """The query of search.query.tsquery_text, each word found only where
    `weights` are ("kertas:AB")."""
    return tsquery_text(
        [
            Alternatives(tuple(tuple(f"{w}:{weights}" for w in p) for p in part.phrases))
            for part in parts
        ]
    )


def splits(parts: Sequence[Alternatives], tsquery: str) -> tuple[Split | None, Split | None]:
    """How the name tier and the rest divide: by the phrase in the name
    (None for one word) and by the words in the name or specifications."""
    if not tsquery:
        return None, None
    phrase = phrase_text(parts)
    in_name = (
        Split("name_vector @@ to_tsquery('blangkon', %s)", [phrase], "name_vector")
        if phrase
        else None
    )
    specified = Split(
        "vector @@ to_tsquery('blangkon', %s)",
        [weighted_text(parts, NAME_AND_SPECIFICATIONS)],
        "vector",
    )
    return in_name, specified


def tier_columns(parts: Sequence[Alternatives], tsquery: str) -> tuple[list[str], list[Any]]:
    """The text tiers as boolean SQL expressions, best first, for a query
    that orders all matches at once (a deep page)."""
    if not tsquery:
        return [], []
    phrase, specified = splits(parts, tsquery)
    name = Split("name_vector @@ to_tsquery('blangkon', %s)", [tsquery], "name_vector")
    tiers = [t for t in (phrase, name, specified) if t is not None]
    return [f"({t.sql})" for t in tiers], [a for t in tiers for a in t.args]


Row = tuple[Any, ...]  # (product id, vendor id, ..., flag) in the tier's order


def first_of_split(
    read: Callable[[int, int], list[Row]],
    read_flagged: Callable[[int], list[Row]],
    n: int,
) -> tuple[list[Row], list[Row]]:
    """The first `n` rows of a tier's better half and of its rest, each in
    order (fewer when the half has fewer). `read(limit, offset)` reads the
    tier in order, each row ending with its flag; `read_flagged(limit)` reads
    the better half alone (reading all of it to sort it: the fallback when it
    is sparse). Pure, so it is tested without a database.

    Rows are read until the better half has n or the tier ends: the rows of
    a half among the first k of the tier are that half's first rows, so both
    halves' prefixes come from one read; when the better half has fewer than
    n, every row of the rest that can be needed was read with it."""
    rows: list[Row] = []
    limit = n
    for _ in range(SPLIT_READ_ROUNDS):
        more = read(limit - len(rows), len(rows))
        rows += more
        flagged = [r for r in rows if r[-1]]
        rest = [r for r in rows if not r[-1]]
        if len(rows) < limit or len(flagged) >= n:  # the tier ended, or enough
            return flagged[:n], rest[:n]
        if len(flagged) < SPLIT_MIN_SHARE * len(rows):
            break
        limit *= 2
    # Sparse: read the better half alone. The rest's first n - len(flagged)
    # rows are among those read (len(rows) >= n).
    flagged = read_flagged(n)
    return flagged, rest[: max(0, n - len(flagged))]


def suggestion_links(found: Sequence[str]) -> list[tuple[str, str]]:
    """Each suggestion with the catalog query string it opens: a category's
    name opens the category (its name is no product's text, so searching
    for it would find little), anything else is searched for."""
    slugs = dict(Category.objects.filter(name__in=found).values_list("name", "slug"))
    return [(s, urlencode({"category": slugs[s]} if s in slugs else {"q": s})) for s in found]


MAX_CATEGORIES_NAMED = 4


def categories_named(tsquery: str, chosen: str = "") -> list[Category]:
    """The categories whose name has every query word (all but `chosen`, a
    slug): a category's name makes no product match, so the catalog page
    offers these categories instead ("alat tulis", "kebersihan")."""
    if not tsquery:
        return []
    named = Category.objects.raw(
        "SELECT * FROM catalog_category"
        " WHERE to_tsvector('blangkon', name) @@ to_tsquery('blangkon', %s) AND slug <> %s"
        " ORDER BY parent_id NULLS FIRST, position, name LIMIT %s",
        [tsquery, chosen, MAX_CATEGORIES_NAMED],
    )
    return list(named)
