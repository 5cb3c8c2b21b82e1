"""The procurement vocabulary: synonym groups and one-way rules as search
uses them, and the shipped starter set (starter.toml, beside this file).

Provincial admins edit the rows (search.services.synonym_save); the starter
file is loaded once by a data migration and never overwrites their work: a
rule already present (same kind, same terms) is not added again, and only
rows still as shipped are removed when the vocabulary is unloaded.
"""

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import connection

from blangkon.search.models import Synonym, SynonymKind
from blangkon.search.query import Alternatives, Rule, SynonymIndex, words_of
from blangkon.search.units import query_words

STARTER = Path(__file__).with_name("starter.toml")


# The rules as last read and indexed, by the table's fingerprint (see synonym_rules).
_cached: tuple[tuple[Any, ...], list[Rule], SynonymIndex] | None = None


def synonym_rules() -> list[Rule]:
    """Every group and one-way rule, as word lists for query.expand_synonyms.
    Read again only when a row was added, changed or deleted since the last
    read in this process: the row count and the latest updated_at tell (an
    insert or an edit moves updated_at on, a delete lowers the count). One
    small aggregate instead of reading and splitting some 1,000 terms on
    every search. The list is shared: callers do not change it."""
    global _cached
    with connection.cursor() as cursor:  # not the ORM's aggregate: 1 ms of Python per search
        cursor.execute(f"SELECT count(*), max(updated_at) FROM {Synonym._meta.db_table}")  # noqa: S608
        fingerprint = (connection.settings_dict["NAME"], *(cursor.fetchone() or ()))
    if _cached is None or _cached[0] != fingerprint:
        rules = [
            # Numbers and units as the query has them (search.units).
            Rule(tuple(tuple(query_words(t)) for t in terms), kind == SynonymKind.ONE_WAY)
            for kind, terms in Synonym.objects.values_list("kind", "terms")
        ]
        _cached = (fingerprint, rules, SynonymIndex.of(rules))
    return _cached[1]


def synonym_index() -> SynonymIndex:
    """synonym_rules() indexed for query.expand_synonyms, once per change of
    the rules, not on every search (2 ms of a search's 12 for 361 rules)."""
    synonym_rules()
    assert _cached is not None
    return _cached[2]


def live_alternatives(
    parts: list[Alternatives], lexemes_of: dict[str, tuple[str, ...]]
) -> list[Alternatives]:
    """The query's positions without the alternatives no live product can
    match: a phrase with a lexeme that no live product has ("ballpen" where
    every vendor writes "ballpoint"). They add nothing to a count, and a
    union of n sets costs 2^n - 1 counts (search.understanding.MAX_EITHER): a group of
    seven spellings would otherwise always be counted row by row. A position
    none of whose alternatives is live keeps them all: it matches nothing
    either way, and dropping it would drop the word from the query."""
    wanted = {
        lexeme
        for part in parts
        if len(part.phrases) > 1
        for phrase in part.phrases
        for lexeme in lexemes_of[" ".join(phrase)]
    }
    if not wanted:
        return parts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT term FROM search_facet_total WHERE term = ANY(%s) AND n > 0",
            [sorted(wanted)],
        )
        live = {row[0] for row in cursor.fetchall()}
    result = []
    for part in parts:
        kept = tuple(p for p in part.phrases if all(x in live for x in lexemes_of[" ".join(p)]))
        result.append(Alternatives(kept) if kept else part)
    return result


def normalised_term(text: str) -> str:
    """A term as stored: its words normalised and capped like a query's."""
    return " ".join(words_of(text))


def rule_key(kind: str, terms: Iterable[str]) -> tuple[str, str, frozenset[str]]:
    """What makes two rows the same rule: the kind and the terms, in any
    order except a one-way rule's first term (the one typed)."""
    terms = list(terms)
    source = terms[0] if kind == SynonymKind.ONE_WAY and terms else ""
    return kind, source, frozenset(terms)


def starter_rules(path: Path = STARTER) -> list[tuple[str, list[str]]]:
    """(kind, terms) of every rule in the starter file, normalised, in file
    order. Each section holds `groups` (two-way) and `one_way` lists."""
    with path.open("rb") as file:
        data: dict[str, Any] = tomllib.load(file)
    rules = []
    for section in data.values():
        for kind, key in ((SynonymKind.GROUP, "groups"), (SynonymKind.ONE_WAY, "one_way")):
            for raw in section.get(key, ()):
                terms = list(dict.fromkeys(normalised_term(t) for t in raw))
                rules.append((str(kind), [t for t in terms if t]))
    return rules


def load_starter(model: Any = Synonym, path: Path = STARTER) -> int:
    """Add the starter rules missing from `model` (the Synonym model, or its
    historical version in a migration), marked shipped. Returns how many
    were added."""
    present = {rule_key(kind, terms) for kind, terms in model.objects.values_list("kind", "terms")}
    new = []
    for kind, terms in starter_rules(path):
        key = rule_key(kind, terms)
        if key not in present:
            present.add(key)
            new.append(model(kind=kind, terms=terms, shipped=True))
    model.objects.bulk_create(new)
    return len(new)


def unload_starter(model: Any = Synonym) -> int:
    """Remove the shipped rows nobody has edited since. Returns how many."""
    deleted, _ = model.objects.filter(shipped=True).delete()
    return int(deleted)
