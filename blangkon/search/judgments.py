"""How relevant the catalog search is, measured on judged queries.

blangkon/search/judged_queries.toml holds what officials type, each with the
products that answer it (written from the catalog's categories and the demo's
product names, not from what the search returned). This module runs each query
through the search as the search page does (`search_products`, first page,
"Most relevant", no buyer region) and scores the first TOP results; the
benchmark (`make bench-relevance`) and the floor test
(blangkon/search/tests/test_relevance_floor.py) both read their figures here.

Figures (over the queries a kind has; "matchable" = not flagged no_match):
- precision@10: relevant results among the first 10, divided by 10 or by the
  number of relevant live products when the catalog has fewer; 0 when nothing
  came back. Averaged over matchable queries.
- zero-result rate: share of matchable queries answered with no result.
- typo recovery: share of typo queries whose precision@10 reaches
  RECOVERED_PRECISION, and share whose correction equals the word meant.
- no-match behaviour: share of no_match queries answered with no product
  (a page of unrelated products fails, whatever message comes with it).
- unrelated corrections: queries with no typo in them that were corrected
  anyway (saham -> satpam).
"""

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from blangkon.catalog.product_selectors import live_products
from blangkon.search.params import parse_search_params
from blangkon.search.query import words_of
from blangkon.search.selectors import search_products, search_reference

QUERIES = Path(__file__).resolve().parent / "judged_queries.toml"
TOP = 10
# A typo query counts as recovered when at least this share of its first
# results is relevant.
RECOVERED_PRECISION = 0.5
KINDS = ("everyday", "specific", "typo", "synonym", "english", "units", "short", "no_match")


@dataclass(frozen=True)
class Judgment:
    text: str
    kind: str
    name: re.Pattern[str] | None = None
    within: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    typo_of: str = ""
    no_match: bool = False

    def relevant(self, name: str, category: str) -> bool:
        if category in self.categories:
            return True
        if self.name is None or not self.name.search(name):
            return False
        return not self.within or category in self.within


def load_judgments(path: Path = QUERIES) -> list[Judgment]:
    """The judged queries; a ValueError names the first malformed one."""
    with path.open("rb") as file:
        rows = tomllib.load(file)["query"]
    judgments = [_judgment(row) for row in rows]
    texts = [j.text for j in judgments]
    if len(set(texts)) != len(texts):
        raise ValueError("A query is judged twice.")
    return judgments


def _judgment(row: dict[str, object]) -> Judgment:
    text, kind = str(row["text"]), str(row["kind"])
    if kind not in KINDS:
        raise ValueError(f"{text!r}: unknown kind {kind!r}")
    pattern = row.get("name")
    judgment = Judgment(
        text=text,
        kind=kind,
        name=re.compile(str(pattern), re.IGNORECASE) if pattern else None,
        within=frozenset(_strings(row.get("within", []))),
        categories=frozenset(_strings(row.get("categories", []))),
        typo_of=str(row.get("typo_of", "")),
        no_match=bool(row.get("no_match", False)),
    )
    judges = judgment.name is not None or bool(judgment.categories)
    if judgment.no_match == judges:
        raise ValueError(f"{text!r}: judge it (name or categories) or flag it no_match")
    return judgment


def _strings(value: object) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"Expected a list, got {value!r}")
    return [str(item) for item in value]


# --- one query ------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    name: str
    category: str
    relevant: bool


@dataclass(frozen=True)
class Outcome:
    judgment: Judgment
    count: int  # what the search says it found
    hits: tuple[Hit, ...]  # the first TOP results
    corrected: str  # the words searched for, after any correction
    was_corrected: bool
    in_catalog: int  # live products judged relevant

    @property
    def precision(self) -> float:
        """Relevant among the first TOP, over what a perfect page could hold."""
        best = min(TOP, self.in_catalog)
        return sum(hit.relevant for hit in self.hits) / best if best else 0.0

    @property
    def empty(self) -> bool:
        return not self.hits

    @property
    def recovered(self) -> bool:
        return self.precision >= RECOVERED_PRECISION

    @property
    def corrected_as_meant(self) -> bool:
        return self.corrected == " ".join(words_of(self.judgment.typo_of))

    @property
    def unrelated_correction(self) -> bool:
        return self.was_corrected and not self.judgment.typo_of


