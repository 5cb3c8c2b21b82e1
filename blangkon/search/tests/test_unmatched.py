"""A word no live product has is left out when the whole query finds nothing."""

import pytest

from blangkon.search.params import SearchParams
from blangkon.search.query import Alternatives
from blangkon.search.selectors import search_products
from blangkon.search.tests.factories import make_live, vendors
from blangkon.search.unmatched import positions_of
from blangkon.vendors.models import Vendor

__all__ = ["vendors"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(vendors: dict[str, Vendor]) -> int:
    make_live(vendors["kendal"], "Map Plastik Merah", category="atk")
    return make_live(
        vendors["batang"],
        "Kertas HVS A4",
        category="kertas-bahan-cetak",
        unit="rim",
        specifications={"gramatur": "80 gsm"},
    ).pk


def _search(q: str) -> tuple[list[int], list[str]]:
    result = search_products(params=SearchParams(q=q))
    return [p.pk for p in result.products], result.dropped_words


def test_a_word_no_product_has_is_left_out_and_named(paper: int):
    assert _search("kertas hvs zzqx") == ([paper], ["zzqx"])
    assert _search("zzqx kertas 80 gram qqwv") == ([paper], ["zzqx", "qqwv"])
    result = search_products(params=SearchParams(q="kertas hvs zzqx"))
    assert result.count == 1
    assert result.params.q == "kertas hvs zzqx"  # the search box keeps what was typed


def test_nothing_is_left_out_when_every_word_matches_something(paper: int):
    # "merah" is in a product, just not with "kertas": no result, nothing dropped.
    assert _search("kertas merah") == ([], [])
    # A result without leaving anything out.
    assert _search("kertas hvs") == ([paper], [])


def test_a_query_of_unknown_words_only_stays_empty(paper: int):
    assert _search("zzqx") == ([], [])
    assert _search("zzqx qqwv") == ([], [])


def test_the_kept_words_must_still_find_something(paper: int):
    # Without "zzqx", "kertas merah" still finds nothing: nothing is dropped.
    assert _search("kertas merah zzqx") == ([], [])


def test_a_synonym_phrase_is_one_position():
    parts = [
        Alternatives((("nasi", "kotak"), ("nasi", "box"))),
        Alternatives((("zzqx",),)),
    ]
    assert positions_of(["nasi", "kotak", "zzqx"], parts) == [["nasi", "kotak"], ["zzqx"]]


def test_the_page_and_the_api_name_the_word_left_out(client, paper: int):
    body = client.get("/api/v1/products", {"q": "kertas hvs zzqx"}).json()
    assert [r["id"] for r in body["results"]] == [paper]
    assert body["query"]["dropped_words"] == ["zzqx"]
    empty = client.get("/api/v1/products", {"q": "zzqx"}).json()
    assert (empty["count"], empty["query"]["dropped_words"]) == (0, [])
    page = client.get("/katalog/", {"q": "kertas hvs zzqx"}).content.decode()
    assert (
        "Tidak ada produk yang cocok dengan kata <strong>zzqx</strong>; kata itu diabaikan." in page
    )
    assert "diabaikan" not in client.get("/katalog/", {"q": "kertas hvs"}).content.decode()


def test_the_counts_and_the_rows_judge_the_parts_alike(paper: int):
    """matching_nothing decides from the facet totals where they can tell:
    a counted lexeme is present, an alternative with a lexeme no product has
    is absent. A phrase of live lexemes that no product has together ("map
    hvs": both words are in some name, not in the same one) is for the rows."""
    from blangkon.search.unmatched import _judged_by_counts, matching_nothing

    parts = [
        Alternatives((("kertas",),)),  # a lexeme of a live product
        Alternatives((("zzqx",), ("qqwv", "kertas"))),  # a dead lexeme in each
        Alternatives((("map", "hvs"),)),  # live lexemes, never together
        Alternatives((("merah",), ("zzqx",))),  # one live alternative
    ]
    assert _judged_by_counts(parts) == {0: True, 1: False, 3: True}
    assert matching_nothing(parts) == [1, 2]
