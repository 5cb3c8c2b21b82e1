"""Catalog search through the real index (PostgreSQL, triggers, full text)."""

import pytest
from django.db import connection

from blangkon.catalog.models import Category, Product, TaxClass
from blangkon.catalog.product_selectors import live_products
from blangkon.catalog.status import ProductStatus, TakedownReason
from blangkon.regions.models import Region
from blangkon.search import counting
from blangkon.search.paging import VENDOR_RUN
from blangkon.search.params import PAGE_SIZE, SearchParams
from blangkon.search.query import Alternatives
from blangkon.search.selectors import price_position, search_products, suggestions
from blangkon.search.tests.factories import make_live, make_vendor, vendors
from blangkon.search.understanding import lexeme_sets, understand
from blangkon.vendors.models import TrainingEvent, UmkmScale, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus

__all__ = ["vendors"]

pytestmark = pytest.mark.django_db


def ids(q: str = "", region: str | None = None, **filters) -> list[int]:
    result = search_products(
        params=SearchParams(q=q, **filters),
        region=Region.objects.get(code=region) if region else None,
    )
    return [p.pk for p in result.products]


# --- relevance ---------------------------------------------------------------


def test_a_name_match_beats_a_description_match(vendors: dict[str, Vendor]):
    # The description-only match has every other advantage: local vendor,
    # micro scale, PDN.
    in_description = make_live(
        vendors["batang"], "Map plastik", description="Cocok untuk kertas folio", is_pdn=True
    )
    in_name = make_live(vendors["semarang"], "Kertas folio bergaris")
    for q in ("kertas", "kertas folio"):
        assert ids(q, region="33.25") == [in_name.pk, in_description.pk], q


def test_stemming_finds_words_with_affixes(vendors: dict[str, Vendor]):
    cleaner = make_live(
        vendors["batang"], "Pembersih Tangan 500 ml", category="kebersihan-barang", unit="botol"
    )
    paper = make_live(vendors["kendal"], "Kertas HVS A4 80 gsm", category="kertas-bahan-cetak")
    make_live(vendors["kendal"], "Kertas HVS F4 70 gsm", category="kertas-bahan-cetak")
    assert ids("bersih") == [cleaner.pk]
    assert ids("pembersih") == [cleaner.pk]
    assert ids("hvs a4") == [paper.pk]
    assert ids("HVS  A4!") == [paper.pk]


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("kretas hvs", "kertas hvs"),
        ("nasi kotk", "nasi kotak"),
        ("hand sanitiser", "hand sanitizer"),
    ],
)
def test_typos_find_what_the_right_spelling_finds(
    vendors: dict[str, Vendor], typo: str, right: str
):
    make_live(vendors["batang"], "Kertas HVS A4 80 gsm", category="kertas-bahan-cetak")
    make_live(vendors["kendal"], "Kertas HVS F4 70 gsm", category="kertas-bahan-cetak")
    make_live(vendors["batang"], "Nasi Kotak Ayam Bakar", category="katering", unit="kotak")
    make_live(
        vendors["semarang"], "Hand Sanitizer 500 ml", category="kebersihan-barang", unit="botol"
    )
    make_live(vendors["semarang"], "Kertas Karton Manila", category="kertas-bahan-cetak")
    expected = ids(right)
    assert expected
    result = search_products(params=SearchParams(q=typo))
    assert [p.pk for p in result.products] == expected
    assert result.text.was_corrected
    assert " ".join(result.text.corrected) == right


def test_synonyms_find_each_other_both_ways(vendors: dict[str, Vendor]):
    # "atk <-> alat tulis kantor" and "nasi box <-> nasi kotak" ship with the
    # migrations; provincial admins add more (test_synonyms.py).
    stationery = make_live(vendors["batang"], "Paket Alat Tulis Kantor Lengkap")
    box = make_live(vendors["kendal"], "Nasi Kotak Rendang", category="katering", unit="kotak")
    assert ids("atk") == [stationery.pk]
    assert ids("nasi box") == [box.pk]
    assert ids("nasi kotak") == [box.pk]


def test_the_buyers_own_kab_kota_comes_first(vendors: dict[str, Vendor]):
    batang = make_live(vendors["batang"], "Kursi lipat besi", category="furnitur", unit="unit")
    kendal = make_live(vendors["kendal"], "Kursi lipat besi", category="furnitur", unit="unit")
    assert ids("kursi", region="33.25") == [batang.pk, kendal.pk]
    assert ids("kursi", region="33.24") == [kendal.pk, batang.pk]
    # Browsing (no words) is local-first too.
    assert ids(region="33.24")[0] == kendal.pk
    # The same holds when counts come from rows (two words, a price range
    # that cuts a bucket).
    assert ids("kursi lipat", region="33.24", price_min=1) == [kendal.pk, batang.pk]


