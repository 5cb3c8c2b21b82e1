"""A buyer on a phone searches with a typo, filters by kab/kota, compares two
products and opens one."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.search.tests.factories import make_live, make_vendor
from conftest import PASSWORD, TRANSACTIONAL, World
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_buyer_finds_compares_and_opens_products_on_a_phone(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    batang = make_vendor("CV Batang Kertas", region="33.25", scale="mikro")
    kendal = make_vendor("UD Kendal Jaya", region="33.24", scale="kecil")
    semarang = make_vendor("PT Kertas Semarang", region="33.74", scale="besar")
    paper = {"category": "kertas-bahan-cetak", "unit": "rim"}
    make_live(
        batang,
        "Kertas HVS A4 80 gsm",
        price=52_000,
        is_pdn=True,
        specifications={"ukuran": "A4", "gramatur": "80 gsm"},
        **paper,
    )
    make_live(
        kendal,
        "Kertas HVS A4 70 gsm",
        price=47_500,
        specifications={"ukuran": "A4", "gramatur": "70 gsm"},
        **paper,
    )
    make_live(
        kendal,
        "Kertas HVS F4 70 gsm",
        price=51_000,
        specifications={"ukuran": "F4", "gramatur": "70 gsm"},
        **paper,
    )
    make_live(semarang, "Kertas HVS A4 75 gsm", price=49_000, **paper)
    make_live(batang, "Nasi Kotak Ayam Bakar", category="katering", unit="kotak", price=30_000)

    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "pp.kendal", PASSWORD)
    page.goto(f"{live_server.url}/katalog/")
    search = page.get_by_role("searchbox", name="Cari produk")
    search.fill("kretas hvs")
    expect(page.locator("#search-suggestions")).to_contain_text("kertas hvs")
    page.get_by_role("button", name="Cari", exact=True).click()

    expect(page.locator(".correction")).to_contain_text("kertas hvs")
    expect(page.locator("#results-heading")).to_have_text("4 produk")
    cards = page.locator(".product-card h3")
    # The Kendal buyer sees Kendal's products first.
    expect(cards.first).to_contain_text("70 gsm")
    page.screenshot(path=str(artifacts / "search-phone-typo.png"), full_page=True)

    # On a phone the filters wait in a drawer behind the Filter button.
    page.get_by_role("button", name="Filter", exact=True).click()
    page.locator('a[data-facet="kab_kota"]', has_text="Kendal").click()
    expect(page.locator("#results-heading")).to_have_text("2 produk")
    expect(page.locator(".product-card")).to_have_count(2)
    for card in page.locator(".product-card").all():
        expect(card).to_contain_text("UD Kendal Jaya")
    page.screenshot(path=str(artifacts / "search-phone-kab-kota.png"), full_page=True)

    page.get_by_label("Bandingkan").nth(0).check()
    page.get_by_label("Bandingkan").nth(1).check()
    page.get_by_role("button", name="Bandingkan yang dipilih").click()
    expect(page.get_by_role("heading", name="Bandingkan produk")).to_be_visible()
    table = page.locator("table.compare")
    expect(table).to_contain_text("Kertas HVS A4 70 gsm")
    expect(table).to_contain_text("Kertas HVS F4 70 gsm")
    expect(table).to_contain_text("Rp47.500")
    expect(table).to_contain_text("F4")
    page.screenshot(path=str(artifacts / "search-phone-compare.png"), full_page=True)

    table.get_by_role("link", name="Kertas HVS F4 70 gsm").click()
    expect(page.get_by_role("heading", name="Kertas HVS F4 70 gsm", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Rp51.000")
    expect(page.locator("main")).to_contain_text("Harga dibandingkan produk serupa")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "search-phone-product.png"), full_page=True)


def test_a_search_that_finds_nothing_says_so_and_offers_categories(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    vendor = make_vendor("CV Batang Kertas", region="33.25", scale="mikro")
    make_live(vendor, "Kertas HVS A4 80 gsm", category="kertas-bahan-cetak", unit="rim")
    make_live(vendor, "Jasa Satpam Kantor", category="jasa-keamanan", unit="ob")

    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/katalog/")
    # "saham" is an Indonesian word: taken as meant, not turned into "satpam".
    page.get_by_role("searchbox", name="Cari produk").fill("saham")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.locator("#results-heading")).to_have_text("0 produk")
    expect(page.locator(".correction")).to_have_count(0)
    empty = page.locator("[data-no-match]")
    expect(empty).to_contain_text("Tidak ada yang cocok dengan saham di katalog.")
    # No word near a category: the top-level categories, each a way on.
    expect(empty.get_by_role("link", name="Perkantoran")).to_be_visible()
    page.screenshot(path=str(artifacts / "search-phone-no-match.png"), full_page=True)
    empty.get_by_role("link", name="Perkantoran").click()
    expect(page.locator(".product-card", has_text="Kertas HVS A4 80 gsm")).to_have_count(1)

    # A swap is corrected, and the buyer can still search the words as typed.
    page.get_by_role("searchbox", name="Cari produk").fill("ketras")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.locator(".correction")).to_contain_text("Menampilkan hasil untuk kertas")
    expect(page.locator(".product-card", has_text="Kertas HVS A4 80 gsm")).to_have_count(1)
    page.locator(".correction").get_by_role("link", name="Cari ketras saja").click()
    expect(page.locator("#results-heading")).to_have_text("0 produk")
    expect(page.locator(".correction")).to_have_count(0)
    expect(page.locator("[data-no-match]")).to_contain_text("ketras")


def test_a_word_no_product_has_is_left_out_and_said_so(page: Page, live_server) -> None:
    vendor = make_vendor("CV Batang Kertas", region="33.25", scale="mikro")
    make_live(
        vendor,
        "Kertas HVS A4",
        category="kertas-bahan-cetak",
        unit="rim",
        specifications={"ukuran": "A4", "gramatur": "80 gsm"},
    )
    page.goto(f"{live_server.url}/katalog/")
    page.get_by_role("searchbox", name="Cari produk").fill("kertas 80 gram warnawarni")
    page.get_by_role("button", name="Cari", exact=True).click()

    # "80 gram" finds the 80 gsm paper; "warnawarni" is in no product.
    expect(page.locator("#results-heading")).to_have_text("1 produk")
    expect(page.locator(".product-card h3")).to_have_text("Kertas HVS A4")
    expect(page.locator(".dropped-words")).to_have_text(
        "Tidak ada produk yang cocok dengan kata warnawarni; kata itu diabaikan."
    )
    expect(page.get_by_role("searchbox", name="Cari produk")).to_have_value(
        "kertas 80 gram warnawarni"
    )
