"""Spelling correction that only steps in when it helps, and what to offer
when nothing matches (docs/adr/0039-corrections-only-when-they-help.md).

A word is taken as typed when it is a real word: one the catalog uses (a
product or category name word, or anything the search index matches, such
as a word of a description) or an Indonesian word (data/id_words.txt.gz,
from the hunspell Indonesian dictionary). Only the rest is compared with
the catalog's vocabulary, and replaced by the likeliest slip
(query.best_correction). The pure rules live in search.query; this module
is their database side.
"""

import gzip
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path

from django.db import connection, transaction

from blangkon.catalog.models import Category
from blangkon.search.query import best_correction, is_correctable, transpositions

TYPO_SIMILARITY = 0.25  # trigram similarity for correction candidates
CANDIDATES = 30  # nearest catalog words weighed per unknown word
NEAR_CATEGORY = 0.6  # strict word similarity of a query word to a category's words
MAX_SUGGESTED = 6
WORDS_FILE = Path(__file__).with_name("data") / "id_words.txt.gz"


@cache
def indonesian_words() -> frozenset[str]:
    """The Indonesian word list, read once per process: about 145,000 words,
    some 12 MB in memory, a few hundred milliseconds on the first search."""
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as text:
        return frozenset(text.read().split())


def corrections(words: Sequence[str], keep: Collection[str] = ()) -> dict[str, str]:
    """{typed word: correction} for the words that are no real word and for
    which the catalog has a plausible one. `keep` are words never corrected
    (the synonym vocabulary)."""
    dictionary = indonesian_words()
    candidates = [w for w in words if is_correctable(w) and w not in keep and w not in dictionary]
    unknown = _finding_nothing(candidates) if candidates else []
    if not unknown:
        return {}
    fixes: dict[str, str] = {}
    # The threshold the trigram operator (%) uses is a setting; set it for a
    # savepoint that is then rolled back, so it never outlives this look-up
    # on a pooled connection, whether or not a transaction is open around it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TYPO_SIMILARITY)]
        )
        for word in unknown:
            cursor.execute(
                "(SELECT word, df FROM search_word WHERE word %% %s AND df > 0"
                " ORDER BY similarity(word, %s) DESC, df DESC LIMIT %s)"
                " UNION SELECT word, df FROM search_word WHERE word = ANY(%s) AND df > 0",
                [word, word, CANDIDATES, transpositions(word)],
            )
            fix = best_correction(word, cursor.fetchall())
            if fix:
                fixes[word] = fix
        transaction.set_rollback(True)  # read only: nothing to keep but the setting
    return fixes


def _finding_nothing(words: Sequence[str]) -> list[str]:
    """The words, in order, that are not a catalog word and match no live
    product through the search index. Stop words match nothing but need no
    fixing, so they are left out too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) WITH ORDINALITY AS x(w, i)"
            " WHERE NOT EXISTS (SELECT 1 FROM search_word WHERE word = w AND df > 0)"
            " AND numnode(plainto_tsquery('blangkon', w)) > 0"
            " AND NOT EXISTS (SELECT 1 FROM search_document"
            "  WHERE vector @@ plainto_tsquery('blangkon', w))"
            " ORDER BY i",
            [list(words)],
        )
        return [row[0] for row in cursor.fetchall()]


def suggested_categories(words: Sequence[str]) -> list[Category]:
    """Categories to offer when a search finds nothing: those whose name or
    typical items hold a word close to a typed word ("stapler": ATK), else
    the top-level ones. Strict word similarity compares whole words: plain
    word similarity offered "percetakan" for "kopi" (it contains "kop")."""
    near: list[int] = []
    if words:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.id FROM catalog_category c,"
                " LATERAL (SELECT max(strict_word_similarity(w, search_norm(c.name || ' '"
                "  || c.typical_items))) AS score FROM unnest(%s::text[]) AS w) s"
                " WHERE s.score >= %s ORDER BY s.score DESC, c.position, c.name LIMIT %s",
                [list(words), NEAR_CATEGORY, MAX_SUGGESTED],
            )
            near = [row[0] for row in cursor.fetchall()]
    if near:
        by_id = Category.objects.in_bulk(near)
        return [by_id[i] for i in near]
    return list(Category.objects.filter(parent=None).order_by("position", "name")[:MAX_SUGGESTED])
