"""Units and numbers: the index's SQL and the query's Python agree, and a
specification written one way is found when typed another."""

import pytest
from django.db import connection

from blangkon.search.params import SearchParams
from blangkon.search.query import expand_synonyms, tsquery_text
from blangkon.search.selectors import search_products
from blangkon.search.tests.factories import make_live, vendors
from blangkon.search.units import canonical, number, query_words, unit_tokens
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


def _sql_tokens(texts: list[str]) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(search_unit_tokens(t), '') FROM unnest(%s::text[])"
            " WITH ORDINALITY AS x(t, i) ORDER BY i",
            [texts],
        )
        return [row[0].split() for row in cursor.fetchall()]


def test_the_index_and_the_query_make_the_same_tokens():
    """The same texts through search_unit_tokens() (SQL, the index) and
    unit_tokens() (Python, the query): one pattern and one table of units in
    two regular expression engines."""
    texts = [text for text, _ in CASES]
    assert _sql_tokens(texts) == [unit_tokens(t) for t in texts]
    assert [unit_tokens(t) for t in texts] == [tokens for _, tokens in CASES]


def test_numbers_are_written_alike_in_sql_and_python():
    numbers = ["80", "007", "0", "1,5", "1.5", "1,50", "2,0", "1.500", "0.500", "12.345", "3,000"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_unit_number(n) FROM unnest(%s::text[])"
            " WITH ORDINALITY AS x(n, i) ORDER BY i",
            [numbers],
        )
        in_sql = [row[0] for row in cursor.fetchall()]
    expected = ["80", "7", "0", "1d5", "1d5", "1d5", "2", "1500", "0d5", "12345", "3"]
    assert in_sql == [number(n) for n in numbers] == expected


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
# not) find it.
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
    ("Terpal 2 x 3 m", ["3x2 m", "2x3 cm"], False),
    ("Kabel 1,5 m", ["1,5 m", "1.5m", "1,5 meter"], True),
    ("Kabel 1,5 m", ["1 m", "5 m", "15 m"], False),
    ("Pulpen isi 12", ["12 pcs", "1 lusin", "isi 12", "12 buah"], True),
    ("Pulpen 1 lusin", ["12 pcs", "isi 12"], True),
    ("Pulpen isi 12", ["2 lusin", "isi 24"], False),
    ("Monitor LED 24 inch", ['24"', "24 in", "24 inch", "24 inci"], True),
]


def _matches(document: str, query: str) -> bool:
    text = tsquery_text(expand_synonyms(query_words(query), []))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('blangkon', search_units(%s)) @@ to_tsquery('blangkon', %s)",
            [document, text],
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
