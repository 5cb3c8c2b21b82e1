"""A buyer on a phone adds two products of two vendors from the search
results and finds them grouped by vendor in the cart."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.search.tests.factories import make_live, make_vendor
from conftest import PASSWORD, TRANSACTIONAL, World
from tests.browser.test_order_receiving import validation_message
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_buyer_adds_from_the_results_and_sees_the_cart_grouped_on_a_phone(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    batang = make_vendor("CV Batang Kertas", region="33.25", scale="mikro")
    kendal = make_vendor("UD Kendal Jaya", region="33.24", scale="kecil")
    paper = {"category": "kertas-bahan-cetak", "unit": "rim"}
    make_live(batang, "Kertas HVS A4 80 gsm", price=52_000, **paper)
    make_live(kendal, "Kertas HVS F4 70 gsm", price=47_500, **paper)

    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "pp.batang", PASSWORD)
    page.goto(f"{live_server.url}/katalog/?q=kertas")
    cards = page.locator(".product-card")
    expect(cards).to_have_count(2)

    first = cards.filter(has_text="Kertas HVS A4 80 gsm")
    # Refused by the browser in the page's language, and nothing is added.
    first.get_by_label("Jumlah").fill("0")
    first.get_by_role("button", name="Tambah ke keranjang").click()
    assert validation_message(first.get_by_label("Jumlah")) == "Masukkan 1 atau lebih."
    expect(page.locator("#cart-count")).to_have_text("0")
    first.get_by_label("Jumlah").fill("3")
    first.get_by_role("button", name="Tambah ke keranjang").click()
    expect(first.get_by_text("Ditambahkan ke keranjang.")).to_be_visible()
    expect(page.locator("#cart-count")).to_have_text("1")

    second = cards.filter(has_text="Kertas HVS F4 70 gsm")
    second.get_by_label("Jumlah").fill("2")
    second.get_by_role("button", name="Tambah ke keranjang").click()
    expect(second.get_by_text("Ditambahkan ke keranjang.")).to_be_visible()
    expect(page.locator("#cart-count")).to_have_text("2")
    page.screenshot(path=str(artifacts / "cart-phone-results.png"), full_page=True)

    second.get_by_role("link", name="Lihat keranjang").click()
    expect(page.get_by_role("heading", name="Keranjang", level=1)).to_be_visible()
    groups = page.locator("section.cart-vendor")
    expect(groups).to_have_count(2)
    expect(groups.nth(0).get_by_role("heading", level=2)).to_have_text("CV Batang Kertas")
    expect(groups.nth(0)).to_contain_text("Rp156.000")
    expect(groups.nth(1).get_by_role("heading", level=2)).to_have_text("UD Kendal Jaya")
    expect(groups.nth(1)).to_contain_text("Rp95.000")
    expect(page.locator("main")).to_contain_text("Rp251.000")
    page.screenshot(path=str(artifacts / "cart-phone.png"), full_page=True)
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