def test_micro_and_small_vendors_and_pdn_products_are_boosted(vendors: dict[str, Vendor]):
    big = make_live(vendors["semarang"], "Lemari arsip", category="furnitur", unit="unit")
    small = make_vendor("CV Kecil Semarang", region="33.74", scale=UmkmScale.KECIL)
    boosted = make_live(small, "Lemari arsip", category="furnitur", unit="unit")
    assert ids("lemari") == [boosted.pk, big.pk]
    pdn = make_live(
        vendors["semarang"], "Lemari arsip", category="furnitur", unit="unit", is_pdn=True
    )
    assert ids("lemari")[1:] == [pdn.pk, big.pk]


def test_one_vendor_does_not_fill_a_page_when_others_match(vendors: dict[str, Vendor]):
    # The incumbent has every advantage (micro, PDN) and 30 products; two
    # other vendors have two each.
    for i in range(30):
        make_live(vendors["batang"], f"Spidol whiteboard {i}", is_pdn=True)
    others = [
        make_live(vendors[k], f"Spidol whiteboard {k} {i}")
        for k in ("kendal", "semarang")
        for i in range(2)
    ]
    for q in ("spidol", "spidol whiteboard"):
        result = search_products(params=SearchParams(q=q))
        vendors_on_page = [p.vendor_id for p in result.products]
        assert len(vendors_on_page) == PAGE_SIZE
        assert {o.pk for o in others} <= {p.pk for p in result.products}, q
        assert vendors_on_page[:VENDOR_RUN] == [vendors["batang"].pk] * VENDOR_RUN


def test_pagination_is_stable_and_complete(vendors: dict[str, Vendor]):
    made = {
        make_live(vendors[k], f"Amplop coklat {k} {i}", price=1_000 + i).pk
        for k in ("batang", "kendal", "semarang")
        for i in range(15)
    }
    for q, extra in (("amplop", {}), ("amplop coklat", {}), ("", {"category": "atk"})):
        pages = [ids(q, page=page, **extra) for page in (1, 2, 3)]
        seen = [i for page in pages for i in page]
        assert len(seen) == len(set(seen)) == 45, q
        assert set(seen) == made
        assert pages == [ids(q, page=page, **extra) for page in (1, 2, 3)]
        assert ids(q, page=4, **extra) == []
    by_price = [i for page in (1, 2, 3) for i in ids("amplop", sort="price_asc", page=page)]
    prices = list(Product.objects.filter(pk__in=by_price).values_list("pk", "price"))
    assert by_price == [
        pk for pk, _ in sorted(prices, key=lambda pp: (pp[1], by_price.index(pp[0])))
    ]


def test_sorts_order_by_what_they_say(vendors: dict[str, Vendor]):
    cheap = make_live(vendors["semarang"], "Stapler besar", price=20_000)
    dear = make_live(vendors["batang"], "Stapler besar", price=90_000)
    assert ids("stapler", sort="price_asc") == [cheap.pk, dear.pk]
    assert ids("stapler", sort="price_desc") == [dear.pk, cheap.pk]
    assert ids("stapler", sort="newest") == [dear.pk, cheap.pk]


# --- facets -----------------------------------------------------------------


def _check_facets_match_filters(q: str, base: dict) -> int:
    result = search_products(params=SearchParams(q=q, **base))
    checked = 0
    for facet, values in result.facets.items():
        for value in values:
            if value.selected:
                continue
            params: dict[str, object]
            if facet == "price":
                low, high = value.value.split("-")
                params = {"price_min": int(low) or None, "price_max": int(high) if high else None}
            elif facet in ("pdn", "trained"):
                params = {facet: value.value == "1"}
            else:
                params = {facet: value.value}
            filtered = search_products(params=SearchParams(q=q, **{**base, **params}))
            assert filtered.count == value.count, (q, facet, value.value)
            checked += 1
    return checked


def test_each_facet_count_equals_what_clicking_it_returns(vendors: dict[str, Vendor], world):
    small = make_vendor(
        "Koperasi Kendal", region="33.24", scale=UmkmScale.KECIL, kind=VendorKind.PERORANGAN
    )
    TrainingEvent.objects.create(
        pemda=world.kendal, held_on="2026-01-10", place="Kendal", topic="Blangkon"
    ).attendees.add(vendors["kendal"])
    specs = [
        (vendors["batang"], "Kertas HVS A4", "kertas-bahan-cetak", "rim", 45_000, True),
        (vendors["kendal"], "Kertas HVS F4", "kertas-bahan-cetak", "rim", 52_000, False),
        (vendors["semarang"], "Kertas karton", "kertas-bahan-cetak", "pak", 250_000, True),
        (small, "Kertas kado batik", "souvenir", "pcs", 5_000, True),
        (vendors["batang"], "Nasi kotak ayam", "katering", "kotak", 30_000, True),
        (small, "Nasi kotak kertas ramah lingkungan", "katering", "kotak", 28_000, False),
        (vendors["semarang"], "Laptop 14 inci", "komputer", "unit", 9_000_000, False),
    ]
    for vendor, name, category, unit, price, pdn in specs:
        make_live(vendor, name, category=category, unit=unit, price=price, is_pdn=pdn)
    # One-word synonyms (snack, kudapan, camilan ship together), one product
    # named with two of them: counted once.
    make_live(vendors["batang"], "Snack kudapan tradisional", category="katering", unit="kotak")
    make_live(small, "Camilan keripik", category="makanan-kemasan", unit="pak", price=15_000)
    make_live(vendors["semarang"], "Snack box", category="katering", unit="kotak", price=9_000)
    either = search_products(params=SearchParams(q="kudapan"))
    assert either.counted_from == "cells and overlaps"
    assert either.count == 3
    checked = 0
    for q in ("", "kertas", "nasi kotak", "kertas hvs", "snack"):
        checked += _check_facets_match_filters(q, {})
    checked += _check_facets_match_filters("kertas", {"kab_kota": "33.24"})
    checked += _check_facets_match_filters("", {"category": "kertas-bahan-cetak", "pdn": True})
    checked += _check_facets_match_filters("", {"price_min": 50_000, "price_max": 199_999})
    assert checked > 40
    # A group's count is the sum of its leaves and filtering by it returns them.
    result = search_products(params=SearchParams(q="kertas"))
    groups = {f.value: f.count for f in result.facets["category"] if f.depth == 0}
    assert sum(groups.values()) == result.count == 5


