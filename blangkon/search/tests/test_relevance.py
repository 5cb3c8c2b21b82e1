"""Text relevance before fairness (search.relevance), through the real index."""

import pytest

from blangkon.regions.models import Region
from blangkon.search.params import SearchParams
from blangkon.search.query import Alternatives
from blangkon.search.relevance import first_of_split, phrase_text, weighted_text
from blangkon.search.selectors import SearchResult, search_products
from blangkon.search.tests.factories import make_live, make_vendor, vendors
from blangkon.vendors.models import UmkmScale, Vendor

__all__ = ["vendors"]


def _search(q: str, region: str | None = None, **filters) -> SearchResult:
    return search_products(
        params=SearchParams(q=q, **filters),
        region=Region.objects.get(code=region) if region else None,
    )


def _ids(q: str, region: str | None = None, **filters) -> list[int]:
    return [p.pk for p in _search(q, region, **filters).products]


def _assert_counts_are_the_results(q: str) -> None:
    """The count, and each facet's counts, are the products listed."""
    result = _search(q)
    listed = _ids(q)
    assert result.count == len(listed), q
    groups = [f.count for f in result.facets["category"] if f.depth == 0]
    assert sum(groups) == len(listed), q
    for facet in ("kab_kota", "scale", "pdn", "price"):
        assert sum(f.count for f in result.facets[facet]) == len(listed), (q, facet)


@pytest.mark.django_db
def test_phrase_then_name_then_specifications_then_description(vendors: dict[str, Vendor]):
    # The weaker the text match, the more of every other advantage it has:
    # the buyer's own kab/kota (33.25), a micro vendor, a PDN product.
    local = vendors["batang"]
    description = make_live(
        local, "Map plastik", description="Cocok untuk kertas folio", is_pdn=True
    )
    specification = make_live(
        local, "Buku tulis", specifications={"ukuran": "folio", "isi": "kertas"}, is_pdn=True
    )
    scattered = make_live(local, "Folio bergaris kertas", is_pdn=True)
    phrase = make_live(vendors["semarang"], "Kertas folio bergaris")
    expected = [phrase.pk, scattered.pk, specification.pk, description.pk]
    for region in (None, "33.25", "33.74"):
        assert _ids("kertas folio", region) == expected, region
    # One word: the name, then the specifications, then the description.
    assert _ids("folio", "33.25") == [scattered.pk, phrase.pk, specification.pk, description.pk]
    _assert_counts_are_the_results("kertas folio")


@pytest.mark.django_db
def test_two_names_of_one_thing_side_by_side_still_make_a_phrase(vendors: dict[str, Vendor]):
    # "pupuk organik" and "kompos" are one shipped synonym group: typed side
    # by side they are one position, so the phrase tier finds the product
    # named the way it was typed before the local one with the words apart.
    phrase = make_live(vendors["semarang"], "Pupuk organik kompos 25 kg")
    scattered = make_live(vendors["batang"], "Pupuk 25 kg organik kompos", is_pdn=True)
    assert _ids("pupuk organik kompos 25 kg", "33.25") == [phrase.pk, scattered.pk]


@pytest.mark.django_db
def test_a_vendors_name_is_not_a_products_text(vendors: dict[str, Vendor]):
    batik_vendor = make_vendor("CV Batik Sejahtera", region="33.25", scale=UmkmScale.MIKRO)
    make_live(batik_vendor, "Masker kain 3 lapis", category="apd-kesehatan", is_pdn=True)
    make_live(batik_vendor, "Kotak P3K lengkap", category="apd-kesehatan")
    batik = make_live(vendors["semarang"], "Kain batik tulis", category="souvenir")
    # Nor is the category's name ("Produk unggulan daerah (oleh-oleh, batik, blangkon)").
    make_live(vendors["kendal"], "Bakpia oleh-oleh", category="produk-unggulan-daerah")
    assert _ids("batik", "33.25") == [batik.pk]
    assert _ids("sejahtera") == []
    assert _ids("masker") != []
    _assert_counts_are_the_results("batik")


@pytest.mark.django_db
def test_a_category_name_does_not_make_its_products_match(vendors: dict[str, Vendor]):
    # Ink and toner live in "Kertas & bahan cetak" and never say "kertas".
    paper = make_live(vendors["batang"], "Kertas HVS A4 80 gsm", category="kertas-bahan-cetak")
    ink = make_live(vendors["kendal"], "Tinta printer hitam", category="kertas-bahan-cetak")
    make_live(vendors["semarang"], "Toner laserjet 85A", category="kertas-bahan-cetak")
    for_paper = make_live(
        vendors["semarang"],
        "Toner laserjet 12A",
        category="kertas-bahan-cetak",
        specifications={"media": "kertas A4"},
    )
    assert _ids("kertas") == [paper.pk, for_paper.pk]
    assert _ids("tinta") == [ink.pk]
    _assert_counts_are_the_results("kertas")
    # The category is still chosen with its facet.
    assert _search("", category="kertas-bahan-cetak").count == 4


