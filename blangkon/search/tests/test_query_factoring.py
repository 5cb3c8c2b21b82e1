"""The factored to_tsquery() text matches exactly what the plain OR of
ANDs matches: checked by PostgreSQL on every combination of words."""

import random
from itertools import combinations

import pytest
from django.db import connection

from blangkon.search.query import Alternatives, tsquery_text

WORDS = ("w1", "w2", "w3", "w4", "w5")


def _plain(phrases: list[tuple[str, ...]]) -> str:
    return " | ".join(f"({' & '.join(p)})" for p in phrases)


def _random_alternatives(rng: random.Random) -> list[tuple[str, ...]]:
    return [tuple(rng.sample(WORDS, rng.randint(1, 3))) for _ in range(rng.randint(2, 6))]


def test_factoring_takes_out_the_words_alternatives_share():
    snack_box = [("snack", "box"), ("kotak", "snack"), ("snack", "kotak"), ("kue", "kotak")]
    assert tsquery_text([Alternatives(tuple(snack_box))]) == (
        "((snack & ((box) | (kotak))) | (kue & kotak))"
    )
    isi_3 = [("3pcs",), ("3", "pcs"), ("3", "buah"), ("3buah",), ("isi", "3")]
    assert tsquery_text([Alternatives(tuple(isi_3)), Alternatives((("x",),))]) == (
        "((3 & ((pcs) | (buah) | (isi))) | (3pcs) | (3buah)) & x"
    )


@pytest.mark.django_db
def test_factored_text_matches_the_same_documents_as_the_plain_one():
    rng = random.Random(7)
    documents = [" ".join(c) for n in range(len(WORDS) + 1) for c in combinations(WORDS, n)]
    cases = [_random_alternatives(rng) for _ in range(200)]
    either = Alternatives((("w1",), ("w2",)))
    factored = [tsquery_text([Alternatives(tuple(c)), either]) for c in cases]
    plain = [f"({_plain(c)}) & (w1 | w2)" for c in cases]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.i, d.doc FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY"
            " AS q(factored, plain, i), unnest(%s::text[]) AS d(doc)"
            " WHERE (to_tsvector('simple', d.doc) @@ to_tsquery('simple', q.factored))"
            " IS DISTINCT FROM (to_tsvector('simple', d.doc) @@ to_tsquery('simple', q.plain))",
            [factored, plain, documents],
        )
        differing = cursor.fetchall()
    assert differing == []
    # Not trivially so: the factored texts are shorter, and they differ.
    assert sum(len(f) for f in factored) < sum(len(p) for p in plain)
