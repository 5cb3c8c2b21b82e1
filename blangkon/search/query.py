"""Turning what a buyer typed into a safe full-text query. Pure functions.

The text is normalised the way the index is (lower case, accents off), split
into words of letters and digits, and capped: anything PostgreSQL receives is
built from at most MAX_WORDS words of [a-z0-9], so a 1 MB query, emoji, SQL
or another script cost the same as a short one and can never break the
query syntax. The one exception are the ways of writing a number with its
unit ("1.500", "g/m2"), which search.units takes from a fixed table, never
from what was typed.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

MAX_QUERY_CHARS = 200  # what the search box accepts; the rest is ignored
MAX_WORDS = 8
MAX_WORD_CHARS = 30
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case without accents ("Kafé" -> "kafe"), like search_norm() in SQL."""
    decomposed = unicodedata.normalize("NFKD", text[: MAX_QUERY_CHARS * 4])
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_of(text: str) -> list[str]:
    """The query's distinct words, at most MAX_WORDS of at most MAX_WORD_CHARS
    each ("kertas kertas" is "kertas": a repeated word narrows nothing)."""
    words = _WORD.findall(normalise(text)[:MAX_QUERY_CHARS])
    return list(dict.fromkeys(w[:MAX_WORD_CHARS] for w in words))[:MAX_WORDS]


def is_correctable(word: str) -> bool:
    """Words worth correcting: letters only, three or more of them. Numbers
    and codes ("a4", "80") are taken as typed."""
    return len(word) >= 3 and word.isalpha()


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment): a swap of two
    neighbouring letters ("kretas") counts as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def max_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


# Letters next to each other on a QWERTY keyboard, the rows staggered as on
# a real one ("g" touches t, y, f, h, v and b): hitting a neighbour is the
# likeliest slip, so it costs less than a far letter.
_ROWS = (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75))
_KEY_AT = {
    c: (row, i + shift) for row, (keys, shift) in enumerate(_ROWS) for i, c in enumerate(keys)
}
NEIGHBOUR_COST = 0.75  # a neighbouring key instead of the right one
DOUBLE_COST = 0.5  # a letter typed twice, or a double letter typed once
FREQUENCY_WEIGHT = 0.25  # cost saved per tenfold more products using the word


def are_neighbours(a: str, b: str) -> bool:
    if a == b or a not in _KEY_AT or b not in _KEY_AT:
        return False
    (row_a, x_a), (row_b, x_b) = _KEY_AT[a], _KEY_AT[b]
    if row_a == row_b:
        return abs(x_a - x_b) == 1
    return abs(row_a - row_b) == 1 and abs(x_a - x_b) < 1


def _substitution_cost(typed: str, meant: str) -> float:
    if typed == meant:
        return 0.0
    return NEIGHBOUR_COST if are_neighbours(typed, meant) else 1.0


def typo_cost(typed: str, word: str) -> float:
    """edit_distance weighted by how easily the slip happens: a neighbouring
    key or a doubled/undoubled letter costs less than one edit; a far letter,
    a missing or extra letter, or a swap of two neighbours costs one."""
    previous2: list[float] = []
    previous: list[float] = [float(j) for j in range(len(word) + 1)]
    for i, ct in enumerate(typed, 1):
        # Deleting a typed letter that repeats the one before it is cheap.
        delete = DOUBLE_COST if i > 1 and typed[i - 2] == ct else 1.0
        current = [previous[0] + delete] + [0.0] * len(word)
        for j, cw in enumerate(word, 1):
            insert = DOUBLE_COST if j > 1 and word[j - 2] == cw else 1.0
            substitute = previous[j - 1] + _substitution_cost(ct, cw)
            current[j] = min(previous[j] + delete, current[j - 1] + insert, substitute)
            if i > 1 and j > 1 and ct == word[j - 2] and typed[i - 2] == cw:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def transpositions(word: str) -> list[str]:
    """`word` with each pair of neighbouring letters swapped: the candidates a
    trigram index misses, since a swap in a short word changes most of its
    trigrams ("kusri" and "kursi" share two of ten)."""
    swapped = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
    return list(dict.fromkeys(w for w in swapped if w != word))


