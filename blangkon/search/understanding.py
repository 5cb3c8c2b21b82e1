"""Understanding the query: what was typed, as the words to search for.

The words are normalised and capped (search.query), numbers and units read
as one token each (search.units), each unknown word corrected (search.
corrections; not with `exact`), and synonyms and abbreviations become
alternatives (search.vocabulary). The result, a TextQuery, is what counting
and paging work from: the tsquery for the rows and, when the query is at
most MAX_EITHER sets of lexemes, those sets for the pre-summed counts.
"""

from dataclasses import dataclass

from django.db import connection

from blangkon.search import corrections
from blangkon.search.query import Alternatives, SynonymIndex, expand_synonyms, tsquery_text
from blangkon.search.units import query_words, unit_groups
from blangkon.search.vocabulary import live_alternatives, synonym_index


@dataclass(frozen=True)
class TextQuery:
    typed: list[str]
    corrected: list[str]  # the words searched for, after typo correction
    parts: list[Alternatives]
    tsquery: str  # to_tsquery('blangkon', ...) input; "" when nothing to match
    # The same query as "any of these sets of stemmed lexemes" ("nasi box":
    # {box, nasi} or {kotak, nasi}), when that takes at most MAX_EITHER sets;
    # its counts are made of the sets' counts (search.counting: _totals_of_union).
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


def understand(q: str, *, exact: bool = False) -> TextQuery:
    """The words of `q`, corrected (unless `exact`) and with their synonyms."""
    typed = query_words(q)  # numbers and units as one token each (search.units)
    if not typed:
        return TextQuery([], [], [], "")
    # Synonyms (two-way groups and one-way rules, search.vocabulary), and
    # each number with its unit however it is written.
    index = synonym_index().plus(SynonymIndex.of(unit_groups(typed)))
    fixes = {} if exact else corrections.corrections(typed, keep=index.words)
    corrected = [fixes.get(w, w) for w in typed]
    parts = expand_synonyms(corrected, index)
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
    return TextQuery(typed, corrected, parts, text, lexeme_sets(countable, lexemes_of))


MAX_EITHER = 4  # inclusion-exclusion over n sets takes 2^n - 1 counts


def lexeme_sets(
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


# Browsing: no words to match.
NO_TEXT = TextQuery([], [], [], "")