@pytest.mark.django_db
@pytest.mark.parametrize(("tracked", "halves_read"), [(False, False), (True, False), (True, True)])
def test_every_page_follows_the_text_tiers(
    vendors: dict[str, Vendor], monkeypatch, tracked: bool, halves_read: bool
):
    """Past the diverse prefix the tiers' sizes come from the cells (one
    word, or a tracked pair of words) and the halves the cells do not know
    are counted, or read from the tier's first row when the page is near it
    (`halves_read`); otherwise one ordered pass reads them. Every way, each
    page continues the tiers without gaps or repeats."""
    from blangkon.search import paging
    from blangkon.search.services import track_combinations

    monkeypatch.setattr(paging, "DIVERSE_PREFIX", 20)
    # Which way a deep page inside a split tier goes (paging._reading_is_cheaper).
    monkeypatch.setattr(paging, "READ_SPLIT_ROW_US", 0.0 if halves_read else 1e9)
    made: dict[int, int] = {}  # product id -> tier for "kertas folio"
    rows = [
        (0, "Kertas folio bergaris {i}", {}, ""),
        (1, "Folio isi kertas {i}", {}, ""),
        (2, "Buku tulis {i}", {"isi": "kertas folio"}, ""),
        (3, "Map plastik {i}", {}, "Untuk kertas folio"),
    ]
    for tier, name, specifications, description in rows:
        for i in range(12):
            vendor = list(vendors.values())[i % 3]
            product = make_live(
                vendor,
                name.format(i=i),
                specifications=specifications,
                description=description,
                is_pdn=i % 2 == 0,
            )
            made[product.pk] = tier
    if tracked:
        track_combinations(min_rows=3)
    for q, rank in (
        ("kertas folio", made),
        ("kertas", {p: max(t - 1, 0) for p, t in made.items()}),
    ):
        seen = [pid for page in (1, 2, 3) for pid in _ids(q, "33.25", page=page)]
        assert sorted(seen) == sorted(made), q
        # Within the diverse prefix a vendor may wait its turn only inside its tier.
        tiers = [rank[pid] for pid in seen]
        assert tiers == sorted(tiers), (q, tiers)
        assert _search(q).count == len(made)


@pytest.mark.django_db
def test_a_walk_within_its_budget_reads_what_the_planned_read_reads(
    vendors: dict[str, Vendor], monkeypatch
):
    """A page of several words (the tier sizes are estimates) is first read
    along the order within a budget of rows; when those hold the page, it is
    the page PostgreSQL's own plan reads."""
    from blangkon.search import paging, planning

    monkeypatch.setattr(paging, "DIVERSE_PREFIX", 6)
    for i in range(12):
        vendor = list(vendors.values())[i % 3]
        make_live(vendor, f"Kertas folio bergaris {i}", is_pdn=i % 2 == 0)
        make_live(vendor, f"Folio isi kertas {i}")
        make_live(vendor, f"Buku tulis {i}", specifications={"isi": "kertas folio"})
    searches = [("kertas folio", region, page) for region in (None, "33.25") for page in (1, 2, 3)]

    def pages() -> dict[tuple, list[int]]:
        return {(q, r, p): _ids(q, r, page=p) for q, r, p in searches}

    found = []
    within = planning._walk_within_budget

    def spy(*args, **kwargs):
        rows = within(*args, **kwargs)
        found.append(rows is not None)
        return rows

    monkeypatch.setattr(planning, "_walk_within_budget", spy)
    monkeypatch.setattr(planning, "WALK_BUDGET", 0)  # never enough: PostgreSQL plans each read
    planned = pages()
    assert found
    assert not any(found)
    # A budget shorter than the tiers (the walk stops inside them), and one
    # longer than the catalog. Ties are ordered by a hash of the product's id
    # and the day, so which rows a short walk meets varies with the ids the
    # test gets: 10 rows held no page for about one id layout in sixty
    # (probed over 119 layouts); 20 rows, fewer than the 24 names that
    # match, held one for every layout.
    for budget in (20, 4_000):
        found.clear()
        monkeypatch.setattr(planning, "WALK_BUDGET", budget)
        assert pages() == planned, budget
        assert any(found), budget