def catalog() -> list[tuple[str, str]]:
    """(name, category slug) of every live product: what a judgment can match."""
    return list(live_products().values_list("name", "category__slug"))


def run(judgments: Iterable[Judgment], products: Sequence[tuple[str, str]]) -> list[Outcome]:
    """Each judged query through the search, as the search page asks it."""
    ref = search_reference()
    outcomes = []
    for judgment in judgments:
        params = parse_search_params(
            {"q": judgment.text}, categories=set(ref.categories), regions=set(ref.regions)
        )
        result = search_products(params=params, ref=ref)
        outcomes.append(
            Outcome(
                judgment=judgment,
                count=result.count,
                hits=tuple(
                    Hit(p.name, p.category.slug, judgment.relevant(p.name, p.category.slug))
                    for p in result.products[:TOP]
                ),
                corrected=" ".join(result.text.corrected),
                was_corrected=result.text.was_corrected,
                in_catalog=sum(judgment.relevant(n, c) for n, c in products),
            )
        )
    return outcomes


# --- figures --------------------------------------------------------------------


@dataclass
class Figures:
    """The figures of a set of outcomes (one kind, or all); None where the set
    has no query the figure is about."""

    queries: int = 0
    precision: float | None = None
    zero_rate: float | None = None
    typo_recovered: float | None = None
    typo_as_meant: float | None = None
    no_match_ok: float | None = None
    unrelated_corrections: int = 0


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def figures(outcomes: Sequence[Outcome]) -> Figures:
    matchable = [o for o in outcomes if not o.judgment.no_match]
    typos = [o for o in matchable if o.judgment.typo_of]
    nothing = [o for o in outcomes if o.judgment.no_match]
    precisions = [o.precision for o in matchable]
    return Figures(
        queries=len(outcomes),
        precision=sum(precisions) / len(precisions) if precisions else None,
        zero_rate=_share([o.empty for o in matchable]),
        typo_recovered=_share([o.recovered for o in typos]),
        typo_as_meant=_share([o.corrected_as_meant for o in typos]),
        no_match_ok=_share([o.empty for o in nothing]),
        unrelated_corrections=sum(o.unrelated_correction for o in outcomes),
    )


def by_kind(outcomes: Sequence[Outcome]) -> dict[str, Figures]:
    """Figures per kind of query (in KINDS order), then "all"."""
    table = {
        kind: figures([o for o in outcomes if o.judgment.kind == kind])
        for kind in KINDS
        if any(o.judgment.kind == kind for o in outcomes)
    }
    table["all"] = figures(outcomes)
    return table


def worst(outcomes: Sequence[Outcome], n: int = 20) -> list[Outcome]:
    """The n queries served worst: no-match queries that showed products, then
    matchable ones by precision (most results first among equals)."""

    def badness(o: Outcome) -> tuple[float, int]:
        if o.judgment.no_match:
            return (0.0 if o.hits else 2.0), -o.count
        return o.precision, -o.count

    return sorted(outcomes, key=badness)[:n]


def unjudgeable(outcomes: Sequence[Outcome]) -> list[str]:
    """Matchable queries whose judgment matches no live product: a judgment
    that is wrong, not a search that failed."""
    return [o.judgment.text for o in outcomes if not o.judgment.no_match and not o.in_catalog]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def table_rows(table: dict[str, Figures]) -> list[str]:
    """The figures by kind as Markdown table rows (header first)."""
    rows = [
        "| Kind | Queries | Precision@10 | Zero results | Typo recovered / corrected as meant "
        "| No-match answered with nothing | Corrections of real words |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, f in table.items():
        rows.append(
            f"| {kind} | {f.queries} | {_percent(f.precision)} | {_percent(f.zero_rate)} | "
            f"{_percent(f.typo_recovered)} / {_percent(f.typo_as_meant)} | "
            f"{_percent(f.no_match_ok)} | {f.unrelated_corrections} |"
        )
    return rows


def describe(outcome: Outcome, shown: int = 3) -> str:
    """One line: what came back for a query."""
    j = outcome.judgment
    fixed = f" → “{outcome.corrected}”" if outcome.was_corrected else ""
    names = "; ".join(h.name for h in outcome.hits[:shown]) or "nothing"
    score = "no match wanted" if j.no_match else f"P@10 {100 * outcome.precision:.0f} %"
    return f"“{j.text}” ({j.kind}){fixed}: {outcome.count:,} found, {score}; first: {names}"
