"""Units and numbers: a query's tokens stand for every way PostgreSQL reads
the catalog's text, and a specification written one way is found when typed
another."""

import pytest
from django.db import connection

from blangkon.search.params import SearchParams
from blangkon.search.query import expand_synonyms, tsquery_text
from blangkon.search.selectors import search_products
from blangkon.search.tests.factories import make_live, vendors
from blangkon.search.units import (
    MULTIPLES,
    UNITS,
    canonical,
    number,
    query_words,
    unit_groups,
    unit_tokens,
)
from blangkon.vendors.models import Vendor

__all__ = ["vendors"]

pytestmark = pytest.mark.django_db

# Texts as catalogs and buyers write them, with the tokens they carry.
CASES = [
    ("Kertas HVS A4 80 gsm", ["80g"]),
    ("kertas 80 gram", ["80g"]),
    ("80gr", ["80g"]),
    ("80 g", ["80g"]),
    ("80gsm", ["80g"]),
    ("Kertas 80 g/m2", ["80g"]),
    ("Beras Premium 5 kg", ["5kg"]),
    ("beras 5kg", ["5kg"]),
    ("5 kilo", ["5kg"]),
    ("500ml", ["500ml"]),
    ("Pembersih 500 ML", ["500ml"]),
    ("1 liter", ["1l"]),
    ("1l", ["1l"]),
    ("1 ltr", ["1l"]),
    ("Minyak Goreng 2 L", ["2l"]),
    ("Kertas folio", ["f4"]),
    ("Kertas F4", []),  # already one word, "f4"
    ("Terpal 2x3 m", ["2x3m"]),
    ("terpal 2 x 3 meter", ["2x3m"]),
    ("ukuran 2 X 3", ["2x3"]),
    ("Kabel 1,5 m", ["1d5m"]),
    ("kabel 1.5 mtr", ["1d5m"]),
    ("Kabel 1,50 m", ["1d5m"]),
    ("pulpen isi 12", ["12pcs"]),
    ("12 pcs", ["12pcs"]),
    ("1 lusin", ["12pcs"]),
    ("2 lusin", ["24pcs"]),
    ("isi 2 kg", ["2kg"]),
    ("1 rim", ["1rim"]),
    ("Monitor 24 inch", ["24inch"]),
    ('monitor 24"', ["24inch"]),
    ("monitor 24 in", ["24inch"]),
    ("monitor 24\u201d", ["24inch"]),
    ("Galon 1.500 ml", ["1500ml"]),
    ("0.500 kg", ["0d5kg"]),
    ("007 kg", ["7kg"]),
    ("Air mineral 600 ml isi 24", ["600ml", "24pcs"]),
    ("Kardus 10 x 20 x 30 cm", ["10x20", "30cm"]),
    ("Printer 3D", []),
    ("Rp 1.500.000", []),
    ("A4", []),
    ("tanpa angka sama sekali", []),
    ("", []),
]


def test_numbers_and_units_become_tokens():
    assert [unit_tokens(text) for text, _ in CASES] == [tokens for _, tokens in CASES]
    numbers = ["80", "007", "0", "1,5", "1.5", "1,50", "2,0", "1.500", "0.500", "12.345", "3,000"]
    expected = ["80", "7", "0", "1d5", "1d5", "1d5", "2", "1500", "0d5", "12345", "3"]
    assert [number(n) for n in numbers] == expected


def _tsquery(query: str) -> str:
    words = query_words(query)
    return tsquery_text(expand_synonyms(words, unit_groups(words)))


def test_every_way_of_writing_a_unit_is_found_by_its_token():
    """PostgreSQL reads the catalog's text ("80 gsm": two words, "80gsm":
    one); each alias of each unit, spaced or glued to the number, must be
    found by the query the token makes, and another number must not."""
    written = [(alias, unit) for unit, aliases in UNITS.items() for alias in aliases]
    written += [(alias, "lusin") for alias in MULTIPLES]
    rows = []
    for alias, unit in written:
        size = MULTIPLES.get(alias, 1)
        token, other = (f"{n * size}{unit if size == 1 else 'pcs'}" for n in (24, 25))
        for text in (f"Produk 24 {alias} baru", f"Produk 24{alias} baru"):
            rows.append((text, _tsquery(token), _tsquery(other)))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t, to_tsvector('blangkon', t) @@ to_tsquery('blangkon', q),"
            " to_tsvector('blangkon', t) @@ to_tsquery('blangkon', other)"
            " FROM unnest(%s::text[], %s::text[], %s::text[]) AS x(t, q, other)",
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        )
        found = {text: (hit, miss) for text, hit, miss in cursor.fetchall()}
    assert found == {text: (True, False) for text, _, _ in rows}