def test_counts_come_from_the_cells_for_one_word_and_from_rows_otherwise(
    vendors: dict[str, Vendor],
):
    make_live(vendors["batang"], "Kertas HVS A4", category="kertas-bahan-cetak", unit="rim")
    assert search_products(params=SearchParams(q="kertas")).counted_from == "cells"
    assert search_products(params=SearchParams()).counted_from == "cells"
    # "hvs a4": a pair of words, tracked by no synonym phrase (the shipped
    # "kertas hvs" is).
    assert search_products(params=SearchParams(q="hvs a4")).counted_from == "rows"
    assert search_products(params=SearchParams(q="kertas", price_min=7)).counted_from == "rows"


def _matching_rows(q: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_document WHERE vector @@ to_tsquery('blangkon', %s)",
            [understand(q).tsquery],
        )
        return cursor.fetchone()[0]


def _combinations_match_rows() -> int:
    """Every tracked combination's cells hold what its rows say; returns how
    many combinations there are."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.term,"
            " (SELECT count(*) FROM search_document d WHERE d.vector @@ c.query),"
            " (SELECT count(*) FROM search_document d WHERE d.name_vector @@ c.query),"
            " (SELECT coalesce(sum(n), 0) FROM search_facet_count f WHERE f.term = c.term),"
            " (SELECT coalesce(sum(n), 0) FROM search_facet_count f"
            "  WHERE f.term = '=' || c.term)"
            " FROM search_combination c"
        )
        rows = cursor.fetchall()
    for term, anywhere, named, counted, counted_named in rows:
        assert (counted, counted_named) == (anywhere, named), term
    return len(rows)


def test_common_pairs_of_words_are_counted_like_single_words(vendors: dict[str, Vendor], world):
    from blangkon.catalog.transitions import product_transition
    from blangkon.search.services import track_combinations

    for i, vendor in enumerate(vendors.values()):
        make_live(vendor, f"Air mineral 600 ml {i}", category="makanan-kemasan", unit="botol")
        make_live(vendor, f"Kertas HVS A4 {i}", category="kertas-bahan-cetak", unit="rim")
    make_live(vendors["batang"], "Air mancur", description="Air mineral isi ulang")
    taken_down = make_live(vendors["kendal"], "Kertas HVS F4", category="kertas-bahan-cetak")
    make_live(vendors["kendal"], "Kertas kado")
    before = {
        q: _matching_rows(q) for q in ("air mineral", "kertas hvs", "air minral", "air mineral 600")
    }
    # A pair no synonym names is counted from rows until it is tracked (the
    # shipped vocabulary's phrases, "air mineral" among them, are tracked from
    # the start: the migrations' rebuild tracks them).
    assert search_products(params=SearchParams(q="hvs a4")).counted_from == "rows"

    # Pairs and triples in at least three names: "air mineral", "kertas hvs",
    # "hvs a4", "air mineral 600" …
    tracked = track_combinations(min_rows=3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_combination")
        terms = {row[0] for row in cursor.fetchall()}
    assert {"air&mineral", "hvs&kertas", "a4&hvs", "600&air&mineral"} <= terms
    assert "kado&kertas" not in terms  # in one name only
    assert "alat&kantor&tulis" in terms  # a synonym phrase, however rare
    assert _combinations_match_rows() == tracked
    for q, rows in before.items():
        result = search_products(params=SearchParams(q=q))
        assert (result.counted_from, result.count) == ("cells", rows), q
    checked = _check_facets_match_filters("air mineral", {})
    checked += _check_facets_match_filters("kertas hvs", {"kab_kota": "33.24"})
    assert checked > 10

    # The triggers keep the combinations' counts as products change.
    product_transition(
        product_id=taken_down.pk,
        to=ProductStatus.TURUN_TAYANG,
        actor=world.user("admin.provinsi"),
        takedown_reason=TakedownReason.ADMIN,
    )
    make_live(vendors["semarang"], "Kertas HVS warna", category="kertas-bahan-cetak")
    assert _combinations_match_rows() == tracked
    assert search_products(params=SearchParams(q="kertas hvs")).count == before["kertas hvs"]
    _index_matches_live_products()

    # Raising the bar drops the pairs and their counts; synonym phrases
    # ("air mineral", "kertas hvs" of the shipped vocabulary) stay.
    assert track_combinations(min_rows=1_000) < tracked
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_facet_count WHERE term LIKE '%%a4&hvs'")
        assert cursor.fetchone()[0] == 0
    assert search_products(params=SearchParams(q="hvs a4")).counted_from == "rows"
    assert search_products(params=SearchParams(q="air mineral")).counted_from == "cells"
    assert _combinations_match_rows() > 0


def test_synonym_alternatives_are_added_up_from_the_cells(vendors: dict[str, Vendor], monkeypatch):
    from blangkon.search.services import track_combinations

    make_live(vendors["batang"], "ATK paket rapat", description="Alat tulis kantor lengkap")
    make_live(vendors["kendal"], "Paket alat tulis kantor")
    make_live(vendors["semarang"], "Map ATK murah")
    make_live(vendors["semarang"], "Nasi box ayam", category="katering", unit="kotak")
    make_live(vendors["kendal"], "Nasi kotak", description="Nasi box isi ayam", category="katering")
    make_live(vendors["batang"], "Snack kudapan", category="katering", unit="kotak")
    track_combinations(min_rows=1_000)  # the synonym phrases only
    for q, how in (
        ("atk", "cells and overlaps"),
        ("alat tulis kantor", "cells and overlaps"),
        ("nasi box", "cells and overlaps"),
        ("kudapan", "cells and overlaps"),
        ("atk murah", "rows"),  # no set of it is counted
    ):
        result = search_products(params=SearchParams(q=q))
        assert (result.counted_from, result.count) == (how, _matching_rows(q)), q
        assert _check_facets_match_filters(q, {}) > 0
    assert search_products(params=SearchParams(q="atk")).count == 3
    assert search_products(params=SearchParams(q="nasi box")).count == 2
    # An overlap nobody counts ({alat, atk, kantor, tulis} untracked) is
    # counted from its rows; more of them than MAX_OVERLAPS_FROM_ROWS, and
    # the query is counted in one pass over its own rows.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_combination WHERE term = 'alat&atk&kantor&tulis'")
    for most, how in ((1, "cells and overlaps"), (0, "rows")):
        monkeypatch.setattr(counting, "MAX_OVERLAPS_FROM_ROWS", most)
        result = search_products(params=SearchParams(q="atk"))
        assert (result.counted_from, result.count) == (how, 3), most


def test_a_query_becomes_sets_of_lexemes():
    def sets(*parts: tuple[str, ...], lexemes: dict[str, tuple[str, ...]]):
        alternatives = [Alternatives(tuple(tuple(p.split()) for p in part)) for part in parts]
        return lexeme_sets(alternatives, lexemes)

    lexemes = {"nasi": ("nasi",), "box": ("box",), "kotak": ("kotak",), "yang": ()}
    assert sets(("nasi",), ("box", "kotak"), lexemes=lexemes) == (
        ("box", "nasi"),
        ("kotak", "nasi"),
    )
    assert sets(("nasi",), ("yang",), lexemes=lexemes) == (("nasi",),)  # a stop word drops out
    lexemes |= {"nasi box": ("box", "nasi")}
    # "nasi box" or "nasi": the narrower alternative adds nothing.
    assert sets(("nasi box", "nasi"), lexemes=lexemes) == (("nasi",),)
    many: dict[str, tuple[str, ...]] = {w: (w,) for w in "abcde"}
    assert sets(("a", "b", "c"), ("d", "e"), lexemes=many) == ()  # 6 sets > MAX_EITHER


# --- what is visible ----------------------------------------------------------


def _index_matches_live_products() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT product_id FROM search_document")
        indexed = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT coalesce(sum(n), 0) FROM search_facet_count WHERE term = ''")
        counted = cursor.fetchone()[0]
        # The pre-summed totals agree with the cells, term by term.
        cursor.execute(
            "SELECT count(*) FROM ("
            " SELECT term, facet, value, sum(n) AS n FROM search_facet_count c,"
            "  search_facet_values(category_id, kab_kota_id, vendor_kind, scale, is_pdn,"
            "  is_trained, price_bucket) GROUP BY 1, 2, 3 HAVING sum(n) <> 0"
            " EXCEPT SELECT term, facet, value, n FROM search_facet_total WHERE n <> 0) diff"
        )
        disagreements = cursor.fetchone()[0]
    live = set(live_products().values_list("pk", flat=True))
    assert indexed == live
    assert counted == len(live)
    assert disagreements == 0


def test_only_live_products_of_active_vendors_appear(vendors: dict[str, Vendor]):
    live = make_live(vendors["batang"], "Gunting kertas")
    for status in (
        ProductStatus.DRAFT,
        ProductStatus.SUBMITTED,
        ProductStatus.REVISION_REQUESTED,
        ProductStatus.REJECTED,
        ProductStatus.TURUN_TAYANG,
    ):
        make_live(vendors["batang"], f"Gunting kertas {status}", status=status)
    pending = make_vendor("CV Belum Diverifikasi", status=VendorStatus.SUBMITTED)
    make_live(pending, "Gunting kertas baru")
    assert ids("gunting") == [live.pk]
    assert ids("gunting", sort="price_asc") == [live.pk]
    assert search_products(params=SearchParams(q="gunting")).count == 1
    _index_matches_live_products()


def test_a_take_down_or_a_suspension_removes_products_at_once(vendors: dict[str, Vendor], world):
    from blangkon.catalog.transitions import product_transition
    from blangkon.vendors.transitions import vendor_transition

    admin = world.user("admin.provinsi")
    product = make_live(vendors["kendal"], "Printer laser", category="komputer", unit="unit")
    other = make_live(vendors["semarang"], "Printer inkjet", category="komputer", unit="unit")
    assert set(ids("printer")) == {product.pk, other.pk}

    product_transition(
        product_id=product.pk,
        to=ProductStatus.TURUN_TAYANG,
        actor=admin,
        takedown_reason=TakedownReason.ADMIN,
    )
    assert ids("printer") == [other.pk]
    assert search_products(params=SearchParams(q="printer")).count == 1
    _index_matches_live_products()

    vendor_transition(
        vendor_id=vendors["semarang"].pk,
        to=VendorStatus.SUSPENDED,
        actor=admin,
        reason="Uji",
        details={},
    )
    assert ids("printer") == []
    _index_matches_live_products()
    vendor_transition(vendor_id=vendors["semarang"].pk, to=VendorStatus.VERIFIED, actor=admin)
    assert ids("printer") == [other.pk]

    # Renaming the product is searchable at once too; the vendor's name is
    # not the product's text, so renaming the vendor finds it by nothing new.
    Product.objects.filter(pk=other.pk).update(name="Mesin cetak warna")
    assert ids("inkjet") == []
    assert ids("mesin cetak") == [other.pk]
    organisation = vendors["semarang"].organisation
    organisation.name = "PT Sinar Grafika"
    organisation.save()
    assert ids("grafika") == []
    assert ids("mesin cetak") == [other.pk]
    _index_matches_live_products()


# --- price position -------------------------------------------------------------


def test_price_position_of_comparable_products(vendors: dict[str, Vendor]):
    prices = [30_000, 32_000, 34_000, 35_000, 36_000, 38_000, 40_000]
    made = [
        make_live(
            vendors["batang"],
            f"Nasi kotak ayam {i}",
            category="katering",
            unit="kotak",
            price=price,
        )
        for i, price in enumerate(prices)
    ]
    outlier = make_live(
        vendors["kendal"],
        "Nasi kotak ayam spesial",
        category="katering",
        unit="kotak",
        price=95_000,
    )
    # Not comparable: another unit, another name, another category.
    make_live(vendors["batang"], "Nasi kotak ayam", category="katering", unit="pax", price=1_000)
    make_live(vendors["batang"], "Snack box", category="katering", unit="kotak", price=1_000)
    position = price_position(product=outlier)
    assert position is not None
    # Eight comparable prices: Q1 = 33.500, Q3 = 38.500 (linear interpolation),
    # IQR = 5.000, upper fence = 38.500 + 7.500 = 46.000.
    assert (position.count, position.minimum, position.median, position.maximum) == (
        8,
        30_000,
        35_000,
        95_000,
    )
    assert position.upper_fence == 46_000
    assert position.is_high
    usual = price_position(product=made[3])
    assert usual is not None
    assert not usual.is_high


def test_price_position_needs_three_comparable_products(vendors: dict[str, Vendor]):
    one = make_live(vendors["batang"], "Tumpeng mini", category="katering", unit="paket")
    make_live(vendors["kendal"], "Tumpeng mini", category="katering", unit="paket")
    assert price_position(product=one) is None


# --- suggestions --------------------------------------------------------------------


def test_suggestions_complete_names_and_categories(vendors: dict[str, Vendor]):
    for i in range(15):
        make_live(vendors["batang"], f"Nasi kotak varian {i}", category="katering", unit="kotak")
    make_live(vendors["kendal"], "Tumpeng nasi kuning", category="katering", unit="paket")
    found = suggestions(prefix="nas")
    assert 0 < len(found) <= 10
    assert found[0].startswith("nasi kotak")
    assert "tumpeng nasi kuning" in found
    category = Category.objects.get(slug="katering").name
    assert category in suggestions(prefix="kater")
    assert suggestions(prefix="!!!") == []


def test_the_daily_reshuffle_rekeys_ties(vendors: dict[str, Vendor]):
    from blangkon.search.services import search_reshuffle_if_new_day

    make_live(vendors["batang"], "Penggaris besi")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_document SET tie_key = 0")
        cursor.execute("UPDATE search_state SET seed = 0")
    assert search_reshuffle_if_new_day()
    assert not search_reshuffle_if_new_day()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(tie_key = hashint8(product_id # search_day_seed()))"
            " FROM search_document"
        )
        assert cursor.fetchone()[0] is True


def _seed_is_today() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT seed = search_day_seed() FROM search_state")
        return bool(cursor.fetchone()[0])


def test_searching_schedules_no_reshuffle(vendors: dict[str, Vendor], client):
    """A read only reads: the daily scheduler runs the reshuffle
    (search_reshuffle_task), not the first search of the day."""
    make_live(vendors["batang"], "Penghapus karet")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_document SET tie_key = 7")
        cursor.execute("UPDATE search_state SET seed = 0")
    assert client.get("/katalog/", {"q": "penghapus"}).status_code == 200
    assert client.get("/api/v1/products", {"q": "penghapus"}).status_code == 200
    assert not _seed_is_today()
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(DISTINCT tie_key) FROM search_document")
        assert cursor.fetchone()[0] == [7]


def test_ties_keep_the_last_key_until_the_reshuffle_task_runs(vendors: dict[str, Vendor]):
    from blangkon.search.tasks import search_reshuffle_task

    # Three equal products of one vendor (fewer than VENDOR_RUN): only the
    # tie key orders them.
    for _ in range(3):
        make_live(vendors["batang"], "Stapler besar")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT product_id FROM search_document"
            " ORDER BY hashint8(product_id # search_day_seed()), product_id"
        )
        todays_order = [row[0] for row in cursor.fetchall()]
        # Yesterday's keys, in the opposite order to today's.
        for key, product_id in enumerate(reversed(todays_order)):
            cursor.execute(
                "UPDATE search_document SET tie_key = %s WHERE product_id = %s", [key, product_id]
            )
        cursor.execute("UPDATE search_state SET seed = 0")
    assert ids("stapler") == todays_order[::-1]
    assert ids() == todays_order[::-1]
    assert not _seed_is_today()

    assert search_reshuffle_task.enqueue().return_value is True
    assert _seed_is_today()
    assert ids("stapler") == todays_order
    assert search_reshuffle_task.enqueue().return_value is False


@pytest.mark.parametrize("q", ["amplop", "amplop coklat", ""])
def test_pages_past_the_diverse_prefix_continue_without_gaps(
    vendors: dict[str, Vendor], monkeypatch, q: str
):
    from blangkon.search import paging

    monkeypatch.setattr(paging, "DIVERSE_PREFIX", 20)
    for i in range(30):
        make_live(vendors["batang"], f"Amplop coklat besar {i}", is_pdn=True)
    for k in ("kendal", "semarang"):
        for i in range(6):
            make_live(vendors[k], f"Amplop coklat {k} {i}")
    pages = [ids(q, region="33.24", page=page) for page in (1, 2, 3)]
    seen = [i for page in pages for i in page]
    assert len(seen) == len(set(seen)) == 42
    assert len({Product.objects.get(pk=i).vendor_id for i in pages[0]}) >= 2


def test_a_rebuild_gives_the_same_index(vendors: dict[str, Vendor]):
    from django.core.management import call_command

    from blangkon.search.services import track_combinations

    for i in range(5):
        make_live(vendors["batang"], f"Kertas HVS A4 {i}", category="kertas-bahan-cetak")
        make_live(vendors["kendal"], f"Nasi kotak {i}", category="katering", unit="kotak")
    make_live(vendors["kendal"], "Kertas draf", status=ProductStatus.DRAFT)
    # A rebuild also chooses the combinations to count; so does the daily
    # job (the shipped vocabulary's phrases wait for it).
    track_combinations()
    before = {q: ids(q) for q in ("kertas", "nasi kotak", "")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, facet, value, n FROM search_facet_total WHERE n <> 0")
        totals_before = set(cursor.fetchall())
    call_command("search_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _index_matches_live_products()
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, facet, value, n FROM search_facet_total WHERE n <> 0")
        assert set(cursor.fetchall()) == totals_before
    assert {q: ids(q) for q in before} == before


# --- read plans ------------------------------------------------------------------


def test_every_read_plan_returns_the_same_order(vendors: dict[str, Vendor]):
    """Walk, read-and-sort and every split by category give exactly the
    order PostgreSQL gives for the plain ORDER BY, on any page."""
    from itertools import chain, combinations

    from blangkon.search.counting import Where
    from blangkon.search.planning import ORDERS, ReadPlan, read_in_order

    categories = ["atk", "kertas-bahan-cetak", "katering"]
    for i in range(36):
        make_live(
            vendors[("batang", "kendal", "semarang")[i % 3]],
            f"Paket hemat {i}",
            category=categories[i % 3],
            price=(7_000 * i) % 50_000 + 1_000,
            is_pdn=i % 4 == 0,
        )
    leaf_ids = list(Category.objects.filter(slug__in=categories).values_list("pk", flat=True))
    where = Where()
    where.add("vector @@ to_tsquery('blangkon', %s)", "paket")
    where.add("is_pdn = %s OR price > %s", False, 0)  # a filter no index serves
    splits = [
        ReadPlan("split", walk, tuple(c for c in leaf_ids if c not in walk), sure, named)
        for walk in chain.from_iterable(combinations(leaf_ids, n) for n in (1, 2, 3))
        for sure in (True, False)
        for named in (True, False)
    ]
    # Walks on trial: a budget of 1 row always fails (then the rows are
    # read and sorted), one of 1,000 finds them.
    trials = [ReadPlan("try", budget=budget) for budget in (1, 1_000)]
    sizes = tuple((c, 12) for c in leaf_ids)
    for tried in chain.from_iterable(combinations(leaf_ids, n) for n in (1, 2, 3)):
        for budget in (1, 1_000):
            for walk in ((), tuple(c for c in leaf_ids if c not in tried)[:1]):
                rest = tuple(c for c in leaf_ids if c not in tried and c not in walk)
                for named, read_rows in ((True, 36), (False, 36), (True, 1)):
                    trials.append(
                        ReadPlan(
                            "split",
                            walk,
                            rest,
                            True,
                            named,
                            tuple((c, budget) for c in tried),
                            rows=sizes,
                            read_rows=read_rows,
                        )
                    )
    plans = [ReadPlan("walk"), ReadPlan("walk", sure=False), ReadPlan("sort"), *splits, *trials]
    for sort, order in ORDERS.items():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT product_id, vendor_id FROM search_document WHERE {where.render()}"
                f" ORDER BY {order.sql()}",
                where.args,
            )
            expected = [tuple(row) for row in cursor.fetchall()]
        assert len(expected) == 36
        for plan in plans:
            # (2, 5): one walked category holds the first 7 rows, which then
            # bound what the sorted part reads (Order.bounds_sorted_part).
            for offset, limit in ((0, 10), (2, 5), (10, 20), (30, 10)):
                got = read_in_order(where, order, plan, limit, offset)
                assert got == expected[offset : offset + limit], (sort, plan, offset)


def test_a_price_page_is_found_in_the_buckets_that_hold_it():
    from blangkon.search.paging import buckets_of_page

    per_bucket = {0: 30, 1: 0, 2: 15, 3: 5}
    assert buckets_of_page(per_bucket, 0, 20, descending=False) == (0, 0, 0)
    assert buckets_of_page(per_bucket, 20, 20, descending=False) == (0, 2, 0)
    assert buckets_of_page(per_bucket, 40, 20, descending=False) == (2, 3, 30)
    assert buckets_of_page(per_bucket, 0, 20, descending=True) == (2, 3, 0)
    assert buckets_of_page(per_bucket, 20, 20, descending=True) == (0, 0, 20)


def test_price_pages_read_by_bucket_equal_the_plain_order(vendors: dict[str, Vendor]):
    from django.test.utils import CaptureQueriesContext

    from blangkon.search.planning import ORDERS

    prices = [20_000, 45_000, 60_000, 300_000, 2_000_000, 7_000_000]  # buckets 0, 0, 1, 2, 3, 4
    for i in range(45):
        make_live(
            vendors[("batang", "kendal", "semarang")[i % 3]],
            f"Paket hemat {i}",
            price=prices[i % len(prices)] + i,
        )
    for sort in ("price_asc", "price_desc"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT product_id FROM search_document"
                " WHERE vector @@ to_tsquery('blangkon', 'paket')"
                f" ORDER BY {ORDERS[sort].sql()}"
            )
            expected = [row[0] for row in cursor.fetchall()]
        got = []
        with CaptureQueriesContext(connection) as queries:
            for page in (1, 2, 3):
                got += ids("paket", sort=sort, page=page)
        assert got == expected, sort
        narrowed = [q["sql"] for q in queries.captured_queries if "price_bucket" in q["sql"]]
        assert any("price_bucket =" in sql for sql in narrowed), sort
        assert any("price_bucket BETWEEN" in sql for sql in narrowed), sort


def _spread(matches, rows, read=None):
    from blangkon.search.planning import Spread

    return Spread(matches, rows, read if read is not None else matches)


def test_a_word_common_in_one_category_walks_that_category_by_price():
    from blangkon.search.planning import ORDERS, plan_read

    # "kertas" at 1M: every paper product, 5 % of office supplies.
    spread = _spread({10: 119_541, 9: 4_054}, {10: 119_541, 9: 84_783, 8: 202_711}, None)
    plan = plan_read(spread, 20, 930_716, ORDERS["price_asc"])
    assert (plan.how, plan.walk, plan.sort, plan.tried) == ("split", (10,), (9,), ())
    assert plan.name_sorted  # 85k office rows: fewer than the word's, so named
    # At 5M, half of the paper rows and 5 % of office supplies: paper is
    # walked on trial, and so is office (its sort now costs more than a
    # budget of 1,700 rows).
    spread = _spread({10: 295_540, 9: 20_152}, {10: 590_888, 9: 425_161, 8: 1_021_754})
    plan = plan_read(spread, 20, 4_664_479, ORDERS["price_asc"])
    assert (plan.how, plan.walk, plan.sort, plan.tried) == ("split", (), (), ((9, 1688), (10, 500)))


def test_a_word_spread_evenly_walks_the_whole_price_order_on_trial():
    from blangkon.search.planning import ORDERS, plan_read

    # "solo" (a city) in 8 % of the rows of every category: the cheapest
    # rows of the catalog hold its cheapest as likely as any category's.
    rows = dict.fromkeys(range(12, 40), 85000)
    spread = _spread(dict.fromkeys(rows, 6800), rows)
    plan = plan_read(spread, 20, 85_000 * len(rows), ORDERS["price_asc"])
    assert (plan.how, plan.budget) == ("try", 1000)


def test_prices_are_not_walked_where_few_rows_match():
    from blangkon.search.planning import ORDERS, RELEVANCE, plan_read

    # "air" in catering: 11 % of its rows, and the dearest catering items
    # (tumpeng) hold none of them: not walked for sure, only on trial, within
    # a budget, before its matches are sorted.
    spread = _spread({8: 22_456}, {8: 202_711})
    plan = plan_read(spread, 20, 930_716, ORDERS["price_desc"])
    assert (plan.how, plan.walk, plan.tried, plan.sort) == ("split", (), ((8, 722),), ())
    # Rarer still (1 %), a trial would pass too many rows: sorted.
    assert plan_read(_spread({8: 2_000}, {8: 202_711}), 20, 930_716, ORDERS["price_desc"]).how == (
        "sort"
    )
    # Along the relevance order (boost, tie key) matches lie evenly: walked.
    assert plan_read(spread, 20, 930_716, RELEVANCE).how in ("walk", "split")


def test_small_results_are_sorted_and_whole_catalog_browsing_walks():
    from blangkon.search.planning import ORDERS, RELEVANCE, plan_read

    assert plan_read(_spread({3: 40, 4: 12}, {3: 9_000, 4: 7_000}), 100, 16_000, RELEVANCE).how == (
        "sort"
    )
    everything = _spread({3: 9_000, 4: 7_000}, {3: 9_000, 4: 7_000})
    assert plan_read(everything, 100, 16_000, RELEVANCE).how == "walk"
    assert plan_read(everything, 20, 16_000, ORDERS["price_asc"]).how == "walk"


def test_orders_without_a_category_index_are_never_split():
    from blangkon.search.planning import ORDERS, plan_read

    spread = _spread({10: 119_541, 9: 4_054}, {10: 119_541, 9: 84_783, 8: 202_711})
    for sort in ("rating", "sold"):
        assert plan_read(spread, 20, 930_716, ORDERS[sort]).how != "split"


def _document_row(product: Product) -> tuple[str, str]:
    """The physical row and the name of the product's search document."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text, name FROM search_document WHERE product_id = %s", [product.pk]
        )
        return cursor.fetchone()


