"""A word no live product has is left out rather than emptying the result.

Every word of a query must match, so one word the catalog does not have
("kertas hvs a4 merah" when no paper says "merah") turns a useful result
into none. When the whole query finds nothing, the words (after correction
and synonyms) that no live product has anywhere are left out and the rest
is searched; the page and the API say which words were left out. Nothing is
left out when the rest still finds nothing, and never every word: a query
of unknown words only stays empty.
"""

from collections.abc import Callable, Sequence
from typing import Protocol

from django.db import connection

from blangkon.search.params import SearchParams
from blangkon.search.query import Alternatives, tsquery_text


class _Counted(Protocol):
    @property
    def count(self) -> int: ...


def positions_of(words: Sequence[str], parts: Sequence[Alternatives]) -> list[list[str]]:
    """The words each part of the query stands for: a synonym phrase's
    part stands for the words of the phrase (query.expand_synonyms)."""
    spans: list[list[str]] = []
    i = 0
    for part in parts:
        size = max(
            (len(p) for p in part.phrases if tuple(words[i : i + len(p)]) == tuple(p)), default=1
        )
        spans.append(list(words[i : i + size]))
        i += size
    return spans


def matching_nothing(parts: Sequence[Alternatives]) -> list[int]:
    """The positions of the parts no live product has anywhere in its text.
    A part of stop words only matches nothing and is not counted: to_tsquery
    leaves it out already. The pre-summed counts decide most parts
    (_judged_by_counts); the rows are read only for the others."""
    judged = _judged_by_counts(parts)
    unsure = [i for i in range(len(parts)) if i not in judged]
    absent = [i for i, present in judged.items() if not present]
    if unsure:
        clauses = [tsquery_text([parts[i]]) for i in unsure]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT x.i - 1 FROM unnest(%s::text[]) WITH ORDINALITY AS x(clause, i),"
                " to_tsquery('blangkon', x.clause) AS q"
                " WHERE numnode(q) > 0"
                "   AND NOT EXISTS (SELECT 1 FROM search_document d WHERE d.vector @@ q)"
                " ORDER BY x.i",
                [clauses],
            )
            absent += [unsure[row[0]] for row in cursor.fetchall()]
    return sorted(absent)


def _judged_by_counts(parts: Sequence[Alternatives]) -> dict[int, bool]:
    """Whether a part matches some live product, for the parts the facet
    totals decide: present when one of its alternatives is a counted term
    (one lexeme, or a tracked combination of them), absent when each of its
    alternatives has a lexeme no live product has. Reading the rows instead
    (the text index's whole posting lists of a common word such as "box")
    cost 95 ms at 5M products for a search left with nothing by its filters."""
    positions = [i for i, part in enumerate(parts) for _ in part.phrases]
    texts = [" ".join(phrase) for part in parts for phrase in part.phrases]
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH alternative AS ("
            "  SELECT a.part, ARRAY("
            "    SELECT l FROM unnest(tsvector_to_array(to_tsvector('blangkon', a.words))) AS l"
            '    ORDER BY l COLLATE "C") AS lexemes'
            "  FROM unnest(%s::int[], %s::text[]) AS a(part, words)"
            "), judged AS ("
            "  SELECT part, cardinality(lexemes) = 0 AS stop_words,"
            "    EXISTS (SELECT 1 FROM search_facet_total t"
            "            WHERE t.term = array_to_string(lexemes, '&') AND t.n > 0) AS counted,"
            "    EXISTS (SELECT 1 FROM unnest(lexemes) AS l WHERE NOT EXISTS ("
            "            SELECT 1 FROM search_facet_total t WHERE t.term = l AND t.n > 0))"
            "      AS has_dead_lexeme"
            "  FROM alternative"
            ")"
            " SELECT part, bool_or(counted), bool_and(has_dead_lexeme OR stop_words),"
            "   bool_and(stop_words)"
            " FROM judged GROUP BY part",
            [positions, texts],
        )
        judged: dict[int, bool] = {}
        for part, present, absent, stop_words_only in cursor.fetchall():
            if present:
                judged[part] = True
            elif stop_words_only:
                judged[part] = True  # not counted as matching nothing (see above)
            elif absent:
                judged[part] = False
        return judged


def search_without_unmatched[Result: _Counted](
    params: SearchParams,
    words: Sequence[str],
    parts: Sequence[Alternatives],
    search: Callable[[SearchParams], Result],
) -> tuple[Result, list[str]] | None:
    """The result of the query without its words that match nothing, and
    those words; None when there are none, when they are all the words, or
    when the rest finds nothing either. `words` are the words searched for
    (after correction), `parts` the query made of them, `search` runs a
    search."""
    if len(parts) < 2:
        return None
    unmatched = set(matching_nothing(parts))
    if not unmatched or len(unmatched) == len(parts):
        return None
    spans = positions_of(words, parts)
    kept = [w for i, span in enumerate(spans) if i not in unmatched for w in span]
    dropped = [w for i, span in enumerate(spans) if i in unmatched for w in span]
    result = search(params.with_(q=" ".join(kept)))
    return (result, dropped) if result.count else None