def test_a_query_is_made_of_the_tokens_and_stays_so():
    assert query_words("Kertas 80 gram A4") == ["kertas", "80g", "a4"]
    assert query_words("kertas folio") == ["kertas", "f4"]
    assert query_words("beras 5 kilo premium") == ["beras", "5kg", "premium"]
    # Searched again (a word left out, a correction), the words stay.
    for text, _ in CASES:
        words = query_words(text)
        assert query_words(" ".join(words)) == words, text
    assert canonical("kabel 3d") == "kabel 3d"


# A specification as the catalog writes it, and queries that must (or must
# not) find it. Words are matched anywhere in the text, as every query's are:
# "1 m" finds "1,5 m" (it has the words 1 and m).
MATCHES = [
    ("Kertas HVS A4 80 gsm", ["80 gram", "80gr", "80 g", "80 gsm", "80gsm", "gsm", "80"], True),
    ("Kertas HVS A4 80 gsm", ["800 gram", "8 gram", "70 gsm"], False),
    ("Beras 5 kg", ["5kg", "5 kg", "5 kilo", "5 kilogram"], True),
    ("Beras 5 kg", ["15 kg", "5 g", "50kg"], False),
    ("Sabun cair 500ml", ["500 ml", "500ml", "500 cc"], True),
    ("Minyak goreng 1 liter", ["1l", "1 ltr", "1 l", "1 liter"], True),
    ("Minyak goreng 1 liter", ["1 ml", "11 l"], False),
    ("Kertas HVS Folio", ["f4", "F4", "folio"], True),
    ("Kertas HVS F4", ["folio", "f4"], True),
    ("Terpal 2 x 3 m", ["2x3 m", "2x3m", "2 x 3 meter"], True),
    ("Terpal 2x3 m", ["2x3 m", "2x3m", "2 x 3 meter", "2x3"], True),
    ("Terpal 2 x 3 m", ["2x4 m", "2x3 cm"], False),
    ("Kabel 1,5 m", ["1,5 m", "1.5m", "1,5 meter"], True),
    ("Kabel 1,5 m", ["15 m", "1,5 cm"], False),
    ("Pulpen isi 12", ["12 pcs", "1 lusin", "isi 12", "12 buah"], True),
    ("Pulpen 1 lusin", ["12 pcs", "isi 12"], True),
    ("Pulpen isi 12", ["2 lusin", "isi 24"], False),
    ("Monitor LED 24 inch", ['24"', "24 in", "24 inch", "24 inci"], True),
]


def _matches(document: str, query: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('blangkon', %s) @@ to_tsquery('blangkon', %s)",
            [document, _tsquery(query)],
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.parametrize(("document", "queries", "found"), MATCHES)
def test_a_specification_is_found_however_it_is_typed(
    document: str, queries: list[str], found: bool
) -> None:
    assert {q: _matches(document, q) for q in queries} == dict.fromkeys(queries, found)


def _ids(q: str) -> list[int]:
    return [p.pk for p in search_products(params=SearchParams(q=q)).products]


def test_the_catalog_finds_units_written_another_way(vendors: dict[str, Vendor]):
    paper = make_live(
        vendors["batang"],
        "Kertas HVS A4",
        category="kertas-bahan-cetak",
        unit="rim",
        specifications={"ukuran": "A4", "gramatur": "80 gsm"},
    )
    folio = make_live(
        vendors["kendal"],
        "Kertas HVS F4",
        category="kertas-bahan-cetak",
        unit="rim",
        specifications={"ukuran": "F4", "gramatur": "70 gsm"},
    )
    rice = make_live(vendors["semarang"], "Beras Premium 5 kg", category="sembako", unit="karung")
    make_live(vendors["semarang"], "Beras Medium 25 kg", category="sembako", unit="karung")
    assert _ids("kertas 80 gram") == [paper.pk]
    assert _ids("kertas 80gsm") == [paper.pk]
    assert _ids("beras 5kg") == [rice.pk]
    assert _ids("a4") == _ids("A4") == [paper.pk]
    # The words as written still match on their own.
    assert set(_ids("gsm")) == {paper.pk, folio.pk}
    assert _ids("kertas folio") == [folio.pk]