def test_a_stock_change_leaves_the_index_alone_and_a_name_change_does_not(
    vendors: dict[str, Vendor],
):
    """Orders take stock at every signature: the index, which reads no stock,
    is not rewritten for it (and its global refresh lock is not taken)."""
    product = make_live(vendors["batang"], "Map plastik", stock=40)
    before = _document_row(product)
    Product.objects.filter(pk=product.pk).update(stock=30)
    assert _document_row(product) == before
    Product.objects.filter(pk=product.pk).update(stock=20, name="Map plastik kancing")
    row, name = _document_row(product)
    assert row != before[0]
    assert name == "Map plastik kancing"


def test_the_kept_reference_data_follows_every_change():
    """search_reference() keeps its copy until a category or kab/kota row is
    added, changed or removed (by any process: the fingerprint is read from
    the database on every call)."""
    from blangkon.search.reference import search_reference

    first = search_reference()
    assert search_reference() is first  # nothing changed: the same copy
    group = Category.objects.filter(parent__isnull=True)[0]
    added = Category.objects.create(
        slug="stempel", name="Stempel", parent=group, tax_class=TaxClass.GOODS
    )
    assert search_reference().categories["stempel"].name == "Stempel"
    assert search_reference().group_of[added.pk] == group.pk
    Category.objects.filter(pk=added.pk).update(name="Stempel dan bantalan")
    assert search_reference().categories["stempel"].name == "Stempel dan bantalan"
    added.delete()
    assert "stempel" not in search_reference().categories
    Region.objects.filter(code="33.25").update(name="Kabupaten Batang (baru)")
    assert search_reference().regions["33.25"].name == "Kabupaten Batang (baru)"
