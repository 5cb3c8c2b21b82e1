"""Benchmark: how relevant the catalog search is, on judged queries (`make bench-relevance`).

Method:

1. Data. The demo at its seed scale (`seed_demo --scale seed`: about 55,000
   live products with realistic names) in a database of its own,
   `blangkon_relevance_bench`, on the server of DATABASE_URL, so development
   data is never touched. It is seeded again only when the demo's code changed
   (a fingerprint kept in `bench_meta`; `--regenerate` forces it); otherwise
   it is migrated, and the search index rebuilt (`manage.py search_rebuild`)
   when the search app's code changed since the last run.
2. Queries. Every query of blangkon/search/judged_queries.toml (what officials
   type, with what answers it, judged from the catalog's categories and the
   demo's product names) goes through `search.selectors.search_products` in
   this process, as the search page asks it: first page, "Most relevant", no
   buyer region (the public, or a buyer without a kab/kota).
3. Figures (blangkon/search/judgments.py, shared with the floor test
   blangkon/search/tests/test_relevance_floor.py): precision@10, zero-result
   rate, typo recovery, no-match behaviour and corrections of real words, by
   kind of query; and the worst queries with what came back.

Writes bench/results/relevance.json (every query's outcome) and the
`bench:relevance` section of docs/performance.md.
"""

import argparse
import datetime
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import database_url, recreate_database  # noqa: E402
from bench.report import DOC, write_section  # noqa: E402
from bench.search import store_meta  # noqa: E402
from bench.stats import django_setup, machine, manage, say, stored_meta  # noqa: E402

DATABASE = "blangkon_relevance_bench"
RESULTS = ROOT / "bench" / "results" / "relevance.json"
WORST = 20


def fingerprint(*folders: str) -> str:
    """What the Python files under `folders` hold, in 16 hex digits."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "tests" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _checked(url: str, *arguments: str) -> None:
    done = manage(url, *arguments)
    if done.returncode:
        raise RuntimeError(f"{' '.join(arguments)} failed: {done.stderr.decode()[-2000:]}")


def prepare(regenerate: bool) -> tuple[str, dict[str, Any]]:
    """The seed-scale demo's database, loaded or reused, its index current."""
    url = database_url(DATABASE)
    meta = stored_meta(url)
    demo = fingerprint("blangkon/demo")
    if regenerate or meta.get("demo") != demo:
        reason = "--regenerate" if regenerate else "the demo's code changed"
        say(f"Seeding {DATABASE} at the seed scale ({reason}) …")
        timings = {"create + migrate": recreate_database(url)}
        started = time.perf_counter()
        _checked(url, "seed_demo", "--scale", "seed")
        timings["seed_demo --scale seed"] = time.perf_counter() - started
        store_meta(
            url, {"demo": demo, "timings": timings, "search": fingerprint("blangkon/search")}
        )
    else:
        say(f"Reusing {DATABASE}: the seed scale is loaded")
        _checked(url, "migrate", "--no-input", "--verbosity", "0")
    search = fingerprint("blangkon/search")
    if stored_meta(url).get("search") != search:
        say("  the search app changed: manage.py search_rebuild …")
        _checked(url, "search_rebuild")
        store_meta(url, {"search": search})
    return url, stored_meta(url)


def measure(url: str) -> dict[str, Any]:
    django_setup(url)
    from blangkon.search import judgments

    started = time.perf_counter()
    queries = judgments.load_judgments()
    products = judgments.catalog()
    outcomes = judgments.run(queries, products)
    seconds = time.perf_counter() - started
    wrong = judgments.unjudgeable(outcomes)
    if wrong:
        raise RuntimeError(f"Judgments that match no live product: {wrong}")
    return {
        "seconds": seconds,
        "products": len(products),
        "by_kind": {kind: asdict(f) for kind, f in judgments.by_kind(outcomes).items()},
        "worst": [judgments.describe(o) for o in judgments.worst(outcomes, WORST)],
        "queries": [
            {
                "text": o.judgment.text,
                "kind": o.judgment.kind,
                "count": o.count,
                "precision": round(o.precision, 3),
                "corrected": o.corrected if o.was_corrected else None,
                "relevant_in_catalog": o.in_catalog,
                "first": [h.name for h in o.hits[:3]],
            }
            for o in outcomes
        ],
    }


def render_doc(result: dict[str, Any]) -> str:
    from blangkon.search.judgments import Figures, table_rows

    m = result["machine"]
    table = {kind: Figures(**f) for kind, f in result["by_kind"].items()}
    every = table["all"]
    lines = [
        "## Search relevance",
        "",
        "`make bench-relevance` (part of `make bench`) runs `bench/relevance.py`: the "
        f"{every.queries} judged queries of `blangkon/search/judged_queries.toml` (what officials "
        "type: everyday words, product names, typos with swapped letters, synonyms and brands "
        "said for the thing, English, units, one-to-three-letter queries, and things this "
        "catalog does not sell), each with what answers it, judged from the category tree and "
        "the demo's product names before any result was seen. Each goes through "
        "`search_products` as the search page asks it (first page, most relevant, no buyer "
        "region) over the demo at its seed scale "
        f"({result['products']:,} live products, own database `{DATABASE}`).",
        "",
        "Precision@10 is the share of the first 10 results judged relevant (out of fewer when "
        "the catalog has fewer relevant products; 0 when nothing came back), averaged over the "
        "queries that have an answer; zero results is the share of those answered with nothing. "
        'A typo is recovered when half its first 10 are relevant; "corrected as meant" when '
        "the correction is the word meant. A query for something this catalog does not sell "
        "should find nothing. The last column counts corrections of queries that had no typo. "
        "`blangkon/search/judgments.py` computes all of it, for this benchmark and for the "
        "floor test `blangkon/search/tests/test_relevance_floor.py`.",
        "",
        f"Measured on {result['date']} on {m['cpu']}, `nproc` = {m['nproc']}, {m['memory']} RAM, "
        f"Python {m['python']}, PostgreSQL {m['postgres']}; {every.queries} queries in "
        f"{result['seconds']:.1f} s.",
        "",
        *table_rows(table),
        "",
        f"The {len(result['worst'])} worst queries (no-match queries that showed products, then "
        "by precision@10), with what came back:",
        "",
        *(f"{n}. {line}" for n, line in enumerate(result["worst"], start=1)),
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--regenerate", action="store_true", help="seed again even when loaded")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    url, _meta = prepare(options.regenerate)
    result: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "machine": machine(url),
        **measure(url),
    }
    doc = render_doc(result)
    say(doc)
    if not options.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        write_section("relevance", doc)
        say(f"Wrote {RESULTS.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