def test_phrase_and_weighted_queries():
    kertas_a4 = [Alternatives((("kertas",),)), Alternatives((("a4",),))]
    assert phrase_text(kertas_a4) == "((kertas)) <-> ((a4))"
    assert phrase_text(kertas_a4[:1]) == ""
    atk = [Alternatives((("atk",), ("alat", "tulis", "kantor")))]
    assert phrase_text(atk) == "((atk) | (alat <-> tulis <-> kantor))"
    # Followed by more words, alternatives of different lengths are phrases
    # of their own (PostgreSQL's phrase test misses when both occur).
    assert phrase_text([*atk, kertas_a4[1]]) == (
        "(((atk)) <-> ((a4))) | (((alat <-> tulis <-> kantor)) <-> ((a4)))"
    )
    assert weighted_text(kertas_a4, "AB") == "kertas:AB & a4:AB"


def _reader(flags: list[bool]):
    """A tier of rows (id, flag) in order, and how much of it was read."""
    tier = [(i, i, flag) for i, flag in enumerate(flags)]
    read: list[int] = []

    def read_tier(limit: int, offset: int):
        read.append(limit)
        return tier[offset : offset + limit]

    def read_flagged(limit: int):
        read.append(-limit)
        return [row for row in tier if row[-1]][:limit]

    return tier, read, read_tier, read_flagged


@pytest.mark.parametrize(
    "flags",
    [
        [True] * 30,
        [False] * 30,
        [True, False] * 15,
        [False] * 25 + [True] * 5,
        [False] * 4 + [True],
        [True] * 9 + [False] * 40 + [True] * 3,
        [],
    ],
)
def test_the_first_rows_of_both_halves_of_a_tier(flags: list[bool]):
    tier, read, read_tier, read_flagged = _reader(flags)
    flagged, rest = first_of_split(read_tier, read_flagged, 10)
    page = (flagged + rest)[:10]
    assert page == sorted(tier, key=lambda row: (not row[-1], row[0]))[:10]
    assert len(flagged) == min(10, sum(flags))


def test_a_dense_half_is_read_along_the_tier_and_a_sparse_one_alone():
    _, read, read_tier, read_flagged = _reader([True, False] * 40)
    first_of_split(read_tier, read_flagged, 10)
    assert read == [10, 10]  # the first 20 rows hold 10 of the half
    _, read, read_tier, read_flagged = _reader([False] * 100 + [True])
    first_of_split(read_tier, read_flagged, 10)
    assert read == [10, -10]  # none in the first 10: the half is read alone


@pytest.mark.django_db
def test_a_suggested_category_opens_the_category(vendors: dict[str, Vendor], client):
    from django.urls import reverse

    make_live(vendors["batang"], "Kertas HVS A4 80 gsm", category="kertas-bahan-cetak")
    html = client.get(reverse("search:suggest"), {"q": "kert"}).content.decode()
    catalog = reverse("search:catalog")
    assert f'href="{catalog}?category=kertas-bahan-cetak">Kertas &amp; bahan cetak<' in html
    assert f'href="{catalog}?q=kertas+hvs+a4">kertas hvs a4<' in html


@pytest.mark.django_db
def test_words_that_only_name_a_category_show_that_category(vendors: dict[str, Vendor], client):
    from django.urls import reverse

    pen = make_live(vendors["batang"], "Pulpen hitam 0,5 mm", category="atk")
    make_live(vendors["kendal"], "Sapu ijuk", category="kebersihan-barang")
    # No product says "alat tulis": the category "Alat tulis kantor (ATK)" answers.
    result = _search("alat tulis")
    assert result.category_instead is not None
    assert result.category_instead.slug == "atk"
    assert ([p.pk for p in result.products], result.count) == ([pen.pk], 1)
    assert result.text.typed == ["alat", "tulis"]
    # A product that says the words is a match as usual.
    notebook = make_live(vendors["kendal"], "Buku alat tulis anak", category="atk")
    assert (_ids("alat tulis"), _search("alat tulis").category_instead) == ([notebook.pk], None)
    # The first category named answers; the page offers the others.
    catalog = reverse("search:catalog")
    page = client.get(catalog, {"q": "kebersihan", "kab_kota": "33.24"}).content.decode()
    assert 'data-count="1"' in page
    assert "<strong>Kesehatan &amp; kebersihan</strong>" in page
    assert 'href="?category=kebersihan-barang&amp;kab_kota=33.24">Kebersihan &amp; sanitasi' in page