def best_correction(word: str, candidates: Iterable[tuple[str, int]]) -> str | None:
    """The likeliest catalog word meant by `word`, or None when none is
    plausible. `candidates` are (word, document frequency) pairs. A candidate
    must be within max_edits of the typed word and of itself by typo_cost;
    among those the cheapest slip wins, a word used by ten times more
    products counting FREQUENCY_WEIGHT cheaper (so a common word beats a rare
    one at the same distance, and a much commoner one beats a slightly closer
    rare one)."""
    best: tuple[float, int, str] | None = None
    for candidate, frequency in candidates:
        cost = typo_cost(word, candidate)
        # Both words must be long enough for that many slips: "drone" is not
        # "one" with two letters too many.
        if cost == 0 or cost > min(max_edits(word), max_edits(candidate)) or frequency <= 0:
            continue
        key = (cost - FREQUENCY_WEIGHT * math.log10(frequency), -frequency, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


@dataclass(frozen=True)
class Alternatives:
    """One position in the query: the words typed, or any of its synonyms."""

    phrases: tuple[tuple[str, ...], ...]


# A position's alternatives, the typed phrase included. A word in many groups
# would otherwise OR a dozen groups together; the query's size stays linear
# in the words typed (MAX_WORDS positions of at most this many phrases).
MAX_ALTERNATIVES = 12

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A synonym group as word lists. Two-way: every phrase finds the
    others. One-way: phrases[0] finds the others, and they do not find it."""

    phrases: tuple[Phrase, ...]
    one_way: bool = False
    # The ways of writing one number with its unit (search.units) are one
    # meaning, not a dozen groups ORed together: MAX_ALTERNATIVES does not cut them.
    capped: bool = True

    def __iter__(self) -> Iterator[Phrase]:
        return iter(self.phrases)


@dataclass(frozen=True)
class SynonymIndex:
    """Groups indexed for expand_synonyms: each phrase's two-way companions,
    each one-way source's targets, the phrases whose alternatives are not
    cut, and every word of any phrase. The shipped and edited rules are
    indexed once per change (search.vocabulary), a query's unit groups per
    query, and the two combined (`plus`)."""

    two_way: dict[Phrase, list[Phrase]]
    one_way: dict[Phrase, list[Phrase]]
    uncapped: frozenset[Phrase]
    words: frozenset[str]

    @classmethod
    def of(cls, groups: Iterable[Iterable[Sequence[str]]]) -> "SynonymIndex":
        two_way: dict[Phrase, list[Phrase]] = {}
        one_way: dict[Phrase, list[Phrase]] = {}
        uncapped: set[Phrase] = set()
        words: set[str] = set()
        for group in groups:
            phrases = list(dict.fromkeys(tuple(p) for p in group if p))
            if not phrases:
                continue
            words.update(w for phrase in phrases for w in phrase)
            if isinstance(group, Rule) and not group.capped:
                uncapped.update(phrases)
            if isinstance(group, Rule) and group.one_way:
                one_way.setdefault(phrases[0], []).extend(phrases[1:])
            else:
                for phrase in phrases:
                    two_way.setdefault(phrase, []).extend(phrases)
        return cls(two_way, one_way, frozenset(uncapped), frozenset(words))

    def plus(self, other: "SynonymIndex") -> "SynonymIndex":
        """Both, `other`'s groups after these (as if indexed in that order)."""
        if not other.two_way and not other.one_way:
            return self
        two_way = dict(self.two_way)
        for phrase, companions in other.two_way.items():
            two_way[phrase] = [*two_way.get(phrase, []), *companions]
        one_way = dict(self.one_way)
        for phrase, targets in other.one_way.items():
            one_way[phrase] = [*one_way.get(phrase, []), *targets]
        return SynonymIndex(
            two_way, one_way, self.uncapped | other.uncapped, self.words | other.words
        )


def expand_synonyms(
    words: Sequence[str], groups: "Iterable[Iterable[Sequence[str]]] | SynonymIndex"
) -> list[Alternatives]:
    """Replace each synonym phrase found in `words` (longest first) by its
    alternatives. `groups` holds each group's phrases as word lists, a plain
    group being two-way (or is them already indexed); a one-way Rule's
    targets bring their own two-way groups along ("infocus" -> "proyektor"
    -> "projector"), one step only."""
    index = groups if isinstance(groups, SynonymIndex) else SynonymIndex.of(groups)
    two_way, one_way, uncapped = index.two_way, index.one_way, index.uncapped

    def alternatives(phrase: Phrase) -> tuple[Phrase, ...]:
        # The phrase's groups (in their order), its one-way targets, then the
        # targets' groups: what is cut at MAX_ALTERNATIVES is the farthest.
        found = list(two_way.get(phrase, [phrase]))
        targets = one_way.get(phrase, [])
        found += targets
        for target in targets:
            found += two_way.get(target, [])
        limit = None if phrase in uncapped else MAX_ALTERNATIVES
        return tuple(dict.fromkeys(found))[:limit]

    known = two_way.keys() | one_way.keys()
    longest = max((len(p) for p in known), default=0)
    result: list[Alternatives] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in known:
                found = Alternatives(alternatives(phrase))
                # Two names of one thing typed side by side ("pupuk organik
                # kompos") are one position: the words AND the same either
                # way, and PostgreSQL's phrase test fails on a group next to
                # itself when they are written with different numbers of
                # words, so the phrase tier would miss every such product.
                if not result or result[-1] != found:
                    result.append(found)
                i += size
                break
        else:
            result.append(Alternatives(((words[i],),)))
            i += 1
    return result


def tsquery_text(parts: Sequence[Alternatives]) -> str:
    """to_tsquery() input: AND of the positions, OR of each position's
    alternatives, AND of a phrase's words. Words are [a-z0-9] only, or a
    unit's spelling from search.units' fixed table."""
    return " & ".join(_clause(part.phrases) for part in parts)


def _clause(phrases: Sequence[Sequence[str]]) -> str:
    """One position's alternatives, factored: "nasi & (box | kotak)", not
    "(nasi & box) | (nasi & kotak)". The same matches, and the text index
    tests a smaller query on fewer rows: it reads a shared word's postings
    once instead of once per alternative (half the time for "nasi box"),
    and a unit's spellings ("80 & gram", "80 & gsm", ... "80gsm") become
    "(80 & (gram | gsm | ...)) | 80gsm | ...", which it evaluates in half
    the time (the count of "kertas hvs a4 80 gsm" at 5M products: 55 → 30 ms)."""
    return _or([tuple(dict.fromkeys(phrase)) for phrase in phrases])


def _or(conjunctions: Sequence[tuple[str, ...]]) -> str:
    """An OR of ANDs of words as to_tsquery() text, parenthesised so that it
    can be ANDed. Alternatives that hold all of another's words are dropped
    (A | A & B is A), as are repeats in another order."""
    kept: list[tuple[str, ...]] = []
    for words in sorted(conjunctions, key=len):  # stable: the first of repeats stays
        if not any(set(k) <= set(words) for k in kept):
            kept.append(words)
    kept.sort(key=list(conjunctions).index)  # back to the order given
    disjuncts = _disjuncts(kept)
    if len(disjuncts) == 1:
        return disjuncts[0]
    return "(" + " | ".join(f"({d})" for d in disjuncts) + ")"


def _disjuncts(kept: list[tuple[str, ...]]) -> list[str]:
    """`kept` (none holding another's words) with the words they share taken
    out: first the words all share, then, recursively, the word most share."""
    if len(kept) == 1:
        return [" & ".join(kept[0])]
    common = [w for w in kept[0] if all(w in k for k in kept[1:])]
    if common:
        rests = [tuple(w for w in k if w not in common) for k in kept]
        return [" & ".join([*common, _or(rests)])]
    words = list(dict.fromkeys(w for k in kept for w in k))
    shared = max(words, key=lambda w: sum(w in k for k in kept))  # the first of ties
    if sum(shared in k for k in kept) < 2:
        return [" & ".join(k) for k in kept]
    within = [tuple(w for w in k if w != shared) for k in kept if shared in k]
    others = [k for k in kept if shared not in k]
    return [f"{shared} & {_or(within)}", *(_disjuncts(others) if others else [])]
