"""Spelling correction only when it helps, searching as typed, and what a
search that finds nothing offers instead (search.corrections)."""

from typing import Any

import pytest
from django.db import connection

from blangkon.search.corrections import corrections, indonesian_words, suggested_categories
from blangkon.search.params import SearchParams
from blangkon.search.selectors import search_products
from blangkon.search.tests.factories import make_live, vendors
from blangkon.search.understanding import understand
from blangkon.vendors.models import Vendor

__all__ = ["vendors"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(vendors: dict[str, Vendor]) -> dict[str, int]:
    paper: dict[str, Any] = {"category": "kertas-bahan-cetak", "unit": "rim"}
    return {
        "hvs": make_live(vendors["batang"], "Kertas HVS A4 80 gsm", **paper).pk,
        "folio": make_live(vendors["kendal"], "Kertas HVS F4 70 gsm", **paper).pk,
        "printer": make_live(vendors["kendal"], "Printer Epson L3210", unit="unit").pk,
        "kursi": make_live(
            vendors["kendal"], "Kursi Lipat Besi", category="furnitur", unit="unit"
        ).pk,
        "satpam": make_live(
            vendors["semarang"], "Jasa Satpam Kantor", category="jasa-keamanan", unit="ob"
        ).pk,
        "konsumen": make_live(
            vendors["semarang"], "Kotak Saran Konsumen Akrilik", description="Kwarto bening"
        ).pk,
    }


def searched(q: str) -> str:
    return " ".join(understand(q).corrected)


def test_the_indonesian_word_list_is_loaded_once_and_holds_everyday_words():
    words = indonesian_words()
    assert {"saham", "konsumsi", "kertas", "pembersih", "perlengkapan"} <= words
    assert "ketras" not in words
    assert "printre" not in words
    assert indonesian_words() is words  # cached for the process


def test_a_real_word_is_never_corrected(catalog: dict[str, int]):
    # Both are one or two slips from a catalog word ("satpam", "konsumen"),
    # but they are Indonesian words: the buyer meant them.
    assert searched("saham") == "saham"
    assert searched("konsumsi") == "konsumsi"
    # A word the catalog uses only outside product names (a description)
    # finds products, so it is kept too.
    assert corrections(["kwarto"]) == {}
    assert search_products(params=SearchParams(q="kwarto")).count == 1


def test_swapped_letters_are_corrected(catalog: dict[str, int]):
    assert searched("ketras") == "kertas"
    assert searched("printre") == "printer"
    # A swap in a short word leaves too few shared trigrams to be found by
    # similarity ("kusri" and "kursi" share two of ten): found as a swap.
    assert searched("kusri") == "kursi"
    result = search_products(params=SearchParams(q="printre"))
    assert [p.pk for p in result.products] == [catalog["printer"]]
    assert result.text.was_corrected


def test_a_correction_that_finds_nothing_is_not_shown(catalog: dict[str, int]):
    # "ketras" alone is "kertas", but no paper is "merah": the correction
    # does not help, so the words are taken as typed (and nothing is found).
    result = search_products(params=SearchParams(q="ketras merah"))
    assert result.count == 0
    assert not result.text.was_corrected
    assert result.suggested_categories


def test_a_word_with_no_plausible_correction_is_kept(catalog: dict[str, int]):
    assert searched("xylofon") == "xylofon"


def test_the_trigram_threshold_does_not_stay_on_the_connection(catalog: dict[str, int]):
    def threshold() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW pg_trgm.similarity_threshold")
            return cursor.fetchone()[0]

    before = threshold()
    assert before == "0.3"  # pg_trgm's default
    result = search_products(params=SearchParams(q="ketras"))
    assert result.text.was_corrected  # the look-up that sets it did run
    assert threshold() == before


def test_exact_searches_the_words_as_typed(catalog: dict[str, int]):
    result = search_products(params=SearchParams(q="ketras", exact=True))
    assert not result.text.was_corrected
    assert result.count == 0
    # A word as typed that finds products finds the same either way.
    assert search_products(params=SearchParams(q="kertas", exact=True)).count == 2


def test_nothing_found_offers_categories(catalog: dict[str, int]):
    result = search_products(params=SearchParams(q="saham"))
    assert result.count == 0
    assert result.products == []
    # Nothing near "saham": the top-level categories.
    top = suggested_categories(["saham"])
    assert top
    assert all(c.parent_id is None for c in top)
    assert result.suggested_categories == top
    # A word near a category's name or typical items brings that category.
    assert [c.slug for c in suggested_categories(["oleh"])][:1] == ["produk-unggulan-daerah"]
    # A search that finds something offers none.
    assert search_products(params=SearchParams(q="kertas")).suggested_categories == []
