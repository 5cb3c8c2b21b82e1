"""Narrowing (search.narrowing): a search whose filters leave few products
reads them through their cells, with the same results as without."""

import itertools
from typing import Any

import pytest

from blangkon.regions.models import Region
from blangkon.search import narrowing, paging
from blangkon.search.params import PAGE_SIZE, SearchParams, covering_buckets
from blangkon.search.reference import search_reference
from blangkon.search.selectors import SearchResult, search_products
from blangkon.search.tests.factories import make_live, vendors
from blangkon.search.understanding import understand
from blangkon.vendors.models import Vendor

__all__ = ["vendors"]

# Filters that cut through price buckets (Rp50.000 and Rp200.000 are edges)
# and leave a few products, with words and without, in every order.
SEARCHES: list[dict[str, Any]] = [
    {"q": "amplop", "kab_kota": "33.25", "price_max": 75_000},
    {"q": "amplop coklat", "category": "atk", "price_min": 30_000, "price_max": 120_000},
    {"q": "", "category": "atk", "scale": "mikro", "price_max": 60_000},
    {"q": "map", "category": "atk", "pdn": True, "price_max": 160_000, "sort": "price_desc"},
    {"q": "map", "kab_kota": "33.24", "sort": "newest"},
    {"q": "", "scale": "mikro", "page": 2},
    {"q": "map plastik", "scale": "mikro", "pdn": False},
]


def _search(params: SearchParams, region: str | None = "33.25") -> SearchResult:
    return search_products(params=params, region=Region.objects.get(code=region))


def _seen(result: SearchResult) -> tuple:
    facets = {name: [(f.value, f.count) for f in values] for name, values in result.facets.items()}
    return result.count, [p.pk for p in result.products], facets


@pytest.mark.django_db
def test_reading_by_cell_gives_the_same_results(vendors: dict[str, Vendor], monkeypatch):
    prices = itertools.cycle([20_000, 45_000, 55_000, 90_000, 150_000, 250_000])
    for i in range(45):
        vendor = list(vendors.values())[i % 3]
        name = ("Amplop coklat", "Map plastik", "Amplop putih")[i % 3]
        make_live(vendor, f"{name} {i}", price=next(prices), is_pdn=i % 2 == 0)
    monkeypatch.setattr(paging, "DIVERSE_PREFIX", PAGE_SIZE)  # page 2 is a deep page
    ref = search_reference()
    for search in SEARCHES:
        params = SearchParams(**search)
        monkeypatch.setattr(narrowing, "NARROW_MAX_ROWS", 1_000)
        assert narrowing.narrowed(understand(params.q), params, ref).within, search
        by_cell = _seen(_search(params))
        monkeypatch.setattr(narrowing, "NARROW_MAX_ROWS", 0)
        assert narrowing.narrowed(understand(params.q), params, ref).within is None
        assert by_cell == _seen(_search(params)), search
        on_page = min(PAGE_SIZE, by_cell[0] - PAGE_SIZE * (params.page - 1))
        assert on_page > 0, (search, by_cell[0])
        assert len(by_cell[1]) == on_page, search


@pytest.mark.django_db
def test_one_word_narrows_to_the_cells_where_it_occurs(vendors: dict[str, Vendor]):
    make_live(vendors["batang"], "Amplop coklat", price=20_000)
    make_live(vendors["batang"], "Map plastik", price=20_000, category="perlengkapan-kantor")
    make_live(vendors["batang"], "Map plastik", price=90_000)
    ref = search_reference()
    params = SearchParams(kab_kota="33.25")
    assert len(narrowing.narrowed(understand(""), params, ref).within or ()) == 3
    assert len(narrowing.narrowed(understand("amplop"), params, ref).within or ()) == 1
    # Without a filter nothing narrows.
    assert narrowing.narrowed(understand("amplop"), SearchParams(), ref).within is None


def test_the_buckets_a_price_range_touches():
    assert covering_buckets(None, 75_000) == [0, 1]
    assert covering_buckets(50_000, 199_999) == [1]
    assert covering_buckets(30_000, None) == [0, 1, 2, 3, 4, 5, 6]
    assert covering_buckets(60_000_000, None) == [6]
