"""GET /api/v1/products, the catalog page, compare and synonyms over HTTP."""

import pytest
from django.db import connection

from blangkon.audit.models import AuditEvent
from blangkon.catalog.status import ProductStatus
from blangkon.search.models import Synonym
from blangkon.search.tests.factories import make_live, make_vendor, vendors
from blangkon.vendors.models import UmkmScale, Vendor

__all__ = ["vendors"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(vendors: dict[str, Vendor]) -> dict[str, int]:
    return {
        "hvs": make_live(
            vendors["batang"],
            "Kertas HVS A4 80 gsm",
            category="kertas-bahan-cetak",
            unit="rim",
            price=52_000,
            specifications={"ukuran": "A4", "gramatur": "80 gsm"},
        ).pk,
        "folio": make_live(
            vendors["kendal"],
            "Kertas HVS F4 70 gsm",
            category="kertas-bahan-cetak",
            unit="rim",
            price=55_000,
            specifications={"ukuran": "F4", "gramatur": "70 gsm"},
        ).pk,
        "nasi": make_live(
            vendors["semarang"],
            "Nasi Kotak Ayam Bakar",
            category="katering",
            unit="kotak",
            price=30_000,
        ).pk,
    }


def test_the_api_searches_with_facets(client, catalog: dict[str, int]):
    response = client.get("/api/v1/products", {"q": "kretas hvs", "sort": "price_asc"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [catalog["hvs"], catalog["folio"]]
    assert body["query"] == {
        "typed": "kretas hvs",
        "searched": "kertas hvs",
        "corrected": True,
        "exact": False,
        "dropped_words": [],
    }
    assert body["results"][0]["price_label"] == "Rp52.000"
    kab = {f["value"]: f["count"] for f in body["facets"]["kab_kota"]}
    assert kab == {"33.25": 1, "33.24": 1}
    filtered = client.get("/api/v1/products", {"q": "kretas hvs", "kab_kota": "33.24"}).json()
    assert [r["id"] for r in filtered["results"]] == [catalog["folio"]]
    # No personal data in the public results.
    assert "nik" not in response.content.decode().lower()


def test_the_html_page_and_the_api_agree(client, catalog: dict[str, int]):
    api = client.get("/api/v1/products", {"q": "kertas", "sort": "price_desc"}).json()
    page = client.get("/katalog/", {"q": "kertas", "sort": "price_desc"})
    assert page.status_code == 200
    html = page.content.decode()
    positions = [html.index(f"/produk/{r['id']}/") for r in api["results"]]
    assert positions == sorted(positions)
    assert 'data-count="2"' in html


def test_a_product_via_the_api(client, catalog: dict[str, int]):
    assert client.get(f"/api/v1/products/{catalog['nasi']}").json()["name"] == (
        "Nasi Kotak Ayam Bakar"
    )
    assert client.get("/api/v1/products/suggest", {"q": "kert"}).json()["suggestions"]


def test_a_corrected_search_links_to_the_words_as_typed(client, catalog: dict[str, int]):
    page = client.get("/katalog/", {"q": "kretas hvs"}).content.decode()
    assert 'data-count="2"' in page
    assert "Menampilkan hasil untuk <strong>kertas hvs</strong>" in page
    assert 'href="?q=kretas+hvs&amp;exact=1">Cari kretas hvs saja</a>' in page
    # The link searches exactly as typed: what "kretas hvs" itself finds.
    exact = client.get("/katalog/", {"q": "kretas hvs", "exact": "1"}).content.decode()
    assert 'data-count="0"' in exact
    assert "data-correction" not in exact
    assert "Tidak ada yang cocok dengan <strong>kretas hvs</strong> di katalog." in exact
    # A new search from the box corrects again: exact=1 is not carried over.
    assert '<input type="hidden" name="exact"' not in exact


def test_the_api_searches_as_typed_and_suggests_categories(client, catalog: dict[str, int]):
    corrected = client.get("/api/v1/products", {"q": "kretas hvs"}).json()
    assert corrected["suggested_categories"] == []
    body = client.get("/api/v1/products", {"q": "kretas hvs", "exact": "1"}).json()
    assert body["query"] == {
        "typed": "kretas hvs",
        "searched": "kretas hvs",
        "corrected": False,
        "exact": True,
        "dropped_words": [],  # exact: every typed word is searched
    }
    assert body["count"] == 0
    assert body["results"] == []
    # "hvs" is among the paper category's typical items.
    assert [c["slug"] for c in body["suggested_categories"]] == ["kertas-bahan-cetak"]
    assert all(set(c) == {"slug", "name"} for c in body["suggested_categories"])


BAD_QUERIES = [
    {"q": "kertas " * 200},  # 1.4 KB
    {"q": "x" * 5000},
    {"q": "!!! ??? ..."},
    {"q": "'; DROP TABLE catalog_product; --"},
    {"q": "kertas' OR 1=1 --"},
    {"q": "\\ & | ! ( ) : * <->"},
    {"q": "🙂🍱🙂"},
    {"q": "nasi 盒饭 коробка كرتون"},
    {"q": ""},
    {"q": "\x00kertas"},
]
REFUSED = [
    ({"page": "1000000000"}, "page"),
    ({"page": "-3"}, "page"),
    ({"page": "abc"}, "page"),
    ({"price_min": "-5"}, "price_min"),
    ({"price_min": "900", "price_max": "100"}, "price_max"),
    ({"price_max": "99999999999999999999999"}, "price_max"),
    ({"kab_kota": "99.99"}, "kab_kota"),
    ({"category": "senjata"}, "category"),
    ({"scale": "raksasa"}, "scale"),
    ({"pdn": "mungkin"}, "pdn"),
    ({"sort": "random()"}, "sort"),
    ({"exact": "maybe"}, "exact"),
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_odd_text_gets_sensible_results(client, catalog: dict[str, int], query):
    response = client.get("/api/v1/products", query)
    assert response.status_code == 200
    assert response.json()["count"] >= 0
    page = client.get("/katalog/", query)
    assert page.status_code == 200


@pytest.mark.parametrize(("query", "field"), REFUSED, ids=[f for _, f in REFUSED])
def test_bad_filters_are_400_with_the_field_named(client, catalog, query, field):
    response = client.get("/api/v1/products", query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    # The page keeps working: the bad filter is left out and explained.
    page = client.get("/katalog/", query)
    assert page.status_code == 200
    assert 'role="alert"' in page.content.decode()


def test_messages_are_indonesian_by_default(client, catalog):
    body = client.get("/api/v1/products", {"sort": "acak"}).json()
    assert body["fields"]["sort"].startswith("Urutan")


def test_a_page_past_the_results_is_empty_not_an_error(client, catalog):
    body = client.get("/api/v1/products", {"q": "kertas", "page": "7"}).json()
    assert body["count"] == 2
    assert body["results"] == []


def test_compare_shows_up_to_four_live_products(client, catalog: dict[str, int], vendors):
    draft = make_live(vendors["batang"], "Kertas draf", status=ProductStatus.DRAFT)
    response = client.get(
        "/katalog/bandingkan/", {"id": [catalog["hvs"], catalog["folio"], draft.pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("Kertas HVS A4 80 gsm", "Kertas HVS F4 70 gsm", "80 gsm", "70 gsm", "Rp52.000"):
        assert shown in html
    assert "Kertas draf" not in html
    many = [make_live(vendors["kendal"], f"Map {i}").pk for i in range(6)]
    html = client.get("/katalog/bandingkan/", {"id": many}).content.decode()
    assert "Map 3" in html
    assert "Map 4" not in html


def test_the_product_page_shows_the_price_position(client, vendors):
    for i, price in enumerate([30_000, 31_000, 32_000, 33_000]):
        make_live(
            vendors["batang"], f"Snack box isi {i}", category="katering", unit="kotak", price=price
        )
    dear = make_live(
        vendors["kendal"], "Snack box isi premium", category="katering", unit="kotak", price=90_000
    )
    html = client.get(f"/produk/{dear.pk}/").content.decode()
    assert 'data-badge="price-high"' in html
    assert "Rp90.000" in html
    assert "Rp30.000" in html


def test_province_admins_edit_synonyms(
    client_for, world, vendors, django_capture_on_commit_callbacks
):
    snack = make_live(vendors["batang"], "Kudapan tradisional", category="katering", unit="kotak")
    client = client_for(world.user("admin.provinsi"))
    assert client.get("/api/v1/products", {"q": "penganan"}).json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post("/katalog/sinonim/", {"terms": "Penganan, kudapan, kue basah"})
    assert response.status_code == 302
    assert len(queued) == 1  # the synonym phrases' recount (search_combinations_task)
    assert "anan&basah&kue" in _combinations()
    group = Synonym.objects.get(terms=["penganan", "kudapan", "kue basah"])
    assert AuditEvent.objects.filter(action="search.synonym_saved", object_id=str(group.pk))
    assert [
        r["id"] for r in client.get("/api/v1/products", {"q": "penganan"}).json()["results"]
    ] == [snack.pk]
    # One term is not a group.
    response = client.post("/katalog/sinonim/", {"terms": "penganan"})
    assert response.status_code == 200
    assert Synonym.objects.filter(terms__len=1).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/katalog/sinonim/{group.pk}/hapus/")
    assert not Synonym.objects.filter(pk=group.pk).exists()
    assert AuditEvent.objects.filter(action="search.synonym_deleted")
    assert "basah&kue" not in _combinations()


def _combinations() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_combination")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("username", ["admin.batang", "pp.batang", "pemilik.vendor"])
def test_others_cannot_edit_synonyms(client_for, world, username):
    client = client_for(world.user(username))
    assert client.get("/katalog/sinonim/").status_code == 403
    assert client.post("/katalog/sinonim/", {"terms": "a, b"}).status_code == 403
    assert not Synonym.objects.filter(terms=["a", "b"]).exists()


def test_a_kendal_buyer_sees_kendal_first(client_for, world, vendors):
    batang = make_live(vendors["batang"], "Meja rapat", category="furnitur", unit="unit")
    kendal = make_live(vendors["kendal"], "Meja rapat", category="furnitur", unit="unit")
    other = make_vendor("CV Meja Batang", region="33.25", scale=UmkmScale.MIKRO)
    make_live(other, "Meja rapat", category="furnitur", unit="unit")
    body = client_for(world.user("pp.kendal")).get("/api/v1/products", {"q": "meja"}).json()
    assert body["results"][0]["id"] == kendal.pk
    body = client_for(world.user("pp.batang")).get("/api/v1/products", {"q": "meja"}).json()
    assert body["results"][-1]["id"] == kendal.pk
    assert batang.pk in [r["id"] for r in body["results"][:2]]


def test_the_synonyms_page_is_paged_and_filtered(client_for, world):
    """Several hundred rules ship: the page lists 50 at a time, and a filter
    finds a term inside any rule."""
    client = client_for(world.user("admin.provinsi"))
    total = Synonym.objects.count()
    assert total > 150  # the shipped vocabulary
    html = client.get("/katalog/sinonim/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert html.count('<tr id="synonym-') == 50
    assert f"{total} aturan" in html
    pages = -(-total // 50)
    assert f"Halaman 1 dari {pages}" in html
    last = client.get("/katalog/sinonim/", {"page": pages}).content.decode()
    assert last.count('<tr id="synonym-') == total - 50 * (pages - 1)
    pulpen = client.get("/katalog/sinonim/", {"q": "PULPEN"}, HTTP_ACCEPT_LANGUAGE="id")
    rows = pulpen.content.decode().count('<tr id="synonym-')
    expected = [s for s in Synonym.objects.all() if any("pulpen" in t for t in s.terms)]
    assert rows == len(expected) >= 1
    assert 'value="PULPEN"' in pulpen.content.decode()
    nothing = client.get("/katalog/sinonim/", {"q": "zzzzqq"}, HTTP_ACCEPT_LANGUAGE="id")
    assert "0 aturan" in nothing.content.decode()
    assert nothing.content.decode().count('<tr id="synonym-') == 0
    assert client.get("/katalog/sinonim/", {"page": "x"}).status_code == 400


@pytest.mark.parametrize("path", ["/katalog/", "/api/v1/products"])
def test_search_page_queries_do_not_grow_with_the_results(client_for, world, vendors, path):
    """The results are loaded with only the fields a result shows: one that a
    template or the API reads but the load leaves out would cost a query per
    product. Two results or eight, the same number of queries."""
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.user("pp.batang"))

    def queries(word: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, {"q": word}, HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200
        assert word.lower() in response.content.decode().lower()
        return len(captured.captured_queries)

    for i in range(2):
        make_live(vendors["batang"], f"Stempel kayu {i}", category="atk", unit="buah")
    for i in range(8):
        make_live(vendors[("batang", "kendal")[i % 2]], f"Bantalan cap {i}", category="atk")
    queries("stempel")  # the first search of a process reads reference data once
    assert queries("stempel") == queries("bantalan")


def test_the_catalog_page_shows_reviewed_photos_only(client, vendors):
    """The page loads the results' photos itself (the API has none): a
    reviewed photo is the thumbnail; one awaiting review is not shown."""
    from blangkon.accounts.models import User
    from blangkon.catalog.models import ProductImage
    from blangkon.documents.services import stored_file_create, thumbnail_create
    from blangkon.documents.tests import samples

    vendor = vendors["batang"]
    uploader = User.objects.create(username="foto.batang", organisation=vendor.organisation)

    def photo(product, *, awaiting_review: bool) -> str:
        image = stored_file_create(
            actor=uploader,
            owner=vendor.organisation,
            kind="product_image",
            upload=samples.upload("stempel.png", samples.png((400, 300))),
        )
        thumbnail = thumbnail_create(source=image)
        ProductImage.objects.create(
            product=product, file=image, thumbnail=thumbnail, awaiting_review=awaiting_review
        )
        return f"/berkas/{thumbnail.pk}/"

    reviewed = photo(make_live(vendor, "Stempel kayu bulat"), awaiting_review=False)
    waiting = photo(make_live(vendor, "Stempel kayu kotak"), awaiting_review=True)
    html = client.get("/katalog/", {"q": "stempel"}).content.decode()
    assert 'data-count="2"' in html
    assert reviewed in html
    assert waiting not in html
    assert html.count('class="thumb thumb-placeholder"') == 1
